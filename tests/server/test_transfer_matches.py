"""After a transfer (issue 14) the national pairs of the case, their counterpart summaries and
the decisions on them follow the station that holds the case now, never the one whose code its
number begins with: the old owner learns nothing more of it, the new one everything."""

from __future__ import annotations

from typing import Any

from conftest import World, auth, case_no, case_payload, change
from test_national_summaries import _example

from app.core.lifecycle import MatchState
from app.sync import transfer_records
from app.sync.protocol.matches import MatchDecision, decision_id
from app.sync.transfer_records import TransferAcceptance, TransferRequest
from server.services import jobs
from server.services.matching import MatchCases
from server.services.matching_index import NationalIndex

SHOUGUANG, GUILIN, NANNING = "370783001", "450305002", "450103003"


def _items(world: World, credential: str) -> list[dict[str, Any]]:
    answer = world.client.get("/sync/pull", params={"cursor": 0, "limit": 1000}, headers=auth(credential))
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


def _transfer(world: World, case: str, sender: str, receiver: str, to: str) -> None:
    tid = transfer_records.request_id(case)
    request = TransferRequest(
        case, case[:9], to, "家属迁居", "li", "2026-12-06T01:00:00Z", "zhao", "2026-12-06T02:00:00Z", "CODE-1"
    )
    assert (
        world.push(sender, [change(tid, payload=request.to_payload())]).json()["results"][0]["status"]
        == "applied"
    )
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    answer = world.push(receiver, [change(transfer_records.accept_id(tid), payload=accept.to_payload())])
    assert answer.json()["results"][0]["status"] == "applied", answer.text


def test_pairs_summaries_and_decisions_follow_the_case_to_its_new_station(world: World) -> None:
    cred_a, cred_b, cred_c = world.enroll(SHOUGUANG), world.enroll(GUILIN), world.enroll(NANNING)
    missing, found = case_no(SHOUGUANG, 1, 2025), case_no(GUILIN, 1)
    world.push(cred_a, [change(missing, payload=case_payload("missing", case=_example("missing_child", 1)))])
    _transfer(world, missing, cred_a, cred_c, NANNING)  # Shouguang hands the case to Nanning
    world.push(cred_b, [change(found, payload=case_payload("found", case=_example("found_child", 1)))])
    assert jobs.drain(world.sessions, {"match_cases": MatchCases(NationalIndex())}) >= 1

    pair = f"{missing}~{found}"
    at_a = _items(world, cred_a)
    assert [i for i in at_a if i["kind"] in ("match", "summary")] == []  # no longer its case
    at_c = _items(world, cred_c)
    assert pair in {i["record_id"] for i in at_c if i["kind"] == "match"}
    assert {i["record_id"] for i in at_c if i["kind"] == "summary"} == {found}
    at_b = _items(world, cred_b)
    (summary,) = [i for i in at_b if i["kind"] == "summary"]
    assert summary["record_id"] == missing and summary["payload"]["station"]["code"] == NANNING

    # Nanning, which holds the case now, confirms the pair: the decision is its own, and reaches
    # Guilin; Shouguang hears nothing of it.
    decision = MatchDecision(missing, found, MatchState.CONFIRMED, "wang", "2026-12-06T04:00:00Z")
    answer = world.push(cred_c, [change(decision_id(missing, missing, found), payload=decision.to_payload())])
    assert answer.json()["results"][0]["status"] == "applied", answer.text
    (last,) = [i for i in _items(world, cred_b) if i["kind"] == "match" and i["record_id"] == pair][-1:]
    assert [d["station"] for d in last["payload"]["decisions"]] == [NANNING]
    assert [i for i in _items(world, cred_a) if i["kind"] in ("match", "summary")] == []
