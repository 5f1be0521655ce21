"""The station's side of the public gallery (migration ``0012_public``): what it asked to publish,
and the tips from the public the server delivered. Raw SQL on the unit of work's cursor for
writes, a read connection for reads."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.storage.cursor import Cursor, cursor_of
from app.storage.transfer_repository import AWAY_CASES, held_by


@dataclass(frozen=True, slots=True)
class Publication:
    """A found child's publication as the station last asked for it. ``person`` is None for the
    case's first found person, else the position in ``persons`` of a further found child; the
    table's ``case_no`` column holds ``{case_no}/{person}`` for such a child (its key)."""

    case_no: str
    reference: str
    state: str  # requested | withdrawn
    legal_basis: str
    requested_by: str
    requested_at: str
    withdrawn_by: str | None
    withdrawn_at: str | None
    withdraw_reason: str | None
    person: int | None = None


_PUBLICATION = (
    "SELECT case_no, reference, state, legal_basis, requested_by, requested_at, withdrawn_by, withdrawn_at,"
    " withdraw_reason FROM gallery_publications"
)


def _key(case_no: str, person: int | None) -> str:
    return case_no if person is None else f"{case_no}/{person}"


def _read(row: Sequence[Any]) -> Publication:
    case_no, _, person = str(row[0]).partition("/")
    return Publication(case_no, row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],
                       int(person) if person else None)  # fmt: skip


def publication(conn: Connection, case_no: str, person: int | None = None) -> Publication | None:
    row = conn.exec_driver_sql(_PUBLICATION + " WHERE case_no = ?", (_key(case_no, person),)).first()
    return _read(row) if row else None


def publications(conn: Connection, case_no: str) -> list[Publication]:
    """Every found child of the case the station ever asked to publish, the first found first.
    (A case number holds only digits and dashes: nothing in it is a LIKE wildcard.)"""
    rows = conn.exec_driver_sql(
        _PUBLICATION + " WHERE case_no = ? OR case_no LIKE ?", (case_no, case_no + "/%")
    )
    found = [_read(r) for r in rows]
    return sorted(found, key=lambda p: -1 if p.person is None else p.person)


def by_reference(conn: Connection, reference: str) -> Publication | None:
    row = conn.exec_driver_sql(_PUBLICATION + " WHERE reference = ?", (reference,)).first()
    return _read(row) if row else None


def save_request(
    cursor: Cursor, case_no: str, reference: str, basis: str, by: str, at: str, person: int | None = None
) -> None:
    cursor.execute(
        "INSERT INTO gallery_publications (case_no, reference, state, legal_basis, requested_by, requested_at)"
        " VALUES (?, ?, 'requested', ?, ?, ?) ON CONFLICT (case_no) DO UPDATE SET state = 'requested',"
        " legal_basis = excluded.legal_basis, requested_by = excluded.requested_by,"
        " requested_at = excluded.requested_at, withdrawn_by = NULL, withdrawn_at = NULL, withdraw_reason = NULL",
        (_key(case_no, person), reference, basis, by, at),
    )


def save_withdrawal(
    cursor: Cursor, case_no: str, by: str, at: str, reason: str, person: int | None = None
) -> None:
    cursor.execute(
        "UPDATE gallery_publications SET state = 'withdrawn', withdrawn_by = ?, withdrawn_at = ?,"
        " withdraw_reason = ? WHERE case_no = ?",
        (by, at, reason, _key(case_no, person)),
    )


@dataclass(frozen=True, slots=True)
class Tip:
    """One tip from the public, and its follow-up once someone recorded it. ``held_by`` is the
    (code, name) of the station this station handed the tip's case over to, while it holds it:
    that station follows the tip up, so it is no work here (never open, never counted)."""

    record_id: str
    case_no: str
    reference: str
    name: str
    phone: str
    message: str
    lang: str
    received_at: str
    followed_by: str | None
    followed_at: str | None
    follow_note: str | None
    held_by: tuple[str, str] | None = None


# A tip waits for this station's follow-up: nobody followed it up, and its case is not held by a
# station this station handed it over to (taken back, its tips are work here again).
_OPEN_HERE = f"followed_at IS NULL AND case_no NOT IN ({AWAY_CASES})"


def pulled_tips(conn: Connection, after_seq: int) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(seq, record id, payload) of tip items the sync engine pulled after *after_seq*."""
    rows = conn.exec_driver_sql(
        "SELECT seq, record_id, payload FROM pulled_items WHERE kind = 'tip' AND seq > ? ORDER BY seq",
        (after_seq,),
    )
    for seq, record_id, payload in rows:
        yield int(seq), str(record_id), json.loads(payload)


def add_tip(cursor: Cursor, seq: int, tip: dict[str, str]) -> bool:
    """Keep a delivered tip; False when it was kept before (a page pulled twice)."""
    cursor.execute(
        "INSERT OR IGNORE INTO public_tips (record_id, seq, case_no, reference, name, phone, message, lang,"
        " received_at) VALUES (:record_id, :seq, :case_no, :reference, :name, :phone, :message, :lang,"
        " :received_at)",
        {**tip, "seq": seq},
    )
    return int(cursor.rowcount) == 1


def tips(conn: Connection, *, open_only: bool, limit: int = 1000) -> list[Tip]:
    """Tips newest first; with *open_only* those waiting for this station's follow-up, else every
    one, a tip of a case handed over naming the station holding it."""
    where = f" WHERE {_OPEN_HERE}" if open_only else ""
    rows = conn.exec_driver_sql(
        "SELECT record_id, case_no, reference, name, phone, message, lang, received_at, followed_by,"
        f" followed_at, follow_note, case_no IN ({AWAY_CASES}) FROM public_tips{where} ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).all()
    holders: dict[str, tuple[str, str] | None] = {}
    away = {str(r[1]) for r in rows if r[11]}  # a few cases: the holder of each, asked once
    if away:
        cursor = cursor_of(conn)
        holders = {case_no: held_by(cursor, case_no) for case_no in away}
    return [Tip(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], holders.get(str(r[1])))
            for r in rows]  # fmt: skip


def count_open(conn: Connection) -> int:
    """How many tips wait for this station's follow-up (see :func:`tips`)."""
    row = conn.exec_driver_sql(f"SELECT COUNT(*) FROM public_tips WHERE {_OPEN_HERE}").first()
    return int(row[0]) if row else 0


def follow_up(cursor: Cursor, record_id: str, by: str, at: str, note: str) -> bool:
    """Record the follow-up of a tip waiting for this station; False when there is no such tip
    (unknown, followed up already, or its case handed over: :func:`tip_held_by` tells)."""
    cursor.execute(
        f"UPDATE public_tips SET followed_by = ?, followed_at = ?, follow_note = ?"
        f" WHERE record_id = ? AND {_OPEN_HERE}",
        (by, at, note, record_id),
    )
    return int(cursor.rowcount) == 1


def tip_held_by(cursor: Cursor, record_id: str) -> tuple[str, str, str] | None:
    """(case number, holder's code, holder's name) when tip *record_id* is kept here and its case
    was handed over to a station that holds it now; else None."""
    row = cursor.execute("SELECT case_no FROM public_tips WHERE record_id = ?", (record_id,)).fetchone()
    if row is None:
        return None
    held = held_by(cursor, str(row[0]))
    return None if held is None else (str(row[0]), *held)


def sync_value(conn: Connection, key: str) -> str | None:
    """A value of the sync state (the last pulled item taken into the tip list)."""
    row = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (key,)).first()
    return None if row is None else str(row[0])


def national_decision(conn: Connection, record_id: str) -> tuple[str, dict[str, Any]] | None:
    """(record id, payload) of the newest national gallery decision the sync engine pulled for
    a case's publication record, or None."""
    row = conn.exec_driver_sql(
        "SELECT record_id, payload FROM pulled_items WHERE kind = 'gallery' AND record_id = ?"
        " ORDER BY seq DESC LIMIT 1",
        (record_id,),
    ).first()
    return None if row is None else (str(row[0]), json.loads(row[1]))
