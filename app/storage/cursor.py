"""The DB-API cursor of a unit of work, as services see it: a handle they pass on to the typed
functions of the repositories and queries in app.storage, never a place to write SQL (issue 14:
every SQL statement lives in app.storage; tests/unit/test_sql_stays_in_storage.py keeps it so).
Also the types and helpers those functions share: rows, placeholders, a raw connection."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeAlias, cast

from sqlalchemy import Connection, Row

# A row SQLAlchemy returns, its columns read by name (``row.case_no``) or position: any number of
# columns, each of its column's type.
NamedRow: TypeAlias = "Row[*tuple[Any, ...]]"
# The values a statement's placeholders take: by position (``?``, ``?1``) or by name (``:name``).
Params: TypeAlias = Sequence[object] | Mapping[str, object]
ManyParams: TypeAlias = Sequence[Sequence[object]] | Sequence[Mapping[str, object]]


class Cursor(Protocol):
    """What the repositories use of an sqlcipher3 cursor (``UnitOfWork.cursor``). SQLAlchemy's
    own DB-API cursor type fits it too, so it has no ``__iter__``: a long result is read with
    :func:`stream_rows`, a short one with ``fetchall``."""

    @property
    def description(self) -> Sequence[Sequence[Any]] | None: ...

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def execute(self, sql: str, parameters: Params = ..., /) -> Cursor: ...

    def executemany(self, sql: str, seq_of_parameters: ManyParams, /) -> Cursor: ...

    def fetchone(self) -> Sequence[Any] | None: ...

    def fetchmany(self, size: int = ...) -> Sequence[Any]: ...

    def fetchall(self) -> Sequence[Any]: ...

    def close(self) -> None: ...


class RawConnection(Protocol):
    """What the store uses of an sqlcipher3 connection opened outside SQLAlchemy: the key and
    integrity checks, a backup's export, a re-key."""

    def execute(self, sql: str, parameters: Params = ..., /) -> Cursor: ...

    def cursor(self) -> Cursor: ...

    def close(self) -> None: ...


def stream_rows(cursor: Cursor, batch: int = 1000) -> Iterator[Any]:
    """The rows of the statement *cursor* just ran, *batch* at a time from the database: a long
    result streams through without being held whole."""
    while chunk := cursor.fetchmany(batch):
        yield from chunk


def one(cursor: Cursor) -> Sequence[Any]:
    """The row the statement *cursor* just ran gives when it always gives one: an aggregate
    (``COUNT``, ``MAX``), a pragma, ``RETURNING``, or the look-up of something that must exist
    (``LookupError`` when it does not)."""
    row = cursor.fetchone()
    if row is None:
        raise LookupError("the statement gave no row")
    return row


def inserted_id(cursor: Cursor) -> int:
    """The rowid of the row the last INSERT on *cursor* stored."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise RuntimeError("the last statement inserted no row")
    return rowid


def cursor_of(conn: Connection) -> Cursor:
    """The DB-API cursor under a reader's connection, for the typed queries that take one."""
    dbapi = conn.connection.dbapi_connection
    if dbapi is None:
        raise RuntimeError("the connection is closed")
    return cast(Cursor, dbapi.cursor())  # an sqlcipher3 cursor: it has all of the protocol
