"""Backup to one encrypted file, and a restore that checks everything before replacing anything."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from app.core.model import AccountRole
from app.services.errors import ServiceError
from app.services.paths import check_output, make_data_dir
from app.services.session import Session
from app.storage import audit
from app.storage import backup as archive
from app.storage.atomic import write_atomic
from app.storage.engine import StoreError
from app.storage.files import SLOTS_FILE, STATION_FILES
from app.storage.keyslots import BadPasswordError, KeySlotError, KeySlotFile, UnknownUserError
from app.storage.store import DB_FILE, StationStore


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
        return archive.write_backup(
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


def restore(path: Path, data_dir: Path, user: str, password: str) -> tuple[str, int]:
    """Check a backup (framing, hash, key, MAC, page HMACs, audit chain) and then install it.

    Into a new *data_dir*, or over the station already there: only after every check passed,
    the replaced station's files are moved aside (never deleted). Returns (station code, entries).
    """
    try:
        header, image = archive.read_backup(path)
    except archive.BackupError as exc:
        raise ServiceError("backup_bad", why=str(exc)) from None
    make_data_dir(data_dir)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=data_dir) as tmp:
        staging = Path(tmp)
        write_atomic(staging / SLOTS_FILE, json.dumps(header.keyslots).encode("utf-8"))
        try:
            keys = KeySlotFile.load(staging).unlock(user, password)
        except (BadPasswordError, UnknownUserError):
            raise ServiceError("bad_logon", left="-") from None
        except KeySlotError as exc:
            raise ServiceError("backup_bad", why=str(exc)) from None
        key = next((k for k in keys if archive.check_mac(header, k)), None)
        if key is None:
            raise ServiceError("backup_bad", why="signature does not match")
        write_atomic(staging / DB_FILE, image)
        try:
            archive.check_image(staging / DB_FILE, key)
            store = StationStore(staging / DB_FILE, key)
        except StoreError as exc:
            raise ServiceError("backup_bad", why=str(exc)) from None
        try:
            with store.reader() as conn:
                count, broken = audit.verify(conn)
                seq, head = audit.AuditChain(conn).head()
        finally:
            store.close()
        if broken is not None:
            raise ServiceError("backup_audit", seq=broken.seq)
        if (seq, head) != (header.audit_seq, header.audit_hash):
            raise ServiceError("backup_bad", why="audit chain head differs from the header")
        set_aside(data_dir)
        for name in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm"):
            if (staging / name).exists():
                shutil.move(str(staging / name), str(data_dir / name))
        shutil.move(str(staging / SLOTS_FILE), str(data_dir / SLOTS_FILE))
    return header.station_code, count


def set_aside(data_dir: Path) -> Path | None:
    """Move a station that a restore replaces into ``replaced-<UTC time>/`` beside it.

    Nothing is deleted: the replaced store stays encrypted and can be restored by hand.
    """
    present = [name for name in STATION_FILES if (data_dir / name).exists()]
    if not present:
        return None
    folder = data_dir / f"replaced-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
    folder.mkdir(mode=0o700)
    for name in present:
        shutil.move(str(data_dir / name), str(folder / name))
    return folder
