"""What the outbox's records are built from, read from the station's tables (raw SQL on the unit of
work's cursor, inside the caller's transaction), and the next base revision of a record.

The server stores a pushed payload as the record's whole state, so every change carries the
full record, never a delta: a later change can then never depend on an earlier one's shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.storage import case_life_repository as case_life
from app.storage.cursor import Cursor, one
from app.storage.sync_state import UNSETTLED


def next_base(cursor: Cursor, record_id: str) -> int:
    """The base revision of the next change to *record_id*.

    The server gives a record revision n after its n-th applied change, and a record has one
    owner, so the station's n-th queued change is based on revision n - 1: one past the highest
    base of the record's earlier outbox entries (their count, while every entry is in the chain).
    Never a clock, never a local column that other code bumps. Entries a person settled are out
    of the chain: a withdrawn one was never applied, and a resent one is replaced by its new
    change, which is based on the revision the server reported (so it can lie above the count).
    """
    row = one(
        cursor.execute(
            f"SELECT COALESCE(MAX(base_revision) + 1, 0) FROM outbox WHERE record_id = ? AND {UNSETTLED}",
            (record_id,),
        )
    )
    # A record of a case taken over from another station (issue 14) goes on from the server's
    # revision, which the transfer delivered.
    return max(int(row[0]), _received(cursor, record_id))


def acknowledged_revision(cursor: Cursor, record_id: str) -> int:
    """The revision the server acknowledged of *record_id* here (0: none): its highest sent
    change's base plus one, or the revision a transfer or a rebuild delivered, whichever is
    higher. Unsent and refused changes do not count (``next_base`` counts what is queued)."""
    sent = one(
        cursor.execute(
            "SELECT COALESCE(MAX(base_revision) + 1, 0) FROM outbox WHERE record_id = ? AND state = 'sent'",
            (record_id,),
        )
    )
    return max(int(sent[0]), _received(cursor, record_id))


def _received(cursor: Cursor, record_id: str) -> int:
    """The server's revision of *record_id* that a transfer delivered here (0: none)."""
    held = cursor.execute(
        "SELECT revision FROM received_records WHERE record_id = ?", (record_id,)
    ).fetchone()
    return int(held[0]) if held else 0


@dataclass(frozen=True, slots=True)
class CaseSyncRow:
    """What the case record is built from (app.sync.records.case_record): the station's rows."""

    type: str
    document: str  # the case file's JSON text
    status: str
    review: str
    officer: str
    assigned_to: str | None
    created_at: str
    verification_code: str
    void_reason: str | None
    review_comment: str | None
    sample_numbers: list[str]
    station_phone: str
    station_address: str
    life: dict[str, Any]  # case_life_repository.sync_view: closure, thread, revisions


def case_row(cursor: Cursor, case_no: str) -> CaseSyncRow:
    row = one(
        cursor.execute(
            "SELECT id, type, status, review, officer, assigned_to, created_at, verification_code,"
            " void_reason, review_comment, document FROM cases WHERE case_no = ?",
            (case_no,),
        )
    )
    samples = cursor.execute(
        "SELECT sample_no FROM samples WHERE case_id = ? ORDER BY id", (row[0],)
    ).fetchall()
    station = cursor.execute("SELECT phone, address FROM station").fetchone() or ("", "")
    return CaseSyncRow(
        type=row[1], document=row[10], status=row[2], review=row[3], officer=row[4], assigned_to=row[5],
        created_at=row[6], verification_code=row[7], void_reason=row[8], review_comment=row[9],
        sample_numbers=[s[0] for s in samples], station_phone=station[0] or "", station_address=station[1] or "",
        life=case_life.sync_view(cursor, case_no),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SampleSyncRow:
    case_no: str
    sample_no: str
    person: int | str  # index in the case's persons, or "reporter"
    sample: dict[str, Any]  # the sample's entry in the case document, without its profile
    status: str


def sample_row(cursor: Cursor, sample_no: str) -> SampleSyncRow:
    """The sample's entry in the case document plus the number, holder and current status."""
    row = one(
        cursor.execute(
            "SELECT c.case_no, c.document, s.person_position, s.sample_index, s.status, s.type,"
            " s.collected_at FROM samples s JOIN cases c ON c.id = s.case_id WHERE s.sample_no = ?",
            (sample_no,),
        )
    )
    case_no, document, position, index, status = row[0], json.loads(row[1]), row[2], row[3], row[4]
    holder = document.get("reporter") if position == -1 else document.get("persons", [])[position]
    held = (holder or {}).get("samples", [])
    body = dict(held[index]) if index < len(held) else {"type": row[5], "collected_at": row[6]}
    body.pop("profile", None)  # the profile is a record of its own
    return SampleSyncRow(case_no, sample_no, "reporter" if position == -1 else position, body, status)


def case_no_of_sample(cursor: Cursor, sample_no: str) -> str:
    row = one(
        cursor.execute(
            "SELECT c.case_no FROM samples s JOIN cases c ON c.id = s.case_id WHERE s.sample_no = ?",
            (sample_no,),
        )
    )
    return str(row[0])
