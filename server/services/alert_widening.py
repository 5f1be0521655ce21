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
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import child_alert, regions
from app.sync import alert_records
from server.services import alert_photo, station_places
from server.services.deliveries import Payload, deliver_reach, deliver_rows, with_reach
from server.storage.alert_tables import ACTIVE, CANCELLED, ChildAlert, ChildAlertDelivery
from server.storage.bulk import among, insert_columns, insert_rows
from server.storage.tables import as_utc


@dataclass(slots=True)
class NewAlert:
    """An alert made by this push, not yet a row: :func:`widen` writes it (one statement for the
    batch's alerts) before its deliveries. The columns of :class:`ChildAlert`."""

    case_no: str
    owner_station_id: int
    state: str
    place_code: str
    registered_at: dt.datetime
    radius_km: int
    next_step_at: dt.datetime | None
    revision: int
    payload: str
    created_at: dt.datetime
    ended_at: dt.datetime | None


_ALERT_COLUMNS = tuple(f.name for f in fields(NewAlert))


def _insert_alerts(session: Session, made: Sequence[NewAlert]) -> None:
    """The rows of the alerts this push made, written column by column (no dict per alert)."""
    insert_columns(
        session,
        ChildAlert.__table__,  # type: ignore[arg-type]
        {name: list(map(attrgetter(name), made)) for name in _ALERT_COLUMNS},
    )


Alert = ChildAlert | NewAlert
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def widen(
    session: Session, alerts: Sequence[Alert], now: dt.datetime, unpictured: Collection[str] = ()
) -> int:
    """Take each active alert in ``alerts`` to its radius at ``now``; returns how many stations
    were newly alerted. A :class:`NewAlert` is written here; a :class:`ChildAlert` row exists.
    ``unpictured``: case numbers the caller knows hold no photo record (a case the push creates,
    with no photo in the same push): their photos are not looked for. Inside the caller's
    transaction."""
    growing: list[tuple[Alert, int]] = []
    for alert in alerts:
        if alert.state != ACTIVE:
            continue
        registered = as_utc(alert.registered_at)
        radius = child_alert.radius_km(now - registered)
        alert.next_step_at = child_alert.next_widening(registered, now)
        if radius > alert.radius_km:
            growing.append((alert, radius))
    made = [a for a in alerts if isinstance(a, NewAlert)]
    if not growing:
        _insert_alerts(session, made)
        return 0
    if all(isinstance(a, NewAlert) for a, _r in growing):
        new = [(a, r) for a, r in growing if isinstance(a, NewAlert)]
        return _reach_new(session, new, made, now, unpictured)
    with session.no_autoflush:
        reached = _reached(session, [a.case_no for a, _r in growing if a.radius_km > 0])
        bodies = {a.case_no: json.loads(a.payload) for a, _r in growing}
        pictured = _attach_photos(session, [a for a, _r in growing], bodies)
        near = station_places.within_many(session, [(a.place_code, radius) for a, radius in growing])
        deliveries: list[dict[str, Any]] = []
        items: list[tuple[int, str, str, str, int, Payload]] = []
        for (alert, radius), stations in zip(growing, near, strict=True):
            body = bodies[alert.case_no]
            # the body's text, once for every station it reaches
            encoded = _encode(body)
            per_station = "radius_km" in body or "distance_km" in body  # never so; then encoded each
            if alert.case_no in pictured and reached[alert.case_no]:
                # The photo came after the alert went out: the stations it reached get it again.
                alert.revision += 1
                for sid, (km_then, radius_then) in sorted(reached[alert.case_no].items()):
                    again = {**body, "radius_km": radius_then, "distance_km": km_then}
                    items.append(
                        (
                            sid,
                            alert_records.KIND,
                            alert_records.RECORD_TYPE,
                            alert.case_no,
                            alert.revision,
                            again,
                        )
                    )
            for sid, _code, km in stations:
                if sid in reached[alert.case_no] or sid == alert.owner_station_id:
                    continue
                km_whole = round(km)
                deliveries.append({"case_no": alert.case_no, "station_id": sid, "distance_km": km_whole,
                                   "radius_km": radius, "delivered_at": now, "cancelled_at": None})  # fmt: skip
                reach = {"radius_km": radius, "distance_km": km_whole}
                item = {**body, **reach} if per_station else with_reach(encoded, radius, km_whole)
                items.append(
                    (sid, alert_records.KIND, alert_records.RECORD_TYPE, alert.case_no, alert.revision, item)
                )
            alert.radius_km = radius
    _insert_alerts(session, made)
    insert_rows(session, ChildAlertDelivery.__table__, deliveries)  # type: ignore[arg-type]
    deliver_rows(session, items)
    return len(deliveries)


def _reach_new(
    session: Session,
    growing: list[tuple[NewAlert, int]],
    made: list[NewAlert],
    now: dt.datetime,
    unpictured: Collection[str] = (),
) -> int:
    """:func:`widen` of alerts this push made (a push's new missing children): none has reached
    a station yet, so each goes to the stations inside its first radius, its rows written first
    and its deliveries and items after them in one statement (:func:`deliveries.deliver_reach`)."""
    looked = [(a.case_no, a.owner_station_id) for a, _r in growing if a.case_no not in unpictured]
    photos = alert_photo.child_photos(session, looked) if looked else {}
    for alert, _radius in growing:  # a photo pushed before the case: a new alert has none yet
        if photos.get(alert.case_no):
            body = {**json.loads(alert.payload), "photo_jpeg_base64": photos[alert.case_no]}
            alert.payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    near = station_places.within_many(session, [(a.place_code, radius) for a, radius in growing])
    reach: list[tuple[str, int, int, int]] = []
    for (alert, radius), stations in zip(growing, near, strict=True):
        owner = alert.owner_station_id
        reach += [(alert.case_no, sid, radius, round(km)) for sid, _code, km in stations if sid != owner]
        alert.radius_km = radius
    _insert_alerts(session, made)
    alerts = {a.case_no: (a.revision, a.payload) for a, _r in growing}
    deliver_reach(session, alert_records.KIND, alert_records.RECORD_TYPE, alerts, reach, now)
    return len(reach)


def redeliver(session: Session, alert: ChildAlert, now: dt.datetime) -> None:
    """An alert whose case was edited (its revision already raised, its place maybe moved): the
    stations inside its present radius of the place get the new revision (those it had not
    reached are delivered to), a station left outside gets a cancellation. Inside the caller's
    transaction."""
    body = json.loads(alert.payload)
    near = {
        sid: round(km) for sid, _code, km in station_places.within(session, alert.place_code, alert.radius_km)
    }
    near.pop(alert.owner_station_id, None)
    items: list[tuple[int, str, str, str, int, dict[str, Any]]] = []
    had: set[int] = set()
    for delivery in session.scalars(
        select(ChildAlertDelivery)
        .where(ChildAlertDelivery.case_no == alert.case_no)
        .order_by(ChildAlertDelivery.station_id)
    ):
        sid = delivery.station_id
        had.add(sid)
        if sid in near:
            delivery.distance_km, delivery.cancelled_at = near[sid], None
            item = {**body, "radius_km": delivery.radius_km, "distance_km": near[sid]}
        elif delivery.cancelled_at is None:
            delivery.cancelled_at = now
            item = {**body, "state": CANCELLED, "photo_jpeg_base64": "", "radius_km": delivery.radius_km,
                    "distance_km": delivery.distance_km}  # fmt: skip
        else:
            continue
        items.append(
            (sid, alert_records.KIND, alert_records.RECORD_TYPE, alert.case_no, alert.revision, item)
        )
    fresh = [
        {"case_no": alert.case_no, "station_id": sid, "distance_km": km, "radius_km": alert.radius_km,
         "delivered_at": now, "cancelled_at": None}
        for sid, km in sorted(near.items()) if sid not in had
    ]  # fmt: skip
    session.flush()
    insert_rows(session, ChildAlertDelivery.__table__, fresh)  # type: ignore[arg-type]
    for sid, km in sorted(near.items()):
        if sid not in had:
            item = {**body, "radius_km": alert.radius_km, "distance_km": km}
            items.append(
                (sid, alert_records.KIND, alert_records.RECORD_TYPE, alert.case_no, alert.revision, item)
            )
    deliver_rows(session, items)


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
            ).where(among(session, ChildAlertDelivery.case_no, case_nos))
        )
        for case_no, sid, km, radius in rows:
            reached[case_no][sid] = (km, radius)
    return reached


def _attach_photos(session: Session, alerts: list[Alert], bodies: dict[str, dict[str, Any]]) -> set[str]:
    """Put the child's photo into the alerts that have none yet (and into ``bodies``, their
    payloads as read); returns their case numbers."""
    lacking = [a for a in alerts if not bodies[a.case_no].get("photo_jpeg_base64")]
    if not lacking:
        return set()
    photos = alert_photo.child_photos(session, [(a.case_no, a.owner_station_id) for a in lacking])
    for alert in lacking:
        if photos.get(alert.case_no):
            body = bodies[alert.case_no] = {
                **bodies[alert.case_no],
                "photo_jpeg_base64": photos[alert.case_no],
            }
            alert.payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return {a.case_no for a in lacking if photos.get(a.case_no)}


def reach_enrolled(session: Session, station_id: int, station_code: str, now: dt.datetime) -> int:
    """A station enrolled (or enrolled again) while alerts are in force: every active alert whose
    radius already covers it is delivered to it now, so its first pull holds them, as if it had
    been there when the radius reached it. Returns how many. One query of the active alerts
    (alerts end when their case does, so they are few) and one of the station's deliveries."""
    alerts = list(
        session.scalars(select(ChildAlert).where(ChildAlert.state == ACTIVE, ChildAlert.radius_km > 0))
    )
    if not alerts:
        return 0
    held = set(
        session.scalars(select(ChildAlertDelivery.case_no).where(ChildAlertDelivery.station_id == station_id))
    )
    deliveries: list[dict[str, Any]] = []
    items: list[tuple[int, str, str, str, int, dict[str, Any]]] = []
    for alert in sorted(alerts, key=lambda a: a.case_no):
        if alert.case_no in held or alert.owner_station_id == station_id:
            continue
        km = regions.distance_km(alert.place_code, station_code[:6])
        if km is None or km > alert.radius_km:
            continue
        deliveries.append({"case_no": alert.case_no, "station_id": station_id, "distance_km": round(km),
                           "radius_km": alert.radius_km, "delivered_at": now, "cancelled_at": None})  # fmt: skip
        item = {**json.loads(alert.payload), "radius_km": alert.radius_km, "distance_km": round(km)}
        items.append(
            (station_id, alert_records.KIND, alert_records.RECORD_TYPE, alert.case_no, alert.revision, item)
        )
    insert_rows(session, ChildAlertDelivery.__table__, deliveries)  # type: ignore[arg-type]
    deliver_rows(session, items)
    return len(deliveries)
