"""A case's life after intake: review items, the conversation, revisions, closure (migration 0006).

Raw SQL on the unit of work's cursor for writes, inside the caller's transaction: a state change,
its review item, its thread entry, its outbox entry and its audit entry commit together.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.core.lifecycle import ClosureOutcome, ReviewKind, ThreadEvent
from app.core.model import Closure, FieldChange, Revision, ThreadEntry
from app.storage.cursor import Cursor, NamedRow, one


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """Something waiting for (or decided by) a supervisor."""

    id: int
    case_no: str
    kind: ReviewKind
    state: str  # waiting | approved | returned
    requested_by: str
    requested_at: str
    note: str
    outcome: ClosureOutcome | None
    decided_by: str | None
    comment: str | None


_ITEM_COLUMNS = "id, case_no, kind, state, requested_by, requested_at, note, outcome, decided_by, comment"


def _item(r: Sequence[Any]) -> ReviewItem:
    return ReviewItem(int(r[0]), r[1], ReviewKind(r[2]), r[3], r[4], r[5], r[6],
                      ClosureOutcome(r[7]) if r[7] else None, r[8], r[9])  # fmt: skip


def add_item(
    cursor: Cursor,
    case_no: str,
    kind: ReviewKind,
    requested_by: str,
    at: dt.datetime,
    note: str = "",
    outcome: ClosureOutcome | None = None,
) -> int:
    row = one(
        cursor.execute(
            "INSERT INTO review_items (case_no, kind, state, requested_by, requested_at, note, outcome)"
            " VALUES (?, ?, 'waiting', ?, ?, ?, ?) RETURNING id",
            (case_no, kind.value, requested_by, _utc(at), note, outcome.value if outcome else None),
        )
    )
    return int(row[0])


def waiting_for(cursor: Cursor, case_no: str) -> list[ReviewItem]:
    """The items that wait for *case_no* (a registration and a void request may wait together)."""
    rows = cursor.execute(
        f"SELECT {_ITEM_COLUMNS} FROM review_items WHERE case_no = ? AND state = 'waiting' ORDER BY id",
        (case_no,),
    ).fetchall()
    return [_item(r) for r in rows]


def item_by_id(cursor: Cursor, item_id: int) -> ReviewItem | None:
    row = cursor.execute(f"SELECT {_ITEM_COLUMNS} FROM review_items WHERE id = ?", (item_id,)).fetchone()
    return None if row is None else _item(row)


def waiting_items(conn: Connection, limit: int = 100_000) -> list[ReviewItem]:
    """Every waiting item, oldest first."""
    rows = conn.exec_driver_sql(
        f"SELECT {_ITEM_COLUMNS} FROM review_items WHERE state = 'waiting' ORDER BY id LIMIT ?", (limit,)
    ).all()
    return [_item(r) for r in rows]


def decide_item(
    cursor: Cursor, item_id: int, state: str, by: str, at: dt.datetime, comment: str | None
) -> None:
    cursor.execute(
        "UPDATE review_items SET state = ?, decided_by = ?, decided_at = ?, comment = ? WHERE id = ?",
        (state, by, _utc(at), comment, item_id),
    )


def add_thread(
    cursor: Cursor, case_no: str, at: dt.datetime, actor: str, event: ThreadEvent, text: str = ""
) -> None:
    cursor.execute(
        "INSERT INTO case_thread (case_no, at, actor, event, text) VALUES (?, ?, ?, ?, ?)",
        (case_no, _utc(at), actor, event.value, text),
    )


def thread_of(conn: Connection, case_no: str) -> tuple[ThreadEntry, ...]:
    rows = conn.exec_driver_sql(
        "SELECT at, actor, event, text FROM case_thread WHERE case_no = ? ORDER BY id", (case_no,)
    ).all()
    return tuple(ThreadEntry(_parse(r[0]), r[1], ThreadEvent(r[2]), r[3]) for r in rows)


def add_revision(
    cursor: Cursor,
    case_no: str,
    revision: int,
    at: dt.datetime,
    actor: str,
    reason: str,
    changes: list[FieldChange],
) -> None:
    body = json.dumps(
        [{"path": c.path, "before": c.before, "after": c.after} for c in changes],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    cursor.execute(
        "INSERT INTO case_revisions (case_no, revision, at, actor, reason, changes) VALUES (?, ?, ?, ?, ?, ?)",
        (case_no, revision, _utc(at), actor, reason, body),
    )


def revisions_of(conn: Connection, case_no: str) -> tuple[Revision, ...]:
    rows = conn.exec_driver_sql(
        "SELECT revision, at, actor, reason, changes FROM case_revisions WHERE case_no = ? ORDER BY id",
        (case_no,),
    ).all()
    return tuple(
        Revision(int(r[0]), _parse(r[1]), r[2], r[3],
                 tuple(FieldChange(c["path"], c["before"], c["after"]) for c in json.loads(r[4])))
        for r in rows
    )  # fmt: skip


def closure_of(row: NamedRow) -> Closure | None:
    """The closure of a cases row (None while the case is not closed)."""
    if not row.closure_outcome or not row.closed_at:
        return None
    return Closure(ClosureOutcome(row.closure_outcome), row.closure_reason or "", _parse(row.closed_at),
                   row.closed_by or "")  # fmt: skip


def set_closure(
    cursor: Cursor,
    case_no: str,
    outcome: ClosureOutcome | None,
    reason: str | None,
    at: dt.datetime | None,
    by: str | None,
) -> None:
    cursor.execute(
        "UPDATE cases SET closure_outcome = ?, closure_reason = ?, closed_at = ?, closed_by = ? WHERE case_no = ?",
        (outcome.value if outcome else None, reason, _utc(at) if at else None, by, case_no),
    )


def sync_view(cursor: Cursor, case_no: str) -> dict[str, Any]:
    """The life of a case as the case record carries it to the server: its closure, thread and
    revisions (who changed which fields, when and why: the values travel in the document)."""
    row = cursor.execute(
        "SELECT closure_outcome, closure_reason, closed_at, closed_by FROM cases WHERE case_no = ?",
        (case_no,),
    ).fetchone()
    thread = cursor.execute(
        "SELECT at, actor, event, text FROM case_thread WHERE case_no = ? ORDER BY id", (case_no,)
    ).fetchall()
    revisions = cursor.execute(
        "SELECT revision, at, actor, reason, changes FROM case_revisions WHERE case_no = ? ORDER BY id",
        (case_no,),
    ).fetchall()
    closure = None
    if row is not None and row[0]:
        closure = {"outcome": row[0], "reason": row[1] or "", "closed_at": row[2], "approved_by": row[3]}
    return {
        "closure": closure,
        "thread": [{"at": t[0], "by": t[1], "event": t[2], "text": t[3]} for t in thread],
        "revisions": [
            {
                "revision": r[0],
                "at": r[1],
                "by": r[2],
                "reason": r[3],
                "fields": [c["path"] for c in json.loads(r[4])],
            }
            for r in revisions
        ],
    }
