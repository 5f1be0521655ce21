"""Editing a registered case: any field of the case, its persons and their samples, with a reason.

The patch is in the case file's shape (app.core.casediff). The edited case is checked like a new
registration; the document, the persons, the search keys and the changed samples are rewritten,
a revision row records who, when, why and which fields, the case (and each changed sample and
profile) is queued for the server and the edit is audited (``case.edit``, the field paths only,
never their values), all in one transaction. The case number and the verification code are not
part of the document and never change. A returned registration is resubmitted by its correction
(review pending again, a ``resubmission`` item, the reason in the thread); a change to a field
an approval covered (a name, an ID number, a date) puts an ``edit`` item in the review queue.
Runs on the store's owning thread.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from app.core import casediff
from app.core.casejson import case_to_json, profile_to_json
from app.core.lifecycle import ReviewKind, ThreadEvent, move
from app.core.model import Case, CaseStatus, FieldChange, Person, RegisteredCase, ReviewState
from app.core.problems import InvalidInput, Problem
from app.core.review_desk import reviewed_changes
from app.core.validation import check_intake, parse_case
from app.services.cases import SUPERVISING, _change
from app.services.errors import ServiceError
from app.services.session import Session
from app.services.transfers import refuse_if_held_elsewhere
from app.storage import case_life_repository as life
from app.storage import case_repository as repo
from app.storage import match_repository as matches
from app.storage import outbox, search_index, sync_queries
from app.storage import sample_repository as samples_repo
from app.storage.audit import now_utc
from app.storage.cursor import Cursor
from app.sync import records as sync_records
from app.sync.protocol.samples import ProfileRecord

MAX_REASON = 2000


@dataclass(frozen=True, slots=True)
class EditResult:
    revision: int
    changes: tuple[FieldChange, ...]
    resubmitted: bool


def edit_case(
    session: Session,
    case_no: str,
    patch: Any,
    reason: str,
    *,
    resubmit: bool = True,
    now: dt.datetime | None = None,
) -> EditResult:
    """Apply *patch* to the case with *reason*. The registering officer, the assigned officer and
    supervisors may edit; a voided case is never edited. A returned registration is resubmitted
    unless *resubmit* is False. Audits ``case.edit`` (and ``case.resubmit``)."""
    text = reason.strip()
    if not text:
        raise ServiceError("reason_required")
    if len(text) > MAX_REASON:
        raise ServiceError("reason_long", max=MAX_REASON)
    moment = now or dt.datetime.now(dt.UTC)
    with session.store.unit_of_work() as uow:
        reg = repo.load_case(uow.conn, case_no, full=False)
        if reg is None:
            raise ServiceError("case_unknown", case_no=case_no)
        _may_edit(session, reg)
        refuse_if_held_elsewhere(uow.cursor, case_no)  # issue 14: a transferred case is read-only here
        before = case_to_json(reg.case)
        after = casediff.apply_patch(before, patch)
        case = parse_case(after, now=moment)
        check_intake(case)
        _check_samples_kept(reg.case, case)
        document = case_to_json(case)
        changes = casediff.diff(before, document)
        resubmitting = resubmit and reg.review is ReviewState.RETURNED
        if not changes and not resubmitting:
            raise InvalidInput([Problem("", "empty_patch")])
        case_id = int(reg.extra["id"])  # type: ignore[call-overload]
        encoded = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        repo.replace_case(uow.cursor, case_id, case, encoded, old=reg.case)
        search_index.replace_case_keys(uow.cursor, case_id, reg.case, case)
        changed_samples = _rewrite_samples(uow.cursor, reg, case)
        revision = reg.revision + 1
        if resubmitting:
            _change(
                uow.conn, case_no, review=move(reg.review, ReviewState.PENDING).value, review_comment=None
            )
            revision += 1
            life.add_item(uow.cursor, case_no, ReviewKind.RESUBMISSION, session.user, moment, text)
            life.add_thread(uow.cursor, case_no, moment, session.user, ThreadEvent.RESUBMITTED, text)
        if changes:
            life.add_revision(uow.cursor, case_no, revision, moment, session.user, text, changes)
        reviewed = reviewed_changes(c.path for c in changes)
        if reviewed and reg.review is ReviewState.APPROVED:
            # The approval covered these fields: their change waits for a supervisor in turn.
            note = f"{text}（{', '.join(reviewed)}）"[:MAX_REASON]
            life.add_item(uow.cursor, case_no, ReviewKind.EDIT, session.user, moment, note)
            life.add_thread(uow.cursor, case_no, moment, session.user, ThreadEvent.EDIT_REQUESTED, note)
        base = sync_queries.next_base(uow.cursor, case_no)
        outbox.enqueue(uow.cursor, "case", case_no, base, sync_records.case_payload(uow.cursor, case_no))
        for sample_no, profile_changed in changed_samples:
            _queue_sample(uow.cursor, case_no, sample_no, profile_changed)
        matches.mark_stale(uow.cursor, case_no, now_utc())
        fields = ",".join(c.path for c in changes)
        uow.audit.record(session.user, "case.edit", case_no, detail=f"rev={revision} fields={fields}"[:1000])
        if resubmitting:
            uow.audit.record(session.user, "case.resubmit", case_no, detail=text[:200])
        uow.commit()
    return EditResult(revision, tuple(changes), resubmitting)


def _may_edit(session: Session, reg: RegisteredCase) -> None:
    if reg.status is CaseStatus.VOIDED:
        raise ServiceError("case_voided", case_no=reg.case_no)
    if session.role in SUPERVISING or session.user in (reg.officer, reg.assigned_to):
        return
    raise ServiceError("edit_forbidden", case_no=reg.case_no)


def _pairs(old: Case, new: Case) -> list[tuple[str, Person | None, Person | None]]:
    """(path, before, after) of every person slot: the reporter, then the persons by position."""
    out: list[tuple[str, Person | None, Person | None]] = [("reporter", old.reporter, new.reporter)]
    for i in range(max(len(old.persons), len(new.persons))):
        out.append((f"persons[{i}]", old.persons[i] if i < len(old.persons) else None,
                    new.persons[i] if i < len(new.persons) else None))  # fmt: skip
    return out


def _check_samples_kept(old: Case, new: Case) -> None:
    """A registered sample is never dropped and a new one is never slipped in (it needs a number)."""
    for path, was, now in _pairs(old, new):
        before = len(was.samples) if was else 0
        after = len(now.samples) if now else 0
        if after < before:
            raise InvalidInput([Problem(path, "no_removal")])
        if after > before:
            raise InvalidInput([Problem(f"{path}.samples[{before}]", "new_sample")])


def _rewrite_samples(cursor: Cursor, reg: RegisteredCase, case: Case) -> list[tuple[str, bool]]:
    """Store what an edit changed in the case's samples; (sample number, profile changed) each."""
    out: list[tuple[str, bool]] = []
    for _path, old, new in _pairs(reg.case, case):
        if old is None or new is None:
            continue
        for was, now in zip(old.samples, new.samples, strict=True):
            if was.sample_no is None or (
                was.type == now.type and was.collected_at == now.collected_at and was.profile == now.profile
                and was.collector == now.collector and was.note == now.note
            ):  # fmt: skip
                continue
            profile_changed = was.profile != now.profile
            profile = json.dumps(profile_to_json(now.profile)) if now.profile else None
            samples_repo.rewrite(cursor, was.sample_no, now, profile if profile_changed else None)
            out.append((was.sample_no, profile_changed))
    return out


def _queue_sample(cursor: Cursor, case_no: str, sample_no: str, profile_changed: bool) -> None:
    _, record = sync_records.sample_record(cursor, sample_no)
    record_id = sync_records.sample_record_id(case_no, sample_no)
    outbox.enqueue(
        cursor, "sample", record_id, sync_queries.next_base(cursor, record_id), record.to_payload()
    )
    if profile_changed:
        row = samples_repo.find(cursor, sample_no)
        if row is not None and row.profile is not None:
            pid = sync_records.profile_record_id(case_no, sample_no)
            body = ProfileRecord(sample_no, row.profile).to_payload()
            outbox.enqueue(cursor, "profile", pid, sync_queries.next_base(cursor, pid), body)
