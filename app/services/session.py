"""Setting up a station, logging on and holding the open store for one user.

A logon checks the lock first (a locked account is refused even with the right password), then
unwraps the user's key slot, opens the encrypted store, and writes the logon, together with any
failed attempts counted while the store was closed, into the audit chain.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.core import regions, words
from app.core.model import AccountRole, StationInfo
from app.services.errors import ServiceError
from app.services.paths import default_data_dir as default_data_dir
from app.services.paths import discard_unfinished_init, has_station, make_data_dir, mark_init
from app.storage import station_repository as stations
from app.storage.engine import StoreMissingError, WrongKeyError
from app.storage.keyslots import (
    BadPasswordError,
    KeySlotError,
    KeySlotFile,
    SlotFileMissingError,
    UnknownUserError,
)
from app.storage.logon_guard import LogonGuard
from app.storage.rekey import open_with_candidates
from app.storage.store import DB_FILE, StationStore

MIN_PASSWORD = 10
MAX_FAILURES = 5
_USERNAME = re.compile(r"^[\w.\-\u3400-\u9fff]{1,32}$")


@dataclass
class Session:
    """An open station store and the user working in it. Close it when done."""

    data_dir: Path
    store: StationStore
    user: str
    role: AccountRole
    station: StationInfo
    lang: str = "zh_CN"
    recovery_key: str | None = field(default=None, repr=False)

    def require(self, *roles: AccountRole) -> None:
        if self.role not in roles:
            raise ServiceError(
                "forbidden",
                roles=(
                    "或".join(words.both(r)[0] for r in roles),
                    " or ".join(words.both(r)[1] for r in roles),
                ),
            )

    def close(self) -> None:
        self.store.close()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ServiceError("password_short", min=MIN_PASSWORD)


def check_username(name: str) -> None:
    if not _USERNAME.match(name) or name.startswith("__"):
        raise ServiceError("bad_username")


def check_station_code(code: str) -> None:
    from app.core.problems import InvalidInput, Problem

    if not (len(code) == 9 and code.isdigit() and regions.is_place(code[:6])):
        raise InvalidInput([Problem("station_code", "station_code")])


def check_station_details(phone: str, address: str) -> tuple[str, str]:
    """The station's phone (printed for the family to call) and address, checked and trimmed."""
    from app.core.field_checks import PHONE_PATTERN
    from app.core.problems import InvalidInput, Problem

    number, place = phone.strip(), address.strip()
    if number and not PHONE_PATTERN.match(number):
        raise InvalidInput([Problem("phone", "phone")])
    if len(place) > 200 or any(ch in place for ch in "\r\n\t"):
        raise InvalidInput([Problem("address", "too_long", {"max": 200})])
    return number, place


def init_station(
    data_dir: Path,
    station_code: str,
    station_name: str,
    admin: str,
    password: str,
    *,
    lang: str = "zh_CN",
    phone: str = "",
    address: str = "",
    crash: Callable[[str], None] = lambda _step: None,
) -> Session:
    """Create the store, the admin's key slot and the recovery slot. Audits ``station.init``.

    All or nothing: a marker is written before the first file and lifted after the last commit,
    so an init that failed or was killed part-way leaves no station (``has_station`` is false)
    and running init again clears what it left. *crash* is the tests' hook, called after each
    step. The session's ``recovery_key`` is the only time the recovery key exists in readable form.
    """
    check_station_code(station_code)
    phone, address = check_station_details(phone, address)
    if not station_name.strip():
        from app.core.problems import InvalidInput, Problem

        raise InvalidInput([Problem("station_name", "empty_text")])
    check_username(admin)
    check_password(password)
    if has_station(data_dir):
        raise ServiceError("station_exists")
    make_data_dir(data_dir)
    discard_unfinished_init(data_dir)
    mark_init(data_dir, done=False)
    store: StationStore | None = None
    try:
        crash("marked")
        data_key = secrets.token_bytes(32)
        slots, recovery_key = KeySlotFile.create(data_dir, station_code, admin, password, data_key=data_key)
        crash("slots")
        info = StationInfo(code=station_code, name=station_name.strip(), phone=phone, address=address)
        store = StationStore(data_dir / DB_FILE, data_key, create=True)
        crash("store")
        with store.unit_of_work() as uow:
            stations.create_station(uow.conn, info, slots.store_id)
            stations.add_account(uow.conn, admin, AccountRole.ADMIN, admin)
            uow.audit.record(admin, "station.init", station_code)
            uow.audit.record(admin, "user.add", admin, detail="role=admin")
            uow.commit()
        crash("committed")
    except BaseException:
        if store is not None:
            store.close()
        discard_unfinished_init(data_dir)  # a failure leaves nothing; a kill leaves the marker
        raise
    mark_init(data_dir, done=True)
    crash("done")
    session = Session(data_dir, store, admin, AccountRole.ADMIN, info, lang)
    session.recovery_key = recovery_key
    return session


def logon(data_dir: Path, user: str, password: str, *, lang: str = "zh_CN") -> Session:
    """Open the station as *user*. Refused when locked; failures are counted outside the store."""
    db_path = data_dir / DB_FILE
    if not has_station(data_dir):
        raise ServiceError("no_station", path=str(data_dir))
    try:
        slots = KeySlotFile.load(data_dir)
    except SlotFileMissingError:
        raise ServiceError("slots_missing") from None
    except KeySlotError:
        raise ServiceError("slots_damaged") from None
    if not db_path.exists():
        raise ServiceError("database_missing")
    guard = LogonGuard(data_dir)
    with guard.attempt():  # one attempt at a time across processes: check, derive, count
        keys = _try_password(guard, slots, user, password)
        missed = guard.record_success(user)
    try:
        probe, key = open_with_candidates(db_path, keys, slots)
        probe.close()
        store = StationStore(db_path, key)
    except StoreMissingError:
        raise ServiceError("database_missing") from None
    except WrongKeyError:
        raise ServiceError("database_damaged") from None
    with store.reader() as conn:
        account = stations.get_account(conn, user)
        info = stations.load_station(conn)
    if account is None or account.removed_at is not None:
        store.close()
        guard.record_failure(user)
        raise ServiceError("bad_logon", left=0)
    strengthened = _strengthen(slots, user, password)
    with store.unit_of_work() as uow:
        if strengthened:
            uow.audit.record(user, "keyslot.strengthen", user, detail="cost=calibrated")
        for failure in missed:
            when = failure.at.isoformat(timespec="microseconds").replace("+00:00", "Z")
            uow.audit.record(user, "logon", user, "failed", detail=f"reason={failure.reason}", at=when)
        uow.audit.record(user, "logon", user, "ok")
        uow.commit()
    return Session(data_dir, store, user, account.role, info, lang)


def _strengthen(slots: KeySlotFile, user: str, password: str) -> bool:
    """Re-seal a slot made with the test-only cost at the calibrated one (a station that once ran
    under the test switch never keeps a weak slot). Another program's change to the file at this
    moment leaves it for the next logon."""
    try:
        return slots.strengthen(user, password)
    except KeySlotError:
        return False


def _try_password(guard: LogonGuard, slots: KeySlotFile, user: str, password: str) -> list[bytes]:
    """The data keys *user*'s password opens, counting a wrong one; the caller holds the lock."""
    if guard.check(user).locked:
        raise ServiceError("locked")
    try:
        return slots.unlock(user, password)
    except (BadPasswordError, UnknownUserError):
        status = guard.record_failure(user)
        if status.locked:
            raise ServiceError("locked") from None
        raise ServiceError("bad_logon", left=max(0, MAX_FAILURES - status.recent_failures)) from None
    except KeySlotError:
        raise ServiceError("slots_damaged") from None  # an altered user list: not the password's fault


def lock(session: Session) -> None:
    """Record that the screen was locked (by the user or after inactivity). Audits ``screen.lock``."""
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "screen.lock", session.user)
        uow.commit()


def unlock(session: Session, password: str) -> None:
    """Unlock a locked screen with the user's password, under the same lockout rules as logon.

    Checks the password against the user's key slot without reopening the store. Audits
    ``screen.unlock`` (success or failure). Raises ServiceError("bad_logon"/"locked").
    """
    guard = LogonGuard(session.data_dir)
    with guard.attempt():
        try:
            slots = KeySlotFile.load(session.data_dir)
        except KeySlotError:
            raise ServiceError("slots_damaged") from None
        try:
            _try_password(guard, slots, session.user, password)
        except ServiceError as exc:
            if exc.key in ("bad_logon", "locked"):
                with session.store.unit_of_work() as uow:
                    uow.audit.record(session.user, "screen.unlock", session.user, "failed")
                    uow.commit()
            raise
        guard.record_success(session.user)
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "screen.unlock", session.user)
        uow.commit()


def lockout_status(session: Session, user: str) -> bool:
    """Whether *user* is locked out now (for the accounts list)."""
    return LogonGuard(session.data_dir).check(user).locked
