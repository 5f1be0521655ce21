"""Case transfer records (issue 14): the one definition of what travels when a case moves from one
station to another. Standard library and the protocol only.

Request (sending station → server): record type ``transfer`` (child kind ``t``), id
``{case_no}/t/{uuid4}``, a child of the case, so only the case's owner can push it. It is pushed
once the sending station's supervisor approved it and carries the family's verification code,
which the server hands only to the receiving station, and only once that station owns the case
(the receipt it prints keeps the same code).

Acceptance (receiving station → server): record type ``transfer_accept`` (child kind ``o``), id
``{case_no}/o/{uuid5(transfer id)}``. The case belongs to another station, the acceptance to the
station that pushed it; the server refuses it as ``invalid`` unless that transfer awaits that
station. On an accepted one the server moves the case and every child of it to the receiving
station in the push's transaction: from then on the old station's changes are ``not_owner``.

End (either station → server): record type ``transfer_end`` (child kind ``x``), id
``{case_no}/x/{uuid5(transfer id)}``, one per transfer: the receiving station's supervisor
declines the transfer, or the sending station's withdraws it, while it awaits the receiving
station. The server refuses it as ``invalid`` once the transfer was accepted or ended (the race's
loser), and from a station that is not the side the outcome names.

Delivery (server → both stations): pull kind ``transfer``, record id the request's id, payload
:class:`TransferDelivery`. The receiving station gets the request (``awaiting_receiver``) and,
once completed, the case's records with their revisions (``records``) and the verification code;
the sending station gets the completion (without records). A declined or withdrawn transfer is
delivered to both, with who ended it and why.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.transfer import MAX_TRANSFER_REASON, TransferState
from app.sync import protocol

KIND = "transfer"
RECORD_TYPE = "transfer"
ACCEPT_RECORD_TYPE = "transfer_accept"
END_RECORD_TYPE = "transfer_end"
_NS = uuid.UUID("8d1e6c0a-2f7b-4f63-9b51-4a0c7e3d9f12")
_END_NS = uuid.UUID("5b0f3e52-9c1a-4d7e-8f26-0e4d2a7b6c31")
_REQUEST_ID = re.compile(r"^([0-9]{9}-[0-9]{4}-[0-9]{6})/t/[0-9a-f-]{36}$")
_ACCEPT_ID = re.compile(r"^([0-9]{9}-[0-9]{4}-[0-9]{6})/o/[0-9a-f-]{36}$")
_END_ID = re.compile(r"^([0-9]{9}-[0-9]{4}-[0-9]{6})/x/[0-9a-f-]{36}$")
DELIVERED_STATES = (
    TransferState.AWAITING_RECEIVER,
    TransferState.COMPLETED,
    TransferState.DECLINED,
    TransferState.WITHDRAWN,
)
END_OUTCOMES = (TransferState.DECLINED, TransferState.WITHDRAWN)


def request_id(case_no: str) -> str:
    """A new transfer record id for *case_no*."""
    return protocol.child_id(case_no, RECORD_TYPE)


def accept_id(transfer_id: str) -> str:
    """The one acceptance record of a transfer (always the same for the same transfer)."""
    return protocol.child_id(
        protocol.case_of(transfer_id), ACCEPT_RECORD_TYPE, str(uuid.uuid5(_NS, transfer_id))
    )


def end_id(transfer_id: str) -> str:
    """The one end record of a transfer (a decline or a withdrawal: whichever comes first)."""
    return protocol.child_id(
        protocol.case_of(transfer_id), END_RECORD_TYPE, str(uuid.uuid5(_END_NS, transfer_id))
    )


def _invalid(detail: str) -> protocol.ProtocolError:
    return protocol.ProtocolError(protocol.INVALID, detail)


def _text(payload: Mapping[str, Any], key: str, where: str, limit: int, *, empty: bool = False) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or len(value) > limit or (not empty and not value.strip()):
        raise _invalid(f"{where}.{key} is a text of {0 if empty else 1} to {limit} characters")
    return value


@dataclass(frozen=True, slots=True)
class TransferRequest:
    """Record type ``transfer``: the sending station hands *case_no* to *to_station*."""

    case_no: str
    from_station: str
    to_station: str
    reason: str
    requested_by: str
    requested_at: str  # UTC ISO 8601 (station clock: informative)
    approved_by: str  # the sending station's supervisor
    approved_at: str
    verification_code: str  # the family's code, for the receiving station's receipt

    def to_payload(self) -> dict[str, Any]:
        return {
            "case_no": self.case_no,
            "from_station": self.from_station,
            "to_station": self.to_station,
            "reason": self.reason,
            "requested_by": self.requested_by,
            "requested_at": self.requested_at,
            "approved_by": self.approved_by,
            "approved_at": self.approved_at,
            "verification_code": self.verification_code,
        }

    @classmethod
    def read(cls, record_id: str, payload: Mapping[str, Any]) -> TransferRequest:
        """The pushed request; raises :class:`protocol.ProtocolError` naming the field."""
        m = _REQUEST_ID.match(record_id)
        if m is None or payload.get("case_no") != m.group(1):
            raise _invalid("transfer.case_no is the case its id names")
        stations = [payload.get("from_station"), payload.get("to_station")]
        if not all(isinstance(s, str) and protocol.STATION_CODE_RE.match(s) for s in stations):
            raise _invalid("transfer.from_station and to_station are 9-digit station codes")
        if stations[0] == stations[1]:
            raise _invalid("transfer.to_station is another station")
        return cls(
            case_no=m.group(1),
            from_station=str(stations[0]),
            to_station=str(stations[1]),
            reason=_text(payload, "reason", "transfer", MAX_TRANSFER_REASON),
            requested_by=_text(payload, "requested_by", "transfer", 64),
            requested_at=_text(payload, "requested_at", "transfer", 40),
            approved_by=_text(payload, "approved_by", "transfer", 64),
            approved_at=_text(payload, "approved_at", "transfer", 40),
            verification_code=_text(payload, "verification_code", "transfer", 64),
        )


def _of_transfer(
    record_id: str,
    payload: Mapping[str, Any],
    pattern: re.Pattern[str],
    made: Callable[[str], str],
    kind: str,
) -> tuple[str, str]:
    """(transfer id, case number) of an acceptance's or an end's record: its id names the case its
    payload names and is the one *made* from the transfer its payload names; else ProtocolError."""
    m = pattern.match(record_id)
    transfer = payload.get("transfer_id")
    if m is None or payload.get("case_no") != m.group(1):
        raise _invalid(f"{kind}.case_no is the case its id names")
    if not isinstance(transfer, str) or _REQUEST_ID.match(transfer) is None or made(transfer) != record_id:
        raise _invalid(f"{kind}.transfer_id is the transfer its id was made from")
    return transfer, m.group(1)


@dataclass(frozen=True, slots=True)
class TransferAcceptance:
    """Record type ``transfer_accept``: the receiving station's supervisor accepts a transfer."""

    transfer_id: str
    case_no: str
    accepted_by: str
    accepted_at: str

    def to_payload(self) -> dict[str, Any]:
        return {"transfer_id": self.transfer_id, "case_no": self.case_no, "accepted_by": self.accepted_by,
                "accepted_at": self.accepted_at}  # fmt: skip

    @classmethod
    def read(cls, record_id: str, payload: Mapping[str, Any]) -> TransferAcceptance:
        transfer, case_no = _of_transfer(record_id, payload, _ACCEPT_ID, accept_id, "transfer_accept")
        return cls(
            transfer_id=transfer,
            case_no=case_no,
            accepted_by=_text(payload, "accepted_by", "transfer_accept", 64),
            accepted_at=_text(payload, "accepted_at", "transfer_accept", 40),
        )


@dataclass(frozen=True, slots=True)
class TransferEnd:
    """Record type ``transfer_end``: the receiving station declines a transfer, or the sending
    station withdraws it, before the server moved the case."""

    transfer_id: str
    case_no: str
    outcome: TransferState  # DECLINED or WITHDRAWN
    ended_by: str
    ended_at: str  # UTC ISO 8601 (station clock: informative)
    reason: str

    def to_payload(self) -> dict[str, Any]:
        return {"transfer_id": self.transfer_id, "case_no": self.case_no, "outcome": self.outcome.value,
                "ended_by": self.ended_by, "ended_at": self.ended_at, "reason": self.reason}  # fmt: skip

    @classmethod
    def read(cls, record_id: str, payload: Mapping[str, Any]) -> TransferEnd:
        transfer, case_no = _of_transfer(record_id, payload, _END_ID, end_id, "transfer_end")
        outcome = payload.get("outcome")
        if outcome not in [o.value for o in END_OUTCOMES]:
            raise _invalid("transfer_end.outcome is declined or withdrawn")
        return cls(
            transfer_id=transfer,
            case_no=case_no,
            outcome=TransferState(outcome),
            ended_by=_text(payload, "ended_by", "transfer_end", 64),
            ended_at=_text(payload, "ended_at", "transfer_end", 40),
            reason=_text(payload, "reason", "transfer_end", MAX_TRANSFER_REASON),
        )


@dataclass(frozen=True, slots=True)
class HeldRecord:
    """One record of a transferred case as the receiving station takes it over."""

    record_type: str
    record_id: str
    revision: int
    payload: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"record_type": self.record_type, "record_id": self.record_id, "revision": self.revision,
                "payload": dict(self.payload)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class TransferDelivery:
    """A transfer as a station pulls it (pull kind ``transfer``)."""

    transfer_id: str
    case_no: str
    state: TransferState  # awaiting_receiver or completed
    from_station: str
    from_name: str
    to_station: str
    to_name: str
    reason: str
    requested_by: str
    approved_by: str
    requested_at: str
    case_type: str
    names: str
    accepted_by: str = ""
    completed_at: str = ""  # the server's clock
    # to both stations once completed: the receiving one takes the case over from them, a sending
    # one rebuilt from the server after a lost disk keeps its read-only copy from them
    verification_code: str = ""
    records: tuple[HeldRecord, ...] = field(default=())
    ended_by: str = ""  # who declined or withdrew it
    end_reason: str = ""  # why

    def to_payload(self) -> dict[str, Any]:
        return {
            "case_no": self.case_no,
            "state": self.state.value,
            "from_station": self.from_station,
            "from_name": self.from_name,
            "to_station": self.to_station,
            "to_name": self.to_name,
            "reason": self.reason,
            "requested_by": self.requested_by,
            "approved_by": self.approved_by,
            "requested_at": self.requested_at,
            "case_type": self.case_type,
            "names": self.names,
            "accepted_by": self.accepted_by,
            "completed_at": self.completed_at,
            "verification_code": self.verification_code,
            "records": [r.to_json() for r in self.records],
            "ended_by": self.ended_by,
            "end_reason": self.end_reason,
        }

    @classmethod
    def from_payload(cls, record_id: str, payload: Mapping[str, Any]) -> TransferDelivery | None:
        """The pulled item as a transfer, or None when it is not one (it is then skipped)."""
        m = _REQUEST_ID.match(record_id)
        if m is None or payload.get("case_no") != m.group(1):
            return None
        texts = ("from_station", "from_name", "to_station", "to_name", "reason", "requested_by",
                 "approved_by", "requested_at", "case_type", "names", "accepted_by", "completed_at",
                 "verification_code", "ended_by", "end_reason")  # fmt: skip
        if not all(isinstance(payload.get(k, ""), str) for k in texts):
            return None
        try:
            state = TransferState(str(payload.get("state")))
        except ValueError:
            return None
        if state not in DELIVERED_STATES:
            return None
        records = payload.get("records") or []
        if not isinstance(records, list):
            return None
        held: list[HeldRecord] = []
        for r in records:
            if not isinstance(r, Mapping) or not isinstance(r.get("payload"), Mapping):
                return None
            rtype, rid, rev = r.get("record_type"), r.get("record_id"), r.get("revision")
            if not isinstance(rtype, str) or not isinstance(rid, str) or protocol.check_record_id(rtype, rid):
                return None
            if (
                not isinstance(rev, int)
                or isinstance(rev, bool)
                or rev < 1
                or protocol.case_of(rid) != m.group(1)
            ):
                return None
            held.append(HeldRecord(rtype, rid, rev, r["payload"]))
        values = {k: str(payload.get(k, "")) for k in texts}
        return cls(transfer_id=record_id, case_no=m.group(1), state=state, records=tuple(held), **values)
