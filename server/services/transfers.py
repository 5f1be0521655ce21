"""Case transfers between stations (issue 14): the request, the acceptance, and the move of the
case's ownership that the push's ownership check reads (``records.owner_station_id``).

:func:`preload` answers, before a batch is decided, which station codes its transfer requests
name and which transfers await the pushing station; :func:`after_push` follows the applied
changes inside the push's transaction: a request is kept and delivered to the receiving station,
an acceptance moves the case (and every child of it but other stations' alert
acknowledgements) to the receiving station and delivers the completion to both stations, the
receiving one with the case's records and the family's verification code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session, aliased

from app.core.transfer import TransferState
from app.sync import alert_records, protocol, transfer_records
from app.sync.protocol.cases import CaseRecord
from app.sync.transfer_records import (
    HeldRecord,
    TransferAcceptance,
    TransferDelivery,
    TransferEnd,
    TransferRequest,
)
from server.services import deliveries, gallery, referrals, tips
from server.storage.alert_tables import ChildAlert
from server.storage.bulk import written
from server.storage.tables import Record, Station, utcnow
from server.storage.transfer_tables import AWAITING_RECEIVER, COMPLETED, CaseTransfer

# Refusal details of an end (fixed texts: stations word them, app/services/refusal_words.py)
NOT_AWAITING = "the transfer no longer awaits the receiving station: it was accepted, declined or withdrawn"
WRONG_SIDE = "only the receiving station declines a transfer, only the sending station withdraws it"


@dataclass
class Preloaded:
    """What deciding a batch's transfer records needs to know (one query each, none without)."""

    stations: dict[str, int] = field(default_factory=dict)  # station code → id, of the requests
    awaiting: dict[str, str] = field(default_factory=dict)  # transfer id → case_no, awaiting the pusher
    open_by_case: dict[str, str] = field(default_factory=dict)  # case_no → its transfer under way
    # transfer id → (case_no, sending code, receiving code), of the batch's ends, while awaiting
    endable: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def note_applied(self, change: protocol.Change) -> None:
        """A request the batch applied is under way for the rest of the batch: a second request
        for the same case further on is refused as one across batches is. An acceptance or an
        end the batch applied ends the transfer for the rest of the batch: the other is refused."""
        if change.record_type == transfer_records.RECORD_TYPE:
            case_no = protocol.case_of(change.record_id)
            self.open_by_case.setdefault(case_no, change.record_id)
            # a withdrawal further on in the batch (an offline station approved, then withdrew)
            sides = (str(change.payload.get("from_station")), str(change.payload.get("to_station")))
            self.endable.setdefault(change.record_id, (case_no, *sides))
        elif isinstance(change.payload.get("transfer_id"), str):
            ended = change.payload["transfer_id"]
            self.awaiting.pop(ended, None)
            self.endable.pop(ended, None)
            case_no = protocol.case_of(ended)
            if self.open_by_case.get(case_no) == ended:  # a new request of the case may follow
                del self.open_by_case[case_no]


def preload(session: Session, station_id: int, changes: Iterable[protocol.Change]) -> Preloaded:
    codes: set[str] = set()
    transfers: set[str] = set()
    cases: set[str] = set()
    ends: set[str] = set()
    for c in changes:
        if c.record_type == transfer_records.RECORD_TYPE and isinstance(c.payload.get("to_station"), str):
            codes.add(c.payload["to_station"])
            cases.add(protocol.case_of(c.record_id))
        elif c.record_type == transfer_records.ACCEPT_RECORD_TYPE and isinstance(
            c.payload.get("transfer_id"), str
        ):
            transfers.add(c.payload["transfer_id"])
        elif c.record_type == transfer_records.END_RECORD_TYPE and isinstance(
            c.payload.get("transfer_id"), str
        ):
            ends.add(c.payload["transfer_id"])
    found = Preloaded()
    if codes:
        rows = session.execute(
            select(Station.code, Station.id).where(
                Station.code.in_(sorted(codes)), Station.revoked_at.is_(None)
            )
        )
        found.stations = {code: sid for code, sid in rows}
        under_way = session.execute(
            select(CaseTransfer.case_no, CaseTransfer.transfer_id).where(
                CaseTransfer.case_no.in_(sorted(cases)), CaseTransfer.state == AWAITING_RECEIVER
            )
        )
        found.open_by_case = {str(case_no): str(tid) for case_no, tid in under_way}
    if transfers:
        pending = session.execute(
            select(CaseTransfer.transfer_id, CaseTransfer.case_no).where(
                CaseTransfer.transfer_id.in_(sorted(transfers)),
                CaseTransfer.to_station_id == station_id,
                CaseTransfer.state == AWAITING_RECEIVER,
            )
        )
        found.awaiting = {str(tid): str(case_no) for tid, case_no in pending}
    if ends:
        sender, receiver = aliased(Station), aliased(Station)
        endable = session.execute(
            select(CaseTransfer.transfer_id, CaseTransfer.case_no, sender.code, receiver.code)
            .join(sender, sender.id == CaseTransfer.from_station_id)
            .join(receiver, receiver.id == CaseTransfer.to_station_id)
            .where(CaseTransfer.transfer_id.in_(sorted(ends)), CaseTransfer.state == AWAITING_RECEIVER)
        )
        found.endable = {str(tid): (str(case_no), str(f), str(t)) for tid, case_no, f, t in endable}
    return found


def problem(change: protocol.Change, station_code: str, known: Preloaded) -> str | None:
    """Why a transfer record cannot be applied (an ``invalid`` refusal), or None."""
    try:
        if change.record_type == transfer_records.RECORD_TYPE:
            request = TransferRequest.read(change.record_id, change.payload)
            if request.from_station != station_code:
                return "transfer.from_station is the station that pushes it"
            if request.to_station not in known.stations:
                return "transfer.to_station is not an enrolled station"
            if known.open_by_case.get(request.case_no, change.record_id) != change.record_id:
                return "the case already has a transfer awaiting the receiving station"
        elif change.record_type == transfer_records.END_RECORD_TYPE:
            end = TransferEnd.read(change.record_id, change.payload)
            held = known.endable.get(end.transfer_id)
            if held is None or held[0] != end.case_no:
                return NOT_AWAITING
            side = held[2] if end.outcome is TransferState.DECLINED else held[1]
            if side != station_code:
                return WRONG_SIDE
        else:
            acceptance = TransferAcceptance.read(change.record_id, change.payload)
            if known.awaiting.get(acceptance.transfer_id) != acceptance.case_no:
                return "no transfer of this case awaits this station"
    except protocol.ProtocolError as bad:
        return bad.detail
    return None


def after_push(session: Session, station_id: int, applied: Iterable[protocol.Change]) -> None:
    """Keep each applied request and deliver it; complete each applied acceptance (in order)."""
    for change in applied:
        if change.record_type == transfer_records.RECORD_TYPE:
            _requested(session, station_id, TransferRequest.read(change.record_id, change.payload), change)
        elif change.record_type == transfer_records.ACCEPT_RECORD_TYPE:
            _accepted(session, station_id, TransferAcceptance.read(change.record_id, change.payload))
        elif change.record_type == transfer_records.END_RECORD_TYPE:
            _ended(session, TransferEnd.read(change.record_id, change.payload))


def _ended(session: Session, end: TransferEnd) -> None:
    """A decline or a withdrawal: the transfer ends where it stood (the case moves nowhere) and
    both stations are told who ended it and why."""
    transfer = session.get(CaseTransfer, end.transfer_id)
    if transfer is None or transfer.state != AWAITING_RECEIVER:
        return  # checked by problem(); the batch's first word ends it
    transfer.state = end.outcome.value
    told = _delivery(session, transfer, end.outcome, ended_by=end.ended_by, end_reason=end.reason)
    deliveries.deliver(
        session, sorted({transfer.from_station_id, transfer.to_station_id}), transfer_records.KIND,
        transfer_records.RECORD_TYPE, transfer.transfer_id, 2, told.to_payload(),
    )  # fmt: skip


def _station(session: Session, station_id: int) -> Station:
    station = session.get(Station, station_id)
    assert station is not None
    return station


def _case(session: Session, case_no: str) -> tuple[str, str]:
    """(case type, names) of the case as the server holds it, for the receiving supervisor."""
    payload = session.scalar(select(Record.payload).where(Record.record_id == case_no))
    if payload is None:
        return "", ""
    try:
        record = CaseRecord.read(json.loads(payload))
    except protocol.ProtocolError:
        return "", ""
    return record.type.value, "、".join(record.names())


def _delivery(
    session: Session, transfer: CaseTransfer, state: TransferState, **extra: object
) -> TransferDelivery:
    request = TransferRequest.read(transfer.transfer_id, json.loads(transfer.payload))
    case_type, names = _case(session, transfer.case_no)
    values: dict[str, object] = {
        "transfer_id": transfer.transfer_id,
        "case_no": transfer.case_no,
        "state": state,
        "from_station": request.from_station,
        "from_name": _station(session, transfer.from_station_id).name,
        "to_station": request.to_station,
        "to_name": _station(session, transfer.to_station_id).name,
        "reason": request.reason,
        "requested_by": request.requested_by,
        "approved_by": request.approved_by,
        "requested_at": request.requested_at,
        "case_type": case_type,
        "names": names,
        **extra,
    }
    return TransferDelivery(**values)  # type: ignore[arg-type]


def _requested(session: Session, station_id: int, request: TransferRequest, change: protocol.Change) -> None:
    to_id = session.scalar(select(Station.id).where(Station.code == request.to_station))
    assert to_id is not None  # checked by problem() in the same transaction
    if session.get(CaseTransfer, change.record_id) is not None:
        return  # a request's record is written once; a later revision changes nothing here
    transfer = CaseTransfer(
        transfer_id=change.record_id,
        case_no=request.case_no,
        from_station_id=station_id,
        to_station_id=to_id,
        state=AWAITING_RECEIVER,
        payload=json.dumps(request.to_payload(), ensure_ascii=False, separators=(",", ":")),
        requested_at=utcnow(),
    )
    session.add(transfer)
    session.flush()
    delivery = _delivery(session, transfer, TransferState.AWAITING_RECEIVER)
    # to the sending station too: one rebuilt from the server sees the transfer it sent awaiting
    deliveries.deliver(session, sorted({to_id, station_id}), transfer_records.KIND, transfer_records.RECORD_TYPE,
                       transfer.transfer_id, 1, delivery.to_payload())  # fmt: skip


def of_case(case_no: str) -> ColumnElement[bool]:
    """The case's record and its children: the case by its key, the children through their index
    (``ix_records_children``), so a transfer's work follows the case, never the register of the
    station handing it over or taking it (``case_no = …`` alone matches neither index's terms)."""
    return or_(
        Record.record_id == case_no, and_(Record.case_no == case_no, Record.record_type != written("case"))
    )


def _accepted(session: Session, station_id: int, acceptance: TransferAcceptance) -> None:
    transfer = session.get(CaseTransfer, acceptance.transfer_id)
    if transfer is None or transfer.state != AWAITING_RECEIVER or transfer.to_station_id != station_id:
        return  # checked by problem(); a second acceptance in one batch changes nothing
    now = utcnow()
    transfer.state, transfer.accepted_by, transfer.completed_at = COMPLETED, acceptance.accepted_by, now
    handed = (
        of_case(transfer.case_no),
        Record.owner_station_id == transfer.from_station_id,
        # what the station did of its own (an acknowledgement, the end of an earlier
        # transfer) stays its own: only the case and what describes it change hands
        Record.record_type.not_in((alert_records.ACK_RECORD_TYPE, transfer_records.END_RECORD_TYPE)),
    )
    # what changes hands, as it is handed over: the receiving station takes the case over from
    # it, the sending one keeps its read-only copy from it (never the receiving station's own
    # records of the case: its decline of an earlier transfer, its acceptance, its answers)
    held = session.execute(
        select(Record.record_type, Record.record_id, Record.revision, Record.payload)
        .where(*handed)
        .order_by(Record.record_id)
    ).all()
    moved = (
        update(Record)
        .where(*handed)
        .values(owner_station_id=station_id)
        .execution_options(synchronize_session=False)
    )
    session.execute(moved)
    # the case's missing-child alert is the holder's from now on: its photo is looked for among
    # the holder's records, its next change names the holder (code, name, phone), and the
    # widening leaves out the holder's station instead of the one that handed the case over
    session.execute(
        update(ChildAlert)
        .where(ChildAlert.case_no == transfer.case_no)
        .values(owner_station_id=station_id)
        .execution_options(synchronize_session=False)
    )
    # the gallery entries first (their rows locked before any delivery takes the journal's lock,
    # in the order a tip submitted at this moment takes them: tips.submit)
    gallery.follow_transfer(session, transfer.case_no, transfer.from_station_id, station_id)
    tips.follow_transfer(session, transfer.case_no, transfer.from_station_id, station_id)
    referrals.follow_transfer(session, transfer.case_no, transfer.from_station_id, station_id, now)
    records = tuple(HeldRecord(t, rid, rev, json.loads(p)) for t, rid, rev, p in held)
    request = TransferRequest.read(transfer.transfer_id, json.loads(transfer.payload))
    done = {"accepted_by": acceptance.accepted_by, "completed_at": now.isoformat().replace("+00:00", "Z")}
    # one item to both sides, with what changed hands
    told = _delivery(session, transfer, TransferState.COMPLETED, records=records,
                     verification_code=request.verification_code, **done)  # fmt: skip
    deliveries.deliver(session, sorted({station_id, transfer.from_station_id}), transfer_records.KIND,
                       transfer_records.RECORD_TYPE, transfer.transfer_id, 2, told.to_payload())  # fmt: skip
