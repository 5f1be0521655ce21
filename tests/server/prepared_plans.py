"""PostgreSQL's plans of a statement as the server runs it: prepared, with its values as
parameters, under both plans PostgreSQL may use (one made for the values, and one it keeps for
the statement after five runs, made without them). A plan kept for the statement cannot use a
partial index for a value given as a parameter, and evaluates an expression of the parameters
again for every row it filters."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from conftest import World
from psycopg import sql

from server.storage.bulk import PlainQuery

MODES = ("force_custom_plan", "force_generic_plan")


@contextmanager
def _prepared(
    world: World, statement: Any, values: dict[str, Any], *, scans: bool
) -> Iterator[tuple[Any, str, Any]]:
    """(a cursor, *statement* with numbered parameters, its values as SQL literals)."""
    with world.sessions() as session:
        query = PlainQuery(session, statement)
        names = list(dict.fromkeys(re.findall(r"%\((\w+)\)s", query.sql)))
        given = {**query.defaults, **values}
        prepared = query.sql
        for n, key in enumerate(names, 1):
            prepared = prepared.replace(f"%({key})s", f"${n}")
        connection = session.connection().connection.dbapi_connection
        assert connection is not None
        cursor = connection.cursor()
        # a table of a few thousand rows is read through by choice: the index or nothing, as the
        # planner reads a register of millions (test_journal_plans)
        cursor.execute(f"SET enable_seqscan = {'on' if scans else 'off'}")
        yield cursor, prepared, sql.SQL(", ").join(sql.Literal(given[key]) for key in names)
        cursor.execute("DEALLOCATE ALL; RESET enable_seqscan; RESET plan_cache_mode")
        session.rollback()


def _explain(made: tuple[Any, str, Any], mode: str, analyse: bool) -> Any:
    cursor, prepared, arguments = made
    cursor.execute(f"SET plan_cache_mode = {mode}")
    cursor.execute("DEALLOCATE ALL")
    cursor.execute(f"PREPARE wanted AS {prepared}")
    options = "ANALYZE, FORMAT JSON" if analyse else "FORMAT JSON"
    cursor.execute(sql.SQL(f"EXPLAIN ({options}) EXECUTE wanted ({{}})").format(arguments))
    plan = cursor.fetchone()[0]
    return plan if isinstance(plan, list) else json.loads(plan)


def plans(world: World, statement: Any, values: dict[str, Any] | None = None) -> dict[str, str]:
    """Each plan of *statement* (its own values, or *values*), as JSON text, by plan mode."""
    with _prepared(world, statement, values or {}, scans=False) as made:
        return {mode: json.dumps(_explain(made, mode, False)) for mode in MODES}


def rows_read(
    world: World, statement: Any, values: dict[str, Any], table: str, *, scans: bool = False
) -> dict[str, int]:
    """The rows of *table* the PostgreSQL *statement* looks at with *values*, under each plan;
    with *scans*, a plan may read a table through (on a table the size of this one, it may)."""
    with _prepared(world, statement, values, scans=scans) as made:
        return {mode: _read_from(_explain(made, mode, True), table) for mode in MODES}


def _read_from(plan: Any, table: str) -> int:
    """Every row a scan of *table* in *plan* returned or filtered out."""
    if isinstance(plan, list):
        return sum(_read_from(p, table) for p in plan)
    if not isinstance(plan, dict):
        return 0
    node = plan.get("Plan", plan)
    read = 0
    if node.get("Relation Name") == table:
        loops = node.get("Actual Loops", 1)
        read += (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * loops
        read += node.get("Rows Removed by Index Recheck", 0)
    return read + sum(_read_from(child, table) for child in node.get("Plans", []))
