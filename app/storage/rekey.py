"""Rotating the data key (``user remove``) so that a crash at any instant leaves an openable store.

The protocol, and why each crash point is safe:

1. ``slots.begin_rotation``: remaining slots carry wraps of the new key *and* the current key;
   the removed user's slot is gone. Crash here: the database still uses the current key, which
   every remaining user still unwraps; :func:`open_with_candidates` rolls the rotation forward.
2. ``PRAGMA rekey`` in WAL mode. SQLCipher rewrites every page inside ONE write transaction, so
   the new-key pages become visible only with the WAL commit frame: a crash before it leaves
   uncommitted frames that recovery ignores (old key opens); a crash after it leaves the new key
   in force. Checkpoint (TRUNCATE) before and after, so old-key pages do not linger on disk.
3. ``slots.finish_rotation`` drops the old wraps. Crash before it: the newest candidate opens the
   database and :func:`open_with_candidates` finishes the job.

The rekey needs the only connection to the file: another connection still holding the old key
would write old-key pages into a new-key database. It takes SQLite's exclusive lock first.
"""

from __future__ import annotations

import os
import secrets
import signal
from pathlib import Path

import sqlcipher3

from app.storage.cursor import RawConnection
from app.storage.engine import KEY_BYTES, StoreError, WrongKeyError, connect_raw
from app.storage.keyslots import KeySlotFile

# Test hook: XUNREN_TEST_CRASH_AT=<step> kills the process at that step (crash-safety tests only).
CRASH_ENV = "XUNREN_TEST_CRASH_AT"
STEPS = ("before_begin", "after_begin", "before_rekey", "after_rekey", "after_checkpoint", "after_finish")


class RekeyError(StoreError):
    """The data key could not be rotated now; the store is still consistent and openable."""


def _crash_point(step: str, crash_at: str | None) -> None:
    if (crash_at or os.environ.get(CRASH_ENV)) == step:
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no flush: a real power cut
        os._exit(137)


def _literal(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise RekeyError("data key has the wrong length")
    return f"\"x'{key.hex()}'\""


def _exclusive(path: Path, key: bytes) -> RawConnection:
    """A connection holding SQLite's exclusive lock on the store, or :class:`RekeyError`."""
    conn = connect_raw(path, key)
    try:
        conn.execute("PRAGMA busy_timeout = 3000")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlcipher3.OperationalError as exc:
        conn.close()
        raise RekeyError("the store is open elsewhere: close other windows and try again") from exc
    return conn


def _rekey_locked(conn: RawConnection, path: Path, new_key: bytes, crash_at: str | None) -> None:
    """PRAGMA rekey on an exclusively held connection, then prove the new key opens the file."""
    _crash_point("before_rekey", crash_at)
    conn.execute(f"PRAGMA rekey = {_literal(new_key)}")
    _crash_point("after_rekey", crash_at)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _crash_point("after_checkpoint", crash_at)
    conn.close()
    try:
        connect_raw(path, new_key).close()
    except WrongKeyError as exc:
        raise RekeyError("the database did not take the new key; it still opens with the old one") from exc


def rotate_data_key(
    db_path: Path,
    slots: KeySlotFile,
    current_key: bytes,
    remove_user: str | None,
    *,
    crash_at: str | None = None,
) -> bytes:
    """Replace the data key (dropping *remove_user*'s slot if given); return the new key.

    Every other connection to the store must be closed first (:class:`RekeyError` otherwise,
    with nothing changed). *crash_at* (or ``XUNREN_TEST_CRASH_AT``) names a step of
    :data:`STEPS` at which the process kills itself: for crash-safety tests only.
    """
    conn = _exclusive(Path(db_path), current_key)
    try:
        _crash_point("before_begin", crash_at)
        new_key = secrets.token_bytes(KEY_BYTES)
        slots.begin_rotation(remove_user, new_key, current_key)
        _crash_point("after_begin", crash_at)
        _rekey_locked(conn, Path(db_path), new_key, crash_at)
    finally:
        conn.close()
    slots.finish_rotation(new_key)
    _crash_point("after_finish", crash_at)
    return new_key


def rekey_file(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Re-encrypt a database nobody else has open (a restore's staged copy) under *new_key*."""
    conn = _exclusive(Path(path), old_key)
    try:
        _rekey_locked(conn, Path(path), new_key, None)
    finally:
        conn.close()


def open_with_candidates(
    db_path: Path, keys: list[bytes], slots: KeySlotFile | None = None
) -> tuple[RawConnection, bytes]:
    """Open the store with the first candidate key that works; return ``(connection, key)``.

    *keys* come from :meth:`KeySlotFile.unlock`, newest first. With *slots* given, an interrupted
    rotation is completed: if the newest key opens the database the old wraps are dropped; if
    only an older key does, the rekey never committed, so it is redone (rolled forward) so the
    removed user's access really ends. If the store is busy elsewhere the roll-forward waits
    for a later logon and the old key serves meanwhile.
    """
    path = Path(db_path)
    if not keys:
        raise WrongKeyError("no data key to try")
    newest = keys[0]
    try:
        conn = connect_raw(path, newest)
    except WrongKeyError:
        conn = None
    if conn is not None:
        if slots is not None and slots.pending_rotation():
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # flush old-key frames left by a crash
                slots.finish_rotation(newest)
            except BaseException:
                conn.close()
                raise
        return conn, newest
    for older in keys[1:]:
        try:
            conn = connect_raw(path, older)
        except WrongKeyError:
            continue
        if slots is None or not slots.pending_rotation():
            return conn, older
        conn.close()
        try:
            locked = _exclusive(path, older)
            try:
                _rekey_locked(locked, path, newest, None)
            finally:
                locked.close()
        except RekeyError:
            return connect_raw(path, older), older
        slots.finish_rotation(newest)
        return connect_raw(path, newest), newest
    raise WrongKeyError(f"no candidate key opens {path.name}, or the file is damaged")
