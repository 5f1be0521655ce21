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


def in_register(session: Session, case_no: str) -> bool:
    """True when the station's register has *case_no*: filed here, taken over by transfer or kept
    as the read-only copy of one handed over (a national candidate's other case is not)."""
    with session.store.reader() as conn:
        return repo.case_id_of(conn, case_no) is not None


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


def overdue_cases(
    session: Session,
    *,
    status: str | None = None,
    case_type: str | None = None,
    now: dt.datetime | None = None,
) -> list[CaseRow]:
    """Cases breaking an overdue rule in force (app.services.overdue), oldest first."""
    return [row for row, _b in overdue_rows(session, status=status, case_type=case_type, now=now)]


def overdue_rows(
    session: Session,
    *,
    status: str | None = None,
    case_type: str | None = None,
    now: dt.datetime | None = None,
) -> list[tuple[CaseRow, tuple[Any, ...]]]:
    """Each overdue case's list line with the rules it breaks (app.core.overdue.Breach); an
    unacknowledged alert shows as its alerted case's line (``CaseRow.alert``)."""
    from app.services.overdue import overdue_report
    from app.storage import overdue_queries

    report = overdue_report(session, now)
    with session.store.reader() as conn:
        rows = case_queries.rows_by_number(conn, list(report.breaches))
        others = [n for n in report.breaches if n not in rows]  # alerted cases of other stations
        rows |= overdue_queries.alert_rows(conn, others)
    out = [
        (r, report.breaches[r.case_no])
        for r in rows.values()
        if (status is None or r.status == status) and (case_type is None or r.type == case_type)
    ]
    out.sort(key=lambda pair: (pair[0].created_at, pair[0].case_no))
    return out


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


def approve(session: Session, ref: str) -> str:
    """A supervisor approves one review item (by id, or the one item waiting on a case number).
    Returns the item's kind. See :func:`app.services.review_desk.approve_items`."""
    from app.services.review_desk import approve_items

    (decision,) = approve_items(session, [ref])
    return decision.item.kind.value


def return_case(session: Session, ref: str, comment: str) -> str:
    """A supervisor returns one item with a comment. Returns the item's kind. See
    :func:`app.services.review_desk.return_item`."""
    from app.services.review_desk import return_item

    return return_item(session, ref, comment).item.kind.value


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
    """Assign a case (see :func:`app.services.assignment.assign_case`)."""
    from app.services.assignment import assign_case

    assign_case(session, case_no, to_user)


def _existing(conn: Connection, case_no: str) -> RegisteredCase:
    reg = repo.load_case(conn, case_no)
    if reg is None:
        raise ServiceError("case_unknown", case_no=case_no)
    from app.services.transfers import refuse_if_held_elsewhere  # issue 14: a read-only copy

    refuse_if_held_elsewhere(conn, case_no)
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
