"""What a restore reads from the live station and from the backup, and writes into the restored
database: case numbers, change ids, the station's accounts (SQL for app.services.restore)."""

from __future__ import annotations

from dataclasses import dataclass

from app.storage.cursor import Cursor


@dataclass(frozen=True, slots=True)
class AccountRows:
    """Every row of ``accounts`` as stored, with its column names: carried whole into a restore."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def case_numbers(cursor: Cursor) -> set[str]:
    """Every case number in the register."""
    return {str(r[0]) for r in cursor.execute("SELECT case_no FROM cases").fetchall()}


def pending_change_ids(cursor: Cursor) -> set[str]:
    """The outbox changes the server has not taken yet (waiting, or refused and not settled)."""
    return {
        str(r[0])
        for r in cursor.execute(
            "SELECT change_id FROM outbox WHERE state IN ('waiting', 'refused')"
        ).fetchall()
    }


def change_ids(cursor: Cursor) -> set[str]:
    """Every change id in the outbox, whatever its state."""
    return {str(r[0]) for r in cursor.execute("SELECT change_id FROM outbox").fetchall()}


def account_rows(cursor: Cursor) -> AccountRows:
    """The accounts table as it is, every column (whatever the schema of this database)."""
    description = cursor.execute("SELECT * FROM accounts LIMIT 0").description or ()
    columns = tuple(str(d[0]) for d in description)
    rows = tuple(tuple(row) for row in cursor.execute("SELECT * FROM accounts").fetchall())
    return AccountRows(columns, rows)


def replace_accounts(cursor: Cursor, accounts: AccountRows) -> None:
    """Put *accounts* in place of every account this database has."""
    cursor.execute("DELETE FROM accounts")
    cols = ", ".join(accounts.columns)
    marks = ", ".join("?" * len(accounts.columns))
    for row in accounts.rows:
        cursor.execute(f"INSERT INTO accounts ({cols}) VALUES ({marks})", list(row))
