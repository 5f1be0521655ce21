"""Closing a case with an outcome, reopening it, and the closure a reunion proposes.

A closure is asked for with an outcome and a reason (``case close``); it takes effect when a
supervisor other than the one who asked approves its review item (``cases.approve``); until then
the case is ``close_pending`` and the family's receipt check still says "in progress". A closed
case answers ``closed`` on the receipt check (the server reads the status the outbox carries).
A closed case is reopened with a reason. Every step is audited, queued in the outbox and written
to the case's thread in one transaction. Runs on the store's owning thread (the CLI's main
thread, the UI's database worker).
"""

from __future__ import annotations

import datetime as dt

from app.core import words
from app.core.lifecycle import CaseStatus, ClosureOutcome, ReviewKind, ThreadEvent
from app.services.cases import _change, _existing, _moved, _queue_state
from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import case_life_repository as life
from app.storage import case_repository as repo
from app.storage import transfer_repository as transfer_repo
from app.storage.store import UnitOfWork

MAX_REASON = 2000


def _reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise ServiceError("reason_required")
    if len(reason) > MAX_REASON:
        raise ServiceError("reason_long", max=MAX_REASON)
    return reason


def close_case(session: Session, case_no: str, outcome: ClosureOutcome, reason: str) -> CaseStatus:
    """Ask for a case to be closed with *outcome*; it takes effect on a supervisor's approval.
    Audits ``case.close_request``."""
    text = _reason(reason)
    with session.store.unit_of_work() as uow:
        status = request_closure(uow, session.user, case_no, outcome, text)
        uow.commit()
    return status


def request_closure(
    uow: UnitOfWork, user: str, case_no: str, outcome: ClosureOutcome, reason: str
) -> CaseStatus:
    """The closure request inside the caller's unit of work (a reunion files two at once)."""
    now = dt.datetime.now(dt.UTC)
    reg = _existing(uow.conn, case_no)
    status = _moved(reg, CaseStatus.CLOSE_PENDING)
    _change(uow.conn, case_no, status=status.value)
    life.add_item(uow.cursor, case_no, ReviewKind.CLOSURE, user, now, reason, outcome)
    life.add_thread(uow.cursor, case_no, now, user, ThreadEvent.CLOSE_REQUESTED,
                    f"{words.of(outcome, 'zh_CN')}：{reason}")  # fmt: skip
    _queue_state(uow, case_no, reg.revision)
    uow.audit.record(user, "case.close_request", case_no, detail=f"outcome={outcome.value} {reason[:200]}")
    return status


def reopen_case(session: Session, case_no: str, reason: str) -> CaseStatus:
    """Reopen a closed case with a reason: it is open again, its closure kept in the thread.
    Audits ``case.reopen``."""
    text = _reason(reason)
    now = dt.datetime.now(dt.UTC)
    with session.store.unit_of_work() as uow:
        reg = _existing(uow.conn, case_no)
        status = _moved(reg, CaseStatus.OPEN)
        if reg.status is not CaseStatus.CLOSED:
            raise ServiceError("case_state", case_no=case_no, status=words.both(reg.status))
        _change(uow.conn, case_no, status=status.value)
        life.set_closure(uow.cursor, case_no, None, None, None, None)
        life.add_thread(uow.cursor, case_no, now, session.user, ThreadEvent.REOPENED, text)
        _queue_state(uow, case_no, reg.revision)
        uow.audit.record(session.user, "case.reopen", case_no, detail=text[:200])
        uow.commit()
    return status


def propose_reunion_closure(uow: UnitOfWork, user: str, lang: str, missing: str, found: str) -> list[str]:
    """A reunion proposes closing both cases: each of them that this station holds and that is
    open gets a closure request (outcome reunited) for a supervisor to approve (a read-only copy
    of a case handed over is left to its holder). Returns the case numbers proposed."""
    proposed = []
    for case_no in (missing, found):
        if not transfer_repo.held_here(uow.cursor, case_no):
            continue  # not here, or a copy handed over (issue 14): its holder closes it
        reg = repo.load_case(uow.conn, case_no)
        if reg is None or reg.status is not CaseStatus.OPEN:
            continue
        other = found if case_no == missing else missing
        reason = (
            f"match with {other}: marked reunited"
            if words.is_english(lang)
            else f"与案件 {other} 比对确认团聚"
        )
        request_closure(uow, user, case_no, ClosureOutcome.REUNITED, reason)
        proposed.append(case_no)
    return proposed
