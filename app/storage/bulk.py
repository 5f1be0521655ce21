"""Bulk imports: the heavy indexes are dropped while rows stream in and built once at the end.

A random-key index costs about one page write per row when the batch is small against the table
(SQLCipher then encrypts each of those pages); building it once sorts instead. If a bulk import
dies half-way, the next open of the store rebuilds whatever index is missing.
"""

from __future__ import annotations

from app.storage.cursor import Cursor
from app.storage.tables import HEAVY_INDEXES


def present(cursor: Cursor) -> set[str]:
    rows = cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    return {str(r[0]) for r in rows}


def drop_heavy_indexes(cursor: Cursor) -> None:
    for name in HEAVY_INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {name}")


def ensure_heavy_indexes(cursor: Cursor) -> list[str]:
    """Build every heavy index that is missing; returns the names built."""
    missing = [name for name in HEAVY_INDEXES if name not in present(cursor)]
    for name in missing:
        cursor.execute(HEAVY_INDEXES[name])
    return missing
