"""The operator's view of the missing-child alerts: each alert with its delivery and
acknowledgement per station (``xunren-server alert list``, the console)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from server.storage.alert_tables import ChildAlert, ChildAlertAck, ChildAlertDelivery
from server.storage.tables import Station, as_utc

_V = TypeVar("_V")


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


def page_statement(state: str | None = None, limit: int | None = None) -> Select[ChildAlert]:
    """The alerts shown, newest first (in *state* when given, *limit* of them when given): read in
    that order from the index of alerts by creation (``ix_child_alerts_created``), so a page costs
    what it shows, never the number of alerts the country ever raised."""
    query = select(ChildAlert).order_by(ChildAlert.created_at.desc(), ChildAlert.case_no)
    if state is not None:
        query = query.where(ChildAlert.state == state)
    return query if limit is None else query.limit(limit)


def reach_statements(
    cases: Sequence[str],
) -> tuple[Select[str, int, str], Select[ChildAlertDelivery]]:
    """The acknowledgements and the deliveries of *cases* only (the page's), each found by its
    primary key, which starts with the case number."""
    named = sorted(set(cases))
    acks = (
        select(ChildAlertAck.case_no, ChildAlertAck.station_id, ChildAlertAck.officer)
        .where(ChildAlertAck.case_no.in_(named))
        .order_by(ChildAlertAck.officer)
    )
    deliveries = (
        select(ChildAlertDelivery)
        .where(ChildAlertDelivery.case_no.in_(named))
        .order_by(ChildAlertDelivery.distance_km)
    )
    return acks, deliveries


_PART = 1000  # values per IN list: far below SQLite's limit of bound parameters


def _parts(values: Sequence[_V]) -> Iterator[Sequence[_V]]:
    return (values[start : start + _PART] for start in range(0, len(values), _PART))


def alert_views(session: Session, *, state: str | None = None, limit: int | None = None) -> list[AlertView]:
    """Every alert (or those in ``state``; the newest *limit* when given), newest first, with
    delivery and acknowledgement. Reads the alerts shown and what reached them, nothing else."""
    alerts = session.scalars(page_statement(state, limit)).all()
    if not alerts:
        return []
    cases = [a.case_no for a in alerts]
    acks: dict[tuple[str, int], list[str]] = {}
    delivered: list[ChildAlertDelivery] = []
    for part in _parts(cases):  # the command line lists every alert: a bounded IN list each time
        acks_of, deliveries_of = reach_statements(part)
        for case_no, sid, officer in session.execute(acks_of):
            acks.setdefault((case_no, sid), []).append(officer)
        delivered += session.scalars(deliveries_of)
    codes: dict[int, str] = {}
    for ids in _parts(sorted({a.owner_station_id for a in alerts} | {d.station_id for d in delivered})):
        codes.update(session.execute(select(Station.id, Station.code).where(Station.id.in_(ids))).all())
    reach: dict[str, list[StationReach]] = {}
    for d in delivered:
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
