"""DNA samples, their chain of custody and profiles (raw SQL on the unit of work's cursor)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.core.casejson import profile_to_json
from app.core.model import Sample, SampleStatus
from app.storage.case_repository import utc
from app.storage.cursor import Cursor


@dataclass(frozen=True, slots=True)
class SampleRow:
    id: int
    sample_no: str
    case_id: int
    status: SampleStatus
    profile: dict[str, Any] | None


def insert_sample(
    cursor: Cursor, case_id: int, position: int, index: int, sample_no: str, sample: Sample
) -> None:
    profile = json.dumps(profile_to_json(sample.profile)) if sample.profile else None
    status = SampleStatus.PROFILED if sample.profile else sample.status
    cursor.execute(
        "INSERT INTO samples (sample_no, case_id, person_position, sample_index, type, collected_at, status, profile)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            sample_no,
            case_id,
            position,
            index,
            sample.type.value,
            utc(sample.collected_at),
            status.value,
            profile,
        ),
    )


def replace_document(cursor: Cursor, case_no: str, document: str) -> None:
    """Store the case's updated document (a sample was added) and bump its revision."""
    cursor.execute(
        "UPDATE cases SET document = ?, revision = revision + 1, updated_at = ? WHERE case_no = ?",
        (document, utc(dt.datetime.now(dt.UTC)), case_no),
    )


def rewrite(cursor: Cursor, sample_no: str, sample: Sample, profile_json: str | None) -> None:
    """An edit changed the sample's type or time (and its profile, when *profile_json* is given:
    a sample that gains a profile becomes profiled, never moving backward)."""
    cursor.execute(
        "UPDATE samples SET type = ?, collected_at = ? WHERE sample_no = ?",
        (sample.type.value, utc(sample.collected_at), sample_no),
    )
    if profile_json is not None:
        cursor.execute(
            "UPDATE samples SET profile = ?, status = CASE WHEN status IN ('collected', 'sent_to_lab')"
            " THEN 'profiled' ELSE status END WHERE sample_no = ?",
            (profile_json, sample_no),
        )


def find(cursor: Cursor, sample_no: str) -> SampleRow | None:
    row = cursor.execute(
        "SELECT id, sample_no, case_id, status, profile FROM samples WHERE sample_no = ?", (sample_no,)
    ).fetchone()
    if row is None:
        return None
    return SampleRow(row[0], row[1], row[2], SampleStatus(row[3]), json.loads(row[4]) if row[4] else None)


def add_custody(
    cursor: Cursor,
    sample_id: int,
    at: dt.datetime,
    from_party: str,
    to_party: str,
    purpose: str,
    recorded_by: str,
) -> None:
    cursor.execute(
        "INSERT INTO custody_events (sample_id, at, from_party, to_party, purpose, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (sample_id, utc(at), from_party, to_party, purpose, recorded_by),
    )


def set_status(cursor: Cursor, sample_id: int, status: SampleStatus) -> None:
    cursor.execute("UPDATE samples SET status = ? WHERE id = ?", (status.value, sample_id))


def set_profile(cursor: Cursor, sample_id: int, profile_json: str) -> None:
    cursor.execute("UPDATE samples SET profile = ? WHERE id = ?", (profile_json, sample_id))


def profiles(cursor: Cursor) -> list[tuple[str, str, int, dict[str, Any]]]:
    """Every stored profile: (sample_no, case_no, person position, profile) for matching."""
    rows = cursor.execute(
        "SELECT s.sample_no, c.case_no, s.person_position, s.profile FROM samples s"
        " JOIN cases c ON c.id = s.case_id WHERE s.profile IS NOT NULL"
    ).fetchall()
    return [(r[0], r[1], r[2], json.loads(r[3])) for r in rows]


def current_holder(conn: Connection, sample_no: str) -> str | None:
    """Who holds the sample: the last hand-over's receiver, else "" (its collector is in the
    case document); None for an unknown sample."""
    row = conn.exec_driver_sql("SELECT id FROM samples WHERE sample_no = ?", (sample_no,)).first()
    if row is None:
        return None
    last = conn.exec_driver_sql(
        "SELECT to_party FROM custody_events WHERE sample_id = ? ORDER BY id DESC LIMIT 1", (row[0],)
    ).first()
    return str(last[0]) if last else ""
