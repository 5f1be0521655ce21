"""SQL for the missing-child alerts a station received (migration ``0018_alerts``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.storage.cursor import Cursor


@dataclass(frozen=True, slots=True)
class StoredAlert:
    """An alert as kept: the server's payload, and who here acknowledged it."""

    case_no: str
    revision: int
    state: str
    payload: dict[str, Any]
    received_at: str
    acknowledged_by: tuple[str, ...]


def pulled_alerts(conn: Connection, after_seq: int) -> Iterator[tuple[int, str, int, dict[str, Any]]]:
    """(seq, record id, revision, payload) of alert items the sync engine pulled after *after_seq*."""
    rows = conn.exec_driver_sql(
        "SELECT seq, record_id, revision, payload FROM pulled_items WHERE kind = 'alert' AND seq > ?"
        " ORDER BY seq",
        (after_seq,),
    )
    for seq, record_id, revision, payload in rows:
        yield int(seq), str(record_id), int(revision), json.loads(payload)


def keep(
    cursor: Cursor, seq: int, case_no: str, revision: int, state: str, payload: str, at: str
) -> str | None:
    """Keep an alert revision unless a newer one is kept; returns "new", "changed" or None."""
    row = cursor.execute("SELECT revision FROM child_alerts WHERE case_no = ?", (case_no,)).fetchone()
    if row is not None and int(row[0]) >= revision:
        return None
    cancelled = at if state == "cancelled" else None
    cursor.execute(
        "INSERT INTO child_alerts (case_no, seq, revision, state, payload, received_at, cancelled_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_no) DO UPDATE SET seq = excluded.seq,"
        " revision = excluded.revision, state = excluded.state, payload = excluded.payload,"
        " cancelled_at = excluded.cancelled_at",
        (case_no, seq, revision, state, payload, at, cancelled),
    )
    return "new" if row is None else "changed"


def alerts(conn: Connection, *, active_only: bool) -> list[StoredAlert]:
    """Alerts newest first (active ones, or all)."""
    where = " WHERE state = 'active'" if active_only else ""
    rows = conn.exec_driver_sql(
        f"SELECT case_no, revision, state, payload, received_at FROM child_alerts{where} ORDER BY seq DESC"
    ).all()
    acks: dict[str, list[str]] = {}
    for case_no, officer in conn.exec_driver_sql(
        "SELECT case_no, officer FROM child_alert_acks ORDER BY acknowledged_at, officer"
    ):
        acks.setdefault(str(case_no), []).append(str(officer))
    return [
        StoredAlert(
            str(r[0]), int(r[1]), str(r[2]), json.loads(r[3]), str(r[4]), tuple(acks.get(str(r[0]), ()))
        )
        for r in rows
    ]


def state_of(cursor: Cursor, case_no: str) -> str | None:
    row = cursor.execute("SELECT state FROM child_alerts WHERE case_no = ?", (case_no,)).fetchone()
    return None if row is None else str(row[0])


def acknowledge(cursor: Cursor, case_no: str, officer: str, at: str) -> bool:
    """Record an officer's acknowledgement; False when they had acknowledged it before."""
    cursor.execute(
        "INSERT OR IGNORE INTO child_alert_acks (case_no, officer, acknowledged_at) VALUES (?, ?, ?)",
        (case_no, officer, at),
    )
    return int(cursor.rowcount) == 1


def waiting_for(conn: Connection, officer: str) -> int:
    """Active alerts the officer has not acknowledged (the desktop's banner)."""
    row = conn.exec_driver_sql(
        "SELECT COUNT(*) FROM child_alerts a WHERE a.state = 'active' AND NOT EXISTS"
        " (SELECT 1 FROM child_alert_acks k WHERE k.case_no = a.case_no AND k.officer = ?)",
        (officer,),
    ).first()
    return int(row[0]) if row else 0


def sync_value(conn: Connection, key: str) -> str | None:
    """A value of the sync state (the last pulled item taken into the alert list)."""
    row = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (key,)).first()
    return None if row is None else str(row[0])


# the server's refusal of an acknowledgement of an alert it never sent here (a fixed text)
NO_ALERT_HERE = "invalid: no alert of this case reached the station"


def send_acks_again(cursor: Cursor, case_no: str, at: str) -> int:
    """Queue again this station's acknowledgements of the alert for *case_no* that the server had
    acknowledged and then refused (``sent_at``: a server restored from a backup older than the
    alert refused them as acknowledging no alert that reached the station), now that the alert is
    back (:func:`app.storage.sync_state.send_again`). Returns how many were queued."""
    from app.storage import sync_state

    ids = [
        str(r[0])
        for r in cursor.execute(
            "SELECT change_id FROM outbox WHERE record_type = 'alert_ack' AND state = 'refused'"
            " AND sent_at IS NOT NULL AND reason = ? AND substr(record_id, 1, ?) = ? ORDER BY id",
            (NO_ALERT_HERE, len(case_no) + 1, case_no + "/"),
        ).fetchall()
    ]
    return sync_state.send_again(cursor, ids, at) if ids else 0
