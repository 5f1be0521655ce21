"""Entries a station pulls: matches, server-side updates, referrals and alerts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from server.storage.tables import JournalEntry, utcnow

_DELIVERY_LOCK = 0x58554E44  # "XUND"


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
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _DELIVERY_LOCK})
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
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
            "payload": body,
            "client_created_at": None,
            "received_at": now,
        }
        for sid in sorted(set(station_ids))
    ]
    if rows:
        session.execute(insert(JournalEntry), rows)


def deliver_rows(session: Session, items: list[tuple[int, str, str, str, int, dict[str, Any]]]) -> None:
    """:func:`deliver` for many items at once, each (station id, kind, record type, record id,
    revision, payload) with a payload of its own (issue 14: an alert says how far each station
    is), in one statement under the same lock."""
    if not items:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _DELIVERY_LOCK})
    now = utcnow()
    session.execute(
        insert(JournalEntry),
        [
            {
                "station_id": None,
                "change_id": None,
                "audience_station_id": sid,
                "kind": kind,
                "record_type": record_type,
                "record_id": record_id,
                "revision": revision,
                "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                "client_created_at": None,
                "received_at": now,
            }  # fmt: skip
            for sid, kind, record_type, record_id, revision, payload in items
        ],
    )
