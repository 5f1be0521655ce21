"""Many rows at once, and ``IN`` over many values, done the cheap way for each database.

On PostgreSQL a batch's rows go in with ``COPY … FROM STDIN`` inside the caller's transaction:
psycopg's C copy path costs a fraction of the per-row Python work of an executemany, which was
what bounded a push (the database sat idle waiting for the server). A unique violation still
aborts the whole transaction, and is raised as SQLAlchemy's IntegrityError so the caller's retry
logic sees it as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from sqlalchemy import Table, any_, bindparam, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import String


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in the session's transaction."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(table.insert(), list(rows))
        return
    names = list(rows[0])
    statement = f'COPY "{table.name}" ({", ".join(names)}) FROM STDIN'
    raw = session.connection().connection.driver_connection
    assert raw is not None
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[n] for n in names])
    except psycopg.IntegrityError as exc:
        raise IntegrityError(statement, None, exc) from None
    except psycopg.Error as exc:
        raise DBAPIError(statement, None, exc) from None


def among(session: Session, column: Any, values: Sequence[str]) -> ColumnElement[bool]:
    """``column IN values``: on PostgreSQL one text parameter split by the server, which is far
    cheaper to send than a 1000-element array. Only for values without commas (ids)."""
    condition: ColumnElement[bool]
    if session.get_bind().dialect.name == "postgresql":
        joined = bindparam(None, ",".join(values), type_=String())
        condition = column == any_(func.string_to_array(joined, ",", type_=ARRAY(String())))
    else:
        condition = column.in_(list(values))
    return condition
