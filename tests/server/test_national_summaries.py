"""A matching job delivers thousands of candidates: beside them each station gets the other
station's case once (a case paired with many is summarised once per station), and again only
when that case's record moved on — read for the whole batch, never per candidate."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

from conftest import World, auth, case_no, case_payload, change

from app.sync import protocol
from server.services import jobs
from server.services.matching import MatchCases
from server.services.matching_index import NationalIndex

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "examples"
SHOUGUANG, GUILIN, NANNING = "370783001", "450305002", "450103003"


def _example(name: str, n: int) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    doc = copy.deepcopy(doc)
    doc["persons"][0]["nicknames"] = [f"小{chr(0x4E00 + n)}"]  # each case its own file
    return doc


def _pulled(world: World, credential: str) -> list[protocol.PulledItem]:
    answer = world.client.get("/sync/pull", params={"cursor": 0, "limit": 1000}, headers=auth(credential))
    assert answer.status_code == 200, answer.text
    return list(protocol.PullResponse.from_json(answer.json()).items)


def test_each_station_gets_each_counterpart_case_once_and_again_when_it_changed(world: World) -> None:
    cred_a, cred_b, cred_c = world.enroll(SHOUGUANG), world.enroll(GUILIN), world.enroll(NANNING)
    missing = [case_no(SHOUGUANG, n, 2025) for n in (1, 2, 3)] + [case_no(NANNING, 1, 2025)]
    found = [case_no(GUILIN, n) for n in (1, 2)]
    world.push(cred_a, [change(no, payload=case_payload("missing", case=_example("missing_child", i)))
                        for i, no in enumerate(missing[:3])])  # fmt: skip
    world.push(
        cred_c, [change(missing[3], payload=case_payload("missing", case=_example("missing_child", 9)))]
    )
    world.push(cred_b, [change(no, payload=case_payload("found", case=_example("found_child", i)))
                        for i, no in enumerate(found)])  # fmt: skip
    worker = MatchCases(NationalIndex())
    assert jobs.drain(world.sessions, {"match_cases": worker}) >= 1

    at_b = _pulled(world, cred_b)
    pairs = {i.record_id for i in at_b if i.kind == "match"}
    assert pairs == {f"{m}~{f}" for m in missing for f in found}  # every missing child, both found
    summaries = Counter((i.record_id, i.revision) for i in at_b if i.kind == "summary")
    assert summaries == Counter({(m, 1): 1 for m in missing})  # once each, not once per pair
    for credential, mine in ((cred_a, missing[:3]), (cred_c, missing[3:])):
        items = _pulled(world, credential)
        assert {i.record_id for i in items if i.kind == "match"} == {f"{m}~{f}" for m in mine for f in found}
        assert Counter((i.record_id, i.revision) for i in items if i.kind == "summary") == Counter(
            {(f, 1): 1 for f in found}
        )
        assert all(i.payload["station"]["code"] == GUILIN for i in items if i.kind == "summary")

    # The first found child's file changes: its summary goes out again (revision 2) to both
    # stations; the missing children's summaries, unchanged, are not sent to Guilin again.
    changed = _example("found_child", 0)
    changed["persons"][0]["marks"] = "左耳后有痣"
    world.push(cred_b, [change(found[0], base=1, payload=case_payload("found", case=changed))])
    assert jobs.drain(world.sessions, {"match_cases": worker}) == 1
    summaries = Counter((i.record_id, i.revision) for i in _pulled(world, cred_b) if i.kind == "summary")
    assert summaries == Counter({(m, 1): 1 for m in missing})
    for credential in (cred_a, cred_c):
        again = Counter((i.record_id, i.revision) for i in _pulled(world, credential) if i.kind == "summary")
        assert again == Counter({(found[0], 1): 1, (found[1], 1): 1, (found[0], 2): 1})
