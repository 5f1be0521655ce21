"""The national server's reads of its journal and its records follow what changed, never their
size (they hold every change and every record of a country): each read by record or by case goes
through an index on that record or case, on PostgreSQL and on the embedded SQLite alike. A plan that walks the journal (a scan, or
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


def _register_of(world: World, code: str, cases: int) -> int:
    """A station holding *cases* cases with three children each, the tables analysed: the
    planner weighs the indexes as it would on a real register. Returns the station's id."""
    from sqlalchemy import select

    from server.storage.tables import Station

    world.enroll(code)
    with world.sessions() as session:
        sid = session.scalar(select(Station.id).where(Station.code == code))
        rows = [
            {"rid": f"{code}-2026-{n:06d}" + (f"/p/{k:036d}" if k else ""), "case": f"{code}-2026-{n:06d}",
             "type": "person" if k else "case", "sid": sid}
            for n in range(1, cases + 1)
            for k in range(4)
        ]  # fmt: skip
        session.execute(
            text(
                "INSERT INTO records (record_id, record_type, case_no, owner_station_id, revision, payload,"
                " updated_at) VALUES (:rid, :type, :case, :sid, 1, '{}', CURRENT_TIMESTAMP)"
            ),
            rows,
        )
        session.commit()
        session.execute(
            text("ANALYZE records" if session.get_bind().dialect.name == "postgresql" else "ANALYZE")
        )
        session.commit()
    assert sid is not None
    return int(sid)


def test_a_transfer_finds_the_cases_records_by_case(world: World) -> None:
    """Completing a transfer moves and reads the case's records: found by the case's number (the
    case by its key, its children by the children's index), never by walking every record the
    station handing it over (or taking it) holds."""
    from sqlalchemy import select

    from server.services.transfers import of_case
    from server.storage.tables import Record

    sid = _register_of(world, "370783001", 1500)
    wanted = select(Record.record_id).where(of_case("370783001-2026-000777"), Record.owner_station_id == sid)
    plan = _plan(world, wanted)
    if '"Plan"' in plan:  # PostgreSQL
        assert "ix_records_children" in plan and "records_pkey" in plan, plan
        assert "ix_records_owner_record" not in plan and "Seq Scan" not in plan, plan
    else:
        # each branch a point lookup: the case by its id (with the owner), its children by case
        assert "ix_records_children (case_no=?)" in plan and "record_id=?)" in plan, plan
        assert "SCAN" not in plan and "(owner_station_id=?)" not in plan, plan
    with world.sessions() as session:
        assert len(session.execute(wanted).all()) == 4  # the case and its three children
