"""Unsaved intake forms ("drafts"), one per owner and name, kept inside the encrypted store.

A draft is the form's JSON as the officer left it, valid or not; it survives a crash, a lock or
a closed dialog and is removed once the case it describes is registered. Raw SQL on the unit of
work's cursor (writes) or a reader connection (reads).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from app.storage.cursor import Cursor


@dataclass(frozen=True, slots=True)
class DraftRow:
    owner: str
    name: str
    content: str
    updated_at: str  # UTC, ISO 8601 with Z


def upsert(cursor: Cursor, owner: str, name: str, content: str, updated_at: str) -> None:
    """Insert or replace the draft *name* of *owner*."""
    cursor.execute(
        "INSERT INTO drafts (owner, name, content, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (owner, name) DO UPDATE SET content = excluded.content,"
        " updated_at = excluded.updated_at",
        (owner, name, content, updated_at),
    )


def delete(cursor: Cursor, owner: str, name: str) -> bool:
    """Remove one draft; True when there was one."""
    cursor.execute("DELETE FROM drafts WHERE owner = ? AND name = ?", (owner, name))
    return bool(cursor.rowcount)


def get(conn: Connection, owner: str, name: str) -> DraftRow | None:
    """The draft *name* of *owner*, or None."""
    row = conn.exec_driver_sql(
        "SELECT owner, name, content, updated_at FROM drafts WHERE owner = ? AND name = ?", (owner, name)
    ).first()
    return None if row is None else DraftRow(str(row[0]), str(row[1]), str(row[2]), str(row[3]))


def list_for(conn: Connection, owner: str) -> list[DraftRow]:
    """Every draft of *owner*, newest first."""
    rows = conn.exec_driver_sql(
        "SELECT owner, name, content, updated_at FROM drafts WHERE owner = ? ORDER BY updated_at DESC",
        (owner,),
    ).all()
    return [DraftRow(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]
