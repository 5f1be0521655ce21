"""A referral follows its case to the station that takes the case over (issue 14): the holder
becomes the asking station, sees every step taken so far and every later answer; the asked
station sees who asks now; the station that handed the case over hears no more of it."""

from __future__ import annotations

from typing import Any

from conftest import World, auth, case_no, change

from app.core.referral import ReferralRequest, ReferralState
from app.sync import transfer_records
from app.sync.protocol import referrals as wire
from app.sync.transfer_records import TransferAcceptance, TransferRequest

A, B, C = "370783001", "450305001", "110105001"


def _referrals(world: World, credential: str) -> dict[str, dict[str, Any]]:
    """The latest delivery of each referral the station can pull."""
    answer = world.client.get("/sync/pull", params={"cursor": 0, "limit": 1000}, headers=auth(credential))
    assert answer.status_code == 200, answer.text
    latest: dict[str, dict[str, Any]] = {}
    for item in answer.json()["items"]:
        if item["kind"] == wire.KIND:
            latest[item["record_id"]] = {**item["payload"], "revision": item["revision"]}
    return latest


def _applied(answer: Any) -> None:
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["applied"] * len(answer.json()["results"]), (
        answer.text
    )


def _transfer(world: World, case: str, sender: str, receiver: str, to: str, frm: str = "") -> None:
    tid = transfer_records.request_id(case)
    request = TransferRequest(
        case,
        frm or case[:9],
        to,
        "家属迁居",
        "li",
        "2026-12-06T01:00:00Z",
        "zhao",
        "2026-12-06T02:00:00Z",
        "CODE-1",
    )
    _applied(world.push(sender, [change(tid, payload=request.to_payload())]))
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    _applied(world.push(receiver, [change(transfer_records.accept_id(tid), payload=accept.to_payload())]))


def _answer(world: World, credential: str, case: str, referral: str, state: ReferralState, note: str) -> None:
    step = wire.ReferralAnswer(referral, state, note, "王警官", "2026-12-06T09:00:00Z")
    _applied(world.push(credential, [change(wire.new_answer_id(case), payload=step.to_payload())]))


def test_a_referral_follows_its_case_to_the_new_holder(world: World) -> None:
    a, b, c = world.enroll(A), world.enroll(B), world.enroll(C)
    case = case_no(A, 1)
    _applied(world.push(a, [change(case)]))
    to_c = wire.new_referral_id(case)
    record = wire.ReferralRecord(
        case, C, ReferralRequest.VISIT, "请走访孩子外婆家", "李警官", "2026-12-06T08:00:00Z"
    )
    _applied(world.push(a, [change(to_c, payload=record.to_payload())]))
    _answer(world, c, case, to_c, ReferralState.ACCEPTED, "已受理")
    before = _referrals(world, a)[to_c]
    assert before["state"] == "accepted"

    _transfer(world, case, a, b, B)

    # The holder asks now: the referral with every step so far reaches it, and the asked station
    # learns who to report to.
    held = _referrals(world, b)[to_c]
    assert (held["from"]["code"], held["to"]["code"], held["state"]) == (B, C, "accepted")
    assert [s["note"] for s in held["answers"]] == ["已受理"]
    asked = _referrals(world, c)[to_c]
    assert asked["from"]["code"] == B and asked["revision"] == held["revision"]

    # The answer goes to the holder, not to the station that handed the case over.
    _answer(world, c, case, to_c, ReferralState.ANSWERED, "外婆说孩子不在她家")
    assert [s["note"] for s in _referrals(world, b)[to_c]["answers"]] == ["已受理", "外婆说孩子不在她家"]
    assert _referrals(world, a)[to_c]["revision"] == before["revision"]
    listed = world.client.get("/national/referrals", headers=auth(world.operator())).json()
    (row,) = [r for r in listed if r["id"] == to_c]
    assert (row["from_station"], row["to_station"]) == (B, C)


def test_a_referral_to_the_station_that_takes_the_case_over_stays_as_asked(world: World) -> None:
    """B was asked to help with A's case, then took the case over: B still answers it to A (a
    station never asks itself)."""
    a, b = world.enroll(A), world.enroll(B)
    case = case_no(A, 2)
    _applied(world.push(a, [change(case)]))
    to_b = wire.new_referral_id(case)
    record = wire.ReferralRecord(case, B, ReferralRequest.VISIT, "请走访", "李警官", "2026-12-06T08:00:00Z")
    _applied(world.push(a, [change(to_b, payload=record.to_payload())]))
    _transfer(world, case, a, b, B)
    _answer(world, b, case, to_b, ReferralState.DECLINED, "本所已接手此案")
    told = _referrals(world, a)[to_b]
    assert (told["from"]["code"], told["to"]["code"], told["state"]) == (A, B, "declined")


def test_a_referral_follows_the_case_through_a_second_transfer(world: World) -> None:
    """A asks B about its case, hands the case to B (the referral stays as asked: B never asks
    itself), and B hands it on to C: now C asks B, B's answers reach C, and A (which holds
    nothing of the case any more) hears nothing."""
    a, b, c = world.enroll(A), world.enroll(B), world.enroll(C)
    case = case_no(A, 3)
    _applied(world.push(a, [change(case)]))
    to_b = wire.new_referral_id(case)
    record = wire.ReferralRecord(case, B, ReferralRequest.VISIT, "请走访", "李警官", "2026-12-06T08:00:00Z")
    _applied(world.push(a, [change(to_b, payload=record.to_payload())]))
    _transfer(world, case, a, b, B)
    _transfer(world, case, b, c, C, frm=B)

    held = _referrals(world, c)[to_b]
    assert (held["from"]["code"], held["to"]["code"]) == (C, B)
    assert _referrals(world, b)[to_b]["from"]["code"] == C
    _answer(world, b, case, to_b, ReferralState.ANSWERED, "已走访")
    assert [s["note"] for s in _referrals(world, c)[to_b]["answers"]] == ["已走访"]
    assert to_b not in _referrals(world, a)  # the station that asked first hears nothing of it
