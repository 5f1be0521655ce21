"""Opening the station's SQLCipher database.

Every connection is made by :func:`connect_raw`, which sets the raw 256-bit key *before* anything
else touches the file and then proves the key works (a non-empty ``cipher_version`` and a read of
``sqlite_master``). A wrong key, a truncated or damaged file, or a missing file never yields a new,
empty or plaintext database: SQLCipher would happily create one, so we refuse to connect to a path
that does not exist unless the caller says it is creating the store.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlcipher3
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool, StaticPool

from app.storage.cursor import Cursor, RawConnection

KEY_BYTES = 32
# Pages are cached in memory; a larger cache means fewer encrypt/decrypt round trips.
CACHE_KIB = 64 * 1024


STREAMING_CACHE_KIB = 4 * 1024
WAL_AUTOCHECKPOINT_PAGES = 4000


@contextmanager
def streaming_cache(cursor: Cursor) -> Iterator[None]:
    """Keep this connection's page cache small while *cursor* streams through a long table (the
    sync reading a million queued changes): memory stays flat, and the pages it will not read
    again do not push out the ones searches use. The usual cache size comes back afterwards."""
    cursor.execute(f"PRAGMA cache_size = -{STREAMING_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


class StoreError(Exception):
    """The encrypted store cannot be opened or used. The message never carries key material."""


class WrongKeyError(StoreError):
    """The key does not open the database, or the file is not a database of ours (damaged)."""


class StoreMissingError(StoreError):
    """The database file is missing where one is expected."""


def _key_literal(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise StoreError("data key has the wrong length")
    return f"\"x'{key.hex()}'\""


def owner_only(path: Path, *, create: bool = False) -> None:
    """Make the database file (and a WAL or shared-memory file beside it) readable by its owner
    only, whatever the umask. A new file is made 0600 before SQLite opens it; SQLite gives the
    WAL and shared-memory files it creates the database file's mode."""
    if create and not path.exists():
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for each in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        try:
            if each.stat().st_mode & 0o077:
                os.chmod(each, 0o600)
        except FileNotFoundError:
            continue


def connect_raw(
    path: Path, key: bytes, *, create: bool = False, check_same_thread: bool = False
) -> RawConnection:
    """A DB-API connection to the SQLCipher file at *path*, keyed and proven.

    ``create=True`` allows a new file; otherwise a missing file is :class:`StoreMissingError`.
    """
    path = Path(path)
    if not create:
        if not path.exists():
            raise StoreMissingError(f"database file not found: {path.name}")
        if path.stat().st_size == 0:
            raise WrongKeyError(f"database file is empty or truncated: {path.name}")
    owner_only(path, create=create)
    conn: RawConnection = sqlcipher3.connect(
        str(path), check_same_thread=check_same_thread, isolation_level=None
    )
    try:
        # SQLCipher logs decryption failures to stderr by default; a wrong key is our message to give.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_key_literal(key)}")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise StoreError("this SQLite build has no SQLCipher: refusing to write plaintext")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            raise WrongKeyError(f"the key does not open {path.name}, or the file is damaged") from exc
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
        if not mode or str(mode[0]).lower() != "wal":
            raise StoreError("could not switch the database to WAL mode")
        conn.execute("PRAGMA synchronous = FULL")
        # Every commit is still synced to the WAL (FULL); only the copy of WAL pages into the
        # database file waits for 16 MB instead of 4 MB, so an edit (about 17 pages) pays a
        # checkpoint a quarter as often and hot pages (the audit and outbox tails) are copied once.
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    except BaseException:
        conn.close()
        raise
    return conn


def check_integrity(conn: RawConnection) -> None:
    """Run SQLCipher's page HMAC check and SQLite's quick check; raise on any fault."""
    bad = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    if bad:
        raise WrongKeyError(f"encrypted pages failed their integrity check ({len(bad)} problems)")
    ok = conn.execute("PRAGMA quick_check").fetchone()
    if not ok or ok[0] != "ok":
        raise WrongKeyError("the database failed its consistency check")


def make_engine(path: Path, key: bytes, *, create: bool = False, single_connection: bool = False) -> Engine:
    """A SQLAlchemy engine whose every connection comes from :func:`connect_raw`.

    The first connection is made eagerly so that a wrong key fails here, not later.
    ``single_connection=True`` keeps one connection (the owning writer thread's); otherwise a
    small pool serves readers on other threads.
    """
    first = connect_raw(path, key, create=create)
    lock = threading.Lock()
    handed_out = [False]

    def creator() -> RawConnection:
        with lock:
            if not handed_out[0]:
                handed_out[0] = True
                return first
        return connect_raw(path, key)

    if single_connection:
        engine = create_engine("sqlite://", creator=creator, poolclass=StaticPool)
    else:
        # LIFO: the most recently used connection comes back first, its page cache warm.
        engine = create_engine(
            "sqlite://", creator=creator, poolclass=QueuePool, pool_size=4, max_overflow=4, pool_use_lifo=True
        )

    @event.listens_for(engine, "begin")
    def _begin_immediate(conn: Connection) -> None:
        # pysqlite's own transaction handling is off (isolation_level=None); writers take the
        # write lock up front so two writers never deadlock on a lock upgrade.
        writing = conn.get_execution_options().get("xunren_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine
