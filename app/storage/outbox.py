"""The outbox: every change to a record waits here until the server durably acknowledges it.

Entries are written in the same transaction as the change itself (SPEC.md sync contract), with a
client-generated change id that makes the server's apply idempotent.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Connection, func, select

from app.storage.audit import now_utc
from app.storage.tables import outbox

_INSERT = (
    "INSERT INTO outbox (change_id, record_type, record_id, base_revision, payload, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def enqueue(
    cursor: Any, record_type: str, record_id: str, base_revision: int, payload: dict[str, Any]
) -> str:
    """Queue one change inside the caller's transaction (the unit of work's cursor); returns its id."""
    change_id = str(uuid.uuid4())
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    cursor.execute(_INSERT, (change_id, record_type, record_id, base_revision, body, now_utc()))
    return change_id


def counts(conn: Connection) -> dict[str, int]:
    rows = conn.execute(select(outbox.c.state, func.count()).group_by(outbox.c.state)).all()
    return {str(state): int(n) for state, n in rows}
