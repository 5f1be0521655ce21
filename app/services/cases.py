"""Registering, showing, listing, voiding, reviewing and assigning cases.

Each function runs in one unit of work on the store's owning thread (the CLI's main thread, the
UI's database worker) and audits what it did. Registration takes the case number, stores the
case, queues it in the outbox and audits it in one transaction: a refused or failed registration
uses up no number.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.core import verification, words
from app.core.casejson import case_to_json
from app.core.lifecycle import IllegalMove, ReviewKind, ThreadEvent, move
from app.core.model import AccountRole, Case, CaseStatus, RegisteredCase, ReviewState
from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import case_life_repository as life
from app.storage import case_queries, outbox, sync_queries
from app.storage import case_repository as repo
from app.storage.bulk import drop_heavy_indexes, ensure_heavy_indexes
from app.storage.case_queries import CaseFilter as CaseFilter
from app.storage.case_repository import CaseRow
from app.storage.store import UnitOfWork
from app.sync import records as sync_records
from app.sync.protocol.cases import CaseRecord, StationContact, ThreadEntry
from app.sync.protocol.samples import registered_samples

SUPERVISING = (AccountRole.SUPERVISOR, AccountRole.ADMIN)


@dataclass(frozen=True, slots=True)
class Registration:
    case_no: str
    verification_code: str


def case_number(station_code: str, year: int, seq: int) -> str:
    return f"{station_code}-{year}-{seq:06d}"


def sample_number(station_code: str, year: int, seq: int) -> str:
    return f"{station_code}-{year}-D{seq:06d}"


def register_cases(
    session: Session,
    new_cases: Sequence[Case],
    *,
    now: dt.datetime | None = None,
    allow_duplicate: str | None = None,
    check: bool = True,
) -> list[Registration]:
    """Register every case of a file in one transaction (all or nothing). Audits ``case.create``.

    Each case must carry what intake needs (validation.check_intake). A case that repeats one on
    file (services.duplicates) is refused with the existing case's number, unless the officer gives
    *allow_duplicate*, the reason it is not one (kept in the case's thread, audited
    ``case.duplicate_allowed``). *check* False is for demo data only.
    """
    from app.core.validation import check_intake
    from app.services.duplicates import duplicates_in

    created = now or dt.datetime.now(dt.UTC)
    year = created.astimezone().year  # the station's local year
    code = session.station.code
    out: list[Registration] = []
    if check:
        for i, case in enumerate(new_cases):
            check_intake(case, f"[{i}]" if len(new_cases) > 1 else "")
    reason = (allow_duplicate or "").strip()
    if allow_duplicate is not None and not reason:
        raise ServiceError("reason_required")
    with session.store.unit_of_work() as uow:
        cur = uow.cursor
        repeats = duplicates_in(cur, new_cases) if check else []
        if repeats and not reason:
            first = repeats[0]
            raise ServiceError("duplicate_case", where=first.where, existing=first.existing, why=first.why())
        repeated = {int(d.where[1 : d.where.index("]")]) if d.where.startswith("[") else 0 for d in repeats}
        first_case = repo.take_numbers(cur, "case", year, len(new_cases))
        wanted = sum(repo.count_samples(c) for c in new_cases)
        next_sample = repo.take_numbers(cur, "sample", year, wanted) if wanted else 0
        batch = repo.CaseBatch(cur)
        queued = outbox.OutboxBatch(cur)
        audited: list[tuple[str, str]] = []
        for offset, case in enumerate(new_cases):
            case_no = case_number(code, year, first_case + offset)
            count = repo.count_samples(case)
            samples = [sample_number(code, year, next_sample + k) for k in range(count)]
            next_sample += count
            secret = verification.new_code()
            doc = case_to_json(case)
            document = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
            batch.add(
                case_no=case_no, case=case, document=document, officer=session.user, created_at=created,
                verification_code=secret, sample_numbers=samples,
            )  # fmt: skip
            thread: list[dict[str, str]] = []
            if offset in repeated:
                text = f"{reason}（{', '.join(sorted({d.existing for d in repeats}))}）"
                life.add_thread(cur, case_no, created, session.user, ThreadEvent.DUPLICATE_ALLOWED, text)
                thread.append(
                    {"at": repo.utc(created), "by": session.user, "event": "duplicate_allowed", "text": text}
                )
                uow.audit.record(session.user, "case.duplicate_allowed", case_no, detail=text[:200])
            queued.add(
                "case", case_no, 0, _case_change(session, created, case, document, samples, secret, thread)
            )
            for sample, profile in registered_samples(doc, samples):
                sid = sync_records.sample_record_id(case_no, sample.sample_no)
                queued.add("sample", sid, 0, outbox.encode(sample.to_payload()))
                if profile is not None:
                    pid = sync_records.profile_record_id(case_no, sample.sample_no)
                    queued.add("profile", pid, 0, outbox.encode(profile.to_payload()))
            audited.append((case_no, f"type={case.type.value}"))
            out.append(Registration(case_no, secret))
        batch.flush()
        queued.flush()
        uow.audit.record_many(session.user, "case.create", audited)
        uow.commit()
    return out


def _case_change(
    session: Session,
    created: dt.datetime,
    case: Case,
    document: str,
    samples: list[str],
    secret: str,
    thread: list[dict[str, str]],
) -> str:
    """The outbox payload of a new case. The case's document is already JSON text: the record's
    builder sets it in as it is rather than encoding it a second time (registration's hottest path)."""
    record = CaseRecord(
        type=case.type, document={}, status=CaseStatus.OPEN, review=ReviewState.PENDING, officer=session.user,
        created_at=repo.utc(created), verification_hash=verification.code_hash(secret),
        station_contact=StationContact(session.station.phone, session.station.address),
        sample_numbers=tuple(samples), thread=tuple(ThreadEntry(**t) for t in thread),
    )  # fmt: skip
    return record.encode(document)


@contextmanager
def bulk_import(session: Session) -> Iterator[None]:
    """Register many cases fast: the heavy search indexes are dropped first and rebuilt at the end.

    Searches still work meanwhile, only slower. If the process dies inside, the next open of the
    store rebuilds the indexes. Used by `demo` and by large case files.
    """
    with session.store.unit_of_work() as uow:
        drop_heavy_indexes(uow.cursor)
        uow.commit()
    try:
        yield
    finally:
        with session.store.unit_of_work() as uow:
            ensure_heavy_indexes(uow.cursor)
            uow.commit()


def show_case(session: Session, case_no: str) -> RegisteredCase:
    """The whole case. Audits ``case.view`` (also a refused look-up of an unknown number)."""
    with session.store.unit_of_work() as uow:
        reg = repo.load_case(uow.conn, case_no)
        uow.audit.record(session.user, "case.view", case_no, "ok" if reg else "not_found")
        uow.commit()
    if reg is None:
        raise ServiceError("case_unknown", case_no=case_no)
    return reg


def list_cases(
    session: Session,
    f: CaseFilter | None = None,
    *,
    sort: str = "created_at",
    descending: bool = True,
    limit: int = 200,
    offset: int = 0,
    audit: bool = True,
) -> list[CaseRow]:
    """A page of the case list, filtered and sorted by the database. Audits ``case.list``."""
    with session.store.reader() as conn:
        rows = case_queries.list_cases(
            conn, f or CaseFilter(), sort=sort, descending=descending, limit=limit, offset=offset
        )
    if audit:
        _audit(session, "case.list", "", detail=f"rows={len(rows)}")
    return rows


def count_cases(session: Session, f: CaseFilter | None = None) -> int:
    with session.store.reader() as conn:
        return case_queries.count_cases(conn, f or CaseFilter())


def search(
    session: Session, text: str, *, limit: int = 50, audit: bool = True
) -> list[case_queries.SearchHit]:
    """Cases matching *text* by number, name, pinyin, initials, ID number or phone.

    Audits ``search`` with the kinds matched, never the query (it may be an ID number).
    """
    with session.store.reader() as conn:
        hits = case_queries.search(conn, text, limit=limit)
    if audit:
        audit_search(session, len(hits), {h.matched_on for h in hits})
    return hits


def audit_search(session: Session, hits: int, matched_on: Iterable[str]) -> None:
    """Audit one search (how many hits, on which kinds; never the query, which may be an ID
    number). The desktop's search-as-you-type calls this once the officer stops typing."""
    _audit(session, "search", "", detail=f"hits={hits} on={','.join(sorted(set(matched_on)))}")


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """An item of the review queue with its case's list line."""

    item: life.ReviewItem
    row: CaseRow


def review_queue(session: Session) -> list[ReviewEntry]:
    """What waits for a supervisor (registrations, resubmissions, void and closure requests),
    oldest first, each with its case."""
    with session.store.reader() as conn:
        items = life.waiting_items(conn)
        rows = case_queries.rows_by_number(conn, [i.case_no for i in items])
    return [ReviewEntry(i, rows[i.case_no]) for i in items if i.case_no in rows]


def overdue_cases(
    session: Session,
    *,
    status: str | None = None,
    case_type: str | None = None,
    now: dt.datetime | None = None,
) -> list[CaseRow]:
    """Cases breaking an overdue rule: no action within 7 days; a missing person's DNA not collected
    within 3 days of the report."""
    moment = now or dt.datetime.now(dt.UTC)
    with session.store.reader() as conn:
        rows = case_queries.overdue(
            conn, repo.utc(moment - dt.timedelta(days=7)), repo.utc(moment - dt.timedelta(days=3))
        )
    return [
        r
        for r in rows
        if (status is None or r.status == status) and (case_type is None or r.type == case_type)
    ]


def void_case(session: Session, case_no: str, reason: str) -> CaseStatus:
    """Ask for a case to be voided; a supervisor's approval (``approve``) makes it take effect.
    Audits ``case.void_request``."""
    if not reason.strip():
        raise ServiceError("reason_required")
    now = dt.datetime.now(dt.UTC)
    with session.store.unit_of_work() as uow:
        reg = _existing(uow.conn, case_no)
        if reg.status is CaseStatus.VOIDED:
            raise ServiceError("case_voided", case_no=case_no)
        if reg.status is CaseStatus.VOID_PENDING:
            raise ServiceError("void_pending", case_no=case_no)
        status = _moved(reg, CaseStatus.VOID_PENDING)
        _change(
            uow.conn, case_no, status=status.value, void_reason=reason.strip(), void_requested_by=session.user
        )
        life.add_item(uow.cursor, case_no, ReviewKind.VOID, session.user, now, reason.strip())
        life.add_thread(uow.cursor, case_no, now, session.user, ThreadEvent.VOID_REQUESTED, reason.strip())
        _queue_state(uow, case_no, reg.revision)
        uow.audit.record(session.user, "case.void_request", case_no, detail=reason.strip()[:200])
        uow.commit()
    return CaseStatus.VOID_PENDING


# Which waiting item a case number means when several wait: a request first, then the review.
_PRIORITY = (ReviewKind.VOID, ReviewKind.CLOSURE, ReviewKind.RESUBMISSION, ReviewKind.REGISTRATION)


def waiting_item(cursor: Any, ref: str) -> life.ReviewItem:
    """The waiting review item *ref* names: its id, or a case number (the request before the
    registration when both wait). Raises ServiceError when nothing waits."""
    if ref.isdigit():
        item = life.item_by_id(cursor, int(ref))
        if item is None or item.state != life.WAITING:
            raise ServiceError("review_item_unknown", item=ref)
        return item
    items = life.waiting_for(cursor, ref)
    if not items:
        if repo.case_id_of_cursor(cursor, ref) is None:
            raise ServiceError("case_unknown", case_no=ref)
        raise ServiceError("nothing_to_review", case_no=ref)
    return min(items, key=lambda i: _PRIORITY.index(i.kind))


def approve(session: Session, ref: str) -> str:
    """A supervisor approves a review item (by id, or what waits on a case number): a void or a
    closure takes effect, a registration or a resubmission is approved. Returns the item's kind.
    Audits ``review.approve_<kind>``; the request's author cannot approve a closure of their own."""
    session.require(*SUPERVISING)
    now = dt.datetime.now(dt.UTC)
    with session.store.unit_of_work() as uow:
        item = waiting_item(uow.cursor, ref)
        case_no = item.case_no
        reg = _existing(uow.conn, case_no)
        if item.kind is ReviewKind.VOID:
            if item.requested_by == session.user:  # two people, whatever the role
                raise ServiceError("own_void")
            _change(uow.conn, case_no, status=_moved(reg, CaseStatus.VOIDED).value)
            event = ThreadEvent.VOIDED
        elif item.kind is ReviewKind.CLOSURE:
            if item.requested_by == session.user:
                raise ServiceError("own_closure")
            _change(uow.conn, case_no, status=_moved(reg, CaseStatus.CLOSED).value)
            life.set_closure(uow.cursor, case_no, item.outcome, item.note, now, session.user)
            event = ThreadEvent.CLOSED
        else:
            _change(uow.conn, case_no, review=_reviewed(reg, ReviewState.APPROVED).value, review_comment=None)
            event = ThreadEvent.APPROVED
        life.decide_item(uow.cursor, item.id, ReviewState.APPROVED.value, session.user, now, None)
        life.add_thread(uow.cursor, case_no, now, session.user, event)
        _queue_state(uow, case_no, reg.revision)
        uow.audit.record(session.user, f"review.approve_{item.kind.value}", case_no, detail=f"item={item.id}")
        uow.commit()
    return item.kind.value


def return_case(session: Session, ref: str, comment: str) -> str:
    """A supervisor returns a registration or a resubmission with a comment, or refuses a void or
    closure request (the case stays open). Returns the item's kind. Audits ``review.return``."""
    session.require(*SUPERVISING)
    if not comment.strip():
        raise ServiceError("reason_required")
    text = comment.strip()
    now = dt.datetime.now(dt.UTC)
    with session.store.unit_of_work() as uow:
        item = waiting_item(uow.cursor, ref)
        case_no = item.case_no
        reg = _existing(uow.conn, case_no)
        if item.kind is ReviewKind.VOID:
            _change(uow.conn, case_no, status=_moved(reg, CaseStatus.OPEN).value, void_reason=None)
            event = ThreadEvent.VOID_REFUSED
        elif item.kind is ReviewKind.CLOSURE:
            _change(uow.conn, case_no, status=_moved(reg, CaseStatus.OPEN).value)
            event = ThreadEvent.CLOSE_REFUSED
        else:
            _change(uow.conn, case_no, review=_reviewed(reg, ReviewState.RETURNED).value, review_comment=text)
            event = ThreadEvent.RETURNED
        life.decide_item(uow.cursor, item.id, ReviewState.RETURNED.value, session.user, now, text)
        life.add_thread(uow.cursor, case_no, now, session.user, event, text)
        _queue_state(uow, case_no, reg.revision)
        uow.audit.record(session.user, "review.return", case_no, detail=f"item={item.id} {text[:200]}")
        uow.commit()
    return item.kind.value


def _moved(reg: RegisteredCase, target: CaseStatus) -> CaseStatus:
    try:
        return move(reg.status, target)
    except IllegalMove:
        raise ServiceError("case_state", case_no=reg.case_no, status=words.both(reg.status)) from None


def _reviewed(reg: RegisteredCase, target: ReviewState) -> ReviewState:
    try:
        return move(reg.review, target)
    except IllegalMove:
        raise ServiceError("nothing_to_review", case_no=reg.case_no) from None


def assign(session: Session, case_no: str, to_user: str) -> None:
    session.require(*SUPERVISING)
    from app.storage.station_repository import get_account

    with session.store.unit_of_work() as uow:
        reg = _existing(uow.conn, case_no)
        account = get_account(uow.conn, to_user)
        if account is None or account.removed_at:
            raise ServiceError("user_unknown", user=to_user)
        _change(uow.conn, case_no, assigned_to=to_user)
        _queue_state(uow, case_no, reg.revision)
        uow.audit.record(session.user, "case.assign", case_no, detail=f"to={to_user}")
        uow.commit()


def _existing(conn: Connection, case_no: str) -> RegisteredCase:
    reg = repo.load_case(conn, case_no)
    if reg is None:
        raise ServiceError("case_unknown", case_no=case_no)
    return reg


def _change(conn: Connection, case_no: str, **values: object) -> None:
    repo.update_case(conn, case_no, **values)


def _queue_state(uow: UnitOfWork, case_no: str, local_revision: int) -> None:
    # The whole case record, as registration queues it: the server stores a payload as the record.
    # The base is the record's chain in the outbox (equal to *local_revision* while every bump of
    # the local revision is queued), so a local-only bump can never make the server refuse it.
    base = sync_queries.next_base(uow.cursor, case_no)
    outbox.enqueue(uow.cursor, "case", case_no, base, sync_records.case_payload(uow.cursor, case_no))


def _audit(session: Session, action: str, obj: str, *, detail: str = "") -> None:
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, action, obj, detail=detail)
        uow.commit()
