"""Many rows at once: one ``INSERT … SELECT FROM unnest(arrays)`` on PostgreSQL (one statement,
one parameter per column, however many rows), a plain executemany on SQLite."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, Table, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement


def _pg_array_type(column: Any) -> str:
    kind = column.type
    if isinstance(kind, BigInteger):
        return "bigint[]"
    if isinstance(kind, Integer):
        return "integer[]"
    if isinstance(kind, DateTime):
        return "timestamptz[]"
    if isinstance(kind, Boolean):
        return "boolean[]"
    return "text[]"


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one statement on PostgreSQL."""
    if not rows:
        return
    names = list(rows[0])
    if session.get_bind().dialect.name != "postgresql":
        session.execute(table.insert(), list(rows))
        return
    columns = ", ".join(f'"{n}"' for n in names)
    arrays = ", ".join(f"CAST(:{n} AS {_pg_array_type(table.c[n])})" for n in names)
    statement = text(f'INSERT INTO "{table.name}" ({columns}) SELECT * FROM unnest({arrays})')
    session.execute(statement, {n: [row[n] for row in rows] for n in names})


def among(session: Session, column: ColumnElement[Any], values: Sequence[str]) -> ColumnElement[bool]:
    """``column IN values``: one array parameter on PostgreSQL instead of one per value."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy import any_, bindparam
        from sqlalchemy.dialects.postgresql import ARRAY
        from sqlalchemy.types import String

        return column == any_(bindparam(None, list(values), type_=ARRAY(String())))
    return column.in_(list(values))
