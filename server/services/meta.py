"""The server's epoch and clock, and the transaction runner every write goes through."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from server.storage.bulk import compiled_once
from server.storage.engine import new_epoch
from server.storage.tables import ServerMeta, utcnow

T = TypeVar("T")
_RETRYABLE_PG = {"40001", "40P01", "23505"}  # serialization failure, deadlock, unique race


def server_time() -> str:
    """Now in UTC, ISO 8601 with ``Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def current_epoch(session: Session) -> str:
    """The epoch: changes only when the database is marked restored from a backup."""
    rows = compiled_once(session, "meta.epoch", lambda: select(ServerMeta.epoch).where(ServerMeta.id == 1))
    ((epoch,),) = rows.rows(session)  # every push and pull page reads it
    return str(epoch)


def mark_restored(session: Session) -> str:
    """Give the database a new epoch after a restore, so every station resends what we lost.

    Run by ``xunren-server mark-restored`` right after restoring a backup; the caller commits.
    """
    epoch = new_epoch()
    session.execute(update(ServerMeta).where(ServerMeta.id == 1).values(epoch=epoch, changed_at=utcnow()))
    return epoch


def _retryable(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError):
        return True  # two requests raced on the same key; the retry sees the winner's rows
    code = getattr(exc.orig, "sqlstate", None)
    return code in _RETRYABLE_PG


def in_transaction(session: Session, work: Callable[[Session], T], attempts: int = 6) -> T:
    """Run ``work`` in one transaction and commit; on a race with another writer, roll back and
    run it again. Nothing is half-written: either the whole of ``work`` commits or nothing.

    A transaction the request already opened (the credential check) is carried on, so a push
    costs one transaction, not two.
    """
    for attempt in range(attempts):
        try:
            if not session.in_transaction():
                session.begin()
            result = work(session)
            session.commit()
            return result
        except DBAPIError as exc:
            session.rollback()
            if attempt == attempts - 1 or not _retryable(exc):
                raise
        except BaseException:
            session.rollback()
            raise
    raise AssertionError("unreachable")
