"""The recovery key in use: an administrator who forgot the password, or whom anyone at the
keyboard locked out, gets the station back (``xunren recover``, the logon window's "Forgot the
password? Use the recovery key").

The recovery key opens the store through the recovery slot; the administrator gets a new slot
under a new password; their lockout is lifted; and the recovery slot is re-issued under a new
key, shown once so that the recovery sheet can be printed again (the old sheet opens nothing
from then on). Everything is audited. Wrong recovery keys are counted for the audit but never
lock the recovery path: 145 random bits cannot be guessed, and locking it would lose the station.

Runs on the thread that will own the store (the CLI's main thread, the UI's database worker).
"""

from __future__ import annotations

from pathlib import Path

from app.core.model import AccountRole
from app.services.errors import ServiceError
from app.services.paths import has_station
from app.services.session import Session, check_password
from app.storage import station_repository as stations
from app.storage.engine import StoreMissingError, WrongKeyError
from app.storage.keyslots import (
    RECOVERY_USER,
    BadPasswordError,
    KeySlotError,
    KeySlotFile,
    SlotFileMissingError,
    new_recovery_key,
)
from app.storage.logon_guard import LogonGuard
from app.storage.rekey import open_with_candidates
from app.storage.store import DB_FILE, StationStore


def recover_admin(
    data_dir: Path, admin: str, recovery_key: str, new_password: str, *, lang: str = "zh_CN"
) -> Session:
    """Open the station with *recovery_key* and give *admin* (an administrator's account) the
    *new_password*; lift their lockout; re-issue the recovery slot.

    Returns the admin's session; its ``recovery_key`` holds the new key, the only time it exists
    in readable form. Audits ``recover`` (and earlier wrong recovery keys, ``user.unlock`` when a
    lock was lifted). Raises ServiceError for a wrong key, an account that is not an active
    administrator, a short password or a damaged station; nothing is changed then.
    """
    check_password(new_password)
    if not has_station(data_dir):
        raise ServiceError("no_station", path=str(data_dir))
    try:
        slots = KeySlotFile.load(data_dir)
    except SlotFileMissingError:
        raise ServiceError("slots_missing") from None
    except KeySlotError:
        raise ServiceError("slots_damaged") from None
    guard = LogonGuard(data_dir)
    with guard.attempt():
        try:
            keys = slots.unlock_recovery(recovery_key)
        except BadPasswordError as exc:
            guard.record_failure(RECOVERY_USER, "bad_recovery_key")
            typo = "typing error" in str(exc) or "8 groups" in str(exc)
            raise ServiceError("recovery_key_typo" if typo else "recovery_key_wrong") from None
        except KeySlotError:
            raise ServiceError("slots_damaged") from None
    db_path = data_dir / DB_FILE
    try:
        probe, key = open_with_candidates(db_path, keys, slots)
        probe.close()
        store = StationStore(db_path, key)
    except StoreMissingError:
        raise ServiceError("database_missing") from None
    except WrongKeyError:
        raise ServiceError("database_damaged") from None
    try:
        with store.reader() as conn:
            account = stations.get_account(conn, admin)
            info = stations.load_station(conn)
        if account is None or account.removed_at is not None or account.role is not AccountRole.ADMIN:
            raise ServiceError("recover_not_admin", user=admin)
        fresh = new_recovery_key()
        try:
            slots.recover(admin, new_password, fresh, key)
        except KeySlotError:
            raise ServiceError("slots_damaged") from None
        with guard.attempt():
            was_locked = guard.check(admin).locked
            guard.unlock(admin)
            guard.unlock(RECOVERY_USER)
            missed = guard.record_success(RECOVERY_USER) + guard.record_success(admin)
        with store.unit_of_work() as uow:
            for failure in missed:
                when = failure.at.isoformat(timespec="microseconds").replace("+00:00", "Z")
                action = "recover" if failure.user == RECOVERY_USER else "logon"
                uow.audit.record(
                    failure.user, action, admin, "failed", detail=f"reason={failure.reason}", at=when
                )
            if was_locked:
                uow.audit.record(admin, "user.unlock", admin, detail="by=recovery key")
            uow.audit.record(admin, "recover", admin, detail="password reset; recovery key re-issued")
            uow.commit()
    except BaseException:
        store.close()
        raise
    session = Session(data_dir, store, admin, AccountRole.ADMIN, info, lang)
    session.recovery_key = fresh
    return session
