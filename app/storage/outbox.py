"""The outbox: every change to a record waits here until the server durably acknowledges it.

Entries are written in the same transaction as the change itself (SPEC.md sync contract), with a
client-generated change id that makes the server's apply idempotent.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from typing import Any

from sqlalchemy import Connection, func, select

from app.storage.audit import now_utc
from app.storage.cursor import Cursor
from app.storage.tables import outbox

_INSERT = (
    "INSERT INTO outbox (change_id, record_type, record_id, base_revision, payload, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def new_change_id() -> str:
    """A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits.

    Time-ordered ids append to the unique index instead of landing on random pages, which keeps a
    long queue cheap to write; 74 random bits keep them unique across stations.
    """
    millis = time.time_ns() // 1_000_000
    value = (millis & ((1 << 48) - 1)) << 80 | secrets.randbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return str(uuid.UUID(int=value))


def enqueue(
    cursor: Cursor, record_type: str, record_id: str, base_revision: int, payload: dict[str, Any]
) -> str:
    """Queue one change inside the caller's transaction (the unit of work's cursor); returns its id."""
    return enqueue_encoded(cursor, record_type, record_id, base_revision, encode(payload))


def enqueue_encoded(cursor: Cursor, record_type: str, record_id: str, base_revision: int, body: str) -> str:
    """:func:`enqueue` for a payload already encoded (a person resending a refused change's stored
    text: a change id's answer is final, so it goes again under a new id); returns the new id."""
    change_id = new_change_id()
    cursor.execute(_INSERT, (change_id, record_type, record_id, base_revision, body, now_utc()))
    return change_id


def encode(payload: dict[str, Any]) -> str:
    """A payload as the outbox stores it (compact JSON, Chinese kept as text)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


class OutboxBatch:
    """Many changes queued inside one transaction, written with one statement at ``flush``.

    Every entry of a batch carries the same creation time (one transaction, one moment); the
    change ids still order them as they were added.
    """

    def __init__(self, cursor: Cursor) -> None:
        self._cursor = cursor
        self._rows: list[tuple[str, str, str, int, str, str]] = []
        self._at = now_utc()

    def add(self, record_type: str, record_id: str, base_revision: int, body: str) -> str:
        """Queue one change whose payload is already encoded (:func:`encode`); returns its id."""
        change_id = new_change_id()
        self._rows.append((change_id, record_type, record_id, base_revision, body, self._at))
        return change_id

    def flush(self) -> None:
        if self._rows:
            self._cursor.executemany(_INSERT, self._rows)
            self._rows.clear()


def counts(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(outbox.c.state, func.count()).group_by(outbox.c.state)).all()
    return {str(state): int(n) for state, n in rows}
