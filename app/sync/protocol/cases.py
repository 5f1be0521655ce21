"""The case record: the one definition of what a station sends for a case, and how it is read.

A case travels whole: the case file's document (persons, the reporter and their samples as the
officer filed them) plus the station's state of it (status, review, officer, closure, the
conversation, revisions) and the station's phone and address, so that a national candidate can
be called about. :meth:`CaseRecord.encode` is the only builder of the payload text and
:meth:`CaseRecord.read` the only reader: the server refuses a payload it cannot read as
``invalid``, with the field and the problem named in the detail.

Values come from the core's enums (:class:`~app.core.model.CaseType`,
:class:`~app.core.lifecycle.CaseStatus`, :class:`~app.core.lifecycle.ReviewState`,
:class:`~app.core.lifecycle.ClosureOutcome`). A payload without ``v`` comes from a station of
protocol version 1 (same keys): it is read the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.frozen_build import positional
from app.core.lifecycle import CaseStatus, ClosureOutcome, ReviewState
from app.core.model import Case, CaseType
from app.core.problems import InvalidInput
from app.core.validation import read_stored_case
from app.sync.protocol import reading
from app.sync.protocol.reading import PROTOCOL_VERSION, ProtocolError

_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True, slots=True)
class StationContact:
    """The owning station's phone and address, as printed on the family's receipt."""

    phone: str
    address: str


@dataclass(frozen=True, slots=True)
class Closure:
    outcome: ClosureOutcome
    reason: str
    closed_at: str | None
    approved_by: str | None


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    """One step of the case's conversation (returned, resubmitted, approved, closed…)."""

    at: str
    by: str
    event: str
    text: str


@dataclass(frozen=True, slots=True)
class RevisionNote:
    """Who changed which fields of the case, when and why (the values travel in the document)."""

    revision: int
    at: str
    by: str
    reason: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """Record type ``case``, id = the case number."""

    type: CaseType
    document: Mapping[str, Any]  # the case file's shape (SPEC.md), persons inside
    status: CaseStatus
    review: ReviewState
    officer: str
    created_at: str
    verification_hash: str | None  # app.core.verification.code_hash of the family's code
    station_contact: StationContact
    sample_numbers: tuple[str, ...] = ()
    assigned_to: str | None = None
    void_reason: str | None = None
    review_comment: str | None = None
    closure: Closure | None = None
    thread: tuple[ThreadEntry, ...] = ()
    revisions: tuple[RevisionNote, ...] = ()

    RECORD_TYPE = "case"

    def encode(self, document_text: str | None = None) -> str:
        """The payload as JSON text. *document_text*: the document already encoded (registration
        has it), set in as it is rather than encoded a second time."""
        body = _ENCODE(self._state())
        doc = document_text if document_text is not None else _ENCODE(dict(self.document))
        return '{"case":' + doc + "," + body[1:]

    def to_payload(self) -> dict[str, Any]:
        return {"case": dict(self.document), **self._state()}

    def _state(self) -> dict[str, Any]:
        closure = self.closure
        return {
            "v": PROTOCOL_VERSION,
            "type": self.type.value,
            "status": self.status.value,
            "review": self.review.value,
            "officer": self.officer,
            "assigned_to": self.assigned_to,
            "created_at": self.created_at,
            "sample_numbers": list(self.sample_numbers),
            "verification_hash": self.verification_hash,
            "void_reason": self.void_reason,
            "review_comment": self.review_comment,
            "station_contact": {"phone": self.station_contact.phone, "address": self.station_contact.address},
            "closure": None
            if closure is None
            else {
                "outcome": closure.outcome.value,
                "reason": closure.reason,
                "closed_at": closure.closed_at,
                "approved_by": closure.approved_by,
            },
            "thread": [{"at": t.at, "by": t.by, "event": t.event, "text": t.text} for t in self.thread],
            "revisions": [
                {"revision": r.revision, "at": r.at, "by": r.by, "reason": r.reason, "fields": list(r.fields)}
                for r in self.revisions
            ],
        }

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> CaseRecord:
        """The record in *payload*; raises :class:`ProtocolError` (``invalid``) naming the field."""
        return cls.read_with_case(payload)[0]

    @classmethod
    def read_with_case(cls, payload: Mapping[str, Any]) -> tuple[CaseRecord, Case]:
        """:meth:`read`, and the case document as the station's rules read it (the server reads a
        pushed case once and hands the same reading to whatever follows the push)."""
        r = reading.Reader(payload, "case")
        r.version()
        case_type = r.enum("type", CaseType)
        document = r.mapping("case")
        case = read_document(document)
        if case.type is not case_type:
            raise ProtocolError(reading.INVALID, "case.type: differs from the record's type")
        contact = r.optional_mapping("station_contact") or {}
        closure = r.optional_mapping("closure")
        # Each field read in the order of the record's fields, the record made without the frozen
        # dataclass's __init__ (app.core.frozen_build): the server reads every pushed case.
        status = r.enum("status", CaseStatus)
        review = r.enum("review", ReviewState, default=ReviewState.PENDING)
        officer = r.text("officer", default="")
        created_at = r.text("created_at", default="")
        verification_hash = None if payload.get("verification_hash") is None else r.hex64("verification_hash")
        station_contact = _CONTACT(
            reading.text_in(contact, "station_contact.phone"),
            reading.text_in(contact, "station_contact.address"),
        )
        record = (_RECORD if cls is CaseRecord else cls)(
            case_type,
            document,
            status,
            review,
            officer,
            created_at,
            verification_hash,
            station_contact,
            r.texts("sample_numbers"),
            r.optional_text("assigned_to"),
            r.optional_text("void_reason"),
            r.optional_text("review_comment"),
            None if closure is None else _closure(closure),
            tuple([_thread(t) for t in thread]) if (thread := r.objects("thread")) else (),
            tuple([_revision(v) for v in revisions]) if (revisions := r.objects("revisions")) else (),
        )
        return record, case

    def names(self) -> list[str]:
        """The names of the case's subjects (the missing, found or trafficked persons), or of all
        its persons when no subject is named: what a case list shows, at the station and nationally."""
        case = read_document(self.document)
        return [p.name for p in case.subjects() if p.name] or [p.name for p in case.persons if p.name]


_RECORD = positional(CaseRecord)
_CONTACT = positional(StationContact)


def read_document(document: Mapping[str, Any]) -> Case:
    """The case document by the station's own rules (the times were checked against the
    station's clock when it was filed, never against the reader's)."""
    try:
        return read_stored_case(dict(document))
    except InvalidInput as bad:
        raise ProtocolError(reading.INVALID, "case." + bad.text("en")) from None


def _closure(raw: Mapping[str, Any]) -> Closure:
    r = reading.Reader(raw, "closure")
    return Closure(
        outcome=r.enum("outcome", ClosureOutcome),
        reason=r.text("reason", default=""),
        closed_at=r.optional_text("closed_at"),
        approved_by=r.optional_text("approved_by"),
    )


def _thread(raw: Mapping[str, Any]) -> ThreadEntry:
    r = reading.Reader(raw, "thread[]")
    return ThreadEntry(r.text("at"), r.text("by"), r.text("event"), r.text("text", default=""))


def _revision(raw: Mapping[str, Any]) -> RevisionNote:
    r = reading.Reader(raw, "revisions[]")
    return RevisionNote(
        r.integer("revision"), r.text("at"), r.text("by"), r.text("reason", default=""), r.texts("fields")
    )
