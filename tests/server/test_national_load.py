"""The national index's first load (the fast path: plain rows, subjects straight into each side,
no per-change bookkeeping) builds the very index the change-by-change path builds: the same
persons, the same profiles and the same candidates for every one of them, on a seeded register
with DNA families, a later lab result, a closed case and an unreadable file, read in small pages
so that cases and their child records meet page boundaries. On PostgreSQL the load is also read
by two processes (``server/services/load_part.py``), which must give the same index — with a
case changed while the load runs, a second process that dies half-way, and an interrupted load."""

from __future__ import annotations

import dataclasses
import inspect
import json
import multiprocessing
import os
import random
import signal
from collections.abc import Callable
from typing import Any

import pytest
from conftest import World, case_no, change
from sqlalchemy import select, update

from app.core.matching import MatchSubject
from app.core.matching.subject import match_subject
from app.sync import protocol
from bench.bench_national import Registry, _payload
from server.services.jobs import Interrupted
from server.services.matching_index import NationalIndex
from server.storage.tables import Record

MISSING_AT, FOUND_AT = "370783001", "450305002"


def _seed(world: World) -> list[str]:
    """120 missing and 60 found children (a third with DNA, a dozen the children of registered
    mothers), a found child whose profile came later as lab records, a closed and an unreadable
    case; returns every case number."""
    registry = Registry(7)
    registry.rng = random.Random(7)
    cred_m, cred_f = world.enroll(MISSING_AT), world.enroll(FOUND_AT)
    missing = [case_no(MISSING_AT, n + 1, 2025) for n in range(120)]
    docs = [registry.missing(number, n % 3 == 0) for n, number in enumerate(missing)]
    found = [case_no(FOUND_AT, n + 1) for n in range(60)]
    found_docs = [
        registry.found(n % 3 == 0, registry.mothers[n] if n < 12 and n < len(registry.mothers) else None)
        for n in range(60)
    ]
    for start in range(0, 120, 40):
        world.push(cred_m, [change(number, payload=_payload(doc)) for number, doc in
                            zip(missing[start:start + 40], docs[start:start + 40], strict=True)])  # fmt: skip
    world.push(cred_f, [change(n, payload=_payload(d)) for n, d in zip(found, found_docs, strict=True)])
    # A found child whose profile arrived after registration, as a sample and a profile record.
    later = case_no(FOUND_AT, 61)
    doc = registry.found(True, registry.mothers[0])
    person = doc["persons"][0]
    profile = person["samples"][0].pop("profile")
    world.push(cred_f, [change(later, payload=_payload(doc))])
    sample_no = f"{FOUND_AT}-2026-D000001"
    sample = {"sample_no": sample_no, "person": 0, "sample": person["samples"][0], "status": "profiled"}
    world.push(cred_f, [
        change(protocol.child_id(later, "sample"), payload=sample),
        change(protocol.child_id(later, "profile"), payload={"sample_no": sample_no, "profile": profile}),
    ])  # fmt: skip
    closed, unreadable = case_no(FOUND_AT, 62), case_no(FOUND_AT, 63)
    world.push(cred_f, [change(closed, payload={**_payload(registry.found(True)), "status": "voided"})])
    world.push(cred_f, [change(unreadable, payload=_payload(registry.found(False)))])
    damaged = {"type": "found", "reported_at": "2026-12-01T11:40:00+08:00", "persons": "nonsense"}
    world.run(
        lambda s: s.execute(
            update(Record)
            .where(Record.record_id == unreadable)
            .values(payload=json.dumps({"type": "found", "case": damaged, "status": "open"}))
        )
    )
    return [*missing, *found, later, closed, unreadable]


def _by_changes(world: World, numbers: list[str]) -> NationalIndex:
    """The index as the change-by-change path builds it: every case read as a job's touched
    case is (validated, SQLAlchemy rows, each person put into the overlay), then compacted."""
    index = NationalIndex()
    with world.sessions() as session, session.begin():
        done = index.refresh(session, numbers)
    index.missing.compact()
    index.found.compact()
    index.refused = done.refused  # type: ignore[attr-defined]
    return index


def _answers(index: NationalIndex) -> dict[str, list[Any]]:
    people = {**index.missing.current, **index.found.current}
    return {key: index.screen(subject, 20) for key, subject in sorted(people.items())}


def test_the_first_load_builds_the_index_the_change_by_change_path_builds(world: World) -> None:
    numbers = _seed(world)
    loaded = NationalIndex()
    with world.sessions() as session, session.begin():
        done = loaded.load(session, page=17)  # small pages: cases and their children straddle them
    rebuilt = _by_changes(world, numbers)

    assert done.refused == rebuilt.refused == [case_no(FOUND_AT, 63)]  # type: ignore[attr-defined]
    assert len(loaded.missing) == 120 and len(loaded.found) == 61  # the closed case is left out
    assert loaded.cases == rebuilt.cases
    assert loaded.missing.current == rebuilt.missing.current  # every field, profiles locus by locus
    assert loaded.found.current == rebuilt.found.current
    later = loaded.found.current[f"{case_no(FOUND_AT, 61)}#0"]
    assert later.profile("self") is not None  # the later lab result was joined across pages
    answers, expected = _answers(loaded), _answers(rebuilt)
    assert answers == expected  # keys, scores, reasons and DNA results, for every person
    assert sum(1 for found in answers.values() for c in found if c.dna is not None) > 0
    with world.sessions() as session:
        stored = session.scalar(select(Record.record_id).where(Record.record_type == "profile"))
    assert stored is not None and stored.startswith(case_no(FOUND_AT, 61))


def _load(
    world: World, index: NationalIndex, progress: Callable[[int], None] | None = None, split_at: int = 1
) -> Any:
    """The worker's first load (one REPEATABLE READ snapshot), read by two processes where the
    database allows it (unless *split_at* says otherwise), in pages of 17."""
    with world.sessions() as session, session.begin():
        if session.get_bind().dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        return index.load(session, progress, page=17, split_at=split_at)


def _alone(world: World) -> NationalIndex:
    """The index one process loads (its persons in the order the columns are built from)."""
    index = NationalIndex()
    _load(world, index, split_at=10**9)
    assert index.read_apart == 0
    return index


def _same(loaded: NationalIndex, alone: NationalIndex) -> None:
    """The same cases, persons and profiles, in the same order."""
    assert list(loaded.cases.items()) == list(alone.cases.items())
    assert list(loaded.missing.current.items()) == list(alone.missing.current.items())
    assert list(loaded.found.current.items()) == list(alone.found.current.items())


def _after_first_delivery(index: NationalIndex, then: Callable[[], None]) -> Callable[[int], None]:
    """A progress callback that waits for the second process's first page (so both processes
    read a share of the register), then does *then*, once."""
    done: list[bool] = []

    def progress(_cases: int) -> None:
        if done:
            return
        done.append(True)
        if index.part is not None:
            assert index.part.delivered.wait(120)
        then()

    return progress


def _is_postgres(world: World) -> bool:
    with world.sessions() as session:
        return session.get_bind().dialect.name == "postgresql"


def test_a_load_read_by_two_processes_builds_the_same_index(world: World) -> None:
    numbers = _seed(world)
    loaded = NationalIndex()
    done = _load(world, loaded, _after_first_delivery(loaded, lambda: None))
    rebuilt = _by_changes(world, numbers)

    if _is_postgres(world):
        assert 0 < loaded.read_apart < len(numbers)  # both processes read part of it
    assert done.refused == rebuilt.refused  # type: ignore[attr-defined]
    assert loaded.cases == rebuilt.cases
    assert loaded.missing.current == rebuilt.missing.current
    assert loaded.found.current == rebuilt.found.current
    _same(loaded, _alone(world))
    assert _answers(loaded) == _answers(rebuilt)
    assert multiprocessing.active_children() == []


def test_a_case_changed_during_the_load_is_loaded_as_the_snapshot_held_it(world: World) -> None:
    if not _is_postgres(world):
        pytest.skip("a SQLite load holds the write lock: nothing changes while it runs")
    numbers = _seed(world)
    before = _by_changes(world, numbers)
    missing = sorted(n for n in numbers if n.startswith(MISSING_AT))
    first, middle = missing[0], missing[len(missing) // 2]  # near the bottom, in the middle
    top = max(numbers)

    def change_them() -> None:
        closed = json.dumps({"type": "missing", "case": {}, "status": "voided"})
        world.run(lambda s: s.execute(update(Record).where(Record.record_id.in_([first, middle, top])).values(payload=closed)))  # fmt: skip

    loaded = NationalIndex()
    _load(world, loaded, _after_first_delivery(loaded, change_them))
    assert loaded.cases == before.cases
    assert loaded.missing.current == before.missing.current
    assert loaded.found.current == before.found.current
    assert first not in _by_changes(world, numbers).cases  # the change did happen, after the snapshot


def test_a_second_process_that_dies_leaves_its_part_to_the_first(world: World) -> None:
    numbers = _seed(world)
    if not _is_postgres(world):
        pytest.skip("one process reads a SQLite register")
    loaded = NationalIndex()

    def kill() -> None:
        assert loaded.part is not None
        os.kill(loaded.part.process_id, signal.SIGKILL)

    _load(world, loaded, _after_first_delivery(loaded, kill))
    assert loaded.read_apart < len(numbers)
    _same(loaded, _alone(world))
    assert _answers(loaded) == _answers(_by_changes(world, numbers))


def test_an_interrupted_load_ends_its_second_process_and_loads_again_whole(world: World) -> None:
    numbers = _seed(world)
    loaded = NationalIndex()
    with pytest.raises(Interrupted):
        _load(world, loaded, _after_first_delivery(loaded, loaded.stop.set))
    assert multiprocessing.active_children() == [] and loaded.part is None
    assert not loaded.loaded
    loaded.stop.clear()
    _load(world, loaded)
    assert loaded.cases == _by_changes(world, numbers).cases


def test_the_subjects_travel_between_processes_as_every_field() -> None:
    """The plain values a second process sends (``load_part._flat``, in ``match_subject``'s
    order) cover every field of a subject: one added to MatchSubject must be added there."""
    fields = [f.name for f in dataclasses.fields(MatchSubject)]
    assert list(inspect.signature(match_subject).parameters) == fields
