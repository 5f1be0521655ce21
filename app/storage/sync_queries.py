"""What the outbox sends for a record, read from the station's tables (raw SQL on the unit of
work's cursor, inside the caller's transaction), and the next base revision of a record.

The server stores a pushed payload as the record's whole state, so every change carries the
full record, never a delta: a later change can then never depend on an earlier one's shape.
"""

from __future__ import annotations

import json
from typing import Any

from app.core import verification
from app.storage import case_life_repository as case_life
from app.storage.sync_state import UNSETTLED


def next_base(cursor: Any, record_id: str) -> int:
    """The base revision of the next change to *record_id*.

    The server gives a record revision n after its n-th applied change, and a record has one
    owner, so the station's n-th queued change is based on revision n - 1: one past the highest
    base of the record's earlier outbox entries (their count, while every entry is in the chain).
    Never a clock, never a local column that other code bumps. Entries a person settled are out
    of the chain: a withdrawn one was never applied, and a resent one is replaced by its new
    change, which is based on the revision the server reported (so it can lie above the count).
    """
    row = cursor.execute(
        f"SELECT COALESCE(MAX(base_revision) + 1, 0) FROM outbox WHERE record_id = ? AND {UNSETTLED}",
        (record_id,),
    ).fetchone()
    return int(row[0])


def case_record(cursor: Any, case_no: str) -> dict[str, Any]:
    """The case as the server stores it: the same shape registration queues."""
    row = cursor.execute(
        "SELECT id, type, status, review, officer, assigned_to, created_at, verification_code,"
        " void_reason, review_comment, document FROM cases WHERE case_no = ?",
        (case_no,),
    ).fetchone()
    samples = cursor.execute(
        "SELECT sample_no FROM samples WHERE case_id = ? ORDER BY id", (row[0],)
    ).fetchall()
    station = cursor.execute("SELECT phone, address FROM station").fetchone() or ("", "")
    return {
        "type": row[1],
        "case": json.loads(row[10]),
        "status": row[2],
        "review": row[3],
        "officer": row[4],
        "assigned_to": row[5],
        "created_at": row[6],
        "sample_numbers": [s[0] for s in samples],
        "verification_hash": verification.code_hash(row[7]),
        "void_reason": row[8],
        "review_comment": row[9],
        # issue 13: what the station prints for the family, and the case's life after intake
        "station_contact": {"phone": station[0], "address": station[1]},
        **case_life.sync_view(cursor, case_no),
    }


def sample_record(cursor: Any, sample_no: str) -> tuple[str, dict[str, Any]]:
    """(case number, the sample as the server stores it): its entry in the case document plus
    the number, holder and current status from the samples table."""
    row = cursor.execute(
        "SELECT c.case_no, c.document, s.person_position, s.sample_index, s.status, s.type,"
        " s.collected_at FROM samples s JOIN cases c ON c.id = s.case_id WHERE s.sample_no = ?",
        (sample_no,),
    ).fetchone()
    case_no, document, position, index, status = row[0], json.loads(row[1]), row[2], row[3], row[4]
    holder = document.get("reporter") if position == -1 else document.get("persons", [])[position]
    held = (holder or {}).get("samples", [])
    body = dict(held[index]) if index < len(held) else {"type": row[5], "collected_at": row[6]}
    body.pop("profile", None)  # the profile is a record of its own
    return case_no, {
        "sample_no": sample_no,
        "person": "reporter" if position == -1 else position,
        "sample": body,
        "status": status,
    }


def case_no_of_sample(cursor: Any, sample_no: str) -> str:
    row = cursor.execute(
        "SELECT c.case_no FROM samples s JOIN cases c ON c.id = s.case_id WHERE s.sample_no = ?",
        (sample_no,),
    ).fetchone()
    return str(row[0])
