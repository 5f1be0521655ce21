"""Pull: national matches delivered to both stations, pages, cursor, epoch; the worker job."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import World, auth, case_no, case_payload, change
from sqlalchemy import select, update

from app.sync import protocol
from server.api.schemas import PullPublic
from server.services import jobs, matching
from server.services.matching import Candidate
from server.services.meta import mark_restored
from server.storage.tables import Job, Match

A, B, C = "370786001", "450300002", "110101003"


def _pull(world: World, cred: str, cursor: int, limit: int = 500) -> protocol.PullResponse:
    answer = world.client.get("/sync/pull", params={"cursor": cursor, "limit": limit}, headers=auth(cred))
    assert answer.status_code == 200, answer.text
    PullPublic.model_validate(answer.json())
    return protocol.PullResponse.from_json(answer.json())


def test_matches_reach_both_stations_in_pages(world: World) -> None:
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    pairs = [Candidate(case_no(A, i), case_no(B, i), 0.5 + i / 100, None, ["年龄相符"]) for i in range(1, 8)]
    world.run(lambda s: matching.record_candidates(s, pairs))
    seen: list[protocol.PulledItem] = []
    cursor, more = 0, True
    while more:
        page = _pull(world, cred_a, cursor, limit=3)
        seen += page.items
        cursor, more = page.next_cursor, page.has_more
    assert [i.record_id for i in seen] == [f"{p.missing_case}~{p.found_case}" for p in pairs]
    assert all(i.kind == "match" and i.payload["state"] == "potential" for i in seen)
    assert [i.seq for i in seen] == sorted(i.seq for i in seen)
    assert len(_pull(world, cred_b, 0).items) == 7
    assert _pull(world, cred_c, 0).items == []
    again = _pull(world, cred_a, cursor)
    assert again.items == [] and again.next_cursor == cursor and not again.has_more
    state = world.client.get("/sync/state", headers=auth(cred_a)).json()
    assert state["cursor"] == cursor
    # An unchanged candidate is not delivered again; a changed score is, with a new revision.
    world.run(lambda s: matching.record_candidates(s, pairs[:1]))
    assert _pull(world, cred_a, cursor).items == []
    world.run(
        lambda s: matching.record_candidates(
            s, [Candidate(pairs[0].missing_case, pairs[0].found_case, 0.99, "supports", [])]
        )
    )
    (item,) = _pull(world, cred_a, cursor).items
    assert item.revision == 2 and item.payload["dna_verdict"] == "supports"
    # A pair an officer confirmed keeps its state when new evidence moves its score.
    world.run(
        lambda s: s.execute(
            update(Match).where(Match.missing_case == pairs[0].missing_case).values(state="confirmed")
        )
    )
    cursor = _pull(world, cred_a, cursor).next_cursor
    world.run(
        lambda s: matching.record_candidates(
            s, [Candidate(pairs[0].missing_case, pairs[0].found_case, 0.97, "supports", [])]
        )
    )
    (item,) = _pull(world, cred_a, cursor).items
    assert (item.revision, item.payload["state"], item.payload["score"]) == (3, "confirmed", 0.97)


def test_epoch_changes_when_marked_restored(world: World) -> None:
    cred = world.enroll(A)
    before = _pull(world, cred, 0).epoch
    assert world.client.get("/sync/state", headers=auth(cred)).json()["epoch"] == before
    world.run(mark_restored)
    assert _pull(world, cred, 0).epoch != before


def test_push_queues_a_matching_job_and_the_worker_delivers(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    missing, found = case_no(A, 1), case_no(B, 1)
    world.push(
        cred_a,
        [
            change(missing, payload=case_payload("missing")),
        ],
    )
    world.push(cred_b, [change(found, payload=case_payload("found"))])

    def fake_matcher(session: Any, cases: Any, *_index: Any) -> list[Candidate]:
        return (
            [Candidate(missing, found, 0.8, None, ["小名相符"])]
            if any(c.case_no == found for c in cases)
            else []
        )

    monkeypatch.setattr(matching, "national_candidates", fake_matcher)
    ran = jobs.drain(world.sessions, {"match_cases": matching.match_cases_job})
    assert ran == 2
    assert world.run(lambda s: s.scalars(select(Job.state)).all()) == ["done", "done"]
    (item,) = [i for i in _pull(world, cred_a, 0).items if i.kind == "match"]
    assert item.payload["missing"] == missing and item.payload["found"] == found
    assert [i.kind for i in _pull(world, cred_b, 0).items] == ["match", "summary"]  # + A's case
    rows = world.client.get("/national/matches", headers=auth(world.operator())).json()
    assert rows == [
        {"missing": missing, "found": found, "score": 0.8, "dna_verdict": None, "state": "potential"}
    ]


def test_failing_job_is_retried_then_failed(world: World) -> None:
    world.run(lambda s: jobs.enqueue(s, "match_cases", {"cases": []}))

    def broken(session: Any, payload: Any) -> None:
        raise RuntimeError("boom")

    assert jobs.run_one(world.sessions, {"match_cases": broken})
    job = world.run(lambda s: s.scalars(select(Job)).one())
    assert job.state == "queued" and job.attempts == 1 and job.last_error == "RuntimeError"
    assert not jobs.run_one(world.sessions, {"match_cases": broken})  # backing off
