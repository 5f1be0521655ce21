"""Referral records (issue 14): a station asks another to act on one of its cases; the other
station accepts, answers with a note, or declines; both see each step.

Referral (station → server, record type ``referral``, child kind ``q``): a child of the asking
station's own case, ``{case_no}/q/{uuid}``, pushed once through the outbox. The server refuses it
``not_owner`` when the case is another station's, ``missing_case`` when it does not hold the case,
``invalid`` when the target station is not enrolled (or is the sender).

Answer (station → server, record type ``referral_answer``, child kind ``a``): one step of the
target station, ``{case_no}/a/{uuid}`` (the asking station's case number), owned by the station
that answers. The server refuses it ``not_owner`` unless the referral is addressed to that
station, ``invalid`` when the referral is unknown or the step does not follow
(:data:`app.core.referral.REFERRAL_MOVES`).

Delivery (server → station, pull kind ``referral``, record type ``referral``, record id the
referral's id): the referral as the server holds it, every answer included; revision 1 goes to
the target station with a ``summary`` item of the case (:mod:`.summaries`); each answer makes a
new revision delivered to both stations. A higher revision replaces a lower one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.referral import ANSWER_STEPS, MAX_NOTE, ReferralRequest, ReferralState
from app.sync import protocol
from app.sync.protocol import reading

KIND = "referral"  # the pull kind (protocol.PULL_KINDS)
RECORD_TYPE = "referral"
ANSWER_RECORD_TYPE = "referral_answer"
SELF_REFERRAL = "referral.to: another station than the case's own"
_ID = re.compile(r"^([0-9]{9}-[0-9]{4}-[0-9]{6})/([qa])/([0-9a-f]{8})-[0-9a-f-]{27}$")


def new_referral_id(case_no: str) -> str:
    return protocol.child_id(case_no, RECORD_TYPE, str(uuid.uuid4()))


def new_answer_id(case_no: str) -> str:
    return protocol.child_id(case_no, ANSWER_RECORD_TYPE, str(uuid.uuid4()))


def short_id(record_id: str) -> str:
    """What an officer types for a referral: the first eight hex digits of its uuid."""
    m = _ID.match(record_id)
    return m.group(3) if m else record_id


def _fail(detail: str) -> protocol.ProtocolError:
    return protocol.ProtocolError(protocol.INVALID, detail)


def _note(r: reading.Reader, key: str = "note") -> str:
    note = r.text(key, default="")
    if len(note) > MAX_NOTE:
        raise _fail(f"{r.where(key)}: at most {MAX_NOTE} characters")
    return note


def _who(r: reading.Reader, key: str) -> str:
    who = r.text(key)
    if not who.strip() or len(who) > 64:
        raise _fail(f"{r.where(key)}: a text of 1 to 64 characters")
    return who


def _time(r: reading.Reader, key: str) -> str:
    at = r.text(key)
    if not 10 <= len(at) <= 40:
        raise _fail(f"{r.where(key)}: an ISO 8601 time")
    return at


@dataclass(frozen=True, slots=True)
class ReferralRecord:
    """A station's request to another station, as it pushes it."""

    case_no: str
    to: str  # the target station's code
    request: ReferralRequest
    note: str
    asked_by: str
    asked_at: str  # UTC, ISO 8601 (the station's clock: informative)

    def to_payload(self) -> dict[str, Any]:
        return {"v": protocol.PROTOCOL_VERSION, "case_no": self.case_no, "to": self.to,
                "request": self.request.value, "note": self.note, "asked_by": self.asked_by,
                "asked_at": self.asked_at}  # fmt: skip

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> ReferralRecord:
        r = reading.Reader(payload, "referral")
        r.version()
        to = r.text("to")
        if not protocol.STATION_CODE_RE.match(to):
            raise _fail("referral.to: a 9-digit station code")
        case_no = r.text("case_no")
        if not protocol.CASE_NO_RE.match(case_no):
            raise _fail("referral.case_no: a case number")
        return cls(case_no, to, r.enum("request", ReferralRequest), _note(r), _who(r, "asked_by"),
                   _time(r, "asked_at"))  # fmt: skip

    def problem_with_id(self, record_id: str, holder: str | None = None) -> str | None:
        """None when *record_id* is a referral of this case to another station than *holder*,
        the station holding the case (absent: the one whose code the number carries; after a
        transfer the holder may ask that station), else why not."""
        m = _ID.match(record_id)
        if m is None or m.group(2) != "q" or m.group(1) != self.case_no:
            return "referral.case_no: the case its id names"
        if self.to == (holder or protocol.station_of(self.case_no)):
            return SELF_REFERRAL
        return None


@dataclass(frozen=True, slots=True)
class ReferralAnswer:
    """One step of the station a referral is addressed to: accepted, answered or declined."""

    referral: str  # the referral's record id
    state: ReferralState
    note: str
    by: str
    at: str  # UTC, ISO 8601 (the station's clock: informative)

    def to_payload(self) -> dict[str, Any]:
        return {"v": protocol.PROTOCOL_VERSION, "referral": self.referral, "state": self.state.value,
                "note": self.note, "by": self.by, "at": self.at}  # fmt: skip

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> ReferralAnswer:
        r = reading.Reader(payload, "referral_answer")
        r.version()
        referral = r.text("referral")
        m = _ID.match(referral)
        if m is None or m.group(2) != "q":
            raise _fail("referral_answer.referral: a referral's record id")
        state = r.enum("state", ReferralState)
        if state not in ANSWER_STEPS:
            raise _fail("referral_answer.state: one of " + "|".join(s.value for s in ANSWER_STEPS))
        return cls(referral, state, _note(r), _who(r, "by"), _time(r, "at"))

    def problem_with_id(self, record_id: str) -> str | None:
        """None when *record_id* is an answer on the referral's case, else why not."""
        m = _ID.match(record_id)
        if m is None or m.group(2) != "a" or m.group(1) != protocol.case_of(self.referral):
            return "referral_answer.referral: a referral of the case its id names"
        return None


@dataclass(frozen=True, slots=True)
class AnswerStep:
    """An answer as the server delivers it: who, at which station, when (both clocks)."""

    id: str
    state: ReferralState
    note: str
    by: str
    station: str
    at: str  # the answering station's clock
    received_at: str  # the server's clock


@dataclass(frozen=True, slots=True)
class ReferralDelivery:
    """A referral as the server holds it, delivered to both stations (pull kind ``referral``)."""

    id: str
    case_no: str
    from_station: str
    from_name: str
    to_station: str
    to_name: str
    request: ReferralRequest
    note: str
    asked_by: str
    asked_at: str
    state: ReferralState
    answers: tuple[AnswerStep, ...] = ()

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": self.id, "case_no": self.case_no,
            "from": {"code": self.from_station, "name": self.from_name},
            "to": {"code": self.to_station, "name": self.to_name},
            "request": self.request.value, "note": self.note, "asked_by": self.asked_by,
            "asked_at": self.asked_at, "state": self.state.value,
            "answers": [{"id": a.id, "state": a.state.value, "note": a.note, "by": a.by, "station": a.station,
                         "at": a.at, "received_at": a.received_at} for a in self.answers],
        }  # fmt: skip

    @classmethod
    def read(cls, record_id: str, payload: Mapping[str, Any]) -> ReferralDelivery:
        r = reading.Reader(payload, "referral")
        if r.text("id") != record_id or _ID.match(record_id) is None:
            raise _fail("referral.id: the pulled item's record id")
        sender = reading.Reader(r.mapping("from"), "referral.from")
        target = reading.Reader(r.mapping("to"), "referral.to")
        return cls(
            id=record_id,
            case_no=r.text("case_no"),
            from_station=sender.text("code"),
            from_name=sender.text("name", default=""),
            to_station=target.text("code"),
            to_name=target.text("name", default=""),
            request=r.enum("request", ReferralRequest),
            note=_note(r),
            asked_by=r.text("asked_by", default=""),
            asked_at=r.text("asked_at", default=""),
            state=r.enum("state", ReferralState),
            answers=tuple(_step(a) for a in r.objects("answers")),
        )


def _step(raw: Mapping[str, Any]) -> AnswerStep:
    r = reading.Reader(raw, "referral.answers[]")
    return AnswerStep(r.text("id"), r.enum("state", ReferralState), _note(r), r.text("by", default=""),
                      r.text("station", default=""), r.text("at", default=""),
                      r.text("received_at", default=""))  # fmt: skip
