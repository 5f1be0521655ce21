"""DNA samples: adding one to a case, hand-overs in the chain of custody, the lab's STR profile
(one at a time, or a lab's export in bulk).

Each function is one unit of work on the store's owning thread; each is audited and queued in
the outbox for the national server. A sample's status only moves forward along
collected → sent to lab → profiled → compared → hit → re-checked → reunited.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.casejson import case_to_json, profile_to_json, sample_to_json
from app.core.labimport import ImportRefused, LabResult, shown
from app.core.model import CaseStatus, Sample, SampleStatus, StrProfile
from app.core.problems import Problem
from app.services.cases import sample_number
from app.services.errors import ServiceError
from app.services.session import Session
from app.services.transfers import refuse_if_held_elsewhere
from app.storage import case_repository as repo
from app.storage import outbox, sync_queries
from app.storage import sample_repository as samples_repo
from app.storage.cursor import Cursor
from app.storage.store import UnitOfWork
from app.sync import records as sync_records
from app.sync.protocol.samples import CustodyRecord, ProfileRecord

ORDER = list(SampleStatus)


@dataclass(frozen=True, slots=True)
class SampleRef:
    case_no: str
    sample_no: str
    status: SampleStatus


def add_sample(session: Session, case_no: str, person: int | str, sample: Sample) -> str:
    """Record a sample taken from a person of the case (index in ``persons`` or ``"reporter"``).

    Returns the new sample number. Audits ``sample.add``.
    """
    created = dt.datetime.now(dt.UTC)
    year = created.astimezone().year
    with session.store.unit_of_work() as uow:
        reg = repo.load_case(uow.conn, case_no)
        if reg is None:
            raise ServiceError("case_unknown", case_no=case_no)
        if reg.status is CaseStatus.VOIDED:
            raise ServiceError("case_voided", case_no=case_no)
        refuse_if_held_elsewhere(uow.cursor, case_no)  # issue 14: a transferred case is read-only here
        case = reg.case
        if person == "reporter":
            if case.reporter is None:
                raise ServiceError("person_unknown", ref="reporter")
            position, target = -1, case.reporter
        elif isinstance(person, int) and 0 <= person < len(case.persons):
            position, target = person, case.persons[person]
        else:
            raise ServiceError("person_unknown", ref=str(person))
        sample_no = sample_number(
            session.station.code, year, repo.take_numbers(uow.cursor, "sample", year, 1)
        )
        index = len(target.samples)
        case_id = repo.case_id_of(uow.conn, case_no)
        assert case_id is not None  # loaded just above, inside this transaction
        samples_repo.insert_sample(uow.cursor, case_id, position, index, sample_no, sample)
        doc = case_to_json(case)
        holder = doc["reporter"] if position == -1 else doc["persons"][position]
        holder.setdefault("samples", []).append(sample_to_json(sample))
        samples_repo.replace_document(
            uow.cursor, case_no, json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        )
        # The case document changed too (it lists the sample), so the case record goes first.
        outbox.enqueue(uow.cursor, "case", case_no, sync_queries.next_base(uow.cursor, case_no),
                       sync_records.case_payload(uow.cursor, case_no))  # fmt: skip
        _queue_sample(uow.cursor, sample_no)
        if sample.profile is not None:
            _queue_profile(uow.cursor, case_no, sample_no, profile_to_json(sample.profile))
        uow.audit.record(
            session.user, "sample.add", sample_no, detail=f"case={case_no} type={sample.type.value}"
        )
        uow.commit()
    return sample_no


def record_handover(
    session: Session,
    sample_no: str,
    from_party: str,
    to_party: str,
    *,
    purpose: str = "",
    at: dt.datetime | None = None,
) -> None:
    """One hand-over in the sample's chain of custody. Sending to a lab moves the status on."""
    if not from_party.strip() or not to_party.strip():
        raise ServiceError("reason_required")
    moment = at or dt.datetime.now(dt.UTC)
    with session.store.unit_of_work() as uow:
        row = samples_repo.find(uow.cursor, sample_no)
        if row is None:
            raise ServiceError("sample_unknown", sample_no=sample_no)
        refuse_if_held_elsewhere(uow.cursor, sync_queries.case_no_of_sample(uow.cursor, sample_no))
        samples_repo.add_custody(uow.cursor, row.id, moment, from_party.strip(), to_party.strip(), purpose,
                                 session.user)  # fmt: skip
        moved = purpose == "lab" and ORDER.index(row.status) < ORDER.index(SampleStatus.SENT_TO_LAB)
        if moved:
            samples_repo.set_status(uow.cursor, row.id, SampleStatus.SENT_TO_LAB)
        case_no = sync_queries.case_no_of_sample(uow.cursor, sample_no)
        handover = CustodyRecord(sample_no, repo.utc(moment), from_party, to_party, purpose)
        outbox.enqueue(
            uow.cursor, "custody", sync_records.custody_record_id(case_no), 0, handover.to_payload()
        )
        if moved:
            _queue_sample(uow.cursor, sample_no)
        uow.audit.record(session.user, "sample.handover", sample_no, detail=f"to={to_party.strip()[:60]}")
        uow.commit()


LAB_WORDS = {"lab", "送检", "实验室", "送实验室"}


def hand_over(session: Session, sample_no: str, to_party: str, note: str = "") -> str:
    """A hand-over from whoever holds the sample now (the last receiver, else its collector, else
    the officer recording it) to *to_party*. A note that says the lab (``lab``, 送检) sends it to
    the lab. Returns who handed it over. Audits ``sample.handover``."""
    if not to_party.strip():
        raise ServiceError("sample_custody_to")
    with session.store.reader() as conn:
        holder = samples_repo.current_holder(conn, sample_no)
    if holder is None:
        raise ServiceError("sample_unknown", sample_no=sample_no)
    purpose = "lab" if note.strip().lower() in LAB_WORDS else note.strip()
    record_handover(session, sample_no, holder or session.user, to_party, purpose=purpose)
    return holder or session.user


def set_profile(session: Session, sample_no: str, profile: StrProfile) -> None:
    """Enter the lab's STR result; the sample becomes ``profiled``. Audits ``sample.profile``."""
    with session.store.unit_of_work() as uow:
        _store_profile(session, uow, sample_no, profile)
        uow.commit()


def import_profiles(
    session: Session,
    results: Sequence[LabResult],
    source: str,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """A lab's results in bulk (``read_lab_file``), all or nothing, in one transaction.

    Every sample number is checked before anything is written; unknown ones refuse the whole
    file, each named with its line. Each profile is stored, audited (``sample.profile``) and
    queued for the server like :func:`set_profile`; one ``sample.import`` entry names the file.
    Returns how many profiles were stored. *progress(done, total)* is told after each profile;
    whatever it raises (the officer cancelled) rolls the whole file back.
    """
    with session.store.unit_of_work() as uow:
        unknown = [
            Problem(source, "csv_unknown_sample", {"line": r.first_line, "sample": shown(r.sample_no)})
            for r in results
            if samples_repo.find(uow.cursor, r.sample_no) is None
        ]
        if unknown:
            raise ImportRefused(unknown)
        for done, r in enumerate(results, 1):
            _store_profile(session, uow, r.sample_no, r.profile, f" import={source[-80:]}")
            if progress is not None:
                progress(done, len(results))
        uow.audit.record(session.user, "sample.import", source[-120:], detail=f"profiles={len(results)}")
        uow.commit()
    return len(results)


def _store_profile(
    session: Session, uow: UnitOfWork, sample_no: str, profile: StrProfile, note: str = ""
) -> None:
    row = samples_repo.find(uow.cursor, sample_no)
    if row is None:
        raise ServiceError("sample_unknown", sample_no=sample_no)
    refuse_if_held_elsewhere(uow.cursor, sync_queries.case_no_of_sample(uow.cursor, sample_no))
    body = json.dumps(profile_to_json(profile))
    samples_repo.set_profile(uow.cursor, row.id, body)
    if ORDER.index(row.status) < ORDER.index(SampleStatus.PROFILED):
        samples_repo.set_status(uow.cursor, row.id, SampleStatus.PROFILED)
    case_no = sync_queries.case_no_of_sample(uow.cursor, sample_no)
    _queue_profile(uow.cursor, case_no, sample_no, profile_to_json(profile))
    _queue_sample(uow.cursor, sample_no)
    uow.audit.record(session.user, "sample.profile", sample_no, detail=f"loci={len(profile.loci)}{note}")


def set_status(session: Session, sample_no: str, status: SampleStatus) -> None:
    """Move a sample forward along its life (never backward). Audits ``sample.status``."""
    with session.store.unit_of_work() as uow:
        row = samples_repo.find(uow.cursor, sample_no)
        if row is None:
            raise ServiceError("sample_unknown", sample_no=sample_no)
        refuse_if_held_elsewhere(uow.cursor, sync_queries.case_no_of_sample(uow.cursor, sample_no))
        if ORDER.index(status) <= ORDER.index(row.status):
            raise ServiceError("sample_status", sample_no=sample_no, status=row.status.value)
        samples_repo.set_status(uow.cursor, row.id, status)
        _queue_sample(uow.cursor, sample_no)
        uow.audit.record(session.user, "sample.status", sample_no, detail=f"status={status.value}")
        uow.commit()


def _queue_sample(cursor: Cursor, sample_no: str) -> None:
    # The whole sample record on its own revision chain (see sync_queries.next_base).
    case_no, record = sync_records.sample_record(cursor, sample_no)
    record_id = sync_records.sample_record_id(case_no, sample_no)
    outbox.enqueue(
        cursor, "sample", record_id, sync_queries.next_base(cursor, record_id), record.to_payload()
    )


def _queue_profile(cursor: Cursor, case_no: str, sample_no: str, profile: dict[str, Any]) -> None:
    record_id = sync_records.profile_record_id(case_no, sample_no)
    payload = ProfileRecord(sample_no, profile).to_payload()
    outbox.enqueue(cursor, "profile", record_id, sync_queries.next_base(cursor, record_id), payload)
