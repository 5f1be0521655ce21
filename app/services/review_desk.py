"""The supervisor's review queue: list what waits, approve (one or a batch), return with a comment.

Every item has an id (app.core.review_desk): a review item's number, or ``D`` and a pair's number
for a DNA re-check. A case number names an item only where exactly one waits for that case; where
a registration and a void request wait together the id must be given, so an approval never acts
on an item nobody named. Nobody decides their own item, whatever their role. A batch approves all
its items in one transaction or none. Runs on the store's owning thread (the CLI's main thread,
the UI's database worker).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.lifecycle import CaseStatus, ReviewKind, ReviewState, ThreadEvent
from app.core.review_desk import QueueItem, may_decide, parse_recheck_id
from app.services.cases import SUPERVISING, _change, _existing, _moved, _queue_state, _reviewed
from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import case_life_repository as life
from app.storage import case_queries, review_queries
from app.storage import case_repository as repo
from app.storage.cursor import Cursor
from app.storage.store import UnitOfWork


@dataclass(frozen=True, slots=True)
class Decision:
    """What a decision did, for the CLI's line and the UI's status bar."""

    item: QueueItem
    approved: bool
    comment: str | None = None


def review_queue(session: Session, *, limit: int = 100_000) -> list[QueueItem]:
    """Everything that waits for a supervisor, oldest first: review items and DNA re-checks."""
    with session.store.reader() as conn:
        return review_queries.queue(conn, limit=limit)


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _review_item(cursor: Cursor, item: life.ReviewItem) -> QueueItem:
    names, case_type = case_queries.names_and_type(cursor, item.case_no)
    return QueueItem(str(item.id), item.kind, item.case_no, item.requested_by, item.note,
                     _parse(item.requested_at), names, case_type, outcome=item.outcome)  # fmt: skip


def find_item(cursor: Cursor, ref: str) -> QueueItem:
    """The waiting item *ref* names: an item id, a re-check id, or a case number where exactly one
    item waits for it. Raises ServiceError otherwise."""
    ref = ref.strip()
    pair_id = parse_recheck_id(ref)
    if pair_id is not None:
        found = review_queries.recheck_item(cursor, pair_id)
        if found is None:
            raise ServiceError("review_item_unknown", item=ref)
        return found
    if ref.isdigit():
        item = life.item_by_id(cursor, int(ref))
        if item is None or item.state != life.WAITING:
            raise ServiceError("review_item_unknown", item=ref)
        return _review_item(cursor, item)
    waiting = [_review_item(cursor, i) for i in life.waiting_for(cursor, ref)]
    waiting += review_queries.rechecks_of(cursor, ref)
    if not waiting:
        if repo.case_id_of_cursor(cursor, ref) is None:
            raise ServiceError("case_unknown", case_no=ref)
        raise ServiceError("nothing_to_review", case_no=ref)
    if len(waiting) > 1:
        raise ServiceError("several_waiting", case_no=ref, items="、".join(i.id for i in waiting))
    return waiting[0]


# What the case detail's Approve / Return act on when several items wait: the request its notice
# shows (a void, a closure, an edit), before the registration. The desk and the CLI name ids.
_SHOWN_FIRST = (ReviewKind.VOID, ReviewKind.CLOSURE, ReviewKind.EDIT, ReviewKind.RESUBMISSION,
                ReviewKind.REGISTRATION)  # fmt: skip


def shown_item(session: Session, case_no: str) -> str:
    """The id of the item the case detail shows as waiting on *case_no*."""
    with session.store.unit_of_work() as uow:
        waiting = life.waiting_for(uow.cursor, case_no)
    if not waiting:
        raise ServiceError("nothing_to_review", case_no=case_no)
    return str(min(waiting, key=lambda i: (_SHOWN_FIRST.index(i.kind), i.id)).id)


def approve_shown(session: Session, case_no: str) -> Decision:
    """Approve what the case detail shows as waiting (see :func:`shown_item`)."""
    (done,) = approve_items(session, [shown_item(session, case_no)])
    return done


def return_shown(session: Session, case_no: str, comment: str) -> Decision:
    """Return what the case detail shows as waiting (see :func:`shown_item`)."""
    return return_item(session, shown_item(session, case_no), comment)


def _check_may_decide(session: Session, item: QueueItem) -> None:
    if not may_decide(item.officer, session.user):
        raise ServiceError("own_item", item=item.id)


def approve_items(session: Session, refs: list[str]) -> list[Decision]:
    """Approve every item *refs* names, all in one transaction or none: a void or closure takes
    effect, a registration, resubmission or edit is approved, a DNA re-check is done. Audits
    ``review.approve_<kind>`` (``match.recheck`` for a re-check) for each."""
    session.require(*SUPERVISING)
    now = dt.datetime.now(dt.UTC)
    done: list[Decision] = []
    with session.store.unit_of_work() as uow:
        seen: set[str] = set()
        for ref in refs:
            item = find_item(uow.cursor, ref)
            if item.id in seen:
                continue
            seen.add(item.id)
            _check_may_decide(session, item)
            _approve(uow, session.user, item, now)
            done.append(Decision(item, True))
        uow.commit()
    return done


def _approve(uow: UnitOfWork, user: str, item: QueueItem, now: dt.datetime) -> None:
    if item.kind is ReviewKind.DNA_RECHECK:
        pair_id = int(item.id[1:])
        review_queries.finish_recheck(uow.cursor, pair_id, user, now)
        uow.audit.record(user, "match.recheck", f"{item.case_no}~{item.other_case}", detail=f"item={item.id}")
        return
    case_no = item.case_no
    reg = _existing(uow.conn, case_no)
    if item.kind is ReviewKind.VOID:
        _change(uow.conn, case_no, status=_moved(reg, CaseStatus.VOIDED).value)
        event = ThreadEvent.VOIDED
    elif item.kind is ReviewKind.CLOSURE:
        _change(uow.conn, case_no, status=_moved(reg, CaseStatus.CLOSED).value)
        life.set_closure(uow.cursor, case_no, item.outcome, item.reason, now, user)
        event = ThreadEvent.CLOSED
    elif item.kind is ReviewKind.EDIT:
        event = ThreadEvent.EDIT_APPROVED
    else:
        _change(uow.conn, case_no, review=_reviewed(reg, ReviewState.APPROVED).value, review_comment=None)
        event = ThreadEvent.APPROVED
    life.decide_item(uow.cursor, int(item.id), ReviewState.APPROVED.value, user, now, None)
    life.add_thread(uow.cursor, case_no, now, user, event)
    _queue_state(uow, case_no, reg.revision)
    uow.audit.record(user, f"review.approve_{item.kind.value}", case_no, detail=f"item={item.id}")


def return_item(session: Session, ref: str, comment: str) -> Decision:
    """Return a registration, resubmission or edit with a comment, or refuse a void or closure
    request (the case stays open). A DNA re-check is not returned here: the pair is rejected in
    the match review. Audits ``review.return``."""
    session.require(*SUPERVISING)
    text = comment.strip()
    if not text:
        raise ServiceError("reason_required")
    now = dt.datetime.now(dt.UTC)
    with session.store.unit_of_work() as uow:
        item = find_item(uow.cursor, ref)
        _check_may_decide(session, item)
        if item.kind is ReviewKind.DNA_RECHECK:
            raise ServiceError("recheck_not_returned", item=item.id)
        case_no = item.case_no
        reg = _existing(uow.conn, case_no)
        if item.kind is ReviewKind.VOID:
            _change(uow.conn, case_no, status=_moved(reg, CaseStatus.OPEN).value, void_reason=None)
            event = ThreadEvent.VOID_REFUSED
        elif item.kind is ReviewKind.CLOSURE:
            _change(uow.conn, case_no, status=_moved(reg, CaseStatus.OPEN).value)
            event = ThreadEvent.CLOSE_REFUSED
        elif item.kind is ReviewKind.EDIT:
            event = ThreadEvent.EDIT_RETURNED
        else:
            _change(uow.conn, case_no, review=_reviewed(reg, ReviewState.RETURNED).value, review_comment=text)
            event = ThreadEvent.RETURNED
        life.decide_item(uow.cursor, int(item.id), ReviewState.RETURNED.value, session.user, now, text)
        life.add_thread(uow.cursor, case_no, now, session.user, event, text)
        _queue_state(uow, case_no, reg.revision)
        uow.audit.record(session.user, "review.return", case_no, detail=f"item={item.id} {text[:200]}")
        uow.commit()
    return Decision(item, False, text)
