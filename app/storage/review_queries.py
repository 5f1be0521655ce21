"""The review queue's reads: waiting review items with their case's line, and DNA re-checks (a
confirmed pair whose DNA "supports" waits for a second person). Raw SQL on the connection or the
unit of work's cursor; the queue of 1,000 items is two indexed reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from app.core.lifecycle import ClosureOutcome, ReviewKind
from app.core.review_desk import QueueItem, recheck_id
from app.storage.cursor import Cursor


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


_ITEMS = (
    "SELECT r.id, r.kind, r.case_no, r.requested_by, r.note, r.requested_at, c.names, c.type, r.outcome"
    " FROM review_items r JOIN cases c ON c.case_no = r.case_no WHERE r.state = 'waiting'"
    " ORDER BY r.id LIMIT ?"
)
_RECHECKS = (
    "SELECT m.id, m.missing_case, m.found_case, m.decided_by, m.decided_at, m.dna_verdict,"
    " COALESCE(c.names, ''), COALESCE(c.type, '') FROM match_candidates m"
    " LEFT JOIN cases c ON c.case_no = m.missing_case"
    " WHERE m.dna_recheck = 'pending' AND m.state = 'confirmed'"
)


def _item(r: Sequence[Any]) -> QueueItem:
    return QueueItem(str(r[0]), ReviewKind(r[1]), r[2], r[3], r[4], _parse(r[5]), r[6] or "", r[7] or "",
                     outcome=ClosureOutcome(r[8]) if r[8] else None)  # fmt: skip


def _recheck(r: Sequence[Any]) -> QueueItem:
    since = _parse(r[4]) if r[4] else dt.datetime.now(dt.UTC)
    reason = f"DNA: {r[5]}" if r[5] else "DNA"
    return QueueItem(recheck_id(int(r[0])), ReviewKind.DNA_RECHECK, r[1], r[3] or "", reason, since,
                     r[6], r[7], other_case=r[2])  # fmt: skip


def queue(conn: Connection, *, limit: int = 100_000) -> list[QueueItem]:
    """Every waiting item, oldest first."""
    items = [_item(r) for r in conn.exec_driver_sql(_ITEMS, (limit,)).all()]
    items += [_recheck(r) for r in conn.exec_driver_sql(_RECHECKS + " LIMIT ?", (limit,)).all()]
    items.sort(key=lambda i: i.waiting_since)
    return items[:limit]


def recheck_item(cursor: Cursor, pair_id: int) -> QueueItem | None:
    row = cursor.execute(_RECHECKS + " AND m.id = ?", (pair_id,)).fetchone()
    return None if row is None else _recheck(row)


def rechecks_of(cursor: Cursor, case_no: str) -> list[QueueItem]:
    rows = cursor.execute(
        _RECHECKS + " AND (m.missing_case = ? OR m.found_case = ?)", (case_no, case_no)
    ).fetchall()
    return [_recheck(r) for r in rows]


def finish_recheck(cursor: Cursor, pair_id: int, user: str, at: dt.datetime) -> None:
    cursor.execute(
        "UPDATE match_candidates SET dna_recheck = 'done', recheck_by = ?, recheck_at = ? WHERE id = ?",
        (user, _utc(at), pair_id),
    )


def waiting_count(conn: Connection) -> int:
    row = conn.exec_driver_sql("SELECT COUNT(*) FROM review_items WHERE state = 'waiting'").one()
    rechecks = conn.exec_driver_sql(
        "SELECT COUNT(*) FROM match_candidates WHERE dna_recheck = 'pending' AND state = 'confirmed'"
    ).one()
    return int(row[0]) + int(rechecks[0])
