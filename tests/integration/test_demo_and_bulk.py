"""`demo --cases N` registers realistic cases through the real path; bulk imports stay searchable."""

from __future__ import annotations

import datetime as dt
import json

from tests.conftest import Station


def test_demo_cases_cover_all_types_and_are_searchable(ready_station: Station) -> None:
    r = ready_station.run("demo", "--cases", "120")
    assert r.code == 0, r.err
    rows = json.loads(ready_station.run("case", "list", "--json").out)
    assert len(rows) == 120
    assert {row["type"] for row in rows} == {"missing", "found", "trafficking"}
    by_year: dict[str, list[int]] = {}
    for row in rows:
        _station, year, seq = row["case_no"].split("-")
        by_year.setdefault(year, []).append(int(seq))
    assert len(by_year) >= 2  # spread over two years, numbered gapless in each
    assert all(sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in by_year.values())
    # A history: several officers, reviews decided, some closed or voided, some still pending.
    assert len({row["officer"] for row in rows}) >= 3
    assert {row["review"] for row in rows} >= {"approved", "pending"}
    assert {row["status"] for row in rows} & {"closed", "close_pending", "voided", "void_pending"}
    name = next(row["names"][0] for row in rows if row["type"] == "missing")
    hits = json.loads(ready_station.run("search", name, "--json").out)
    assert any(name in h["names"] for h in hits)
    assert ready_station.run("audit", "verify").code == 0


def test_demo_count_is_checked(ready_station: Station) -> None:
    assert ready_station.run("demo", "--cases", "0").code == 1


def test_overdue_rules(session: object) -> None:
    from app.core.validation import parse_case_file
    from app.services.cases import overdue_cases, register_cases
    from tests.conftest import example_bytes

    doc = json.loads(example_bytes("missing_child"))
    doc["reporter"].pop("samples")
    for person in doc["persons"]:
        person.pop("samples", None)
    no_dna = register_cases(session, parse_case_file(json.dumps(doc).encode()))[0].case_no  # type: ignore[arg-type]
    with_dna = register_cases(
        session, parse_case_file(example_bytes("missing_child")), allow_duplicate="另一份"
    )[0].case_no  # type: ignore[arg-type]
    now = dt.datetime.now(dt.UTC)
    assert overdue_cases(session, now=now) == []  # type: ignore[arg-type]
    from app.services.overdue import set_threshold

    set_threshold(session, "review_waiting", "off")  # type: ignore[arg-type]  # both wait for review
    in_4_days = [r.case_no for r in overdue_cases(session, now=now + dt.timedelta(days=4))]  # type: ignore[arg-type]
    assert in_4_days == [no_dna]
    in_8_days = {r.case_no for r in overdue_cases(session, now=now + dt.timedelta(days=8))}  # type: ignore[arg-type]
    assert in_8_days == {no_dna, with_dna}


def test_store_rebuilds_indexes_after_a_bulk_import_died(session: object) -> None:
    from app.services.cases import register_cases, search
    from app.services.demo import demo_cases
    from app.storage.bulk import drop_heavy_indexes, present
    from app.storage.store import StationStore

    register_cases(session, list(demo_cases(30)))  # type: ignore[arg-type]
    store = session.store  # type: ignore[attr-defined]
    with store.unit_of_work() as uow:
        drop_heavy_indexes(uow.cursor)  # as if the process died inside bulk_import
        uow.commit()
    path, key = store.path, store.data_key
    store.close()
    reopened = StationStore(path, key)
    with reopened.reader() as conn:
        assert {"ix_search_keys", "ix_cases_place"} <= present(conn.connection.dbapi_connection.cursor())
    session.store = reopened  # type: ignore[attr-defined]
    assert search(session, "370783001", audit=False)  # type: ignore[arg-type]
