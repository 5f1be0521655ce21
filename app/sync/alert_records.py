"""Missing-child alert records (issue 14): the alert the server delivers, and a station's
acknowledgement of it. Standard library only.

Alert (server → station): pull kind ``alert``, record type ``alert``, record id the case
number. Revision 1 is the alert as first delivered; a later revision replaces it (``state``
``cancelled`` when the case was found, voided or closed: the station drops it from its list).
The station reads it with :meth:`AlertDelivery.from_payload`, which answers None for anything
malformed (the item is then skipped, never half-stored).

Acknowledgement (station → server): record type ``alert_ack`` (child kind ``k`` in
:data:`app.sync.protocol.CHILD_KINDS`), one record per station, alert and officer, id
``{case_no}/k/{uuid5(station, case_no, officer)}``, pushed through the outbox like any change.
The alerted case belongs to another station; the acknowledgement belongs to the station that
pushed it. The server refuses it as ``invalid`` unless the alert was delivered to that station.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from app.sync import protocol

KIND = "alert"
RECORD_TYPE = "alert"
ACK_RECORD_TYPE = "alert_ack"
ACTIVE = "active"
CANCELLED = "cancelled"
STATES = (ACTIVE, CANCELLED)
MAX_PHOTO_BASE64 = 96 * 1024
_NS = uuid.UUID("3b0f1a7e-5d44-4a31-8f0e-1c9d2b7a6e55")
_TEXT_LIMITS = {
    "name": 100,
    "sex": 1,
    "place_code": 6,
    "place": 500,
    "last_seen_at": 40,
    "registered_at": 40,
    "station_code": 9,
    "station_name": 200,
    "station_phone": 30,
    "clothing": 2000,
    "marks": 2000,
    "state": 16,
}


def ack_record_id(station_code: str, case_no: str, officer: str) -> str:
    """The acknowledgement record of one officer of one station for one alert (always the same)."""
    return protocol.child_id(
        case_no, ACK_RECORD_TYPE, str(uuid.uuid5(_NS, f"{station_code}|{case_no}|{officer}"))
    )


@dataclass(frozen=True, slots=True)
class AlertDelivery:
    """An alert as a station receives it. Times are UTC ISO 8601 (the server's clock)."""

    case_no: str
    state: str
    name: str
    sex: str
    age_min: int
    age_max: int
    place_code: str
    place: str
    last_seen_at: str
    registered_at: str
    station_code: str
    station_name: str
    station_phone: str
    clothing: str
    marks: str
    radius_km: int
    distance_km: int
    photo_jpeg_base64: str = ""  # a small JPEG of the child, when one reached the server

    def to_payload(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "case_no"}

    @classmethod
    def from_payload(cls, record_id: str, payload: Mapping[str, Any]) -> AlertDelivery | None:
        """The pulled item as an alert, or None when it is not one (wrong id, field or size)."""
        if not protocol.CASE_NO_RE.match(record_id):
            return None
        for key, limit in _TEXT_LIMITS.items():
            value = payload.get(key)
            if not isinstance(value, str) or len(value) > limit:
                return None
        numbers = [payload.get(k) for k in ("age_min", "age_max", "radius_km", "distance_km")]
        if not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 100_000 for n in numbers):
            return None
        photo = payload.get("photo_jpeg_base64", "")
        if not isinstance(photo, str) or len(photo) > MAX_PHOTO_BASE64:
            return None
        if payload["state"] not in STATES:
            return None
        values = {k: payload[k] for k in _TEXT_LIMITS}
        return cls(
            case_no=record_id,
            age_min=int(payload["age_min"]),
            age_max=int(payload["age_max"]),
            radius_km=int(payload["radius_km"]),
            distance_km=int(payload["distance_km"]),
            photo_jpeg_base64=photo,
            **values,
        )


_ACK_ID = re.compile(r"^([0-9]{9}-[0-9]{4}-[0-9]{6})/k/[0-9a-f-]{36}$")


@dataclass(frozen=True, slots=True)
class AlertAck:
    """One officer's acknowledgement of an alert, as the station pushes it."""

    case_no: str
    officer: str
    acknowledged_at: str  # UTC, ISO 8601 (the station's clock: informative)

    def to_payload(self) -> dict[str, Any]:
        return {"case_no": self.case_no, "officer": self.officer, "acknowledged_at": self.acknowledged_at}

    @classmethod
    def from_payload(cls, record_id: str, payload: Mapping[str, Any]) -> AlertAck:
        """Read a pushed acknowledgement; raises :class:`protocol.ProtocolError` naming the field."""
        m = _ACK_ID.match(record_id)
        case_no = payload.get("case_no")
        if m is None or case_no != m.group(1):
            raise protocol.ProtocolError(protocol.INVALID, "alert_ack case_no is the case its id names")
        officer = payload.get("officer")
        if not isinstance(officer, str) or not officer.strip() or len(officer) > 64:
            raise protocol.ProtocolError(
                protocol.INVALID, "alert_ack officer is a text of 1 to 64 characters"
            )
        at = payload.get("acknowledged_at")
        if not isinstance(at, str) or not 10 <= len(at) <= 40:
            raise protocol.ProtocolError(protocol.INVALID, "alert_ack acknowledged_at is an ISO 8601 time")
        return cls(case_no=case_no, officer=officer, acknowledged_at=at)
