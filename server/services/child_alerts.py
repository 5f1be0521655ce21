"""Missing-child alerts over a widening radius, on the server's clock (issue 14).

A pushed missing-person case whose missing person may be under 14 becomes an alert
(:func:`after_push`), written at radius 0 and due at once. Each widening step (:func:`widen_due`,
run before a station's pull page and a bundle answer are read) delivers the alert to the stations
newly inside the radius only (the first step: to every station inside the first radius); the
stations already alerted are not touched again. A case that was found, voided or closed cancels
its alert: every station it reached pulls a cancellation (a higher revision, state
``cancelled``). Acknowledgements arrive as ``alert_ack`` records and are kept per officer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.core import child_alert
from app.core.model import Case
from app.core.problems import InvalidInput
from app.core.validation import read_stored_case
from app.sync import alert_records, protocol
from server.services import alert_photo, alert_widening
from server.services.alert_views import AlertView as AlertView
from server.services.alert_views import StationReach as StationReach
from server.services.alert_views import alert_views as alert_views
from server.services.deliveries import deliver_rows
from server.services.json_text import compact
from server.storage.alert_tables import ACTIVE, CANCELLED, ChildAlert, ChildAlertAck, ChildAlertDelivery
from server.storage.bulk import among
from server.storage.tables import Station

Clock = Callable[[], dt.datetime]


def after_push(
    session: Session,
    station_id: int,
    station_code: str,
    applied: Iterable[protocol.Change],
    now: dt.datetime,
    cases: Mapping[str, Case] | None = None,
) -> None:
    """Follow a station's applied changes: new alerts, edits, cancellations, acknowledgements.

    ``cases``: change id → the case as the push already read it (read again when absent). New
    alerts are written as rows in one statement; only a case pushed before (base revision above
    0) can hold an alert, so one query looks for the batch's edited missing-person cases and a
    batch of new cases costs none. An edit of a case with an active alert updates the alert
    (:func:`_follow_edit`); a case found, voided or closed cancels it.
    """
    changes = list(applied)
    read = cases or {}
    edited = sorted(
        {c.record_id for c in changes if c.record_type == "case" and c.base_revision > 0 and _is_missing(c)}
    )
    alerts: dict[str, ChildAlert] = {}
    if edited:
        query = _locked(session, select(ChildAlert).where(among(session, ChildAlert.case_no, edited)))
        alerts = {a.case_no: a for a in session.scalars(query)}
    made: dict[str, alert_widening.NewAlert] = {}
    for change in changes:
        if change.record_type == alert_records.ACK_RECORD_TYPE:
            _acknowledge(session, station_id, change, now)
        elif change.record_type == "case" and _is_missing(change):
            alert = alerts.get(change.record_id)
            if alert is not None:
                _follow_edit(session, alert, change, read.get(change.change_id), now)
                continue
            made.pop(change.record_id, None)  # an alert made earlier in this batch is made again
            if change.payload.get("status") in child_alert.ENDED_STATUSES:
                continue
            if _may_name_a_child(change.payload.get("case")):
                new = _new_alert(session, station_id, station_code, change, now, read.get(change.change_id))
                if new is not None:
                    made[new.case_no] = new
    if made:
        # The child's photo, looked for except where it cannot be: a case this push creates can
        # hold a photo only from this same push (a child record needs its case on the server
        # first). A photo pushed later is put in by _follow_photos; one whose bytes came late, by
        # a later widening step. Then the rows only: the first step (the next widen_due, at the
        # next pull) delivers them.
        created = {c.record_id for c in changes if c.record_type == "case" and c.base_revision == 0}
        created -= {protocol.case_of(c.record_id) for c in changes if c.record_type == "photo"}
        looked = [(a.case_no, a.owner_station_id) for a in made.values() if a.case_no not in created]
        photos = alert_photo.child_photos(session, looked) if looked else {}
        for new_alert in made.values():
            if photo := photos.get(new_alert.case_no):
                new_alert.payload = compact({**json.loads(new_alert.payload), "photo_jpeg_base64": photo})
        alert_widening.insert_new(session, list(made.values()))
    pictured = sorted(
        {protocol.case_of(c.record_id) for c in changes if c.record_type == "photo"} - set(made)
    )
    if pictured:
        _follow_photos(session, pictured, now)


def _follow_photos(session: Session, case_nos: list[str], now: dt.datetime) -> None:
    """Photos pushed for cases with an active alert (the bytes are uploaded before the records):
    an alert whose child's photo is new or changed goes out again with it, as the next revision,
    to the stations inside its radius. One query for the batch's cases."""
    query = select(ChildAlert).where(among(session, ChildAlert.case_no, case_nos), ChildAlert.state == ACTIVE)
    alerts = list(session.scalars(_locked(session, query)))
    if not alerts:
        return
    photos = alert_photo.child_photos(session, [(a.case_no, a.owner_station_id) for a in alerts])
    for alert in alerts:
        body = json.loads(alert.payload)
        photo = photos.get(alert.case_no, "")
        if not photo or photo == body.get("photo_jpeg_base64"):
            continue
        alert.payload = json.dumps(
            {**body, "photo_jpeg_base64": photo}, ensure_ascii=False, separators=(",", ":")
        )
        alert.revision += 1
        alert_widening.redeliver(session, alert, now)


def _locked(session: Session, query: Select[ChildAlert]) -> Select[ChildAlert]:
    """``query`` of the alerts a push changes, in case-number order, locked on PostgreSQL and
    read as they are once the lock is held: a pull's step running at that moment (which skips
    locked alerts) either finishes first, and the push sees what it delivered (an edit or a
    photo then goes to the stations it reached), or leaves the alert to the next step, which
    delivers it as the push left it. SQLite runs one writer at a time."""
    query = query.order_by(ChildAlert.case_no)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update().execution_options(populate_existing=True)
    return query


def _is_missing(change: protocol.Change) -> bool:
    return change.payload.get("type") == "missing"


def _follow_edit(
    session: Session, alert: ChildAlert, change: protocol.Change, case: Case | None, now: dt.datetime
) -> None:
    """An edit of an alerted case. Found, voided or closed, or no longer a child under 14 (a
    birth date corrected) or without a known last-seen place: the alert is cancelled everywhere.
    Otherwise, when what the alert says changed (name, age, place, clothing, marks, the station's
    phone), it goes out again as the next revision to the stations inside its radius of the
    (maybe moved) place: a station the move left outside gets a cancellation, a station it
    brought inside gets the alert. The radius keeps running from the first registration."""
    if alert.state != ACTIVE:
        return  # ended for good: a case reopened later raises no second alert
    if change.payload.get("status") in child_alert.ENDED_STATUSES:
        cancel(session, alert, now)
        return
    # the station holding the case now (after a transfer, not the one that raised the alert)
    station_code = session.scalar(select(Station.code).where(Station.id == alert.owner_station_id)) or ""
    fresh = _new_alert(session, alert.owner_station_id, station_code, change, now, case)
    if fresh is None:
        cancel(session, alert, now)
        return
    before = json.loads(alert.payload)
    after = json.loads(fresh.payload)
    after["registered_at"] = before.get("registered_at", after["registered_at"])
    after["photo_jpeg_base64"] = before.get("photo_jpeg_base64", "")
    if after["station_code"] == before.get("station_code"):  # none sent: kept (never another station's)
        after["station_phone"] = after["station_phone"] or before.get("station_phone", "")
    if after == before:
        return  # nothing the alert shows changed (a review, a note, a sample)
    alert.payload = json.dumps(after, ensure_ascii=False, separators=(",", ":"))
    alert.place_code = fresh.place_code
    alert.revision += 1
    alert_widening.redeliver(session, alert, now)


def delivered_to(session: Session, station_id: int, case_nos: Iterable[str]) -> set[str]:
    """Which of ``case_nos`` had their alert delivered to the station (an ack needs one)."""
    wanted = sorted(set(case_nos))
    if not wanted:
        return set()
    return set(
        session.scalars(
            select(ChildAlertDelivery.case_no).where(
                ChildAlertDelivery.station_id == station_id, ChildAlertDelivery.case_no.in_(wanted)
            )
        )
    )


def _may_name_a_child(document: Any) -> bool:
    """A cheap look before the full read: a missing person who may be under 14 at the report by
    the birth date, the ID number's birth date or the estimated age as written (the full read
    then decides). Most adults' cases are never read in full."""
    if not isinstance(document, dict) or not isinstance(document.get("persons"), list):
        return False
    reported = str(document.get("reported_at") or "")[:10]
    return any(
        isinstance(p, dict) and p.get("role") == "missing" and _maybe_under_14(p, reported)
        for p in document["persons"]
    )


def _maybe_under_14(person: dict[str, Any], reported: str) -> bool:
    age = person.get("estimated_age")
    if isinstance(age, list) and age and isinstance(age[0], int | float):
        return bool(age[0] < child_alert.ALERT_AGE_LIMIT)
    id_number = person.get("id_number")
    born = person.get("birth_date") or (f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}"
                                        if isinstance(id_number, str) and len(id_number) == 18 else None)  # fmt: skip
    if not isinstance(born, str) or len(reported) != 10:
        return born is not None or age is not None
    # "YYYY-MM-DD" texts compare as dates: born after the same day 14 years before the report.
    limit = (
        f"{int(reported[:4]) - child_alert.ALERT_AGE_LIMIT:04d}{reported[4:]}"
        if reported[:4].isdigit()
        else ""
    )
    return not limit or born[:10] > limit


def _without_samples(document: Any) -> Any:
    # An alert needs the persons, never their DNA: reading the profiles is most of a case's parse.
    if not isinstance(document, dict):
        return document
    persons = document.get("persons")
    reporter = document.get("reporter")
    return {
        **document,
        "persons": [
            {k: v for k, v in p.items() if k != "samples"} if isinstance(p, dict) else p for p in persons
        ]
        if isinstance(persons, list)
        else persons,
        "reporter": {k: v for k, v in reporter.items() if k != "samples"}
        if isinstance(reporter, dict)
        else reporter,
    }


def _registered_at(payload: dict[str, Any], now: dt.datetime) -> dt.datetime:
    # The station's clock says when the report was registered; the server never lets it lie in
    # its own future (a station clock running ahead would otherwise hold the radius back).
    try:
        at = dt.datetime.fromisoformat(str(payload.get("created_at")).replace("Z", "+00:00"))
    except ValueError:
        return now
    return min(at if at.tzinfo else at.replace(tzinfo=dt.UTC), now)


def _new_alert(
    session: Session,
    station_id: int,
    station_code: str,
    change: protocol.Change,
    now: dt.datetime,
    case: Case | None = None,
) -> alert_widening.NewAlert | None:
    if case is None:
        try:
            case = read_stored_case(_without_samples(change.payload.get("case")))
        except (InvalidInput, TypeError, ValueError):
            return None
    subject = child_alert.alert_subject(case)
    if subject is None:
        return None
    station = session.info.get(("station_name", station_id))
    if station is None:  # once per batch: the session lives for one request
        station = session.info[("station_name", station_id)] = session.scalar(
            select(Station.name).where(Station.id == station_id)
        )
    contact = change.payload.get("station_contact")
    phone = contact.get("phone") if isinstance(contact, dict) else ""
    registered = _registered_at(change.payload, now)
    body = {
        "state": ACTIVE,
        "name": subject.name[:100],
        "sex": subject.sex,
        "age_min": subject.age[0],
        "age_max": subject.age[1],
        "place_code": subject.place_code,
        "place": subject.place[:500],
        "last_seen_at": _utc_text(subject.last_seen_at),
        "registered_at": _utc_text(registered),
        "station_code": station_code,
        "station_name": (station or "")[:200],
        "station_phone": str(phone or "")[:30],
        "clothing": subject.clothing[:2000],
        "marks": subject.marks[:2000],
        "photo_jpeg_base64": "",
    }
    return alert_widening.NewAlert(
        case_no=change.record_id,
        owner_station_id=station_id,
        state=ACTIVE,
        place_code=subject.place_code,
        registered_at=registered,
        radius_km=0,
        next_step_at=now,
        revision=1,
        payload=compact(body),
        created_at=now,
        ended_at=None,
    )


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def widen_due(session: Session, now: dt.datetime) -> int:
    """Take every active alert whose next step is due at ``now`` to its radius; returns how many
    stations were newly alerted. Inside the caller's transaction; costs what is due, never a
    scan of every alert."""
    return alert_widening.step_due(session, now)


def cancel(session: Session, alert: ChildAlert, now: dt.datetime) -> None:
    """End an alert: every station it reached pulls the cancellation (the next revision)."""
    alert.state, alert.ended_at, alert.next_step_at = CANCELLED, now, None
    alert.revision += 1
    body = {**json.loads(alert.payload), "state": CANCELLED, "photo_jpeg_base64": ""}
    alert.payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    items: list[tuple[int, str, str, str, int, dict[str, Any]]] = []
    for delivery in session.scalars(
        select(ChildAlertDelivery)
        .where(ChildAlertDelivery.case_no == alert.case_no)
        .order_by(ChildAlertDelivery.station_id)
    ):
        delivery.cancelled_at = now
        item = {**body, "radius_km": delivery.radius_km, "distance_km": delivery.distance_km}
        items.append(
            (
                delivery.station_id,
                alert_records.KIND,
                alert_records.RECORD_TYPE,
                alert.case_no,
                alert.revision,
                item,
            )
        )
    deliver_rows(session, items)


def _acknowledge(session: Session, station_id: int, change: protocol.Change, now: dt.datetime) -> None:
    ack = alert_records.AlertAck.from_payload(change.record_id, change.payload)  # checked by the push
    if session.get(ChildAlertAck, (ack.case_no, station_id, ack.officer)) is None:
        session.add(
            ChildAlertAck(
                case_no=ack.case_no,
                station_id=station_id,
                officer=ack.officer,
                acknowledged_at=ack.acknowledged_at,
                received_at=now,
            )
        )
