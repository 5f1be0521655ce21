"""Assigning cases to the officer who answers for them: one case, or every active case of an
officer who leaves, each with its history (who, when, from whom, why), its thread entry, its
outbox entry and its audit entry in one transaction. Supervisors and admins only. Runs on the
store's owning thread (the CLI's main thread, the UI's database worker).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.lifecycle import ACTIVE_CASE_STATUSES, CaseStatus, ThreadEvent
from app.services.cases import SUPERVISING, _queue_state
from app.services.errors import ServiceError
from app.services.session import Session
from app.services.transfers import refuse_if_held_elsewhere
from app.storage import assignment_repository as assignments
from app.storage import case_life_repository as life
from app.storage import case_repository as repo
from app.storage.station_repository import get_account
from app.storage.store import UnitOfWork

MAX_REASON = 2000


@dataclass(frozen=True, slots=True)
class Reassignment:
    """What an assignment did: the case and its responsible officer before and after."""

    case_no: str
    previous: str
    assigned_to: str


def _officer(uow: UnitOfWork, user: str) -> None:
    account = get_account(uow.conn, user)
    if account is None or account.removed_at:
        raise ServiceError("user_unknown", user=user)


def _assign_one(
    uow: UnitOfWork, by: str, case_no: str, to: str, reason: str, now: dt.datetime
) -> Reassignment:
    reg = repo.load_case(uow.conn, case_no, full=False)
    if reg is None:
        raise ServiceError("case_unknown", case_no=case_no)
    if reg.status is CaseStatus.VOIDED:
        raise ServiceError("case_voided", case_no=case_no)
    refuse_if_held_elsewhere(uow.cursor, case_no)  # issue 14: a transferred case is read-only here
    previous = reg.assigned_to or reg.officer
    assignments.record(uow.cursor, case_no, to, previous, by, now, reason)
    life.add_thread(
        uow.cursor,
        case_no,
        now,
        by,
        ThreadEvent.ASSIGNED,
        f"{previous} → {to}" + (f"：{reason}" if reason else ""),
    )
    _queue_state(uow, case_no, reg.revision)
    uow.audit.record(by, "case.assign", case_no, detail=f"from={previous} to={to}")
    return Reassignment(case_no, previous, to)


def assign_case(session: Session, case_no: str, to_user: str, reason: str = "") -> Reassignment:
    """Make *to_user* the officer who answers for *case_no*. Audits ``case.assign``."""
    session.require(*SUPERVISING)
    text = reason.strip()[:MAX_REASON]
    now = dt.datetime.now(dt.UTC)
    with session.store.unit_of_work() as uow:
        _officer(uow, to_user)
        done = _assign_one(uow, session.user, case_no, to_user, text, now)
        uow.commit()
    return done


def reassign_all(session: Session, from_user: str, to_user: str, reason: str) -> list[Reassignment]:
    """Hand every active case *from_user* answers for to *to_user* (an officer who leaves), all in
    one transaction. Audits ``case.assign`` for each case."""
    session.require(*SUPERVISING)
    text = reason.strip()
    if not text:
        raise ServiceError("reason_required")
    if from_user == to_user:
        raise ServiceError("reassign_same", user=to_user)
    now = dt.datetime.now(dt.UTC)
    statuses = tuple(s.value for s in ACTIVE_CASE_STATUSES)
    with session.store.unit_of_work() as uow:
        _officer(uow, to_user)
        numbers = assignments.active_cases_of(uow.cursor, from_user, statuses)
        done = [_assign_one(uow, session.user, n, to_user, text[:MAX_REASON], now) for n in numbers]
        uow.commit()
    return done


def assignment_history(session: Session, case_no: str) -> list[assignments.Assignment]:
    with session.store.reader() as conn:
        return assignments.history(conn, case_no)
