"""Taking missing-child alerts to their radius on the server's clock, many at once.

A step delivers an alert to the stations newly inside its radius only. The work of one call is a
few statements whatever the number of alerts: the stations already reached (one query), the
photos still missing (one query), the stations near each place (the per-process index of
:mod:`server.services.station_places`), then one insert of the deliveries and one of the
journal items the stations pull.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.core import child_alert
from app.sync import alert_records
from server.services import alert_photo, station_places
from server.services.deliveries import deliver_rows
from server.storage.alert_tables import ACTIVE, ChildAlert, ChildAlertDelivery
from server.storage.tables import as_utc


def widen(session: Session, alerts: list[ChildAlert], now: dt.datetime) -> int:
    """Take each active alert in ``alerts`` to its radius at ``now``; returns how many stations
    were newly alerted. The alerts' rows must exist (flushed); inside the caller's transaction."""
    growing: list[tuple[ChildAlert, int]] = []
    for alert in alerts:
        if alert.state != ACTIVE:
            continue
        registered = as_utc(alert.registered_at)
        radius = child_alert.radius_km(now - registered)
        alert.next_step_at = child_alert.next_widening(registered, now)
        if radius > alert.radius_km:
            growing.append((alert, radius))
    if not growing:
        return 0
    with session.no_autoflush:
        reached = _reached(session, [a.case_no for a, _r in growing if a.radius_km > 0])
        pictured = _attach_photos(session, [a for a, _r in growing])
        near = station_places.within_many(session, [(a.place_code, radius) for a, radius in growing])
        deliveries: list[dict[str, Any]] = []
        items: list[tuple[int, str, str, str, int, dict[str, Any]]] = []
        for (alert, radius), stations in zip(growing, near, strict=True):
            body = json.loads(alert.payload)
            if alert.case_no in pictured and reached[alert.case_no]:
                # The photo came after the alert went out: the stations it reached get it again.
                alert.revision += 1
                for sid, (km_then, radius_then) in sorted(reached[alert.case_no].items()):
                    item = {**body, "radius_km": radius_then, "distance_km": km_then}
                    items.append(
                        (
                            sid,
                            alert_records.KIND,
                            alert_records.RECORD_TYPE,
                            alert.case_no,
                            alert.revision,
                            item,
                        )
                    )
            for sid, _code, km in stations:
                if sid in reached[alert.case_no] or sid == alert.owner_station_id:
                    continue
                deliveries.append({"case_no": alert.case_no, "station_id": sid, "distance_km": round(km),
                                   "radius_km": radius, "delivered_at": now, "cancelled_at": None})  # fmt: skip
                item = {**body, "radius_km": radius, "distance_km": round(km)}
                items.append(
                    (sid, alert_records.KIND, alert_records.RECORD_TYPE, alert.case_no, alert.revision, item)
                )
            alert.radius_km = radius
    if deliveries:
        session.execute(insert(ChildAlertDelivery), deliveries)
    deliver_rows(session, items)
    return len(deliveries)


def _reached(session: Session, case_nos: list[str]) -> defaultdict[str, dict[int, tuple[int, int]]]:
    """Per case: station id → (km, the radius that reached it) of the stations already alerted."""
    reached: defaultdict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    if case_nos:
        rows = session.execute(
            select(
                ChildAlertDelivery.case_no,
                ChildAlertDelivery.station_id,
                ChildAlertDelivery.distance_km,
                ChildAlertDelivery.radius_km,
            ).where(ChildAlertDelivery.case_no.in_(case_nos))
        )
        for case_no, sid, km, radius in rows:
            reached[case_no][sid] = (km, radius)
    return reached


def _attach_photos(session: Session, alerts: list[ChildAlert]) -> set[str]:
    """Put the child's photo into the alerts that have none yet; returns their case numbers."""
    bodies = {a.case_no: json.loads(a.payload) for a in alerts}
    lacking = [a for a in alerts if not bodies[a.case_no].get("photo_jpeg_base64")]
    if not lacking:
        return set()
    photos = alert_photo.child_photos(session, [(a.case_no, a.owner_station_id) for a in lacking])
    for alert in lacking:
        if photos.get(alert.case_no):
            body = {**bodies[alert.case_no], "photo_jpeg_base64": photos[alert.case_no]}
            alert.payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return {a.case_no for a in lacking if photos.get(a.case_no)}
