"""Taking missing-child alerts to their radius on the server's clock, many at once.

A push only writes the alerts it made (:func:`insert_new`), due at once and at radius 0: a push
of missing children costs the rows of its records, never a row per station near each child
(a 100 km radius holds dozens of stations where the country is dense). The next step, run before
a station's pull page and a bundle answer are read, takes them to their first radius together
with every other alert due, in one statement each for their deliveries and journal items.

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
from collections.abc import Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from app.core import child_alert, regions
from app.sync import alert_records
from server.services import alert_photo, station_places
from server.services.deliveries import Payload, deliver_reach, deliver_rows, with_reach
from server.storage import alert_reach
from server.storage.alert_tables import ACTIVE, CANCELLED, ChildAlert, ChildAlertDelivery
from server.storage.bulk import among, hot_rows, insert_columns, insert_rows, written
from server.storage.tables import as_utc


@dataclass(slots=True)
class NewAlert:
    """An alert made by this push, not yet a row: :func:`insert_new` writes the batch's in one
    statement. The columns of :class:`ChildAlert`."""

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


def insert_new(session: Session, made: Sequence[NewAlert]) -> None:
    """The rows of the alerts a push made, written column by column (no dict per alert), as
    alerts that reached no station yet (radius 0) whose first step is due at once: the next
    :func:`step_due` (a station's pull, a bundle answer, the operator's list) takes them out."""
    insert_columns(
        session,
        ChildAlert.__table__,  # type: ignore[arg-type]
        {name: list(map(attrgetter(name), made)) for name in _ALERT_COLUMNS},
    )


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def widen(session: Session, alerts: Sequence[ChildAlert], now: dt.datetime) -> int:
    """Take each active alert in ``alerts`` (alerts that reached stations before: a first step
    is :func:`_first_step`'s) to its radius at ``now``; returns how many stations were newly
    alerted: the stations newly inside only, and the photo to those reached before when it came
    after them. Inside the caller's transaction."""
    growing: list[tuple[ChildAlert, int]] = []
    for alert in alerts:
        if alert.state != ACTIVE:
            continue
        registered = as_utc(alert.registered_at)
        radius = child_alert.radius_km(now - registered)
        alert.next_step_at = child_alert.next_widening(registered, now)
        if radius > alert.radius_km:
            growing.append((alert, radius))
    return _reach_further(session, growing, now) if growing else 0


def _reach_further(session: Session, growing: list[tuple[ChildAlert, int]], now: dt.datetime) -> int:
    """:func:`widen` of alerts that reached stations before: the stations newly inside only, and
    the photo to those reached before when it came after them."""
    with session.no_autoflush:
        reached = _reached(session, [a.case_no for a, _r in growing])
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
    insert_rows(session, ChildAlertDelivery.__table__, deliveries)  # type: ignore[arg-type]
    deliver_rows(session, items)
    return len(deliveries)


STEP_CHUNK = 1_000  # due alerts a step reads and writes at once


def step_due(session: Session, now: dt.datetime) -> int:
    """Take every active alert whose next step is due at ``now`` to its radius; returns how many
    stations were newly alerted. One query finds what is due (nothing, at most pulls: the
    check every pull page makes), a thousand alerts at a time so that what a step holds in
    memory stays bounded. An alert that reached no station yet (made by a push since the last
    step) goes to every station inside its radius but its owner (:func:`_first_step`: plain
    rows, no ORM object per alert, a pull after a busy hour takes thousands); the others to the
    stations newly inside (:func:`widen`). On PostgreSQL the due alerts are locked and those
    another transaction holds are skipped (two pulls at once take each alert once; a push
    editing one leaves it to the next step). Inside the caller's transaction."""
    if now.utcoffset() is None:
        raise ValueError("the server's moment without its offset")
    now = now.astimezone(dt.UTC)  # SQLite compares the stored UTC text with the moment's own digits
    alerted = 0
    while True:  # each step moves an alert's next step past now: a chunk is never read twice
        due = _due(session, now)
        first = [row for row in due if row.radius_km == 0]
        later = [row.case_no for row in due if row.radius_km > 0]
        if first:
            alerted += _first_step(session, first, now)
        if later:  # locked above; their steps are rarer and go through the ORM
            rows = (
                select(ChildAlert)
                .where(among(session, ChildAlert.case_no, later))
                .order_by(ChildAlert.case_no)
                .execution_options(populate_existing=True)
            )
            alerted += widen(session, list(session.scalars(rows)), now)
            session.flush()  # their next steps written before the next chunk is looked for
        if len(due) < STEP_CHUNK:
            return alerted


class _Due(NamedTuple):
    """An alert whose next step is due, as :func:`step_due` reads it."""

    case_no: str
    owner_station_id: int
    place_code: str
    registered_at: dt.datetime
    revision: int
    payload: str
    radius_km: int


def _due_query(locked: bool) -> Select[str, int, str, dt.datetime, int, str, int]:
    """The due alerts' query; ``locked`` (PostgreSQL): those another transaction holds skipped."""
    query = (
        select(
            ChildAlert.case_no,
            ChildAlert.owner_station_id,
            ChildAlert.place_code,
            ChildAlert.registered_at,
            ChildAlert.revision,
            ChildAlert.payload,
            ChildAlert.radius_km,
        )
        # the state written into the text (bulk.written): a plan PostgreSQL keeps for the
        # statement can then still use the partial index on it
        .where(
            ChildAlert.state == written(ACTIVE),
            ChildAlert.next_step_at <= bindparam("now", None),
        )
        .order_by(ChildAlert.case_no)
        .limit(bindparam("chunk", STEP_CHUNK))
    )
    return query.with_for_update(skip_locked=True) if locked else query


def _due(session: Session, now: dt.datetime) -> list[_Due]:
    """The next chunk of due alerts. On PostgreSQL locked (those another transaction holds are
    skipped) and read through the driver with the statement compiled once per process: every
    pull page asks, and mostly finds nothing; SQLAlchemy's ORM execution of the query was some
    0.6 ms of it. Whatever the session holds pending is written first, as the ORM's query did."""
    session.flush()
    return [_Due._make(row) for row in hot_rows(session, "alerts.due", _due_query, now=now, chunk=STEP_CHUNK)]


def _first_step(session: Session, due: Sequence[_Due], now: dt.datetime) -> int:
    """The first step of the alerts ``due`` (the columns :func:`step_due` reads): each goes to
    every station inside its radius at ``now`` but its owner, as the push left it (with the
    child's photo when the case had one: :func:`child_alerts.after_push` looks, and puts a photo
    pushed later in); their rows written by primary key in one statement, the deliveries and
    items in one statement each (:func:`deliveries.deliver_reach`)."""
    steps: list[dict[str, Any]] = []
    for row in due:
        registered = as_utc(row.registered_at)
        steps.append(
            {
                "case_no": row.case_no,
                "radius_km": child_alert.radius_km(now - registered),
                "next_step_at": child_alert.next_widening(registered, now),
            }
        )
    radii = {step["case_no"]: step["radius_km"] for step in steps}
    near = station_places.within_many(session, [(row.place_code, radii[row.case_no]) for row in due])
    reach: list[tuple[str, int, int, int]] = []
    for row, stations in zip(due, near, strict=True):
        radius, owner = radii[row.case_no], row.owner_station_id
        reach += [(row.case_no, sid, radius, round(km)) for sid, _code, km in stations if sid != owner]
    # by primary key, the rows read above
    if session.get_bind().dialect.name == "postgresql":
        alert_reach.take_first_steps(
            session, [(s["case_no"], s["radius_km"], s["next_step_at"]) for s in steps]
        )
    else:
        session.execute(update(ChildAlert), steps, execution_options={"synchronize_session": False})
    # (nothing of theirs is pending: the query that found them flushed the session first)
    for held in [
        o for o in session.identity_map.values() if isinstance(o, ChildAlert) and o.case_no in radii
    ]:
        session.expire(held)  # an alert this session loaded before reads its row again
    bodies = {row.case_no: (row.revision, row.payload) for row in due}
    deliver_reach(session, alert_records.KIND, alert_records.RECORD_TYPE, bodies, reach, now)
    return len(reach)


def redeliver(session: Session, alert: ChildAlert, now: dt.datetime) -> None:
    """An alert whose case was edited (its revision already raised, its place maybe moved): the
    stations inside its present radius of the place get the new revision (those it had not
    reached are delivered to), a station left outside gets a cancellation. Inside the caller's
    transaction. An alert that reached no station yet changes nowhere: its first step (the
    next :func:`step_due`) delivers it as it is then."""
    if alert.radius_km == 0:
        return
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


def _attach_photos(session: Session, alerts: list[ChildAlert], bodies: dict[str, dict[str, Any]]) -> set[str]:
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
