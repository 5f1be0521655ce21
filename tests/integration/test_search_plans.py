"""Search never scans: every query kind is answered from an index (EXPLAIN QUERY PLAN)."""

from __future__ import annotations

import pytest

from app.core.searchkeys import classify, stored_kinds
from app.storage.case_queries import _BY_CASE_NO, _BY_KEY, _BY_NUMBER, _HIGH

QUERIES = ["370783001-2026-0000", "王小明", "wangxiaoming", "wxm", "370783198506121029", "13853612345"]


@pytest.mark.parametrize("text", QUERIES)
def test_every_plan_uses_an_index(session: object, text: str) -> None:
    store = session.store  # type: ignore[attr-defined]
    with store.reader() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        for kind, q in classify(text):
            if kind is None:
                plan = cursor.execute("EXPLAIN QUERY PLAN " + _BY_CASE_NO, (q, q + _HIGH, 50)).fetchall()
            else:
                plan = cursor.execute(
                    "EXPLAIN QUERY PLAN " + _BY_KEY, (q, q + _HIGH, *stored_kinds(kind), 50)
                ).fetchall()
            details = [str(row[-1]) for row in plan]
            # "SCAN k" walks the LIMITed sub-query result, never a table.
            scans = [d for d in details if d.startswith("SCAN") and d != "SCAN k" and "USING" not in d]
            assert not scans, (text, kind, details)
            assert any("USING" in d and "INDEX" in d for d in details), (text, kind, details)


def test_a_case_number_tail_is_an_exact_lookup(session: object) -> None:
    store = session.store  # type: ignore[attr-defined]
    with store.reader() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        plan = cursor.execute("EXPLAIN QUERY PLAN " + _BY_NUMBER, ("370783001-2026-000001",)).fetchall()
    assert any("USING INDEX" in str(row[-1]) for row in plan), plan
