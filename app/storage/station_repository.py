"""The station row, user accounts and settings kept inside the encrypted store."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from app.core.model import AccountRole, StationInfo
from app.storage.audit import now_utc
from app.storage.cursor import NamedRow
from app.storage.tables import accounts, settings, station


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    role: AccountRole
    created_at: str
    removed_at: str | None
    full_name: str = ""
    badge: str = ""

    def signature(self) -> str:
        """How a form names the officer: full name and badge number, else the logon name."""
        if self.full_name and self.badge:
            return f"{self.full_name}（{self.badge}）"
        return self.full_name or self.name


def create_station(conn: Connection, info: StationInfo, store_id: str) -> None:
    conn.execute(
        insert(station).values(
            id=1,
            code=info.code,
            name=info.name,
            phone=info.phone,
            address=info.address,
            store_id=store_id,
            created_at=now_utc(),
        )
    )


def load_station(conn: Connection) -> StationInfo:
    row = conn.execute(select(station)).one()
    return StationInfo(code=row.code, name=row.name, phone=row.phone, address=row.address)


def store_id(conn: Connection) -> str:
    return str(conn.execute(select(station.c.store_id)).scalar_one())


def update_station(conn: Connection, *, phone: str | None = None, address: str | None = None) -> None:
    values = {k: v for k, v in (("phone", phone), ("address", address)) if v is not None}
    if values:
        conn.execute(update(station).values(**values))


def add_account(
    conn: Connection, name: str, role: AccountRole, created_by: str, *, full_name: str = "", badge: str = ""
) -> None:
    conn.execute(
        insert(accounts).values(
            name=name,
            role=role.value,
            created_at=now_utc(),
            created_by=created_by,
            full_name=full_name,
            badge=badge,
        )
    )


def readmit_account(
    conn: Connection, name: str, role: AccountRole, by: str, *, full_name: str = "", badge: str = ""
) -> None:
    """A removed account's name in use again (its history stays in the audit chain)."""
    conn.execute(
        update(accounts)
        .where(accounts.c.name == name)
        .values(
            role=role.value,
            removed_at=None,
            created_at=now_utc(),
            created_by=by,
            full_name=full_name,
            badge=badge,
        )
    )


def _account(r: NamedRow) -> Account:
    return Account(r.name, AccountRole(r.role), r.created_at, r.removed_at, r.full_name, r.badge)


def get_account(conn: Connection, name: str) -> Account | None:
    row = conn.execute(select(accounts).where(accounts.c.name == name)).first()
    return None if row is None else _account(row)


def list_accounts(conn: Connection) -> list[Account]:
    rows = conn.execute(select(accounts).order_by(accounts.c.name)).all()
    return [_account(r) for r in rows]


def set_role(conn: Connection, name: str, role: AccountRole) -> None:
    conn.execute(update(accounts).where(accounts.c.name == name).values(role=role.value))


def set_details(conn: Connection, name: str, full_name: str, badge: str) -> None:
    conn.execute(update(accounts).where(accounts.c.name == name).values(full_name=full_name, badge=badge))


def mark_removed(conn: Connection, name: str) -> None:
    conn.execute(update(accounts).where(accounts.c.name == name).values(removed_at=now_utc()))


def get_setting(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
    return str(value) if value is not None else None


def put_setting(conn: Connection, key: str, value: str) -> None:
    existing = get_setting(conn, key)
    if existing is None:
        conn.execute(insert(settings).values(key=key, value=value))
    else:
        conn.execute(update(settings).where(settings.c.key == key).values(value=value))
