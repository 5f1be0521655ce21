"""Photos of the persons of a case: the scaled image and its thumbnail, as BLOBs in the store.

The store is SQLCipher, so the bytes are encrypted at rest like every other value. Raw SQL on
the unit of work's cursor (writes) or a reader connection (reads).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.storage.cursor import Cursor, inserted_id


@dataclass(frozen=True, slots=True)
class PhotoRow:
    """One stored photo; ``data`` is empty when only the listing was asked for."""

    id: int
    case_no: str
    person_position: int  # index in the case's persons; -1 for the reporter
    sha256: str
    mime: str
    width: int
    height: int
    thumbnail: bytes
    created_at: str
    created_by: str
    data: bytes = b""


def insert(
    cursor: Cursor,
    case_id: int,
    person_position: int,
    *,
    sha256: str,
    mime: str,
    width: int,
    height: int,
    data: bytes,
    thumbnail: bytes,
    created_at: str,
    created_by: str,
) -> int:
    """Store one photo; returns its id."""
    cursor.execute(
        "INSERT INTO photos (case_id, person_position, sha256, mime, width, height, data, thumbnail,"
        " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, person_position, sha256, mime, width, height, data, thumbnail, created_at, created_by),
    )
    return inserted_id(cursor)


def exists(cursor: Cursor, case_id: int, person_position: int, sha256: str) -> bool:
    """True when this very image is already stored for this person."""
    row = cursor.execute(
        "SELECT 1 FROM photos WHERE case_id = ? AND person_position = ? AND sha256 = ?",
        (case_id, person_position, sha256),
    ).fetchone()
    return row is not None


_COLUMNS = (
    "p.id, c.case_no, p.person_position, p.sha256, p.mime, p.width, p.height, p.thumbnail,"
    " p.created_at, p.created_by"
)


def _row(r: Sequence[Any], data: bytes = b"") -> PhotoRow:
    return PhotoRow(
        int(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]), int(r[5]), int(r[6]), bytes(r[7]),
        str(r[8]), str(r[9]), data,
    )  # fmt: skip


def list_for_case(conn: Connection, case_no: str) -> list[PhotoRow]:
    """Every photo of a case (thumbnails only), by person then in the order they were added."""
    rows = conn.exec_driver_sql(
        f"SELECT {_COLUMNS} FROM photos p JOIN cases c ON c.id = p.case_id"
        " WHERE c.case_no = ? ORDER BY p.person_position, p.id",
        (case_no,),
    ).all()
    return [_row(r) for r in rows]


def get(conn: Connection, photo_id: int) -> PhotoRow | None:
    """One photo with its full image."""
    r = conn.exec_driver_sql(
        f"SELECT {_COLUMNS}, p.data FROM photos p JOIN cases c ON c.id = p.case_id WHERE p.id = ?",
        (photo_id,),
    ).first()
    return None if r is None else _row(r, bytes(r[10]))
