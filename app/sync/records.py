"""How the station's own rows become protocol records: the records and their nationally unique ids.

A case is its case number. A sample and its profile keep one id for their whole life, derived
from the sample number (UUID 5), so a status change or a corrected profile updates the same
record on the server; every custody hand-over and every photo is a record of its own.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from app.core import verification
from app.core.lifecycle import CaseStatus, ClosureOutcome, ReviewState, SampleStatus
from app.core.model import CaseType
from app.storage import sync_queries
from app.storage.cursor import Cursor
from app.sync import protocol
from app.sync.protocol.cases import CaseRecord, Closure, RevisionNote, StationContact, ThreadEntry
from app.sync.protocol.samples import SampleRecord

# Fixed namespaces: the same sample number always gives the same record id, on any machine.
_SAMPLE_NS = uuid.UUID("6f0c1c52-3c1e-4d0e-9a55-0b7a8f1d2e01")
_PHOTO_NS = uuid.UUID("6f0c1c52-3c1e-4d0e-9a55-0b7a8f1d2e02")


def sample_record_id(case_no: str, sample_no: str) -> str:
    """The sample's record id: ``{case_no}/s/{uuid5(sample_no)}``."""
    return protocol.child_id(case_no, "sample", str(uuid.uuid5(_SAMPLE_NS, sample_no)))


def profile_record_id(case_no: str, sample_no: str) -> str:
    """The sample's STR profile record id: ``{case_no}/d/{uuid5(sample_no)}``."""
    return protocol.child_id(case_no, "profile", str(uuid.uuid5(_SAMPLE_NS, sample_no)))


def custody_record_id(case_no: str) -> str:
    """A new hand-over record id: ``{case_no}/c/{uuid4}`` (hand-overs are only ever added)."""
    return protocol.child_id(case_no, "custody")


def photo_record_id(case_no: str, sha256: str) -> str:
    """A photo's record id, derived from its content so a re-sweep never makes a second one."""
    return protocol.child_id(case_no, "photo", str(uuid.uuid5(_PHOTO_NS, f"{case_no}:{sha256}")))


def case_record(cursor: Cursor, case_no: str) -> CaseRecord:
    """The case as the outbox sends it, built from the station's rows (inside the caller's
    transaction)."""
    row = sync_queries.case_row(cursor, case_no)
    life = row.life
    closure = life.get("closure")
    return CaseRecord(
        type=CaseType(row.type),
        document=json.loads(row.document),
        status=CaseStatus(row.status),
        review=ReviewState(row.review),
        officer=row.officer,
        created_at=row.created_at,
        verification_hash=verification.stored_hash(row.verification_code),
        station_contact=StationContact(row.station_phone, row.station_address),
        sample_numbers=tuple(row.sample_numbers),
        assigned_to=row.assigned_to,
        void_reason=row.void_reason,
        review_comment=row.review_comment,
        closure=None
        if not closure
        else Closure(
            ClosureOutcome(closure["outcome"]),
            closure["reason"],
            closure["closed_at"],
            closure["approved_by"],
        ),  # fmt: skip
        thread=tuple(ThreadEntry(t["at"], t["by"], t["event"], t["text"] or "") for t in life["thread"]),
        revisions=tuple(
            RevisionNote(r["revision"], r["at"], r["by"], r["reason"] or "", tuple(r["fields"]))
            for r in life["revisions"]
        ),
    )


def case_payload(cursor: Cursor, case_no: str) -> dict[str, Any]:
    """The outbox payload of the case's current state."""
    return case_record(cursor, case_no).to_payload()


def sample_record(cursor: Cursor, sample_no: str) -> tuple[str, SampleRecord]:
    """(case number, the sample record) of a registered sample."""
    row = sync_queries.sample_row(cursor, sample_no)
    return row.case_no, SampleRecord(row.sample_no, row.person, row.sample, SampleStatus(row.status))
