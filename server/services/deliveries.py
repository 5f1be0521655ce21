"""Entries a station pulls: matches, server-side updates, referrals and alerts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from server.storage import alert_reach
from server.storage.alert_tables import ChildAlertDelivery
from server.storage.bulk import insert_rows
from server.storage.tables import JournalEntry, utcnow

_DELIVERY_LOCK = 0x58554E44  # "XUND"

# A payload is a JSON object, or its text already encoded as ``_encode`` would: an alert's body is
# encoded once for all the stations it reaches (:func:`with_reach`), never once per station.
Payload = dict[str, Any] | str
Item = tuple[Iterable[int], str, str, str, int, Payload]
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def deliver(
    session: Session,
    station_ids: Iterable[int],
    kind: str,
    record_type: str,
    record_id: str,
    revision: int,
    payload: Payload,
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
    _journal(
        session,
        [
            (sid, kind, rtype, rid, rev, text)
            for ids, kind, rtype, rid, rev, payload in batch
            if ids
            for text in (payload if isinstance(payload, str) else _encode(payload),)  # once per item
            for sid in ids
        ],
    )
    _with_summaries(session, [(p, ids) for ids, kind, _t, _r, _v, p in batch if kind == "match"])


def deliver_rows(session: Session, items: Sequence[tuple[int, str, str, str, int, Payload]]) -> None:
    """:func:`deliver` for many items at once, each (station id, kind, record type, record id,
    revision, payload) with a payload of its own (issue 14: an alert says how far each station
    is), in one statement under the same lock. A payload given as text is stored as it is."""
    _journal(session, items)
    _with_summaries(session, [(p, [sid]) for sid, kind, _t, _r, _v, p in items if kind == "match"])


def deliver_reach(
    session: Session,
    kind: str,
    record_type: str,
    alerts: Mapping[str, tuple[int, str]],
    reach: Sequence[tuple[str, int, int, int]],
    delivered_at: datetime,
) -> None:
    """New alerts' deliveries and items: for each (case number, station id, radius km, distance
    km) in ``reach``, a ``child_alert_deliveries`` row and a journal item for the station whose
    payload is the alert's body (``alerts``: case number → (revision, body text as stored in its
    row)) :func:`with_reach` the radius and distance. On PostgreSQL two statements
    (``server.storage.alert_reach``), the items under the delivery lock; elsewhere the rows one by one."""
    if not reach:
        return
    if session.get_bind().dialect.name != "postgresql":
        rows = [
            {"case_no": case_no, "station_id": sid, "distance_km": km, "radius_km": radius,
             "delivered_at": delivered_at, "cancelled_at": None}
            for case_no, sid, radius, km in reach
        ]  # fmt: skip
        insert_rows(session, ChildAlertDelivery.__table__, rows)  # type: ignore[arg-type]
        deliver_rows(
            session,
            [
                (
                    sid,
                    kind,
                    record_type,
                    case_no,
                    alerts[case_no][0],
                    with_reach(alerts[case_no][1], radius, km),
                )
                for case_no, sid, radius, km in reach
            ],
        )
        return
    order = {case_no: n for n, case_no in enumerate(alerts)}
    bodies = [(case_no, revision, body) for case_no, (revision, body) in alerts.items()]
    if any("\n" in body for _c, _r, body in bodies):  # never so in JSON text as written here
        raise ValueError("an alert body holds a line feed")
    lists = alert_reach.reach_lists(bodies, [(order[c], sid, radius, km) for c, sid, radius, km in reach])
    alert_reach.insert_deliveries(session, lists, delivered_at)
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _DELIVERY_LOCK})  # as late as can be
    alert_reach.insert_items(session, lists, utcnow(), kind, record_type)


def _journal(session: Session, items: Sequence[tuple[int, str, str, str, int, Payload]]) -> None:
    if not items:
        return
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
            "payload": payload if isinstance(payload, str) else _encode(payload),
            "client_created_at": None,
            "received_at": now,
        }
        for sid, kind, record_type, record_id, revision, payload in items
    ]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _DELIVERY_LOCK})
    insert_rows(session, JournalEntry.__table__, rows)  # type: ignore[arg-type]


def _with_summaries(session: Session, matches: Sequence[tuple[Payload, Sequence[int]]]) -> None:
    """issue 14: the other station's case travels beside its candidate (read for the whole batch
    at once: a job's thousands of candidates cost a few statements, not each its own)."""
    candidates = [(payload, ids) for payload, ids in matches if isinstance(payload, dict)]
    if not candidates:
        return
    from app.sync.protocol.summaries import KIND, CaseSummary
    from server.services.summaries import counterparts_many

    # one item per case and revision with every station it goes to: its payload is made and
    # written as JSON once, however many stations a found child's candidates reach
    given: dict[tuple[str, int], tuple[list[int], CaseSummary]] = {}
    for sid, summary, case_revision in counterparts_many(session, candidates):
        given.setdefault((summary.case_no, case_revision), ([], summary))[0].append(sid)
    deliver_many(
        session,
        [
            (sids, KIND, "case", case_no, case_revision, summary.to_payload())
            for (case_no, case_revision), (sids, summary) in given.items()
        ],
    )


def with_reach(encoded: str, radius_km: int, distance_km: int) -> str:
    """An alert body's text (``_encode`` of an object holding neither key) with the radius that
    reached a station and the station's distance added: the very text ``_encode`` gives for
    ``{**body, "radius_km": radius_km, "distance_km": distance_km}``."""
    return f'{encoded[:-1]},"radius_km":{radius_km},"distance_km":{distance_km}}}'
