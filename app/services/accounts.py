"""Accounts: adding users, lifting a lockout, removing a user (which rotates the data key),
roles, passwords, the officer's name and badge number, and the station's phone and address.

Admin actions, audited with who did what to whom, except that every user changes their own
password and their own name; no password ever reaches the audit log. Run on the store's owning
thread.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.model import AccountRole
from app.services.errors import ServiceError
from app.services.session import Session, check_password, check_station_details, check_username
from app.storage import station_repository as stations
from app.storage.keyslots import BadPasswordError, KeySlotFile
from app.storage.logon_guard import LogonGuard
from app.storage.rekey import rotate_data_key
from app.storage.store import DB_FILE, StationStore

MAX_DETAIL = 64


def check_details(full_name: str, badge: str) -> tuple[str, str]:
    """An officer's full name and badge number, trimmed; refused when too long or multi-line."""
    name, number = full_name.strip(), badge.strip()
    for value in (name, number):
        if len(value) > MAX_DETAIL or any(ch in value for ch in "\r\n\t"):
            raise ServiceError("user_name_long", max=MAX_DETAIL)
    return name, number


def add_user(
    session: Session, name: str, role: AccountRole, password: str, *, full_name: str = "", badge: str = ""
) -> None:
    """Create an account and its key slot (a removed user's name may be added again, with a new
    slot). Admin only. Audits ``user.add``."""
    session.require(AccountRole.ADMIN)
    check_username(name)
    check_password(password)
    full_name, badge = check_details(full_name, badge)
    with session.store.reader() as conn:
        existing = stations.get_account(conn, name)
    if existing is not None and existing.removed_at is None:
        raise ServiceError("user_exists", user=name)
    slots = KeySlotFile.load(session.data_dir)
    if name in slots.users():
        raise ServiceError("user_exists", user=name)
    key = _current_key(session, slots)
    with session.store.unit_of_work() as uow:
        if existing is None:
            stations.add_account(uow.conn, name, role, session.user, full_name=full_name, badge=badge)
            uow.audit.record(session.user, "user.add", name, detail=f"role={role.value}")
        else:
            # A removed name comes back with a new slot; the old slot was dropped, and the data
            # key rotated, when it was removed, so nothing made before opens anything now.
            stations.readmit_account(uow.conn, name, role, session.user, full_name=full_name, badge=badge)
            uow.audit.record(session.user, "user.add", name, detail=f"role={role.value} re-added")
        # The slot is written before the commit: a crash in between leaves a slot without an
        # account, which cannot log on (logon checks the account) and is re-made by a retry.
        slots.add_user(name, password, key)
        uow.commit()


def unlock_user(session: Session, name: str) -> None:
    """Lift a lockout after failed logons. Admin only. Audits ``user.unlock``."""
    session.require(AccountRole.ADMIN)
    with session.store.reader() as conn:
        if stations.get_account(conn, name) is None:
            raise ServiceError("user_unknown", user=name)
    LogonGuard(session.data_dir).unlock(name)
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "user.unlock", name)
        uow.commit()


def remove_user(session: Session, name: str) -> None:
    """Remove an account and rotate the data key so the removed user's old slot opens nothing.

    Admin only. Audits ``user.remove`` and ``store.rekey``. Crash-safe: see app.storage.rekey.
    """
    session.require(AccountRole.ADMIN)
    if name == session.user:
        raise ServiceError("user_self")
    with session.store.reader() as conn:
        account = stations.get_account(conn, name)
        admins = [a for a in stations.list_accounts(conn) if a.role is AccountRole.ADMIN and not a.removed_at]
    if account is None or account.removed_at is not None:
        raise ServiceError("user_unknown", user=name)
    if account.role is AccountRole.ADMIN and len(admins) <= 1:
        raise ServiceError("last_admin")
    slots = KeySlotFile.load(session.data_dir)
    new_key: bytes | None = None
    if name in slots.users():
        # Rotate first (the store must be closed: re-keying takes the exclusive lock), then
        # record the removal; a crash in between leaves the account listed but unable to log
        # on, and running the command again completes it.
        current = _current_key(session, slots)
        session.store.close()
        try:
            new_key = rotate_data_key(session.data_dir / DB_FILE, slots, current, name)
        finally:
            session.store = StationStore(session.data_dir / DB_FILE, new_key or current)
    with session.store.unit_of_work() as uow:
        stations.mark_removed(uow.conn, name)
        uow.audit.record(session.user, "user.remove", name)
        if new_key is not None:
            uow.audit.record(session.user, "store.rekey", "", detail=f"removed={name}")
        uow.commit()


def _current_key(session: Session, slots: KeySlotFile) -> bytes:
    return session.store.data_key


def list_users(session: Session) -> list[stations.Account]:
    """Every account, removed ones included (they stay in the record), by name."""
    with session.store.reader() as conn:
        return stations.list_accounts(conn)


def _live_account(session: Session, name: str) -> stations.Account:
    with session.store.reader() as conn:
        account = stations.get_account(conn, name)
    if account is None or account.removed_at is not None:
        raise ServiceError("user_unknown", user=name)
    return account


def change_password(session: Session, current: str, new: str) -> None:
    """The logged-on user changes their own password (the current one proves it is them).
    Audits ``user.passwd``."""
    check_password(new)
    slots = KeySlotFile.load(session.data_dir)
    try:
        slots.set_password(session.user, current, new)
    except BadPasswordError:
        raise ServiceError("password_wrong") from None
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "user.passwd", session.user)
        uow.commit()


def reset_password(session: Session, name: str, new: str) -> None:
    """An admin sets a new password for another user (who forgot theirs); their lockout is lifted.
    Audits ``user.reset_password``."""
    session.require(AccountRole.ADMIN)
    _live_account(session, name)
    check_password(new)
    slots = KeySlotFile.load(session.data_dir)
    if name in slots.users():
        slots.reset_password(name, new, session.store.data_key)
    else:  # an account that never had a key slot (a demo account) gets one: it can log on now
        slots.add_user(name, new, session.store.data_key)
    LogonGuard(session.data_dir).unlock(name)
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "user.reset_password", name)
        uow.commit()


def set_role(session: Session, name: str, role: AccountRole) -> None:
    """An admin changes a user's role; never their own, never the last admin's. Audits ``user.role``."""
    session.require(AccountRole.ADMIN)
    if name == session.user:
        raise ServiceError("role_self")
    account = _live_account(session, name)
    with session.store.unit_of_work() as uow:
        admins = [
            a for a in stations.list_accounts(uow.conn) if a.role is AccountRole.ADMIN and not a.removed_at
        ]
        if account.role is AccountRole.ADMIN and role is not AccountRole.ADMIN and len(admins) <= 1:
            raise ServiceError("last_admin")
        stations.set_role(uow.conn, name, role)
        uow.audit.record(session.user, "user.role", name, detail=f"{account.role.value}->{role.value}")
        uow.commit()


def set_details(session: Session, name: str, full_name: str, badge: str) -> None:
    """The officer's full name and badge number, as forms print them: by the user themselves or an
    admin. Audits ``user.details``."""
    if name != session.user:
        session.require(AccountRole.ADMIN)
    _live_account(session, name)
    full, number = check_details(full_name, badge)
    with session.store.unit_of_work() as uow:
        stations.set_details(uow.conn, name, full, number)
        uow.audit.record(session.user, "user.details", name)
        uow.commit()


def set_station_details(session: Session, phone: str, address: str) -> None:
    """The station's phone and address, printed on every form. Admin only. Audits ``station.update``."""
    session.require(AccountRole.ADMIN)
    checked_phone, checked_address = check_station_details(phone, address)
    with session.store.unit_of_work() as uow:
        stations.update_station(uow.conn, phone=checked_phone, address=checked_address)
        uow.audit.record(session.user, "station.update", session.station.code)
        uow.commit()
    session.station = replace(session.station, phone=checked_phone, address=checked_address)
