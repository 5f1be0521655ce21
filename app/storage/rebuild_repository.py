"""Writing back what the server holds of a station that lost its disk (issue 14): the station's
rows from its records, each record kept in the outbox as acknowledged at the server's revision,
so the next push sends nothing again and the next change to a record is based on that revision.

Raw SQL on the unit of work's cursor, inside the caller's transaction: a page of records, the
position reached and the acknowledged outbox rows commit together, so a rebuild cut off at any
point resumes from the last page it committed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from app.core.lifecycle import CaseStatus, ClosureOutcome, ReviewKind, ReviewState, SampleStatus
from app.core.model import Case
from app.core.verification import LOST_PREFIX
from app.storage import case_life_repository as life
from app.storage import case_repository as repo
from app.storage.cursor import Cursor, one
from app.storage.outbox import new_change_id


def _last_id(cursor: Cursor) -> int:
    row_id = cursor.lastrowid
    assert row_id is not None  # just inserted
    return int(row_id)


def register_is_empty(cursor: Cursor) -> bool:
    """True for a freshly set-up station: no case, nothing ever queued for the server."""
    cases = one(cursor.execute("SELECT EXISTS (SELECT 1 FROM cases)"))[0]
    queued = one(cursor.execute("SELECT EXISTS (SELECT 1 FROM outbox)"))[0]
    return not cases and not queued


def held(cursor: Cursor, record_id: str) -> bool:
    """True when *record_id* was written back already (a resumed rebuild skips it)."""
    row = cursor.execute("SELECT 1 FROM outbox WHERE record_id = ? AND state = 'sent' LIMIT 1", (record_id,))
    return row.fetchone() is not None


def keep_as_sent(
    cursor: Cursor, record_type: str, record_id: str, revision: int, payload: str, at: str
) -> None:
    """The record as acknowledged at the server's *revision* (``sync_queries.next_base`` then
    gives *revision* to the next change, and the station's digest equals the server's)."""
    cursor.execute(
        "INSERT INTO outbox (change_id, record_type, record_id, base_revision, payload, created_at, state, sent_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 'sent', ?)",
        (new_change_id(), record_type, record_id, revision - 1, payload, at, at),
    )


@dataclasses.dataclass(frozen=True, slots=True)
class CaseState:
    """What the case record says beyond its document (protocol.cases.CaseRecord, read)."""

    officer: str
    created_at: dt.datetime
    verification_hash: str | None
    status: CaseStatus
    review: ReviewState
    assigned_to: str | None
    void_reason: str | None
    review_comment: str | None
    closure: tuple[ClosureOutcome, str, dt.datetime | None, str | None] | None
    thread: tuple[tuple[dt.datetime, str, str, str], ...]  # at, by, event, text
    revisions: tuple[tuple[int, dt.datetime, str, str, tuple[str, ...]], ...]  # rev, at, by, why, fields
    revision: int  # the server's revision of the case record: one per queued change, as the local count


def _without_samples(case: Case) -> Case:
    """The case with no samples: the sample rows come from the sample records, which say which
    person gave which numbered sample (the document alone cannot once samples were added later)."""
    rep = case.reporter
    return dataclasses.replace(
        case,
        reporter=None if rep is None else dataclasses.replace(rep, samples=()),
        persons=tuple(dataclasses.replace(p, samples=()) for p in case.persons),
    )


def insert_case(cursor: Cursor, case_no: str, case: Case, document: str, state: CaseState) -> None:
    """The case row, its persons and search keys, its review item, thread and revisions."""
    batch = repo.CaseBatch(cursor)
    code = LOST_PREFIX + (state.verification_hash or "")
    batch.add(case_no=case_no, case=_without_samples(case), document=document, officer=state.officer,
              created_at=state.created_at, verification_code=code, sample_numbers=())  # fmt: skip
    batch.flush()
    revision = max([state.revision, *(r[0] for r in state.revisions)])
    closure = state.closure
    cursor.execute(
        "UPDATE cases SET status = ?, review = ?, assigned_to = ?, void_reason = ?, review_comment = ?,"
        " revision = ?, updated_at = ? WHERE case_no = ?",
        (state.status.value, state.review.value, state.assigned_to, state.void_reason, state.review_comment,
         revision, repo.utc(max([state.created_at, *(r[1] for r in state.revisions)])), case_no),
    )  # fmt: skip
    if closure is not None:
        life.set_closure(cursor, case_no, closure[0], closure[1], closure[2], closure[3])
    item = {ReviewState.PENDING: "waiting"}.get(state.review, state.review.value)
    cursor.execute("UPDATE review_items SET state = ? WHERE case_no = ?", (item, case_no))
    if state.status is CaseStatus.CLOSE_PENDING:
        outcome = closure[0] if closure is not None else None
        life.add_item(cursor, case_no, ReviewKind.CLOSURE, state.officer, state.created_at, outcome=outcome)
    elif state.status is CaseStatus.VOID_PENDING:
        life.add_item(
            cursor, case_no, ReviewKind.VOID, state.officer, state.created_at, state.void_reason or ""
        )
    for at, by, event, text in state.thread:
        cursor.execute(
            "INSERT INTO case_thread (case_no, at, actor, event, text) VALUES (?, ?, ?, ?, ?)",
            (case_no, repo.utc(at), by, event, text),
        )
    for rev, at, by, reason, fields in state.revisions:
        changes = [{"path": f, "before": None, "after": None} for f in fields]  # values: in the document
        cursor.execute(
            "INSERT INTO case_revisions (case_no, revision, at, actor, reason, changes) VALUES (?, ?, ?, ?, ?, ?)",
            (case_no, rev, repo.utc(at), by, reason, json.dumps(changes, ensure_ascii=False)),
        )


def case_id(cursor: Cursor, case_no: str) -> int | None:
    row = cursor.execute("SELECT id FROM cases WHERE case_no = ?", (case_no,)).fetchone()
    return None if row is None else int(row[0])


def put_sample(
    cursor: Cursor,
    case_id_: int,
    sample_no: str,
    position: int,
    index: int,
    sample_type: str,
    collected_at: str,
    status: SampleStatus,
) -> int:
    """The sample row (inserted, or put in place when a profile or hand-over came first)."""
    row = cursor.execute("SELECT id FROM samples WHERE sample_no = ?", (sample_no,)).fetchone()
    values = (position, index, sample_type, collected_at, status.value)
    if row is not None:
        cursor.execute(
            "UPDATE samples SET person_position = ?, sample_index = ?, type = ?, collected_at = ?, status = ?"
            " WHERE id = ?",
            (*values, row[0]),
        )
        return int(row[0])
    cursor.execute(
        "INSERT INTO samples (sample_no, case_id, person_position, sample_index, type, collected_at, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (sample_no, case_id_, *values),
    )
    return _last_id(cursor)


def sample_id(cursor: Cursor, case_id_: int, sample_no: str) -> int:
    """The sample's row, a placeholder until its sample record comes (a profile or a hand-over
    can come first: record ids sort ``c`` and ``d`` before ``s``)."""
    row = cursor.execute("SELECT id FROM samples WHERE sample_no = ?", (sample_no,)).fetchone()
    if row is not None:
        return int(row[0])
    cursor.execute(
        "INSERT INTO samples (sample_no, case_id, person_position, sample_index, type, collected_at, status)"
        " VALUES (?, ?, -2, 0, '', '', ?)",
        (sample_no, case_id_, SampleStatus.COLLECTED.value),
    )
    return _last_id(cursor)


def used_indexes(cursor: Cursor, case_id_: int, position: int) -> set[int]:
    rows = cursor.execute(
        "SELECT sample_index FROM samples WHERE case_id = ? AND person_position = ?", (case_id_, position)
    ).fetchall()
    return {int(r[0]) for r in rows}


def set_profile(cursor: Cursor, sample_id_: int, profile: dict[str, Any]) -> None:
    cursor.execute("UPDATE samples SET profile = ? WHERE id = ?", (json.dumps(profile), sample_id_))


def add_custody(
    cursor: Cursor, sample_id_: int, at: str, from_party: str, to_party: str, purpose: str, by: str
) -> None:
    cursor.execute(
        "INSERT INTO custody_events (sample_id, at, from_party, to_party, purpose, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (sample_id_, at, from_party, to_party, purpose, by),
    )


def officer_of(cursor: Cursor, case_id_: int) -> str:
    return str(one(cursor.execute("SELECT officer FROM cases WHERE id = ?", (case_id_,)))[0])


def add_photo(
    cursor: Cursor,
    case_id_: int,
    position: int,
    record_id: str,
    fields: dict[str, Any],
    data: bytes,
    thumb: bytes,
) -> None:
    """The photo with its bytes, known to the photo sweep as uploaded (never sent again)."""
    cursor.execute(
        "INSERT INTO photos (case_id, person_position, sha256, mime, width, height, data, thumbnail,"
        " created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id_, position, fields["sha256"], fields["mime"], fields["width"], fields["height"], data, thumb,
         fields["created_at"], officer_of(cursor, case_id_)),
    )  # fmt: skip
    cursor.execute(
        "INSERT INTO photo_sync (photo_id, record_id, uploaded) VALUES (?, ?, 1)",
        (cursor.lastrowid, record_id),
    )


def case_document(cursor: Cursor, case_id_: int) -> dict[str, Any]:
    """The stored case document of the case row *case_id_* (decoded)."""
    row = one(cursor.execute("SELECT document FROM cases WHERE id = ?", (case_id_,)))
    document: dict[str, Any] = json.loads(row[0])
    return document


def sent_decisions(cursor: Cursor) -> list[str]:
    """The payload text of the newest revision of each match decision record the station holds
    as sent (written back by a rebuild, or decided here since)."""
    rows = cursor.execute(
        "SELECT o.payload FROM outbox o WHERE o.record_type = 'decision' AND o.state = 'sent'"
        " AND o.base_revision = (SELECT MAX(p.base_revision) FROM outbox p"
        " WHERE p.record_id = o.record_id AND p.state = 'sent') ORDER BY o.record_id"
    ).fetchall()
    return [str(r[0]) for r in rows]


def sent_decision(cursor: Cursor, record_id: str) -> str | None:
    """The payload text of the newest sent revision of one decision record, or None."""
    row = cursor.execute(
        "SELECT payload FROM outbox WHERE record_id = ? AND record_type = 'decision' AND state = 'sent'"
        " ORDER BY base_revision DESC LIMIT 1",
        (record_id,),
    ).fetchone()
    return None if row is None else str(row[0])


def pair_rows(cursor: Cursor, missing: str, found: str) -> list[tuple[int, str]]:
    """The candidate rows (one per compared person) between the two cases, any origin, that no
    officer of this station has decided since they came back: undecided, or in the state the
    national server's pull gave them (``decided_by`` ``national:…``); each with its state."""
    rows = cursor.execute(
        "SELECT id, state FROM match_candidates WHERE missing_case = ? AND found_case = ?"
        " AND (decided_by IS NULL OR decided_by LIKE 'national:%') ORDER BY id",
        (missing, found),
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]
