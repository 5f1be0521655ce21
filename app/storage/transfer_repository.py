"""SQL for the case transfers a station sent or received (migrations ``0020_transfers`` and
``0021_transfer_end``), and for taking a transferred case into the register (raw SQL on the unit
of work's cursor)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.model import Case, Sample
from app.storage import case_repository, search_index
from app.storage.cursor import Cursor, one
from app.storage.sample_repository import add_custody, find, insert_sample

_COLUMNS = (
    "id, case_no, direction, state, from_station, from_name, to_station, to_name, reason, case_type, names,"
    " requested_by, requested_at, approved_by, approved_at, accepted_by, accepted_at, completed_at, audited_state,"
    " ended_by, ended_at, end_reason"
)
# A transfer under way: not completed, declined or withdrawn (migration 0021_transfer_end).
_OPEN = "state NOT IN ('completed', 'declined', 'withdrawn')"
# A case is held elsewhere when the newest completed transfer of it left this station.
# the audited state of a transfer whose word this station sent again (audited, then its state)
RESENT_AUDIT = "resent"
AWAY_CASES = (
    "SELECT t.case_no FROM case_transfers t WHERE t.state = 'completed' AND t.direction = 'out'"
    " AND NOT EXISTS (SELECT 1 FROM case_transfers u WHERE u.case_no = t.case_no AND u.state = 'completed'"
    " AND u.direction = 'in' AND u.completed_at > t.completed_at)"
)


@dataclass(frozen=True, slots=True)
class StoredTransfer:
    id: str
    case_no: str
    direction: str  # app.core.transfer.TransferDirection
    state: str  # app.core.transfer.TransferState
    from_station: str
    from_name: str
    to_station: str
    to_name: str
    reason: str
    case_type: str
    names: str
    requested_by: str
    requested_at: str
    approved_by: str | None
    approved_at: str | None
    accepted_by: str | None
    accepted_at: str | None
    completed_at: str | None
    audited_state: str
    ended_by: str | None = None  # who declined or withdrew it
    ended_at: str | None = None
    end_reason: str | None = None


def _row(r: Sequence[Any]) -> StoredTransfer:
    return StoredTransfer(*r)


def add(cursor: Cursor, t: StoredTransfer) -> None:
    cursor.execute(
        f"INSERT INTO case_transfers ({_COLUMNS}) VALUES ({', '.join('?' * len(StoredTransfer.__slots__))})",
        tuple(getattr(t, f) for f in StoredTransfer.__slots__),
    )


def update(cursor: Cursor, transfer_id: str, **values: object) -> None:
    sets = ", ".join(f"{k} = ?" for k in values)
    cursor.execute(f"UPDATE case_transfers SET {sets} WHERE id = ?", (*values.values(), transfer_id))


def get(cursor: Cursor, transfer_id: str) -> StoredTransfer | None:
    r = cursor.execute(f"SELECT {_COLUMNS} FROM case_transfers WHERE id = ?", (transfer_id,)).fetchone()
    return None if r is None else _row(r)


def matching(cursor: Cursor, ref: str) -> list[StoredTransfer]:
    """Transfers whose id is *ref* or begins with its uuid part, or open ones of case *ref*."""
    rows = cursor.execute(
        f"SELECT {_COLUMNS} FROM case_transfers WHERE id = ? OR substr(id, 25) LIKE ? ESCAPE '\\'"
        f" OR (case_no = ? AND {_OPEN}) ORDER BY requested_at",
        (ref, ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", ref),
    ).fetchall()
    return [_row(r) for r in rows]


def every(cursor: Cursor) -> list[StoredTransfer]:
    """Every transfer, the open ones first, newest first."""
    rows = cursor.execute(
        f"SELECT {_COLUMNS} FROM case_transfers ORDER BY NOT ({_OPEN}), requested_at DESC"
    ).fetchall()
    return [_row(r) for r in rows]


def open_for_case(cursor: Cursor, case_no: str) -> list[StoredTransfer]:
    rows = cursor.execute(
        f"SELECT {_COLUMNS} FROM case_transfers WHERE case_no = ? AND {_OPEN}", (case_no,)
    ).fetchall()
    return [_row(r) for r in rows]


def held_by(cursor: Cursor, case_no: str) -> tuple[str, str] | None:
    """(code, name) of the station that took *case_no* over, while it is held there; else None."""
    r = cursor.execute(
        "SELECT t.to_station, t.to_name FROM case_transfers t WHERE t.case_no = ? AND t.case_no IN"
        f" ({AWAY_CASES}) AND t.state = 'completed' AND t.direction = 'out' ORDER BY t.completed_at DESC LIMIT 1",
        (case_no,),
    ).fetchone()
    return None if r is None else (str(r[0]), str(r[1]))


def held_here(cursor: Cursor, case_no: str) -> bool:
    """True when the register holds *case_no* as its own: filed here or taken over, and not
    transferred away since (a national pair's other case, never held, is not)."""
    r = cursor.execute(
        f"SELECT 1 FROM cases WHERE case_no = ? AND case_no NOT IN ({AWAY_CASES})", (case_no,)
    ).fetchone()
    return r is not None


def unaudited(cursor: Cursor) -> list[StoredTransfer]:
    rows = cursor.execute(
        f"SELECT {_COLUMNS} FROM case_transfers WHERE audited_state <> state ORDER BY requested_at"
    ).fetchall()
    return [_row(r) for r in rows]


def keep_received(cursor: Cursor, records: Iterable[tuple[str, str, int]]) -> None:
    """The server's revision of each (record type, record id, revision) of a case taken over."""
    cursor.executemany(
        "INSERT INTO received_records (record_type, record_id, revision) VALUES (?, ?, ?)"
        " ON CONFLICT (record_id) DO UPDATE SET revision = MAX(revision, excluded.revision)",
        list(records),
    )


def close_waiting_reviews(cursor: Cursor, case_no: str, at: str) -> int:
    """The review items of a case handed away leave this station's queue (state ``transferred``:
    the receiving station reviews the case now)."""
    cursor.execute(
        "UPDATE review_items SET state = 'transferred', decided_at = ?, decided_by = '' WHERE case_no = ?"
        " AND state = 'waiting'",
        (at, case_no),
    )
    return int(cursor.rowcount)


def queue_registration_review(cursor: Cursor, case_no: str, officer: str, at: str, note: str) -> None:
    """A case taken over whose registration nobody approved yet waits for this station's review."""
    waiting = cursor.execute(
        "SELECT 1 FROM review_items WHERE case_no = ? AND kind = 'registration' AND state = 'waiting'",
        (case_no,),
    ).fetchone()
    if waiting is None:
        cursor.execute(
            "INSERT INTO review_items (case_no, kind, state, requested_by, requested_at, note)"
            " VALUES (?, 'registration', 'waiting', ?, ?, ?)",
            (case_no, officer, at, note),
        )


def keep_photo(cursor: Cursor, record_id: str, case_no: str, sha256: str, mime: str, width: int, height: int,
               size: int, person: int, created_at: str) -> None:  # fmt: skip
    """A photo of a case taken over, its bytes still at the server."""
    cursor.execute(
        "INSERT OR IGNORE INTO received_photos (record_id, case_no, sha256, mime, width, height, size, person,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (record_id, case_no, sha256, mime, width, height, size, person, created_at),
    )


@dataclass(frozen=True, slots=True)
class ReceivedPhoto:
    record_id: str
    case_no: str
    sha256: str
    mime: str
    width: int
    height: int
    size: int
    person: int
    created_at: str


def photos_to_fetch(cursor: Cursor) -> list[ReceivedPhoto]:
    rows = cursor.execute(
        "SELECT record_id, case_no, sha256, mime, width, height, size, person, created_at FROM received_photos"
        " WHERE fetched = 0 ORDER BY record_id"
    ).fetchall()
    return [ReceivedPhoto(*r) for r in rows]


def store_fetched_photo(cursor: Cursor, photo: ReceivedPhoto, data: bytes, thumbnail: bytes, by: str) -> None:
    """The fetched picture in the register, known to the sync as already on the server."""
    from app.storage import photo_repository

    case_id = case_repository.case_id_of_cursor(cursor, photo.case_no)
    if case_id is not None and not photo_repository.exists(cursor, case_id, photo.person, photo.sha256):
        photo_id = photo_repository.insert(
            cursor, case_id, photo.person, sha256=photo.sha256, mime=photo.mime, width=photo.width,
            height=photo.height, data=data, thumbnail=thumbnail, created_at=photo.created_at, created_by=by,
        )  # fmt: skip
        cursor.execute(
            "INSERT INTO photo_sync (photo_id, record_id, uploaded) VALUES (?, ?, 1)",
            (photo_id, photo.record_id),
        )
    cursor.execute("UPDATE received_photos SET fetched = 1 WHERE record_id = ?", (photo.record_id,))


def station_code(cursor: Cursor) -> str | None:
    row = cursor.execute("SELECT code FROM station").fetchone()
    return None if row is None else str(row[0])


@dataclass(frozen=True, slots=True)
class ReceivedCase:
    """A transferred case as the receiving station writes it into its register."""

    case_no: str
    case: Case
    document: str
    status: str
    review: str
    officer: str
    assigned_to: str | None
    created_at: str
    verification_code: str
    void_reason: str | None
    review_comment: str | None
    closure: tuple[str, str, str | None, str | None] | None  # outcome, reason, closed at, by
    thread: tuple[tuple[str, str, str, str], ...]  # at, by, event, text
    revisions: tuple[tuple[int, str, str, str, tuple[str, ...]], ...]  # revision, at, by, reason, fields
    revision: int


@dataclass(frozen=True, slots=True)
class ReceivedSample:
    position: int  # -1: the reporter
    index: int
    sample_no: str
    sample: Sample
    status: str
    profile: str | None  # JSON {"kit", "loci"}


def take_case(cursor: Cursor, received: ReceivedCase, samples: Sequence[ReceivedSample],
              custody: Sequence[tuple[str, dt.datetime, str, str, str]], recorded_by: str) -> bool:  # fmt: skip
    """Write a case taken over into the register (cases, persons, search keys, samples, their
    custody, the thread and revisions). A case coming back to a station that kept a read-only
    copy of it replaces that copy (:func:`_refresh`); returns True for a case new here."""
    existing = case_repository.case_id_of_cursor(cursor, received.case_no)
    if existing is not None:
        _refresh(cursor, existing, received, samples, custody, recorded_by)
        return False
    case_id = int(one(cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM cases"))[0])
    case, event = received.case, received.case.event
    closure = received.closure or (None, None, None, None)
    now = case_repository.utc(dt.datetime.now(dt.UTC))
    cursor.execute(
        "INSERT INTO cases (id, case_no, type, status, review, officer, assigned_to, reported_at, event_at,"
        " event_place_code, created_at, updated_at, revision, verification_code, names, void_reason,"
        " review_comment, document, closure_outcome, closure_reason, closed_at, closed_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, received.case_no, case.type.value, received.status, received.review, received.officer,
         received.assigned_to, case_repository.utc(case.reported_at),
         case_repository.utc(event.at) if event else None, event.place_code if event else None,
         received.created_at or now, now, received.revision, received.verification_code,
         case_repository.subject_names(case), received.void_reason, received.review_comment,
         received.document, *closure),
    )  # fmt: skip
    _children(cursor, case_id, received, samples, custody, recorded_by)
    return True


def _children(cursor: Cursor, case_id: int, received: ReceivedCase, samples: Sequence[ReceivedSample],
              custody: Sequence[tuple[str, dt.datetime, str, str, str]], recorded_by: str) -> None:  # fmt: skip
    """Persons, search keys, samples (new ones added, known ones brought up to date), hand-overs
    not yet recorded, the thread and the revisions of a case taken over."""
    case = received.case
    cursor.executemany(
        "INSERT INTO persons (case_id, position, role, name, sex, birth_date, age_min, age_max)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        case_repository.person_rows(case_id, case),
    )
    cursor.executemany(
        "INSERT INTO search_keys (key, kind, case_id) VALUES (?, ?, ?)",
        search_index.case_key_rows(case, case_id),
    )
    for s in samples:
        if find(cursor, s.sample_no) is None:
            insert_sample(cursor, case_id, s.position, s.index, s.sample_no, s.sample)
        cursor.execute("UPDATE samples SET status = ?, profile = coalesce(?, profile) WHERE sample_no = ?",
                       (s.status, s.profile, s.sample_no))  # fmt: skip
    for sample_no, at, from_party, to_party, purpose in custody:
        row = find(cursor, sample_no)
        known = (
            row is not None
            and cursor.execute(
                "SELECT 1 FROM custody_events WHERE sample_id = ? AND at = ? AND from_party = ? AND to_party = ?",
                (row.id, case_repository.utc(at), from_party, to_party),
            ).fetchone()
        )
        if row is not None and not known:
            add_custody(cursor, row.id, at, from_party, to_party, purpose, recorded_by)
    cursor.executemany(
        "INSERT INTO case_thread (case_no, at, actor, event, text) VALUES (?, ?, ?, ?, ?)",
        [(received.case_no, *t) for t in received.thread],
    )
    cursor.executemany(
        "INSERT INTO case_revisions (case_no, revision, at, actor, reason, changes) VALUES (?, ?, ?, ?, ?, ?)",
        [(received.case_no, r[0], r[1], r[2], r[3],
          json.dumps([{"path": f, "before": None, "after": None} for f in r[4]], ensure_ascii=False))
         for r in received.revisions],
    )  # fmt: skip


def _refresh(cursor: Cursor, case_id: int, received: ReceivedCase, samples: Sequence[ReceivedSample],
             custody: Sequence[tuple[str, dt.datetime, str, str, str]], recorded_by: str) -> None:  # fmt: skip
    """The read-only copy of a case replaced by the case as it comes back from its owner."""
    case, event = received.case, received.case.event
    closure = received.closure or (None, None, None, None)
    cursor.execute(
        "UPDATE cases SET status = ?, review = ?, officer = ?, assigned_to = ?, reported_at = ?, event_at = ?,"
        " event_place_code = ?, updated_at = ?, revision = ?, verification_code = ?, names = ?, void_reason = ?,"
        " review_comment = ?, document = ?, closure_outcome = ?, closure_reason = ?, closed_at = ?, closed_by = ?"
        " WHERE id = ?",
        (received.status, received.review, received.officer, received.assigned_to,
         case_repository.utc(case.reported_at), case_repository.utc(event.at) if event else None,
         event.place_code if event else None, case_repository.utc(dt.datetime.now(dt.UTC)), received.revision,
         received.verification_code, case_repository.subject_names(case), received.void_reason,
         received.review_comment, received.document, *closure, case_id),
    )  # fmt: skip
    for table in ("persons", "search_keys"):
        cursor.execute(f"DELETE FROM {table} WHERE case_id = ?", (case_id,))
    for table in ("case_thread", "case_revisions"):
        cursor.execute(f"DELETE FROM {table} WHERE case_no = ?", (received.case_no,))
    _children(cursor, case_id, received, samples, custody, recorded_by)


def send_word_again(cursor: Cursor, record_id: str, case_no: str | None, at: str) -> int:
    """Queue again, under new change ids, this station's refused word on a transfer (the entry of
    *record_id*: its acceptance or its decline) and, with *case_no*, every change to that case the
    server had acknowledged (``sent_at``: before it was restored from its backup) and refused after
    it as another station's (``not_owner``), in their order: a change refused when it was first
    sent stays for a person to decide (:func:`app.storage.sync_state.send_again`). Returns how
    many were queued: 0 when the word was not refused."""
    from app.storage import sync_state

    last = cursor.execute(
        "SELECT id, change_id, state FROM outbox WHERE record_id = ? ORDER BY id DESC LIMIT 1", (record_id,)
    ).fetchone()
    if last is None or last[2] != "refused":
        return 0
    ids = [str(last[1])]
    if case_no is not None:
        ids += [
            str(r[0])
            for r in cursor.execute(
                "SELECT change_id FROM outbox WHERE id > ? AND state = 'refused' AND sent_at IS NOT NULL"
                " AND (reason = 'not_owner' OR substr(reason, 1, 10) = 'not_owner:')"
                " AND (record_id = ? OR substr(record_id, 1, ?) = ?) ORDER BY id",
                (last[0], case_no, len(case_no) + 1, case_no + "/"),
            ).fetchall()
        ]
    return sync_state.send_again(cursor, ids, at)
