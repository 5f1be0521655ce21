"""Cases, their persons and samples, and the search keys that find them.

Writes take a connection inside a unit of work; the numbering counter, the case, its persons,
samples and keys are written in that one transaction, so a failed registration uses up nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection, select, update

from app.core.casejson import profile_to_json
from app.core.model import (
    Case,
    CaseStatus,
    CustodyEvent,
    Person,
    RegisteredCase,
    ReviewState,
    Sample,
    SampleStatus,
)
from app.core.sample_checks import parse_profile
from app.core.validation import read_stored_case
from app.core.verification import known_code
from app.storage import case_life_repository as life
from app.storage import search_index
from app.storage.cursor import Cursor, NamedRow, one
from app.storage.numbering import counters as counters
from app.storage.numbering import raise_numbers as raise_numbers
from app.storage.tables import cases, custody_events, samples


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def subject_names(case: Case) -> str:
    return "、".join(p.name for p in case.subjects() if p.name) or "、".join(
        p.name for p in case.persons if p.name
    )


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A line of the case list: what `case list --json` and the list view show."""

    case_no: str
    type: str
    status: str
    review: str
    names: str
    officer: str
    assigned_to: str | None
    created_at: str
    event_at: str | None
    alert: bool = False  # another station's alerted case, shown from its alert (not in the register)


def _person_rows(case: Case) -> list[tuple[int, Person]]:
    out: list[tuple[int, Person]] = []
    if case.reporter is not None:
        out.append((-1, case.reporter))
    out.extend(enumerate(case.persons))
    return out


_INSERT_CASE = (
    "INSERT INTO cases (id, case_no, type, status, review, officer, reported_at, event_at, event_place_code,"
    " created_at, updated_at, revision, verification_code, names, document)"
    " VALUES (?, ?, ?, 'open', 'pending', ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"
)
_INSERT_PERSON = (
    "INSERT INTO persons (case_id, position, role, name, sex, birth_date, age_min, age_max)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_KEY = "INSERT INTO search_keys (key, kind, case_id) VALUES (?, ?, ?)"
_INSERT_ITEM = (
    "INSERT INTO review_items (case_no, kind, state, requested_by, requested_at, note)"
    " VALUES (?, 'registration', 'waiting', ?, ?, '')"
)
_INSERT_SAMPLE = (
    "INSERT INTO samples (sample_no, case_id, person_position, sample_index, type, collected_at, status, profile)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def take_numbers(cursor: Cursor, series: str, year: int, count: int) -> int:
    """Reserve *count* consecutive numbers of *series* in *year*; returns the first (gapless,
    inside the caller's transaction, so a rollback gives them back)."""
    row = cursor.execute(
        "UPDATE case_counters SET last_seq = last_seq + ? WHERE series = ? AND year = ? RETURNING last_seq",
        (count, series, year),
    ).fetchone()
    if row is not None:
        return int(row[0]) - count + 1
    cursor.execute(
        "INSERT INTO case_counters (series, year, last_seq) VALUES (?, ?, ?)", (series, year, count)
    )
    return 1


class CaseBatch:
    """New cases with their persons, samples and search keys, written one table at a time.

    Case ids are assigned here (the unit of work holds the write lock, so max(id) is stable), which
    lets every table be written with a single executemany when the batch is flushed.
    """

    def __init__(self, cursor: Cursor) -> None:
        self._cursor = cursor
        self._next_id = int(one(cursor.execute("SELECT coalesce(max(id), 0) FROM cases"))[0]) + 1
        self._cases: list[tuple[object, ...]] = []
        self._persons: list[tuple[object, ...]] = []
        self._keys: list[tuple[str, int, int]] = []
        self._samples: list[tuple[object, ...]] = []
        self._items: list[tuple[object, ...]] = []

    def add(
        self,
        *,
        case_no: str,
        case: Case,
        document: str,
        officer: str,
        created_at: dt.datetime,
        verification_code: str,
        sample_numbers: Sequence[str],
    ) -> int:
        """Queue one case (*document* is its JSON shape, made once by the caller); returns its id."""
        case_id = self._next_id
        self._next_id += 1
        stamp = utc(created_at)
        event = case.event
        self._cases.append((
            case_id, case_no, case.type.value, officer, utc(case.reported_at), utc(event.at) if event else None,
            event.place_code if event else None, stamp, stamp, verification_code, subject_names(case), document,
        ))  # fmt: skip
        self._items.append((case_no, officer, stamp))
        self._keys.extend(search_index.case_key_rows(case, case_id))
        numbers = iter(sample_numbers)
        self._persons.extend(person_rows(case_id, case))
        for position, person in _person_rows(case):
            for index, sample in enumerate(person.samples):
                self._samples.append(_sample_row(case_id, position, index, next(numbers), sample))
        return case_id

    def flush(self) -> None:
        cur = self._cursor
        cur.executemany(_INSERT_CASE, self._cases)
        cur.executemany(_INSERT_PERSON, self._persons)
        if self._keys:
            cur.executemany(_INSERT_KEY, self._keys)
        if self._samples:
            cur.executemany(_INSERT_SAMPLE, self._samples)
        cur.executemany(_INSERT_ITEM, self._items)
        for rows in (self._cases, self._persons, self._keys, self._samples, self._items):
            rows.clear()


def person_rows(case_id: int, case: Case) -> list[tuple[object, ...]]:
    """The persons table's rows of a case (the reporter at position -1)."""
    rows: list[tuple[object, ...]] = []
    for position, person in _person_rows(case):
        age = person.estimated_age
        rows.append((
            case_id, position, person.role.value, person.name, person.sex.value,
            person.birth_date.isoformat() if person.birth_date else None,
            age[0] if age else None, age[1] if age else None,
        ))  # fmt: skip
    return rows


def _sample_row(
    case_id: int, position: int, index: int, sample_no: str, sample: Sample
) -> tuple[object, ...]:
    profile = json.dumps(profile_to_json(sample.profile)) if sample.profile else None
    status = SampleStatus.PROFILED if sample.profile else sample.status  # arrived with the lab's result
    return (
        sample_no,
        case_id,
        position,
        index,
        sample.type.value,
        utc(sample.collected_at),
        status.value,
        profile,
    )


def _list_columns(case: Case) -> dict[str, object]:
    event = case.event
    return {
        "names": subject_names(case),
        "reported_at": utc(case.reported_at),
        "event_at": utc(event.at) if event else None,
        "event_place_code": event.place_code if event else None,
    }


def replace_case(cursor: Cursor, case_id: int, case: Case, document: str, old: Case | None = None) -> None:
    """An edited case: its document, list and filter columns, and persons rows (revision bumped).

    With the *old* case, only what changed is written: a list column whose value is the same
    and persons rows that are the same are left alone, so their index pages are not rewritten
    (each page an edit dirties is written to the WAL and synced at its commit)."""
    columns = _list_columns(case)
    if old is not None:
        before = _list_columns(old)
        columns = {k: v for k, v in columns.items() if before[k] != v}
    sets = "".join(f"{name} = ?, " for name in columns)
    cursor.execute(
        f"UPDATE cases SET document = ?, {sets}revision = revision + 1, updated_at = ? WHERE id = ?",
        (document, *columns.values(), utc(dt.datetime.now(dt.UTC)), case_id),
    )
    rows = person_rows(case_id, case)
    if old is not None and person_rows(case_id, old) == rows:
        return
    cursor.execute("DELETE FROM persons WHERE case_id = ?", (case_id,))
    cursor.executemany(_INSERT_PERSON, rows)


def count_samples(case: Case) -> int:
    return sum(len(p.samples) for p in case.everyone())


def load_case(conn: Connection, case_no: str, *, full: bool = True) -> RegisteredCase | None:
    """The whole case; *full* False leaves out what an edit does not read (the chain of custody,
    the thread, the revisions): an edit is a hot path."""
    row = conn.execute(select(cases).where(cases.c.case_no == case_no)).first()
    if row is None:
        return None
    case = read_stored_case(json.loads(row.document))
    sample_rows = conn.execute(
        select(samples)
        .where(samples.c.case_id == row.id)
        .order_by(samples.c.person_position, samples.c.sample_index)
    ).all()
    custody = _custody_by_sample(conn, [s.id for s in sample_rows]) if full else {}
    by_place = {(s.person_position, s.sample_index): s for s in sample_rows}

    def with_numbers(position: int, person: Person) -> Person:
        filled = []
        for index, sample in enumerate(person.samples):
            s = by_place.get((position, index))
            if s is not None:
                profile = parse_profile(json.loads(s.profile)) if s.profile else sample.profile
                sample = replace(
                    sample,
                    sample_no=s.sample_no,
                    status=SampleStatus(s.status),
                    profile=profile,
                    custody=tuple(custody.get(s.id, ())),
                )
            filled.append(sample)
        return replace(person, samples=tuple(filled))

    case = replace(
        case,
        reporter=with_numbers(-1, case.reporter) if case.reporter else None,
        persons=tuple(with_numbers(i, p) for i, p in enumerate(case.persons)),
    )
    return RegisteredCase(
        case_no=row.case_no,
        case=case,
        status=CaseStatus(row.status),
        review=ReviewState(row.review),
        officer=row.officer,
        verification_code=known_code(row.verification_code),
        created_at=parse_utc(row.created_at),
        revision=row.revision,
        assigned_to=row.assigned_to,
        void_reason=row.void_reason,
        extra={
            "review_comment": row.review_comment,
            "void_requested_by": row.void_requested_by,
            "id": row.id,
        },
        closure=life.closure_of(row),
        thread=life.thread_of(conn, row.case_no) if full else (),
        revisions=life.revisions_of(conn, row.case_no) if full else (),
    )


def _custody_by_sample(conn: Connection, sample_ids: Iterable[int]) -> dict[int, list[CustodyEvent]]:
    ids = list(sample_ids)
    out: dict[int, list[CustodyEvent]] = {}
    if not ids:
        return out
    rows = conn.execute(
        select(custody_events).where(custody_events.c.sample_id.in_(ids)).order_by(custody_events.c.id)
    ).all()
    for r in rows:
        out.setdefault(r.sample_id, []).append(
            CustodyEvent(parse_utc(r.at), r.from_party, r.to_party, r.purpose, r.recorded_by)
        )
    return out


def case_id_of(conn: Connection, case_no: str) -> int | None:
    value = conn.execute(select(cases.c.id).where(cases.c.case_no == case_no)).scalar()
    return int(value) if value is not None else None


def case_id_of_cursor(cursor: Cursor, case_no: str) -> int | None:
    row = cursor.execute("SELECT id FROM cases WHERE case_no = ?", (case_no,)).fetchone()
    return None if row is None else int(row[0])


def status_of_cursor(cursor: Cursor, case_no: str) -> CaseStatus | None:
    """The status of case *case_no*, or None when there is no such case."""
    row = cursor.execute("SELECT status FROM cases WHERE case_no = ?", (case_no,)).fetchone()
    return None if row is None or row[0] is None else CaseStatus(row[0])


def verification_code_of(cursor: Cursor, case_no: str) -> str:
    """The family's verification code of case *case_no* (which must exist)."""
    row = cursor.execute("SELECT verification_code FROM cases WHERE case_no = ?", (case_no,)).fetchone()
    if row is None:
        raise LookupError(f"no case {case_no}")
    return str(row[0])


def row_of(r: NamedRow) -> CaseRow:
    return CaseRow(
        r.case_no, r.type, r.status, r.review, r.names, r.officer, r.assigned_to, r.created_at, r.event_at
    )


LIST_COLUMNS = (
    cases.c.case_no,
    cases.c.type,
    cases.c.status,
    cases.c.review,
    cases.c.names,
    cases.c.officer,
    cases.c.assigned_to,
    cases.c.created_at,
    cases.c.event_at,
)


def update_case(conn: Connection, case_no: str, **values: object) -> None:
    """Change state columns of a case and bump its revision."""
    conn.execute(
        update(cases)
        .where(cases.c.case_no == case_no)
        .values(revision=cases.c.revision + 1, updated_at=utc(dt.datetime.now(dt.UTC)), **values)
    )
