"""The DB-API cursor of a unit of work, as services see it: a handle they pass on to the typed
functions of the repositories and queries in app.storage, never a place to write SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import Connection


class Cursor(Protocol):
    """What the repositories use of an sqlcipher3 cursor (``UnitOfWork.cursor``)."""

    @property
    def description(self) -> Sequence[Sequence[Any]] | None: ...

    @property
    def rowcount(self) -> int: ...

    @property
    def lastrowid(self) -> int | None: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Cursor: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> Sequence[Any]: ...


def cursor_of(conn: Connection) -> Cursor:
    """The DB-API cursor under a reader's connection, for the typed queries that take one."""
    return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
