"""Missing-child alerts over a widening radius, on the server's clock (issue 14).

A pushed missing-person case whose missing person may be under 14 becomes an alert
(:func:`after_push`). Each widening step (:func:`widen_due`, run before a station's pull page and
a bundle answer are read) delivers the alert to the stations newly inside the radius only; the
stations already alerted are not touched again. A case that was found, voided or closed cancels
its alert: every station it reached pulls a cancellation (a higher revision, state
``cancelled``). Acknowledgements arrive as ``alert_ack`` records and are kept per officer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import child_alert
from app.core.problems import InvalidInput
from app.core.validation import read_stored_case
from app.sync import alert_records, protocol
from server.services import alert_widening
from server.services.alert_views import AlertView as AlertView
from server.services.alert_views import StationReach as StationReach
from server.services.alert_views import alert_views as alert_views
from server.services.deliveries import deliver_rows
from server.storage.alert_tables import ACTIVE, CANCELLED, ChildAlert, ChildAlertAck, ChildAlertDelivery
from server.storage.tables import Station

Clock = Callable[[], dt.datetime]


def after_push(
    session: Session, station_id: int, station_code: str, applied: Iterable[protocol.Change], now: dt.datetime
) -> None:
    """Follow a station's applied changes: new alerts, cancellations, acknowledgements (in order).

    Costs one query for the batch's missing-person cases that end or may name a child (none for
    any other batch); a case document is read in full only when it may name a child
    (:func:`_may_name_a_child`) and the case has no alert yet.
    """
    changes = list(applied)
    missing = sorted({c.record_id for c in changes if _may_concern_an_alert(c)})
    alerts: dict[str, ChildAlert] = {}
    if missing:
        alerts = {
            a.case_no: a for a in session.scalars(select(ChildAlert).where(ChildAlert.case_no.in_(missing)))
        }
    made: list[ChildAlert] = []
    for change in changes:
        if change.record_type == alert_records.ACK_RECORD_TYPE:
            _acknowledge(session, station_id, change, now)
        elif change.record_id in missing and change.record_type == "case":
            new = _follow_case(session, station_id, station_code, change, alerts.get(change.record_id), now)
            if new is not None:
                alerts[new.case_no] = new
                made.append(new)
    if made:
        session.flush()  # the alerts' rows first: their deliveries refer to them
        alert_widening.widen(session, made, now)


def _may_concern_an_alert(change: protocol.Change) -> bool:
    # A missing-person case that ends (it may hold an alert to cancel) or may name a child.
    if change.record_type != "case" or change.payload.get("type") != "missing":
        return False
    return change.payload.get("status") in child_alert.ENDED_STATUSES or _may_name_a_child(
        change.payload.get("case")
    )


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


def _follow_case(
    session: Session,
    station_id: int,
    station_code: str,
    change: protocol.Change,
    alert: ChildAlert | None,
    now: dt.datetime,
) -> ChildAlert | None:
    if change.payload.get("status") in child_alert.ENDED_STATUSES:
        if alert is not None and alert.state == ACTIVE:
            cancel(session, alert, now)
        return None
    if alert is not None or not _may_name_a_child(change.payload.get("case")):
        return None
    made = _new_alert(session, station_id, station_code, change, now)
    if made is not None:
        session.add(made)
    return made


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
    session: Session, station_id: int, station_code: str, change: protocol.Change, now: dt.datetime
) -> ChildAlert | None:
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
    body = {
        "state": ACTIVE,
        "name": subject.name[:100],
        "sex": subject.sex,
        "age_min": subject.age[0],
        "age_max": subject.age[1],
        "place_code": subject.place_code,
        "place": subject.place[:500],
        "last_seen_at": _utc_text(subject.last_seen_at),
        "registered_at": _utc_text(_registered_at(change.payload, now)),
        "station_code": station_code,
        "station_name": (station or "")[:200],
        "station_phone": str(phone or "")[:30],
        "clothing": subject.clothing[:2000],
        "marks": subject.marks[:2000],
        "photo_jpeg_base64": "",
    }
    return ChildAlert(
        case_no=change.record_id,
        owner_station_id=station_id,
        state=ACTIVE,
        place_code=subject.place_code,
        registered_at=_registered_at(change.payload, now),
        radius_km=0,
        next_step_at=now,
        revision=1,
        payload=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        created_at=now,
        ended_at=None,
    )


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def widen_due(session: Session, now: dt.datetime) -> int:
    """Take every active alert whose next step is due at ``now`` to its radius; returns how many
    stations were newly alerted. Inside the caller's transaction; costs what is due, never a
    scan of every alert."""
    query = (
        select(ChildAlert)
        .where(ChildAlert.state == ACTIVE, ChildAlert.next_step_at <= now)
        .order_by(ChildAlert.case_no)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # two pulls at once widen each alert once
    return alert_widening.widen(session, list(session.scalars(query).all()), now)


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
