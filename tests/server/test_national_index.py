"""The worker's long-lived national index: loaded once, kept current from the journal, several
workers each with their own index, queued jobs coalesced, unreadable case files refused loudly."""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import World, auth, case_no, change
from sqlalchemy import select, update

from app.sync import protocol
from server.services import jobs
from server.services.matching import MatchCases
from server.services.matching_index import GAP_WAIT, NationalIndex
from server.storage.tables import Job, Match, Record

EXAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "examples"
SHOUGUANG, GUILIN, NANNING = "370783001", "450305002", "450103003"


def _example(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    return doc


def _case(number: str, doc: dict[str, Any], status: str = "open") -> dict[str, Any]:
    return change(number, payload={"type": doc["type"], "case": doc, "status": status, "review": "pending"})


def _pull(world: World, credential: str) -> list[protocol.PulledItem]:
    """The match items a station pulls (each comes with a summary of the other station's case)."""
    answer = world.client.get("/sync/pull", params={"cursor": 0, "limit": 500}, headers=auth(credential))
    return [i for i in protocol.PullResponse.from_json(answer.json()).items if i.kind == "match"]


def _store_unreadable(world: World, credential: str, number: str) -> None:
    """A case the worker cannot read (as one stored before pushes were read by the station's
    rules, which now refuse such a file at the door): pushed whole, then its file damaged."""
    world.push(credential, [_case(number, _example("found_child"))])
    world.run(
        lambda s: s.execute(
            update(Record)
            .where(Record.record_id == number)
            .values(payload='{"type":"found","case":{"persons":"nonsense"}}')
        )
    )


def _jobs(world: World) -> list[Job]:
    return list(world.run(lambda s: list(s.scalars(select(Job).order_by(Job.id)))))


def _stranger(doc: dict[str, Any]) -> dict[str, Any]:
    """A missing child nothing ties to the found child: other sex, age, names and no DNA."""
    other = copy.deepcopy(doc)
    person = other["persons"][0]
    person.update({"name": "欧阳娜娜", "sex": "F", "birth_date": "1990-01-01"})
    person.pop("nicknames", None)
    for sample in person.get("samples", []):
        sample.pop("profile", None)
    for relative in other.get("relatives", []):
        for sample in relative.get("samples", []):
            sample.pop("profile", None)
    return other


def test_a_second_worker_sees_what_the_first_matched_through_the_journal(world: World) -> None:
    cred_a, cred_b = world.enroll(SHOUGUANG), world.enroll(GUILIN)
    first, second = MatchCases(NationalIndex()), MatchCases(NationalIndex())
    # Worker 1 loads the (empty) register on its first job.
    world.push(cred_b, [_case(case_no(GUILIN, 9), _example("trafficking"))])
    assert jobs.drain(world.sessions, {"match_cases": first}, worker="w1") == 1
    # Worker 2 takes the missing child's job: worker 1 never saw this case pushed.
    missing, found = case_no(SHOUGUANG, 1, 2025), case_no(GUILIN, 1)
    world.push(cred_a, [_case(missing, _example("missing_child"))])
    assert jobs.drain(world.sessions, {"match_cases": second}, worker="w2") == 1
    # Worker 1 takes the found child's job: its index learnt of the missing child from the journal.
    world.push(cred_b, [_case(found, _example("found_child"))])
    assert jobs.drain(world.sessions, {"match_cases": first}, worker="w1") == 1

    (item,) = _pull(world, cred_a)
    assert item.payload["missing"] == missing and item.payload["found"] == found
    assert item.payload["dna_verdict"] == "supports"
    last = _jobs(world)[-1]
    assert (last.worker, last.touched, last.candidates, last.refused) == ("w1", 1, 1, 0)
    assert last.took_ms is not None and last.rows_read is not None
    # the job read the journal since worker 1's position and two cases, not the register
    assert last.rows_read <= 2 + 2


def test_queued_jobs_are_coalesced_into_one_screen(world: World) -> None:
    cred_a, cred_b = world.enroll(SHOUGUANG), world.enroll(GUILIN)
    worker = MatchCases(NationalIndex())
    assert jobs.drain(world.sessions, {"match_cases": worker}) == 0  # nothing queued yet
    missing, found = case_no(SHOUGUANG, 1, 2025), case_no(GUILIN, 1)
    world.push(cred_a, [_case(missing, _example("missing_child"))])
    world.push(cred_b, [_case(found, _example("found_child"))])
    world.push(cred_b, [_case(case_no(GUILIN, 2), _example("trafficking"))])

    assert jobs.run_one(world.sessions, {"match_cases": worker}, worker="w1") == 3  # one claim
    done = _jobs(world)
    assert [j.state for j in done] == ["done"] * 3
    assert [j.touched for j in done] == [1, 1, 1]
    assert [j.candidates for j in done][:2] == [1, 1]  # the pair, counted for both its cases
    assert len({j.took_ms for j in done}) == 1  # one screen for all three
    # The in-memory screen's share of the job is recorded beside its whole time.
    assert len({j.screen_ms for j in done}) == 1
    assert all(j.screen_ms is not None and 0 <= j.screen_ms <= j.took_ms for j in done)
    assert len(_pull(world, cred_a)) == 1


def test_a_case_whose_file_cannot_be_read_is_refused_in_the_job_record(world: World) -> None:
    cred = world.enroll(GUILIN)
    broken = case_no(GUILIN, 1)
    _store_unreadable(world, cred, broken)
    assert jobs.drain(world.sessions, {"match_cases": MatchCases(NationalIndex())}) == 1
    (job,) = _jobs(world)
    assert job.state == "done" and job.refused == 1 and job.touched == 1
    assert job.last_error == f"refused: {broken}"


def test_a_closed_case_leaves_the_index(world: World) -> None:
    cred_a, cred_b = world.enroll(SHOUGUANG), world.enroll(GUILIN)
    worker = MatchCases(NationalIndex())
    missing = case_no(SHOUGUANG, 1, 2025)
    world.push(cred_a, [_case(missing, _example("missing_child"))])
    jobs.drain(world.sessions, {"match_cases": worker})
    world.push(cred_a, [_case(missing, _example("missing_child"), status="closed") | {"base_revision": 1}])
    world.push(cred_b, [_case(case_no(GUILIN, 1), _example("found_child"))])
    jobs.drain(world.sessions, {"match_cases": worker})
    assert _pull(world, cred_b) == []
    assert worker.index is not None and len(worker.index.missing) == 0


def test_a_stranger_pushed_since_the_load_is_screened_from_the_overlay(world: World) -> None:
    cred_a, cred_b = world.enroll(SHOUGUANG), world.enroll(GUILIN)
    worker = MatchCases(NationalIndex())
    world.push(cred_a, [_case(case_no(SHOUGUANG, 1, 2025), _stranger(_example("missing_child")))])
    jobs.drain(world.sessions, {"match_cases": worker})  # loads: the stranger is in the base
    missing = case_no(SHOUGUANG, 2, 2025)
    world.push(cred_a, [_case(missing, _example("missing_child"))])  # in the overlay
    world.push(cred_b, [_case(case_no(GUILIN, 1), _example("found_child"))])
    jobs.drain(world.sessions, {"match_cases": worker})
    best = max(_pull(world, cred_b), key=lambda item: float(item.payload["score"]))
    assert best.payload["missing"] == missing and best.payload["dna_verdict"] == "supports"


def test_a_hole_in_the_journal_is_waited_for_then_passed() -> None:
    now = [0.0]
    index = NationalIndex(clock=lambda: now[0])
    index._advance([1, 2, 4, 5])  # 3 is still committing
    assert index.position == 2
    index._advance([4, 5])  # asked again: 3 has not appeared, 4 and 5 are not applied twice
    assert index.position == 2 and index._above == {4, 5}
    index._advance([3, 4, 5, 6])
    assert index.position == 6 and not index._above
    index._advance([8])  # 7 was a rolled-back transaction's number
    assert index.position == 6
    now[0] += GAP_WAIT + 1
    index._advance([8])
    assert index.position == 8


def test_two_workers_share_the_queue_without_running_a_job_twice(pg_url: str | None, tmp_path: Path) -> None:
    if pg_url is None:
        pytest.skip("needs PostgreSQL (XUNREN_TEST_DATABASE_URL)")
    from conftest import make_app_world

    from tests.e2e.harness import fresh_server_db

    url, drop = fresh_server_db("postgresql", tmp_path)
    world = make_app_world(url)
    try:
        cred_a, cred_b = world.enroll(SHOUGUANG), world.enroll(GUILIN)
        missing = case_no(SHOUGUANG, 1, 2025)
        world.push(cred_a, [_case(missing, _example("missing_child"))])
        for n in range(1, 13):
            world.push(cred_b, [_case(case_no(GUILIN, n), _example("found_child"))])
        workers = [MatchCases(NationalIndex()) for _ in range(2)]
        ran = [0, 0]

        def work(i: int) -> None:
            while done := jobs.run_one(world.sessions, {"match_cases": workers[i]}, worker=f"w{i}"):
                ran[i] += done

        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sum(ran) == 13
        done = _jobs(world)
        assert [j.state for j in done] == ["done"] * 13 and sum(j.touched or 0 for j in done) == 13
        pairs = world.run(
            lambda s: s.execute(select(Match.missing_case, Match.found_case, Match.revision)).all()
        )
        assert sorted(p.found_case for p in pairs) == [case_no(GUILIN, n) for n in range(1, 13)]
        assert {p.missing_case for p in pairs} == {missing} and {p.revision for p in pairs} == {1}
    finally:
        world.client.close()
        world.client.app.state.engine.dispose()  # type: ignore[attr-defined]
        drop()


def test_the_worker_names_the_cases_it_refused(world: World) -> None:
    from server.services.matching_worker import MatchingWorker

    cred = world.enroll(GUILIN)
    broken = case_no(GUILIN, 1)
    _store_unreadable(world, cred, broken)
    said: list[tuple[str, dict[str, Any]]] = []
    MatchingWorker(world.sessions, lambda key, **values: said.append((key, values)), "w").run(once=True)
    assert ("refused_cases", {"cases": broken}) in said
    assert [k for k, _v in said] == [
        "loading",
        "loaded",
        "batch_started",
        "refused_cases",
        "batch_done",
        "stopped",
    ]
