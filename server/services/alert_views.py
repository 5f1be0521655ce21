"""The operator's view of the missing-child alerts: each alert with its delivery and
acknowledgement per station (``xunren-server alert list``, the console)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.storage.alert_tables import ChildAlert, ChildAlertAck, ChildAlertDelivery
from server.storage.tables import Station, as_utc


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class StationReach:
    """One station an alert reached, as the operator sees it."""

    station: str
    distance_km: int
    radius_km: int
    delivered_at: dt.datetime
    cancelled: bool
    acknowledged_by: tuple[str, ...]


@dataclass(frozen=True)
class AlertView:
    """An alert with its delivery and acknowledgement per station (operator views)."""

    case_no: str
    station: str
    state: str
    radius_km: int
    registered_at: dt.datetime
    next_step_at: dt.datetime | None
    reached: tuple[StationReach, ...]

    @property
    def acknowledged(self) -> int:
        return sum(1 for r in self.reached if r.acknowledged_by)

    def to_json(self) -> dict[str, Any]:
        return {
            "case_no": self.case_no,
            "station": self.station,
            "state": self.state,
            "radius_km": self.radius_km,
            "registered_at": _utc_text(self.registered_at),
            "next_step_at": _utc_text(self.next_step_at) if self.next_step_at else None,
            "delivered": len(self.reached),
            "acknowledged": self.acknowledged,
            "stations": [
                {
                    "station": r.station,
                    "distance_km": r.distance_km,
                    "radius_km": r.radius_km,
                    "delivered_at": _utc_text(r.delivered_at),
                    "cancelled": r.cancelled,
                    "acknowledged_by": list(r.acknowledged_by),
                }
                for r in self.reached
            ],
        }


def alert_views(session: Session, *, state: str | None = None) -> list[AlertView]:
    """Every alert (or those in ``state``), newest first, with delivery and acknowledgement."""
    codes: dict[int, str] = {sid: code for sid, code in session.execute(select(Station.id, Station.code))}
    query = select(ChildAlert).order_by(ChildAlert.created_at.desc(), ChildAlert.case_no)
    if state is not None:
        query = query.where(ChildAlert.state == state)
    alerts = session.scalars(query).all()
    acks: dict[tuple[str, int], list[str]] = {}
    for case_no, sid, officer in session.execute(
        select(ChildAlertAck.case_no, ChildAlertAck.station_id, ChildAlertAck.officer).order_by(
            ChildAlertAck.officer
        )
    ):
        acks.setdefault((case_no, sid), []).append(officer)
    reach: dict[str, list[StationReach]] = {}
    for d in session.scalars(select(ChildAlertDelivery).order_by(ChildAlertDelivery.distance_km)):
        reach.setdefault(d.case_no, []).append(
            StationReach(
                station=codes.get(d.station_id, "?"),
                distance_km=d.distance_km,
                radius_km=d.radius_km,
                delivered_at=as_utc(d.delivered_at),
                cancelled=d.cancelled_at is not None,
                acknowledged_by=tuple(acks.get((d.case_no, d.station_id), ())),
            )
        )
    return [
        AlertView(
            case_no=a.case_no,
            station=codes.get(a.owner_station_id, "?"),
            state=a.state,
            radius_km=a.radius_km,
            registered_at=as_utc(a.registered_at),
            next_step_at=as_utc(a.next_step_at) if a.next_step_at else None,
            reached=tuple(reach.get(a.case_no, ())),
        )
        for a in alerts
    ]
