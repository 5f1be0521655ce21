"""Station events the national operator sees: refused audit heads (alerts), declared restores,
rotated, re-admitted and re-enrolled credentials, replaced bundle keys, rebuild packages written
(each holds the station's whole register).

Written in the transaction of what they describe; read by ``xunren-server station events``.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.storage.tables import Station, StationEvent, utcnow

AUDIT_REFUSED = "audit_refused"  # an alert: the station's audit chain was cut short or rewritten
RESTORE_DECLARED = "restore_declared"
REVOKED = "revoked"
ROTATED = "credential_rotated"
READMITTED = "readmitted"
REENROLLED = "reenrolled"
KEY_UNPINNED = "bundle_key_unpinned"
REBUILD_PACKAGE = "rebuild_package_written"  # records, photos, file: the whole register left on a file
ALERTS = frozenset({AUDIT_REFUSED})


def record(session: Session, station_id: int, kind: str, **detail: Any) -> None:
    """Add one event for the station (inside the caller's transaction)."""
    session.add(
        StationEvent(
            station_id=station_id,
            kind=kind,
            alert=kind in ALERTS,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
            created_at=utcnow(),
        )
    )


def last_of(session: Session, station_id: int) -> StationEvent | None:
    return session.scalar(
        select(StationEvent)
        .where(StationEvent.station_id == station_id)
        .order_by(StationEvent.id.desc())
        .limit(1)
    )


def list_events(session: Session, station_code: str | None, limit: int = 10_000) -> list[dict[str, Any]]:
    """Events newest first, optionally of one station: ``{"id", "station", "kind", "alert",
    "detail", "at"}``."""
    query = (
        select(StationEvent, Station.code)
        .join(Station, Station.id == StationEvent.station_id)
        .order_by(StationEvent.id.desc())
        .limit(limit)
    )
    if station_code:
        query = query.where(Station.code == station_code)
    return [
        {
            "id": event.id,
            "station": code,
            "kind": event.kind,
            "alert": event.alert,
            "detail": json.loads(event.detail),
            "at": event.created_at.isoformat(),
        }
        for event, code in session.execute(query)
    ]
