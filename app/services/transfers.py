"""Case transfers between stations (issue 14): a case's ownership moves to another station with
both supervisors' approval; the case number, its status and the family's verification code stay.

Sending station: an officer or a supervisor asks (:func:`request_transfer`); a supervisor's own
request is approved at once, an officer's waits for a supervisor (:func:`approve_transfer`).
The approved request is queued in the outbox (record ``transfer``) in the same transaction.
Receiving station: the request arrives with a sync; its supervisor approves it (the acceptance,
record ``transfer_accept``, is queued). The server then moves the case; the next sync completes
the transfer at both stations (``app.sync.transfer_intake``): the receiving station holds the
case and may change it, the sending station keeps a read-only copy (:func:`refuse_if_held_elsewhere`
is what every change of a case asks first).

Until the server moves the case, the receiving station's supervisor may decline the transfer
(:func:`decline_transfer`) and the sending station's withdraw it (:func:`withdraw_transfer`), with
a reason: record ``transfer_end``, queued like the others (an officer's request that no supervisor
approved yet is withdrawn here only: it never travelled). The case stays where it is.

Audits ``transfer.request``, ``transfer.approve``, ``transfer.accept``, ``transfer.decline``,
``transfer.withdraw``, ``transfer.received``, ``transfer.completed``, ``transfer.declined``,
``transfer.withdrawn`` and ``transfer.view``. Runs on the store's owning thread (the CLI's main
thread, the desktop's database worker); :func:`audit_transfers` takes a *writer* like the sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.core.model import AccountRole, CaseStatus
from app.core.transfer import MAX_TRANSFER_REASON, TransferDirection, TransferState, word
from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import case_repository, outbox
from app.storage import transfer_repository as repo
from app.storage.audit import now_utc
from app.storage.cursor import Cursor, cursor_of
from app.storage.store import UnitOfWork, Writer
from app.storage.sync_queries import next_base
from app.sync import protocol, transfer_records

SUPERVISING = (AccountRole.SUPERVISOR, AccountRole.ADMIN)

TRANSFER_MESSAGES: dict[str, tuple[str, str]] = {
    "case_held_elsewhere": (
        "案件 {case_no} 已移交 {station}（{name}），本所只保留只读副本，不能再修改；请联系接收单位",
        "case {case_no} was transferred to {station} ({name}); this station keeps a read-only copy"
        " and cannot change it: ask the receiving station",
    ),
    "transfer_case_unknown": ("没有案件 {case_no}", "there is no case {case_no}"),
    "transfer_station_code": (
        "接收单位代码应为 9 位数字，且不能是本所",
        "the receiving station is a 9-digit station code other than this station's",
    ),
    "transfer_reason": (
        "请填写移交原因（最多 {max} 个字符）",
        "give the reason for the transfer (at most {max} characters)",
    ),
    "transfer_voided": (
        "案件 {case_no} 已作废，不能移交",
        "case {case_no} is voided and cannot be transferred",
    ),
    "transfer_open": (
        "案件 {case_no} 已有一项移交在办（{id}）",
        "case {case_no} already has a transfer under way ({id})",
    ),
    "transfer_unknown": ("没有移交 {ref}", "there is no transfer {ref}"),
    "transfer_ambiguous": (
        "{ref} 对应多项移交，请给出完整编号",
        "{ref} names more than one transfer: give the whole id",
    ),
    "transfer_not_waiting": (
        "移交 {id} 现在不需要本所批准（{state}）",
        "transfer {id} does not wait for this station's approval ({state})",
    ),
    "transfer_own": (
        "不能批准自己提出的移交，请由另一位所长批准",
        "you cannot approve your own transfer request: another supervisor approves it",
    ),
    "transfer_supervisor": (
        "只有所长（或管理员）可以批准移交",
        "only a supervisor (or an admin) approves a transfer",
    ),
    "transfer_end_reason": (
        "请填写原因（最多 {max} 个字符）",
        "give the reason (at most {max} characters)",
    ),
    "transfer_not_declinable": (
        "移交 {id} 不能拒绝：只有等待本单位接收的移交可以拒绝（现在：{state}）",
        "transfer {id} cannot be declined: only a transfer awaiting this station can ({state})",
    ),
    "transfer_not_withdrawable": (
        "移交 {id} 不能撤回：只有本单位移出、尚未被接收的移交可以撤回（现在：{state}）",
        "transfer {id} cannot be withdrawn: only this station's transfer not yet accepted can ({state})",
    ),
    "transfer_end_supervisor": (
        "只有所长（或管理员）可以拒绝或撤回移交；尚未批准的申请，申请人本人也可撤回",
        "only a supervisor (or an admin) declines or withdraws a transfer; the officer who asked may"
        " withdraw a request no supervisor approved yet",
    ),
}


class TransferError(ServiceError):
    """A transfer step that cannot be done; ``text(lang)`` says why."""

    messages = TRANSFER_MESSAGES


@dataclass(frozen=True, slots=True)
class Transfer:
    """A transfer as the desktop and the CLI show it."""

    id: str
    case_no: str
    direction: TransferDirection
    state: TransferState
    from_station: str
    from_name: str
    to_station: str
    to_name: str
    reason: str
    case_type: str
    names: str
    requested_by: str
    requested_at: str
    approved_by: str | None
    accepted_by: str | None
    completed_at: str | None
    ended_by: str | None = None  # who declined or withdrew it
    end_reason: str | None = None

    @property
    def short_id(self) -> str:
        """The first eight characters of the id's uuid part: enough to name it to `approve`."""
        return self.id[24:32]

    def waits_for_us(self) -> bool:
        """True when this station's supervisor is the next to decide."""
        return (
            self.direction is TransferDirection.OUTGOING and self.state is TransferState.AWAITING_SENDER
        ) or (self.direction is TransferDirection.INCOMING and self.state is TransferState.AWAITING_RECEIVER)

    def state_text(self, lang: str) -> str:
        """The state in words, from this station's side (what waits for us says so)."""
        return word(TransferState.AWAITING_SENDER if self.waits_for_us() else self.state, lang)

    def to_json(self) -> dict[str, Any]:
        """The ``transfer list --json`` shape."""
        return {
            "id": self.id,
            "short_id": self.short_id,
            "case_no": self.case_no,
            "direction": self.direction.value,
            "state": self.state.value,
            "from_station": self.from_station,
            "from_name": self.from_name,
            "to_station": self.to_station,
            "to_name": self.to_name,
            "reason": self.reason,
            "names": self.names,
            "requested_by": self.requested_by,
            "requested_at": self.requested_at,
            "approved_by": self.approved_by,
            "accepted_by": self.accepted_by,
            "completed_at": self.completed_at,
            "ended_by": self.ended_by,
            "end_reason": self.end_reason,
            "waits_for_us": self.waits_for_us(),
        }


def _transfer(t: repo.StoredTransfer) -> Transfer:
    return Transfer(
        id=t.id, case_no=t.case_no, direction=TransferDirection(t.direction), state=TransferState(t.state),
        from_station=t.from_station, from_name=t.from_name, to_station=t.to_station, to_name=t.to_name,
        reason=t.reason, case_type=t.case_type, names=t.names, requested_by=t.requested_by,
        requested_at=t.requested_at, approved_by=t.approved_by, accepted_by=t.accepted_by,
        completed_at=t.completed_at, ended_by=t.ended_by, end_reason=t.end_reason,
    )  # fmt: skip


def refuse_if_held_elsewhere(within: Cursor | Connection, case_no: str) -> None:
    """Raise when *case_no* was transferred away: this station keeps a read-only copy (any change
    of a case asks this first, inside its unit of work: its cursor or its connection)."""
    held = repo.held_by(cursor_of(within) if isinstance(within, Connection) else within, case_no)
    if held is not None:
        raise TransferError("case_held_elsewhere", case_no=case_no, station=held[0], name=held[1] or held[0])


def held_elsewhere(session: Session, case_no: str) -> tuple[str, str] | None:
    """(code, name) of the station that holds *case_no* now, when it was transferred away."""
    with session.store.reader() as conn:
        return repo.held_by(cursor_of(conn), case_no)


def outgoing_to(session: Session, case_no: str) -> str:
    """ "CODE name" of the receiving station of this station's newest transfer of *case_no* that
    was not declined or withdrawn, or "" (what the transfer form names when no station is given)."""
    with session.store.reader() as conn:
        cursor = cursor_of(conn)
        ended = (TransferState.DECLINED.value, TransferState.WITHDRAWN.value)  # the case never went there
        out = [
            t
            for t in repo.every(cursor)
            if t.case_no == case_no and t.direction == "out" and t.state not in ended
        ]
    if not out:
        return ""
    newest = max(out, key=lambda t: t.requested_at)
    return f"{newest.to_station} {newest.to_name}".strip()


def request_transfer(session: Session, case_no: str, to_station: str, reason: str) -> Transfer:
    """Ask for *case_no* to be handed to *to_station*. A supervisor's (or admin's) request is
    approved at once and queued for the server; an officer's waits for a supervisor. Audits
    ``transfer.request`` (and ``transfer.approve``)."""
    case_no, to_station, text = case_no.strip(), to_station.strip(), reason.strip()
    if not protocol.STATION_CODE_RE.match(to_station) or to_station == session.station.code:
        raise TransferError("transfer_station_code")
    if not text or len(text) > MAX_TRANSFER_REASON:
        raise TransferError("transfer_reason", max=MAX_TRANSFER_REASON)

    def store(uow: UnitOfWork) -> Transfer:
        c = uow.cursor
        reg = case_repository.load_case(uow.conn, case_no, full=False)
        if reg is None:
            raise TransferError("transfer_case_unknown", case_no=case_no)
        refuse_if_held_elsewhere(c, case_no)
        if reg.status is CaseStatus.VOIDED:
            raise TransferError("transfer_voided", case_no=case_no)
        for other in repo.open_for_case(c, case_no):
            raise TransferError("transfer_open", case_no=case_no, id=other.id[24:32])
        at = now_utc()
        stored = repo.StoredTransfer(
            id=transfer_records.request_id(case_no), case_no=case_no, direction=TransferDirection.OUTGOING.value,
            state=TransferState.AWAITING_SENDER.value, from_station=session.station.code,
            from_name=session.station.name, to_station=to_station, to_name="", reason=text,
            case_type=reg.case.type.value, names=case_repository.subject_names(reg.case),
            requested_by=session.user, requested_at=at, approved_by=None, approved_at=None,
            accepted_by=None, accepted_at=None, completed_at=None, audited_state=TransferState.AWAITING_SENDER.value,
        )  # fmt: skip
        repo.add(c, stored)
        uow.audit.record(session.user, "transfer.request", case_no, detail=f"to={to_station} {text[:200]}")
        if session.role in SUPERVISING:
            _send(uow, session, stored)
        return _transfer(repo.get(c, stored.id) or stored)

    done: Transfer = session.store.write(store)
    return done


def _send(uow: UnitOfWork, session: Session, t: repo.StoredTransfer) -> None:
    """The sending supervisor's approval: the request goes into the outbox."""
    at = now_utc()
    request = transfer_records.TransferRequest(
        case_no=t.case_no, from_station=t.from_station, to_station=t.to_station, reason=t.reason,
        requested_by=t.requested_by, requested_at=t.requested_at, approved_by=session.user, approved_at=at,
        verification_code=case_repository.verification_code_of(uow.cursor, t.case_no),
    )  # fmt: skip
    outbox.enqueue(
        uow.cursor, transfer_records.RECORD_TYPE, t.id, next_base(uow.cursor, t.id), request.to_payload()
    )
    repo.update(uow.cursor, t.id, state=TransferState.AWAITING_RECEIVER.value, approved_by=session.user,
                approved_at=at, audited_state=TransferState.AWAITING_RECEIVER.value)  # fmt: skip
    uow.audit.record(
        session.user, "transfer.approve", t.case_no, detail=f"id={t.id[24:32]} to={t.to_station}"
    )


def _find(cursor: Cursor, ref: str) -> repo.StoredTransfer:
    ref = ref.strip()
    found = repo.matching(cursor, ref) if len(ref) >= 4 else []
    if not found:
        raise TransferError("transfer_unknown", ref=ref)
    if len(found) > 1:
        raise TransferError("transfer_ambiguous", ref=ref)
    return found[0]


def approve_transfer(session: Session, ref: str) -> Transfer:
    """A supervisor's approval of the transfer *ref* (its id, the first characters of its id, or
    its case number): at the sending station the request is queued for the server; at the
    receiving station the acceptance is. Nobody approves their own request. Audits
    ``transfer.approve`` or ``transfer.accept``."""
    if session.role not in SUPERVISING:
        raise TransferError("transfer_supervisor")

    def store(uow: UnitOfWork) -> Transfer:
        t = _find(uow.cursor, ref)
        state, direction = TransferState(t.state), TransferDirection(t.direction)
        if direction is TransferDirection.OUTGOING and state is TransferState.AWAITING_SENDER:
            if t.requested_by == session.user:
                raise TransferError("transfer_own")
            refuse_if_held_elsewhere(uow.cursor, t.case_no)
            _send(uow, session, t)
        elif direction is TransferDirection.INCOMING and state is TransferState.AWAITING_RECEIVER:
            at = now_utc()
            acceptance = transfer_records.TransferAcceptance(t.id, t.case_no, session.user, at)
            record_id = transfer_records.accept_id(t.id)
            outbox.enqueue(uow.cursor, transfer_records.ACCEPT_RECORD_TYPE, record_id,
                           next_base(uow.cursor, record_id), acceptance.to_payload())  # fmt: skip
            repo.update(uow.cursor, t.id, state=TransferState.ACCEPTED.value, accepted_by=session.user,
                        accepted_at=at, audited_state=TransferState.ACCEPTED.value)  # fmt: skip
            uow.audit.record(
                session.user, "transfer.accept", t.case_no, detail=f"id={t.id[24:32]} from={t.from_station}"
            )
        else:
            raise TransferError(
                "transfer_not_waiting", id=t.id[24:32], state=(word(state, "zh_CN"), word(state, "en"))
            )
        return _transfer(repo.get(uow.cursor, t.id) or t)

    done: Transfer = session.store.write(store)
    return done


def _end_reason(reason: str) -> str:
    text = reason.strip()
    if not text or len(text) > MAX_TRANSFER_REASON:
        raise TransferError("transfer_end_reason", max=MAX_TRANSFER_REASON)
    return text


def _end_here(
    uow: UnitOfWork,
    session: Session,
    t: repo.StoredTransfer,
    outcome: TransferState,
    reason: str,
    *,
    travels: bool,
) -> Transfer:
    """The transfer ended here (declined or withdrawn) in the caller's unit of work, its end
    record queued for the server when *travels*; audited ``transfer.decline`` or ``.withdraw``."""
    at = now_utc()
    if travels:
        end = transfer_records.TransferEnd(t.id, t.case_no, outcome, session.user, at, reason)
        record_id = transfer_records.end_id(t.id)
        outbox.enqueue(uow.cursor, transfer_records.END_RECORD_TYPE, record_id, next_base(uow.cursor, record_id),
                       end.to_payload())  # fmt: skip
    repo.update(uow.cursor, t.id, state=outcome.value, ended_by=session.user, ended_at=at, end_reason=reason,
                audited_state=outcome.value)  # fmt: skip
    declined = outcome is TransferState.DECLINED
    other = f"from={t.from_station}" if declined else f"to={t.to_station}"
    uow.audit.record(session.user, "transfer.decline" if declined else "transfer.withdraw", t.case_no,
                     detail=f"id={t.id[24:32]} {other} {reason[:200]}")  # fmt: skip
    return _transfer(repo.get(uow.cursor, t.id) or t)


def decline_transfer(session: Session, ref: str, reason: str) -> Transfer:
    """The receiving station's supervisor declines the transfer *ref* that awaits it: the case
    stays with the sending station, which is told who declined it and why. Audits
    ``transfer.decline``."""
    if session.role not in SUPERVISING:
        raise TransferError("transfer_end_supervisor")
    text = _end_reason(reason)

    def store(uow: UnitOfWork) -> Transfer:
        t = _find(uow.cursor, ref)
        state = TransferState(t.state)
        if t.direction != TransferDirection.INCOMING.value or state is not TransferState.AWAITING_RECEIVER:
            raise TransferError("transfer_not_declinable", id=t.id[24:32],
                                state=(word(state, "zh_CN"), word(state, "en")))  # fmt: skip
        return _end_here(uow, session, t, TransferState.DECLINED, text, travels=True)

    done: Transfer = session.store.write(store)
    return done


def withdraw_transfer(session: Session, ref: str, reason: str) -> Transfer:
    """The sending station withdraws the transfer *ref* before the receiving station accepted it:
    a supervisor's withdrawal travels (the receiving station is told who and why; the server
    refuses it if the acceptance arrived first, and the case then moves as accepted); a request no
    supervisor approved yet never travelled and is withdrawn here only (by a supervisor or the
    officer who asked). Audits ``transfer.withdraw``."""
    text = _end_reason(reason)

    def store(uow: UnitOfWork) -> Transfer:
        t = _find(uow.cursor, ref)
        state = TransferState(t.state)
        outgoing = t.direction == TransferDirection.OUTGOING.value
        if not outgoing or state not in (TransferState.AWAITING_SENDER, TransferState.AWAITING_RECEIVER):
            raise TransferError("transfer_not_withdrawable", id=t.id[24:32],
                                state=(word(state, "zh_CN"), word(state, "en")))  # fmt: skip
        asked_it = state is TransferState.AWAITING_SENDER and t.requested_by == session.user
        if session.role not in SUPERVISING and not asked_it:
            raise TransferError("transfer_end_supervisor")
        # an officer's request no supervisor approved never travelled: nothing does now
        travels = state is not TransferState.AWAITING_SENDER
        return _end_here(uow, session, t, TransferState.WITHDRAWN, text, travels=travels)

    done: Transfer = session.store.write(store)
    return done


_ARRIVED_ACTIONS = {
    TransferState.COMPLETED.value: "transfer.completed",
    TransferState.DECLINED.value: "transfer.declined",
    TransferState.WITHDRAWN.value: "transfer.withdrawn",
}


def audit_transfers(session: Session, *, writer: Writer | None = None) -> int:
    """Audit what the last sync changed: a request that arrived (``transfer.received``), a
    transfer completed, declined or withdrawn here or there (``transfer.completed``,
    ``transfer.declined``, ``transfer.withdrawn``). Returns how many."""

    def store(uow: UnitOfWork) -> int:
        changed = repo.unaudited(uow.cursor)
        for t in changed:
            action = _ARRIVED_ACTIONS.get(t.state, "transfer.received")
            if t.audited_state == repo.RESENT_AUDIT:  # this station's word, lost by a restored server
                action = "transfer.resent"
            other = t.from_station if t.direction == TransferDirection.INCOMING.value else t.to_station
            uow.audit.record(
                session.user, action, t.case_no, detail=f"id={t.id[24:32]} {t.direction} {other}"
            )
            repo.update(uow.cursor, t.id, audited_state=t.state)
        return len(changed)

    n: int = (writer or session.store.write)(store)
    return n


def list_transfers(session: Session) -> list[Transfer]:
    """Every transfer this station sent or received, open ones first. Audits ``transfer.view``."""
    audit_transfers(session)

    def read(uow: UnitOfWork) -> list[Transfer]:
        found = [_transfer(t) for t in repo.every(uow.cursor)]
        uow.audit.record(session.user, "transfer.view", "", detail=f"shown={len(found)}")
        return found

    shown: list[Transfer] = session.store.write(read)
    return shown


def waiting_count(session: Session) -> int:
    """Transfers waiting for this station's supervisor (the desk's badge). No audit."""
    with session.store.reader() as conn:
        cursor = cursor_of(conn)
        return sum(_transfer(t).waits_for_us() for t in repo.every(cursor))
