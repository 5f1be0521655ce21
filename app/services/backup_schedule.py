"""Scheduled backups: to a folder an administrator chooses, daily unless told otherwise, and a
warning wherever the station is looked at when the last backup is more than 7 days old.

The schedule lives in the store's settings (``backup.folder``, ``backup.every_days``); every
backup, by hand or scheduled, records ``backup.last_at``. The desktop app runs what is due
(:func:`run_due`) on its database thread once an hour while it is open; a station used only from
the command line can have the operating system's scheduler run ``xunren backup FOLDER``.
Backups are the same encrypted files as ``xunren backup`` writes (0600); none is ever deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.core.model import AccountRole
from app.services.backup import LAST_BACKUP_AT, backup
from app.services.errors import ServiceError
from app.services.paths import check_output
from app.services.session import Session
from app.storage import station_repository as stations

FOLDER, EVERY_DAYS, LAST_AT = "backup.folder", "backup.every_days", LAST_BACKUP_AT
DEFAULT_EVERY_DAYS = 1
WARN_AFTER = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class BackupStatus:
    """Where scheduled backups go, how often, the last one, and whether to warn."""

    folder: str | None
    every_days: int
    last_at: str | None  # UTC ISO 8601
    due: bool  # a scheduled backup should run now
    overdue: bool  # no backup for more than 7 days (or never): warn

    def days_since(self, now: dt.datetime | None = None) -> int | None:
        if self.last_at is None:
            return None
        return ((now or dt.datetime.now(dt.UTC)) - dt.datetime.fromisoformat(self.last_at)).days


def status(session: Session, now: dt.datetime | None = None) -> BackupStatus:
    """The schedule and the last backup. Reads only; any thread with a reader."""
    now = now or dt.datetime.now(dt.UTC)
    with session.store.reader() as conn:
        folder = stations.get_setting(conn, FOLDER)
        every = int(stations.get_setting(conn, EVERY_DAYS) or DEFAULT_EVERY_DAYS)
        last = stations.get_setting(conn, LAST_AT)
    age = None if last is None else now - dt.datetime.fromisoformat(last)
    due = folder is not None and (age is None or age >= dt.timedelta(days=every) - dt.timedelta(minutes=30))
    return BackupStatus(folder, every, last, due, age is None or age > WARN_AFTER)


def choose_folder(session: Session, folder: Path, every_days: int = DEFAULT_EVERY_DAYS) -> None:
    """Where scheduled backups go (an existing folder outside the data folder) and how often
    (1–7 days). Admin only. Audits ``backup.schedule``."""
    session.require(AccountRole.ADMIN)
    folder = Path(folder)
    if not folder.is_dir():
        raise ServiceError("file_unwritable", path=str(folder), why="folder does not exist")
    check_output(session.data_dir, folder / "x.xrb")
    if not 1 <= every_days <= 7:
        raise ServiceError("backup_every", days=every_days)
    with session.store.unit_of_work() as uow:
        stations.put_setting(uow.conn, FOLDER, str(folder.resolve()))
        stations.put_setting(uow.conn, EVERY_DAYS, str(every_days))
        uow.audit.record(
            session.user, "backup.schedule", str(folder.resolve()), detail=f"every_days={every_days}"
        )
        uow.commit()


def back_up_into(session: Session, folder: Path, now: dt.datetime | None = None) -> Path:
    """A backup into *folder* named after the station and the UTC time; records the time."""
    now = now or dt.datetime.now(dt.UTC)
    target = Path(folder) / f"xunren-{session.station.code}-{now:%Y%m%dT%H%M%SZ}.xrb"
    backup(session, target)
    return target


def run_due(session: Session, now: dt.datetime | None = None) -> Path | None:
    """Write the scheduled backup when one is due; None when not (or no folder is chosen).
    On the store's owning thread (the desktop's database worker)."""
    state = status(session, now)
    if not state.due or state.folder is None:
        return None
    return back_up_into(session, Path(state.folder), now)
