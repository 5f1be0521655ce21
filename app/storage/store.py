"""The open station store: engine, unit of work, and the thread that owns writes.

``with store.unit_of_work() as uow: …; uow.commit()`` runs one write transaction (BEGIN
IMMEDIATE) that rolls back unless committed. Only the owning thread may write (ARCHITECTURE.md,
after Anki and Picard: one database worker); readers use their own pooled connections and see
committed data only (WAL).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, event
from sqlalchemy.pool import PoolProxiedConnection

from app.storage import migrate
from app.storage.audit import AuditChain
from app.storage.bulk import ensure_heavy_indexes, present
from app.storage.cursor import Cursor, cursor_of
from app.storage.engine import StoreError, make_engine
from app.storage.files import DB_FILE as DB_FILE
from app.storage.tables import HEAVY_INDEXES

T = TypeVar("T")
# Runs a piece of work in one committed unit of work, somewhere: StationStore.write on the owning
# thread, or (in the desktop app) a function that hands the work to the database thread, so that
# threads waiting on the network or ranking matches never write themselves.
Writer = Callable[[Callable[["UnitOfWork"], Any]], Any]


class WrongThreadError(StoreError):
    """A write was attempted from a thread that does not own the store."""


def missing_heavy_indexes(store: StationStore) -> bool:
    with store.reader() as conn:
        cursor = cursor_of(conn)
        return not set(HEAVY_INDEXES) <= present(cursor)


class UnitOfWork:
    """One write transaction with the audit chain; rolled back unless ``commit()`` is called."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        # The hot write paths (registration, audit, outbox) use the DB-API cursor of the same
        # connection and transaction: SQLAlchemy's statement building costs ~5x the insert itself.
        self.cursor: Cursor = cursor_of(conn)
        self.audit = AuditChain(conn, self.cursor)
        self._committed = False

    def commit(self) -> None:
        self.conn.commit()
        self._committed = True


class StationStore:
    """An open, keyed station database. Close it when done."""

    def __repr__(self) -> str:
        return f"StationStore({self.path.name})"

    def __init__(self, path: Path, key: bytes, *, create: bool = False, engine: Engine | None = None) -> None:
        """Open (or with ``create=True`` make) the store at *path* with the raw data *key*.

        *engine* is for benchmarks only: they pass a plain-SQLite engine as the baseline.
        """
        self.path = Path(path)
        self.data_key = key  # needed to wrap it for a new user's slot; never logged or shown
        self.engine: Engine = engine if engine is not None else make_engine(self.path, key, create=create)
        self._writer: int | None = None
        self._lock = threading.Lock()
        self._query_hooks: list[Callable[[], None]] = []
        event.listen(self.engine, "before_cursor_execute", self._before_execute)
        with self.engine.connect() as conn:
            conn = conn.execution_options(xunren_write=True)
            migrate.upgrade(conn)
            conn.commit()
        if missing_heavy_indexes(self):
            with self.unit_of_work() as uow:  # a bulk import died half-way: finish its work
                ensure_heavy_indexes(uow.cursor)
                uow.commit()
            self._writer = None

    def _before_execute(self, *args: object, **kwargs: object) -> None:
        for hook in self._query_hooks:
            hook()

    def add_query_hook(self, hook: Callable[[], None]) -> None:
        """Call *hook* before every statement (tests use it to forbid queries on the GUI thread)."""
        self._query_hooks.append(hook)

    def claim_writer(self) -> None:
        """Make the calling thread the only one allowed to write from now on."""
        self._writer = threading.get_ident()

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        me = threading.get_ident()
        if self._writer is None:
            self._writer = me
        elif self._writer != me:
            raise WrongThreadError("writes must run on the store's owning thread")
        with self._lock, self.engine.connect() as conn:
            conn = conn.execution_options(xunren_write=True)
            conn.begin()  # BEGIN IMMEDIATE now, before the raw cursor writes anything
            uow = UnitOfWork(conn)
            try:
                yield uow
            finally:
                if not uow._committed:
                    conn.rollback()

    def write(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run *work* in one unit of work on this thread and commit: the plain :data:`Writer`."""
        with self.unit_of_work() as uow:
            result = work(uow)
            uow.commit()
        return result

    @contextmanager
    def reader(self) -> Iterator[Connection]:
        """A read-only snapshot (one transaction) on any thread."""
        with self.engine.connect() as conn:
            try:
                yield conn
            finally:
                conn.rollback()

    def raw_connection(self) -> PoolProxiedConnection:
        """The DB-API connection under a pooled connection, for backup and re-keying."""
        return self.engine.raw_connection()

    def close(self) -> None:
        self.engine.dispose()
