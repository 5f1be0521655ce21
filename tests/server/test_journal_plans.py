"""The national server's reads of its journal follow what changed, never the journal's size
(the journal holds every change of a country): each read by record goes through an index on that
record, on PostgreSQL and on the embedded SQLite alike. A plan that walks the journal (a scan, or
the sequence's index read backwards with a filter) would read millions of rows for one decision."""

from __future__ import annotations

import json

from conftest import World
from sqlalchemy import text

from server.services import decisions


def _plan(world: World, statement: object) -> str:
    with world.sessions() as session:
        bind = session.get_bind()
        compiled = statement.compile(bind, compile_kwargs={"literal_binds": True})  # type: ignore[attr-defined]
        if bind.dialect.name == "postgresql":
            session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: the index or nothing
            rows = session.execute(text(f"EXPLAIN (FORMAT JSON) {compiled}")).scalar_one()
            return json.dumps(rows)
        return " ".join(str(r[-1]) for r in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))


def test_a_pairs_last_delivery_is_found_by_its_record(world: World) -> None:
    plan = _plan(world, decisions.last_delivery_statement("370783001-2026-000001", "450305001-2026-000001"))
    if '"Plan"' in plan:  # PostgreSQL
        assert "ix_journal_deliveries" in plan and '"Index Cond"' in plan and "record_id" in plan, plan
        assert "Seq Scan" not in plan, plan
    else:
        assert "USING INDEX ix_journal_deliveries (record_id=?" in plan, plan
