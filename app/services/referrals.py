"""Referrals between stations (issue 14): ask another station to act on one of this station's
cases (visit an address, take a DNA sample from a relative living there, interview a witness),
and answer the referrals other stations send here: accept, answer with a note, or decline.

Everything is offline-tolerant: a referral or an answer is stored and queued in the outbox in one
transaction (record types ``referral`` and ``referral_answer``, :mod:`app.sync.protocol.referrals`)
and travels with the next sync or USB bundle. The server's deliveries (pull kind ``referral``) are
taken into the list after each sync (:func:`import_referrals`): a referral sent here, and every
step of either side. A change the server refused stays refused in the outbox and the list shows
its reason beside the referral or the answer. Audits ``referral.sent``, ``referral.answered``,
``referral.received``, ``referral.updated`` and ``referral.view`` (case number and referral id
only). Runs on the store's owning thread (the CLI's main thread, the desktop's database worker);
:func:`import_referrals` takes a *writer* like the sync engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.model import CaseStatus
from app.core.referral import MAX_NOTE, ReferralRequest, ReferralState, can_answer
from app.services.errors import ServiceError
from app.services.session import Session
from app.services.transfers import refuse_if_held_elsewhere
from app.storage import epoch_change, outbox
from app.storage import referral_repository as repo
from app.storage import sync_state as st
from app.storage.audit import now_utc
from app.storage.case_repository import case_id_of_cursor, status_of_cursor
from app.storage.cursor import cursor_of
from app.storage.store import UnitOfWork, Writer
from app.storage.sync_queries import next_base
from app.sync import protocol
from app.sync.protocol import ProtocolError
from app.sync.protocol import referrals as wire

REFERRAL_CURSOR = epoch_change.REFERRAL_POSITION

REFERRAL_MESSAGES: dict[str, tuple[str, str]] = {
    "case_unknown": ("本所没有案件 {case_no}：只能就本所的案件请求协查",
                     "there is no case {case_no} here: a referral is asked on one of this station's cases"),
    "case_voided": ("案件 {case_no} 已作废", "case {case_no} is void"),
    "bad_station": ("单位代码 {code} 无效：应为 9 位数字", "station code {code} is not valid: 9 digits"),
    "own_station": ("不能向本所发协查请求", "a referral goes to another station, not this one"),
    "note_required": ("必须填写说明", "a note is required"),
    "note_long": ("说明最多 {max} 个字", "the note holds at most {max} characters"),
    "referral_unknown": ("没有协查请求 {id}", "there is no referral {id}"),
    "referral_ambiguous": ("{id} 对应多个协查请求，请写出更多位", "{id} names several referrals: give more of it"),
    "referral_not_ours": ("协查请求 {id} 是本所发出的，只能由对方单位答复",
                          "referral {id} was sent from here: only the station asked can answer it"),
    "referral_step": ("协查请求 {id} 当前为“{state}”，不能再{step}",
                      "referral {id} is {state}: it cannot be {step} now"),
}  # fmt: skip

STEP_WORDS = {
    ReferralState.ACCEPTED: ("接受", "accepted"),
    ReferralState.ANSWERED: ("答复", "answered"),
    ReferralState.DECLINED: ("拒绝", "declined"),
}


class ReferralError(ServiceError):
    """A referral step that cannot be done; ``text(lang)`` says why."""

    messages = REFERRAL_MESSAGES


@dataclass(frozen=True, slots=True)
class ReferralStep:
    """One answer step: who, at which station, when, and how far it travelled."""

    id: str
    state: ReferralState
    note: str
    by: str
    station: str
    at: str
    received_at: str | None  # the server's clock; None: only known here so far
    travel: str  # "waiting" | "sent" | "refused" for this station's own steps, else ""
    refusal: str  # the server's reason when refused

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "state": self.state.value, "note": self.note, "by": self.by,
                                  "station": self.station, "at": self.at, "received_at": self.received_at}  # fmt: skip
        if self.travel:
            out["sync"] = self.travel
        if self.refusal:
            out["refused"] = self.refusal
        return out


@dataclass(frozen=True, slots=True)
class Referral:
    """A referral as the desktop and the CLI show it."""

    id: str  # the record id
    direction: str  # "out": this station asked; "in": asked of this station
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
    answers: tuple[ReferralStep, ...]
    travel: str  # for a referral sent from here: "waiting" | "sent" | "refused"
    refusal: str

    @property
    def short(self) -> str:
        """What an officer types (``referral answer ID``)."""
        return wire.short_id(self.id)

    @property
    def incoming(self) -> bool:
        return self.direction == "in"

    def can_take(self, step: ReferralState) -> bool:
        return self.incoming and can_answer(self.state, step)

    def to_json(self) -> dict[str, object]:
        """The ``referral list --json`` shape."""
        out: dict[str, object] = {
            "id": self.short, "record_id": self.id, "direction": self.direction, "case_no": self.case_no,
            "from": self.from_station, "from_name": self.from_name, "to": self.to_station, "to_name": self.to_name,
            "request": self.request.value, "state": self.state.value, "note": self.note,
            "asked_by": self.asked_by, "created_at": self.asked_at,
            "answers": [a.to_json() for a in self.answers],
        }  # fmt: skip
        if self.travel:
            out["sync"] = self.travel
        if self.refusal:
            out["refused"] = self.refusal
        return out


def _check_note(note: str) -> str:
    note = note.strip()
    if not note:
        raise ReferralError("note_required")
    if len(note) > MAX_NOTE:
        raise ReferralError("note_long", max=MAX_NOTE)
    return note


def send_referral(
    session: Session, case_no: str, to: str, note: str, request: ReferralRequest = ReferralRequest.OTHER
) -> Referral:
    """Ask station *to* to act on this station's case *case_no*; stored and queued for the server
    in one transaction. Audits ``referral.sent``."""
    case_no, to, note = case_no.strip(), to.strip(), _check_note(note)
    if not protocol.STATION_CODE_RE.match(to):
        raise ReferralError("bad_station", code=to)
    if to == session.station.code:
        raise ReferralError("own_station")

    def store(uow: UnitOfWork) -> str:
        # the station's own case: filed here or taken over (whatever code its number begins
        # with); a copy it handed over is read-only, another station's case unknown here
        if case_id_of_cursor(uow.cursor, case_no) is None:
            raise ReferralError("case_unknown", case_no=case_no)
        refuse_if_held_elsewhere(uow.cursor, case_no)
        if status_of_cursor(uow.cursor, case_no) is CaseStatus.VOIDED:
            raise ReferralError("case_voided", case_no=case_no)
        at = now_utc()
        record_id = wire.new_referral_id(case_no)
        record = wire.ReferralRecord(case_no, to, request, note, session.user, at)
        repo.add(uow.cursor, repo.StoredReferral(
            record_id, "out", case_no, session.station.code, session.station.name, to, "", request.value,
            note, session.user, at, ReferralState.SENT.value, 0, ()), at)  # fmt: skip
        outbox.enqueue(uow.cursor, wire.RECORD_TYPE, record_id, 0, record.to_payload())
        uow.audit.record(session.user, "referral.sent", case_no, detail=f"referral={record_id} to={to}")
        return record_id

    record_id: str = session.store.write(store)
    return _one(session, record_id)


def resolve(session: Session, text: str) -> str:
    """The record id of the referral *text* names (its id, or the start of its short id)."""
    text = text.strip().lower()
    with session.store.reader() as conn:
        cur = cursor_of(conn)
        found = repo.matching(cur, text) if len(text) >= 4 else []
    if not found:
        raise ReferralError("referral_unknown", id=text)
    if len(found) > 1:
        raise ReferralError("referral_ambiguous", id=text)
    return found[0][0]


def answer_referral(
    session: Session, referral: str, note: str, step: ReferralState = ReferralState.ANSWERED
) -> Referral:
    """Take one step on a referral sent to this station: accept, answer with a note, decline.
    Stored and queued in one transaction. Audits ``referral.answered`` with the step."""
    note = _check_note(note)
    record_id = resolve(session, referral)
    short = wire.short_id(record_id)

    def store(uow: UnitOfWork) -> None:
        ((_, direction, state),) = repo.matching(uow.cursor, record_id)
        if direction != "in":
            raise ReferralError("referral_not_ours", id=short)
        if not can_answer(ReferralState(state), step):
            from app.core.referral import word

            raise ReferralError("referral_step", id=short,
                                state=(word(state, ReferralState, "zh_CN"), word(state, ReferralState, "en")),
                                step=STEP_WORDS[step])  # fmt: skip
        at = now_utc()
        answer_id = wire.new_answer_id(protocol.case_of(record_id))
        answer = wire.ReferralAnswer(record_id, step, note, session.user, at)
        repo.add_answer(uow.cursor, repo.StoredAnswer(
            answer_id, record_id, step.value, note, session.user, session.station.code, at, None), at)  # fmt: skip
        outbox.enqueue(uow.cursor, wire.ANSWER_RECORD_TYPE, answer_id, next_base(uow.cursor, answer_id),
                       answer.to_payload())  # fmt: skip
        uow.audit.record(session.user, "referral.answered", protocol.case_of(record_id),
                         detail=f"referral={record_id} step={step.value}")  # fmt: skip

    session.store.write(store)
    return _one(session, record_id)


def import_referrals(session: Session, *, writer: Writer | None = None) -> int:
    """Take newly pulled referral deliveries into the list; returns how many referrals to this
    station are new. Audits ``referral.received`` (new here) or ``referral.updated`` (a step)."""
    with session.store.reader() as conn:
        after = int(repo.sync_value(conn, REFERRAL_CURSOR) or 0)
        items = list(repo.pulled(conn, after))
    if not items:
        return 0

    def store(uow: UnitOfWork) -> int:
        new = 0
        for _seq, record_id, revision, payload in items:
            try:
                d = wire.ReferralDelivery.read(record_id, payload)
            except ProtocolError:
                continue  # malformed: skipped, never half-stored
            direction = "out" if d.from_station == session.station.code else "in"
            kept = repo.take_delivery(uow.cursor, _stored(d, direction, revision), now_utc())
            if kept is None:
                continue
            new += kept == "new" and direction == "in"
            action = "referral.received" if kept == "new" and direction == "in" else "referral.updated"
            uow.audit.record(
                session.user, action, d.case_no, detail=f"referral={record_id} state={d.state.value}"
            )
            again = repo.send_answers_again(uow.cursor, d.id, now_utc()) if direction == "in" else 0
            if again:  # lost by a server restored from its backup, refused until the referral was back
                uow.audit.record(
                    session.user, "referral.resent", d.case_no, detail=f"referral={record_id} answers={again}"
                )
        st.put(uow.cursor, REFERRAL_CURSOR, str(items[-1][0]))
        return new

    new: int = (writer or session.store.write)(store)
    return new


def _stored(d: wire.ReferralDelivery, direction: str, revision: int) -> repo.StoredReferral:
    answers = tuple(
        repo.StoredAnswer(a.id, d.id, a.state.value, a.note, a.by, a.station, a.at, a.received_at or None)
        for a in d.answers
    )
    return repo.StoredReferral(d.id, direction, d.case_no, d.from_station, d.from_name, d.to_station, d.to_name,
                               d.request.value, d.note, d.asked_by, d.asked_at, d.state.value, revision, answers)  # fmt: skip


def _view(r: repo.StoredReferral, travel: dict[str, tuple[str, str]]) -> Referral:
    def sync_of(record_id: str) -> tuple[str, str]:
        state, reason = travel.get(record_id, ("", ""))
        if state in (st.RESENT, st.WITHDRAWN):
            state = st.REFUSED if state == st.WITHDRAWN else st.SENT
        return state, reason if state == st.REFUSED else ""

    steps = tuple(
        ReferralStep(
            a.id, ReferralState(a.state), a.note, a.by, a.station, a.at, a.received_at, *sync_of(a.id)
        )
        for a in r.answers
    )
    travel_state, refusal = sync_of(r.id) if r.direction == "out" else ("", "")
    return Referral(r.id, r.direction, r.case_no, r.from_station, r.from_name, r.to_station, r.to_name,
                    ReferralRequest(r.request), r.note, r.asked_by, r.asked_at, ReferralState(r.state), steps,
                    travel_state, refusal)  # fmt: skip


def _read(session: Session) -> list[Referral]:
    with session.store.reader() as conn:
        travel = repo.travel(conn)
        return [_view(r, travel) for r in repo.all_referrals(conn)]


def _one(session: Session, record_id: str) -> Referral:
    return next(r for r in _read(session) if r.id == record_id)


def list_referrals(session: Session, *, case_no: str | None = None) -> list[Referral]:
    """Every referral, newest first (or one case's), sent from here and sent here, with each
    step and how far this station's own records travelled. Takes newly pulled deliveries first.
    Audits ``referral.view``."""
    import_referrals(session)
    found = [r for r in _read(session) if case_no is None or r.case_no == case_no]

    def audit(uow: UnitOfWork) -> None:
        uow.audit.record(session.user, "referral.view", case_no or "", detail=f"shown={len(found)}")

    session.store.write(audit)
    return found


def waiting_count(session: Session) -> int:
    """Referrals sent here that nobody has accepted, answered or declined yet. No audit."""
    with session.store.reader() as conn:
        return repo.waiting_here(conn)
