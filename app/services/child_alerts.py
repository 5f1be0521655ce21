"""Missing-child alerts at the station (issue 14): taken from the pulled items into the encrypted
store, listed at once and prominently, acknowledged by each officer.

The server delivers an alert when a child under 14 went missing within the widening radius of
this station (pull kind ``alert``, :mod:`app.sync.alert_records`), and a cancellation when the
case was found, voided or closed. An officer's acknowledgement is stored and queued in the
outbox in the same transaction (record type ``alert_ack``), so it reaches the operator with the
next sync or USB bundle. Audits ``alert.received``, ``alert.cancelled``, ``alert.view`` and
``alert.acknowledged`` (case number only: the child's particulars stay in the store). Runs on the
store's owning thread (the CLI's main thread, the desktop's database worker); :func:`import_alerts`
takes a *writer* like the sync engine.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import alert_repository as repo
from app.storage import epoch_change, outbox
from app.storage import sync_state as st
from app.storage.audit import now_utc
from app.storage.store import UnitOfWork, Writer
from app.storage.sync_queries import next_base
from app.sync import alert_records

ALERT_CURSOR = epoch_change.ALERT_POSITION

ALERT_MESSAGES: dict[str, tuple[str, str]] = {
    "alert_unknown": ("没有案件 {case_no} 的预警", "there is no alert for case {case_no}"),
    "alert_cancelled": ("案件 {case_no} 的预警已撤销（已找到、作废或结案）",
                        "the alert for case {case_no} was cancelled (found, voided or closed)"),
}  # fmt: skip


class AlertError(ServiceError):
    """An alert step that cannot be done; ``text(lang)`` says why."""

    messages = ALERT_MESSAGES


@dataclass(frozen=True, slots=True)
class ChildAlert:
    """A missing-child alert as the desktop and the CLI show it."""

    case_no: str
    state: str
    name: str
    sex: str
    age: tuple[int, int]
    last_seen_place: str
    last_seen_place_code: str
    last_seen_at: str
    station: str
    station_name: str
    station_phone: str
    clothing: str
    marks: str
    distance_km: int
    radius_km: int
    received_at: str
    photo_jpeg: bytes
    acknowledged_by: tuple[str, ...]

    def acknowledged_by_me(self, user: str) -> bool:
        return user in self.acknowledged_by

    def to_json(self, user: str) -> dict[str, object]:
        """The ``alert list --json`` shape (the photo is left out: ``has_photo`` says if one came)."""
        return {
            "id": self.case_no,
            "case_no": self.case_no,
            "state": self.state,
            "name": self.name,
            "sex": self.sex,
            "age": list(self.age),
            "last_seen_place": self.last_seen_place,
            "last_seen_place_code": self.last_seen_place_code,
            "last_seen_at": self.last_seen_at,
            "station": self.station,
            "station_name": self.station_name,
            "station_phone": self.station_phone,
            "distance_km": self.distance_km,
            "radius_km": self.radius_km,
            "received_at": self.received_at,
            "has_photo": bool(self.photo_jpeg),
            "acknowledged_by": list(self.acknowledged_by),
            "acknowledged": self.acknowledged_by_me(user),
        }


def import_alerts(session: Session, *, writer: Writer | None = None) -> int:
    """Take newly pulled alerts and cancellations into the alert list; returns how many alerts
    are new. Audits ``alert.received`` or ``alert.cancelled`` per case."""
    with session.store.reader() as conn:
        after = int(repo.sync_value(conn, ALERT_CURSOR) or 0)
        items = list(repo.pulled_alerts(conn, after))
    if not items:
        return 0

    def store(uow: UnitOfWork) -> int:
        new = 0
        for seq, record_id, revision, payload in items:
            alert = alert_records.AlertDelivery.from_payload(record_id, payload)
            if alert is None:
                continue
            text = json.dumps(alert.to_payload(), ensure_ascii=False, separators=(",", ":"))
            kept = repo.keep(uow.cursor, seq, alert.case_no, revision, alert.state, text, now_utc())
            if kept is None:
                continue
            cancelled = alert.state == alert_records.CANCELLED
            new += kept == "new" and not cancelled
            action = "alert.cancelled" if cancelled else "alert.received"
            uow.audit.record(session.user, action, alert.case_no, detail=f"distance_km={alert.distance_km}")
            # (a cancellation too: the server takes an acknowledgement of an alert it sent, ended or not)
            again = repo.send_acks_again(uow.cursor, alert.case_no, now_utc())
            if again:  # lost by a server restored from its backup, refused until the alert was back
                uow.audit.record(
                    session.user, "alert.ack_resent", alert.case_no, detail=f"acknowledgements={again}"
                )
        st.put(uow.cursor, ALERT_CURSOR, str(items[-1][0]))
        return new

    new: int = (writer or session.store.write)(store)
    return new


def _alert(stored: repo.StoredAlert) -> ChildAlert:
    p = stored.payload
    try:
        photo = base64.b64decode(p.get("photo_jpeg_base64") or "", validate=True)
    except ValueError:
        photo = b""
    return ChildAlert(
        case_no=stored.case_no,
        state=stored.state,
        name=p["name"],
        sex=p["sex"],
        age=(int(p["age_min"]), int(p["age_max"])),
        last_seen_place=p["place"],
        last_seen_place_code=p["place_code"],
        last_seen_at=p["last_seen_at"],
        station=p["station_code"],
        station_name=p["station_name"],
        station_phone=p["station_phone"],
        clothing=p["clothing"],
        marks=p["marks"],
        distance_km=int(p["distance_km"]),
        radius_km=int(p["radius_km"]),
        received_at=stored.received_at,
        photo_jpeg=photo,
        acknowledged_by=stored.acknowledged_by,
    )


def list_alerts(session: Session, *, active_only: bool = True) -> list[ChildAlert]:
    """Alerts newest first (active ones, or all). Audits ``alert.view`` (the list names children)."""
    import_alerts(session)
    with session.store.reader() as conn:
        found = [_alert(a) for a in repo.alerts(conn, active_only=active_only)]

    def audit(uow: UnitOfWork) -> None:
        uow.audit.record(session.user, "alert.view", "", detail=f"shown={len(found)}")

    session.store.write(audit)
    return found


def waiting_count(session: Session) -> int:
    """Active alerts the signed-in officer has not acknowledged (the desktop's banner). No audit."""
    with session.store.reader() as conn:
        return repo.waiting_for(conn, session.user)


def acknowledge(session: Session, case_no: str) -> bool:
    """Record that the signed-in officer saw the alert for *case_no* and queue it for the server.
    False when they had acknowledged it already. Audits ``alert.acknowledged``."""
    case_no = case_no.strip()

    def store(uow: UnitOfWork) -> bool:
        state = repo.state_of(uow.cursor, case_no)
        if state is None:
            raise AlertError("alert_unknown", case_no=case_no)
        if state == alert_records.CANCELLED:
            raise AlertError("alert_cancelled", case_no=case_no)
        at = now_utc()
        if not repo.acknowledge(uow.cursor, case_no, session.user, at):
            return False
        ack = alert_records.AlertAck(case_no, session.user, at)
        record_id = alert_records.ack_record_id(session.station.code, case_no, session.user)
        outbox.enqueue(
            uow.cursor,
            alert_records.ACK_RECORD_TYPE,
            record_id,
            next_base(uow.cursor, record_id),
            ack.to_payload(),
        )
        uow.audit.record(session.user, "alert.acknowledged", case_no)
        return True

    done: bool = session.store.write(store)
    return done
