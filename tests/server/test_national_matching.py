"""National matching: two stations push their cases, the worker matches them with the shared
matcher, both stations pull the candidate, and `xunren-server match list --json` shows it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import World, auth, case_no, case_payload, change

from app.sync import protocol
from server.cli import main
from server.services import jobs, matching

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "examples"
SHOUGUANG, GUILIN = "370783001", "450305002"


def _example(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    return doc


def _case_change(number: str, doc: dict[str, Any]) -> dict[str, Any]:
    return change(number, payload=case_payload(doc["type"], case=doc))


def _pull(world: World, credential: str, kind: str = "match") -> list[protocol.PulledItem]:
    answer = world.client.get("/sync/pull", params={"cursor": 0, "limit": 500}, headers=auth(credential))
    assert answer.status_code == 200, answer.text
    return [i for i in protocol.PullResponse.from_json(answer.json()).items if i.kind == kind]


def _work(world: World) -> int:
    return jobs.drain(world.sessions, {"match_cases": matching.match_cases_job})


def test_two_stations_get_the_same_national_candidate(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    cred_a, cred_b = world.enroll(SHOUGUANG), world.enroll(GUILIN)
    missing, found = case_no(SHOUGUANG, 1, 2025), case_no(GUILIN, 1)
    assert world.push(cred_a, [_case_change(missing, _example("missing_child"))]).status_code == 200
    assert _work(world) == 1
    assert _pull(world, cred_a) == []  # nothing to match yet
    assert world.push(cred_b, [_case_change(found, _example("found_child"))]).status_code == 200
    assert _work(world) == 1

    for credential in (cred_a, cred_b):
        (item,) = _pull(world, credential)
        assert item.kind == "match" and item.record_id == f"{missing}~{found}"
        assert item.payload["missing"] == missing and item.payload["found"] == found
        assert item.payload["dna_verdict"] == "supports" and item.payload["state"] == "potential"
        (summary,) = _pull(world, credential, "summary")  # the other station's case, read-only
        assert summary.record_id == (found if credential == cred_a else missing)
        assert "id_number" not in json.dumps(summary.payload)
        assert item.payload["dna"]["inconsistent_loci"] == 0
        assert any(r["zh"].startswith("年龄相符") for r in item.payload["reasons"])
    code = main(["match", "list", "--json", "--db", world.settings.db_url])
    rows = json.loads(capsys.readouterr().out)
    assert code == 0 and len(rows) == 1
    assert set(rows[0]) == {"missing", "found", "score", "dna_verdict", "state"}
    assert rows[0]["missing"] == missing and rows[0]["dna_verdict"] == "supports" and rows[0]["score"] > 0.9


def test_a_later_profile_reaches_the_national_match(world: World) -> None:
    cred_a, cred_b = world.enroll(SHOUGUANG), world.enroll(GUILIN)
    missing, found = case_no(SHOUGUANG, 1, 2025), case_no(GUILIN, 1)
    found_doc = _example("found_child")
    profile = copy.deepcopy(found_doc["persons"][0]["samples"][0]["profile"])
    del found_doc["persons"][0]["samples"][0]["profile"]
    world.push(cred_a, [_case_change(missing, _example("missing_child"))])
    world.push(cred_b, [_case_change(found, found_doc)])
    _work(world)
    (first,) = _pull(world, cred_b)
    assert first.payload["dna_verdict"] is None and first.revision == 1

    sample_no = f"{GUILIN}-2026-D000001"
    sample = {
        "sample_no": sample_no,
        "person": 0,
        "sample": found_doc["persons"][0]["samples"][0],
        "status": "profiled",
    }
    world.push(cred_b, [
        change(protocol.child_id(found, "sample"), payload=sample),
        change(protocol.child_id(found, "profile"), payload={"sample_no": sample_no, "profile": profile}),
    ])  # fmt: skip
    _work(world)
    latest = _pull(world, cred_a)[-1]
    assert latest.revision == 2 and latest.payload["dna_verdict"] == "supports"


def test_cases_of_the_same_kind_or_closed_are_not_paired(world: World) -> None:
    cred_a, cred_b = world.enroll(SHOUGUANG), world.enroll(GUILIN)
    world.push(cred_a, [_case_change(case_no(SHOUGUANG, 1), _example("missing_child"))])
    closed = case_payload("found", status="voided")
    world.push(cred_b, [change(case_no(GUILIN, 1), payload=closed)])
    world.push(cred_b, [_case_change(case_no(GUILIN, 2), _example("trafficking"))])
    _work(world)
    assert _pull(world, cred_a) == [] and _pull(world, cred_b) == []
