"""Who answers for a case (migration 0017): the assignment history and the responsible officer.

The responsible officer is the assignee, else the registering officer; ``OWNER_SQL`` is the
expression the owner index covers, so every query that filters on it must spell it the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from app.storage.cursor import Cursor

OWNER_SQL = "COALESCE(assigned_to, officer)"


@dataclass(frozen=True, slots=True)
class Assignment:
    case_no: str
    assigned_to: str
    previous: str
    assigned_by: str
    assigned_at: dt.datetime
    reason: str


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def owner_of(cursor: Cursor, case_no: str) -> str | None:
    row = cursor.execute(f"SELECT {OWNER_SQL} FROM cases WHERE case_no = ?", (case_no,)).fetchone()
    return None if row is None else str(row[0])


def record(
    cursor: Cursor, case_no: str, to: str, previous: str, by: str, at: dt.datetime, reason: str
) -> None:
    cursor.execute("UPDATE cases SET assigned_to = ? WHERE case_no = ?", (to, case_no))
    cursor.execute(
        "INSERT INTO case_assignments (case_no, assigned_to, previous, assigned_by, assigned_at, reason)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (case_no, to, previous, by, _utc(at), reason),
    )


def history(conn: Connection, case_no: str) -> list[Assignment]:
    rows = conn.exec_driver_sql(
        "SELECT case_no, assigned_to, previous, assigned_by, assigned_at, reason FROM case_assignments"
        " WHERE case_no = ? ORDER BY id",
        (case_no,),
    ).all()
    return [
        Assignment(r[0], r[1], r[2], r[3], dt.datetime.fromisoformat(r[4].replace("Z", "+00:00")), r[5])
        for r in rows
    ]


def active_cases_of(cursor: Cursor, officer: str, statuses: tuple[str, ...]) -> list[str]:
    """The case numbers *officer* answers for among cases in *statuses* (an index range)."""
    marks = ", ".join("?" for _ in statuses)
    rows = cursor.execute(
        f"SELECT case_no FROM cases WHERE {OWNER_SQL} = ? AND status IN ({marks}) ORDER BY created_at",
        (officer, *statuses),
    ).fetchall()
    return [str(r[0]) for r in rows]
