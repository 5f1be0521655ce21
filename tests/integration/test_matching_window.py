"""The register's first load reads the active cases a window of the primary key at a time. Left to
itself SQLite answered each window from the desk's (status, type) index, walking every active
case's entry again for every window: quadratic in the register (100,000 active cases: 3.7 s of
a 6.7 s first load). The window must be a range of the primary key, whatever indexes exist; and
it reads the same cases as the load of changed cases does (a case awaiting closure included: the
windows used to leave it out until it changed)."""

from __future__ import annotations

from typing import Any

from app.storage import match_repository as repo


def test_each_window_reads_a_range_of_the_primary_key(session: Any) -> None:
    from app.services.demo import fill_demo

    fill_demo(session, 30)
    with session.store.reader() as conn:
        indexes = {
            str(r[0]) for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        plan = [str(r[3]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + repo._WINDOW_SQL, (1, 2000))]
        sources = list(repo.iter_sources(conn, batch=7))
        every = repo.load_sources(conn)
    assert "ix_cases_desk" in indexes  # the index the planner used to prefer is there
    assert plan == ["SEARCH cases USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"], plan
    assert [s.case_no for s in sources] == [s.case_no for s in every]
    assert len(sources) > 10, len(sources)
