"""SQL for referrals between stations (migration ``0019_referrals``): the referrals this station
sent and received, each answer step, and how far each of this station's own records travelled
(its outbox entry: waiting, sent or refused with the server's reason)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.storage.cursor import Cursor

REFERRAL_TYPES = ("referral", "referral_answer")


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    id: str
    referral_id: str
    state: str
    note: str
    by: str
    station: str
    at: str
    received_at: str | None


@dataclass(frozen=True, slots=True)
class StoredReferral:
    id: str
    direction: str  # "out" (this station asked) or "in"
    case_no: str
    from_station: str
    from_name: str
    to_station: str
    to_name: str
    request: str
    note: str
    asked_by: str
    asked_at: str
    state: str
    revision: int
    answers: tuple[StoredAnswer, ...]


_COLUMNS = (
    "id, direction, case_no, from_station, from_name, to_station, to_name, request, note, asked_by,"
    " asked_at, state, revision, updated_at"
)


def pulled(conn: Connection, after_seq: int) -> Iterator[tuple[int, str, int, dict[str, Any]]]:
    """(seq, record id, revision, payload) of referral items pulled after *after_seq*."""
    rows = conn.exec_driver_sql(
        "SELECT seq, record_id, revision, payload FROM pulled_items WHERE kind = 'referral' AND seq > ?"
        " ORDER BY seq",
        (after_seq,),
    )
    for seq, record_id, revision, payload in rows:
        yield int(seq), str(record_id), int(revision), json.loads(payload)


def add(cursor: Cursor, r: StoredReferral, at: str) -> None:
    """A referral as first known here (sent from here, or the first delivery of one to us)."""
    cursor.execute(
        f"INSERT INTO referrals ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (r.id, r.direction, r.case_no, r.from_station, r.from_name, r.to_station, r.to_name, r.request,
         r.note, r.asked_by, r.asked_at, r.state, r.revision, at),
    )  # fmt: skip


def revision_of(cursor: Cursor, referral_id: str) -> int | None:
    row = cursor.execute("SELECT revision FROM referrals WHERE id = ?", (referral_id,)).fetchone()
    return None if row is None else int(row[0])


def take_delivery(cursor: Cursor, r: StoredReferral, at: str) -> str | None:
    """Keep the server's delivery of a referral unless a newer one is kept: the row, and every
    answer in it (a step of ours comes back with the server's receipt time). Returns "new",
    "changed" or None (an older or the same revision)."""
    held = revision_of(cursor, r.id)
    if held is not None and held >= r.revision:
        return None
    if held is None:
        add(cursor, r, at)
    else:  # a referral follows its case to a new holder (issue 14): who asks may change
        cursor.execute(
            "UPDATE referrals SET direction = ?, from_station = ?, from_name = ?, to_station = ?, to_name = ?,"
            " state = ?, revision = ?, updated_at = ? WHERE id = ?",
            (
                r.direction,
                r.from_station,
                r.from_name,
                r.to_station,
                r.to_name,
                r.state,
                r.revision,
                at,
                r.id,
            ),
        )
    cursor.executemany(
        "INSERT OR REPLACE INTO referral_answers (id, referral_id, state, note, by_user, station, at, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(a.id, r.id, a.state, a.note, a.by, a.station, a.at, a.received_at) for a in r.answers],
    )
    # A step taken here and still on its way stays the referral's state until it comes back.
    pending = cursor.execute(
        "SELECT a.state FROM referral_answers a JOIN outbox o ON o.record_id = a.id WHERE a.referral_id = ?"
        " AND a.received_at IS NULL AND o.state IN ('waiting', 'sent') ORDER BY a.at DESC, a.id DESC LIMIT 1",
        (r.id,),
    ).fetchone()
    if pending is not None:
        cursor.execute("UPDATE referrals SET state = ? WHERE id = ?", (pending[0], r.id))
    return "new" if held is None else "changed"


def add_answer(cursor: Cursor, a: StoredAnswer, at: str) -> None:
    """A step taken here: kept at once (the server's delivery confirms it later)."""
    cursor.execute(
        "INSERT INTO referral_answers (id, referral_id, state, note, by_user, station, at, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        (a.id, a.referral_id, a.state, a.note, a.by, a.station, a.at),
    )
    cursor.execute(
        "UPDATE referrals SET state = ?, updated_at = ? WHERE id = ?", (a.state, at, a.referral_id)
    )


def matching(cursor: Cursor, text: str) -> list[tuple[str, str, str]]:
    """(id, direction, state) of the referrals whose id is *text* or whose uuid begins with it."""
    rows = cursor.execute(
        "SELECT id, direction, state FROM referrals WHERE id = ? OR substr(id, 25) LIKE ? ORDER BY id",
        (text, text.replace("%", "").replace("_", "") + "%"),
    ).fetchall()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def all_referrals(conn: Connection) -> list[StoredReferral]:
    """Every referral, newest first, with its answers in the order they were taken."""
    answers: dict[str, list[StoredAnswer]] = {}
    for row in conn.exec_driver_sql(
        "SELECT id, referral_id, state, note, by_user, station, at, received_at FROM referral_answers"
        " ORDER BY COALESCE(received_at, '9999'), at, id"
    ):
        answers.setdefault(str(row[1]), []).append(StoredAnswer(*row))
    rows = conn.exec_driver_sql(f"SELECT {_COLUMNS} FROM referrals ORDER BY asked_at DESC, id").all()
    return [
        StoredReferral(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            str(r[6]),
            str(r[7]),
            str(r[8]),
            str(r[9]),
            str(r[10]),
            str(r[11]),
            int(r[12]),
            tuple(answers.get(str(r[0]), ())),
        )  # fmt: skip
        for r in rows
    ]


def travel(conn: Connection) -> dict[str, tuple[str, str]]:
    """(outbox state, reason) of the newest entry of each referral or answer record of ours."""
    out: dict[str, tuple[str, str]] = {}
    for record_id, state, reason in conn.exec_driver_sql(
        "SELECT record_id, state, COALESCE(reason, '') FROM outbox WHERE record_type IN (?, ?) ORDER BY id",
        REFERRAL_TYPES,
    ):
        out[str(record_id)] = (str(state), str(reason))
    return out


def waiting_here(conn: Connection) -> int:
    """Referrals addressed to this station that nobody here has accepted, answered or declined."""
    row = conn.exec_driver_sql(
        "SELECT COUNT(*) FROM referrals WHERE direction = 'in' AND state = 'sent'"
    ).first()
    return int(row[0]) if row else 0


def sync_value(conn: Connection, key: str) -> str | None:
    row = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (key,)).first()
    return None if row is None else str(row[0])


# the server's refusal of an answer to a referral it does not hold (a fixed text: stations word it)
NO_SUCH_REFERRAL = "invalid: referral_answer.referral: the server holds no such referral"


def send_answers_again(cursor: Cursor, referral_id: str, at: str) -> int:
    """Queue again this station's answers to *referral_id* that the server had acknowledged and
    then refused (``sent_at``: a server restored from a backup older than the referral refused
    them as answers to no referral), in their order, now that the referral is back
    (:func:`app.storage.sync_state.send_again`). Returns how many were queued."""
    from app.storage import sync_state

    ids = [
        str(r[0])
        for r in cursor.execute(
            "SELECT change_id FROM outbox WHERE record_type = 'referral_answer' AND state = 'refused'"
            " AND sent_at IS NOT NULL AND reason = ? AND json_extract(payload, '$.referral') = ? ORDER BY id",
            (NO_SUCH_REFERRAL, referral_id),
        ).fetchall()
    ]
    return sync_state.send_again(cursor, ids, at) if ids else 0
