"""Entries a station pulls: matches, server-side updates, referrals and alerts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from server.storage.bulk import insert_rows
from server.storage.tables import JournalEntry, utcnow

_DELIVERY_LOCK = 0x58554E44  # "XUND"


Item = tuple[Iterable[int], str, str, str, int, dict[str, Any]]


def deliver(
    session: Session,
    station_ids: Iterable[int],
    kind: str,
    record_type: str,
    record_id: str,
    revision: int,
    payload: dict[str, Any],
) -> None:
    """Journal one item for each station in ``station_ids``.

    Writers of pullable entries take one transaction-scoped lock first, so their sequence
    numbers are handed out in commit order: a station that has pulled up to ``seq`` can never
    later find a smaller ``seq`` appear (which a concurrent, slower transaction would cause).
    """
    deliver_many(session, [(station_ids, kind, record_type, record_id, revision, payload)])


def deliver_many(session: Session, items: Iterable[Item]) -> None:
    """:func:`deliver` for many items in one statement (a matching job's candidates):
    ``(station ids, kind, record type, record id, revision, payload)`` each."""
    batch = [
        (sorted(set(ids)), kind, rtype, rid, rev, payload) for ids, kind, rtype, rid, rev, payload in items
    ]
    now = utcnow()
    rows = [
        {
            "station_id": None,
            "change_id": None,
            "audience_station_id": sid,
            "kind": kind,
            "record_type": record_type,
            "record_id": record_id,
            "revision": revision,
            "payload": text,
            "client_created_at": None,
            "received_at": now,
        }
        for station_ids, kind, record_type, record_id, revision, payload in batch
        if station_ids
        for text in (json.dumps(payload, ensure_ascii=False, separators=(",", ":")),)  # once per item
        for sid in station_ids
    ]
    if not rows:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _DELIVERY_LOCK})
    insert_rows(session, JournalEntry.__table__, rows)  # type: ignore[arg-type]
    matches = [(payload, ids) for ids, kind, _rtype, _rid, _rev, payload in batch if kind == "match"]
    if matches:
        # issue 14: the other station's case travels beside its candidate (read for the whole
        # batch at once: a job's thousands of candidates cost a few statements, not each its own)
        from app.sync.protocol.summaries import KIND, CaseSummary
        from server.services.summaries import counterparts_many

        # one item per case and revision with every station it goes to: its payload is made and
        # written as JSON once, however many stations a found child's candidates reach
        given: dict[tuple[str, int], tuple[list[int], CaseSummary]] = {}
        for sid, summary, case_revision in counterparts_many(session, matches):
            given.setdefault((summary.case_no, case_revision), ([], summary))[0].append(sid)
        deliver_many(
            session,
            [
                (sids, KIND, "case", case_no, case_revision, summary.to_payload())
                for (case_no, case_revision), (sids, summary) in given.items()
            ],
        )


def deliver_rows(session: Session, items: list[tuple[int, str, str, str, int, dict[str, Any]]]) -> None:
    """:func:`deliver` for many items at once, each (station id, kind, record type, record id,
    revision, payload) with a payload of its own (issue 14: an alert says how far each station
    is), in one statement under the same lock."""
    deliver_many(
        session, [([sid], kind, rtype, rid, rev, payload) for sid, kind, rtype, rid, rev, payload in items]
    )
