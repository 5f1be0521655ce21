"""Backup to one encrypted file; setting a replaced station aside (the restore: app.services.restore)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from app.core.model import AccountRole
from app.services.errors import ServiceError
from app.services.paths import check_output
from app.services.session import Session
from app.storage import audit
from app.storage import backup as archive
from app.storage.files import SLOTS_FILE, STATION_FILES
from app.storage.station_repository import put_setting

LAST_BACKUP_AT = "backup.last_at"  # a setting in the store: when the last backup was written


def backup(session: Session, out: Path) -> int:
    """Write an encrypted backup of the whole station to *out*. Admin or supervisor. Audits ``backup``.

    The audit entry is written first, so the backup carries the record of its own making.
    """
    session.require(AccountRole.ADMIN, AccountRole.SUPERVISOR)
    check_output(session.data_dir, out)
    if not out.parent.is_dir():
        raise ServiceError("file_unwritable", path=str(out), why="folder does not exist")
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "backup", out.name)
        uow.commit()
    with session.store.reader() as conn:
        seq, head = audit.AuditChain(conn).head()
        from app.storage.station_repository import store_id

        sid = store_id(conn)
    slots = json.loads((session.data_dir / SLOTS_FILE).read_text("utf-8"))
    try:
        size = archive.write_backup(
            out,
            db_path=session.store.path,
            key=session.store.data_key,
            station_code=session.station.code,
            store_id=sid,
            created_at=dt.datetime.now(dt.UTC).isoformat(),
            keyslots=slots,
            audit_seq=seq,
            audit_hash=head,
        )
    except OSError as exc:
        raise ServiceError("file_unwritable", path=str(out), why=exc.strerror or type(exc).__name__) from None
    with session.store.unit_of_work() as uow:  # the 7-day warning counts from here
        put_setting(uow.conn, LAST_BACKUP_AT, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        uow.commit()
    return size


def set_aside(data_dir: Path, *, keep: tuple[str, ...] = ()) -> Path | None:
    """Move a station that a restore replaces into ``replaced-<UTC time>/`` beside it; the files
    named in *keep* (the lockout state) are copied aside and stay where they are.

    Nothing is deleted: the replaced store stays encrypted and can be restored by hand.
    """
    present = [name for name in STATION_FILES if (data_dir / name).exists()]
    if not present:
        return None
    folder = data_dir / f"replaced-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S.%fZ}"
    folder.mkdir(mode=0o700)
    for name in present:
        if name in keep:
            shutil.copy2(data_dir / name, folder / name)
        else:
            shutil.move(str(data_dir / name), str(folder / name))
    return folder
