"""The gallery publication record (station → server): a supervisor's request to publish a found
child in the national gallery, and its withdrawal.

Record type ``publication`` (child kind ``g`` in :data:`app.sync.protocol.CHILD_KINDS`), one
record per found child: id ``{case_no}/g/{uuid5(case_no)}`` for the case's first found person,
``{case_no}/g/{uuid5(case_no/N)}`` with ``"person": N`` in the payload for a further found child
at position N of ``persons`` (siblings found together, each published on its own); each request
or withdrawal is a new revision of it, pushed through the outbox like any change. The payload carries exactly the
published fields (:class:`app.core.gallery.PublishedChild`) plus the photo's SHA-256 (the photo
travels as an ordinary attachment) and who asked, when and on what legal basis. The server
refuses a malformed payload as ``invalid`` and never publishes without a national operator's
approval. Standard library and ``app.core`` only.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.gallery import PublishedChild
from app.core.model import Sex
from app.sync import protocol

RECORD_TYPE = "publication"
REQUESTED = "requested"
WITHDRAWN = "withdrawn"
STATES = (REQUESTED, WITHDRAWN)
MAX_BASIS = 500
MAX_REASON = 500
MAX_BY = 64
_NS = uuid.UUID("6f0c1c52-3c1e-4d0e-9a55-0b7a8f1d2e18")
_SHA256 = re.compile(protocol.SHA256_PATTERN)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


MAX_PERSON = 999


def record_id(case_no: str, person: int | None = None) -> str:
    """The publication record id of a found child of a case (*person*: None for the case's
    first found person, else its position in ``persons``): the same for every request and
    withdrawal."""
    key = case_no if person is None else f"{case_no}/{person}"
    return protocol.child_id(case_no, RECORD_TYPE, str(uuid.uuid5(_NS, key)))


def _person(payload: Mapping[str, Any]) -> int | None:
    value = payload.get("person")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_PERSON:
        raise protocol.ProtocolError(protocol.INVALID, f"publication person is a position 0–{MAX_PERSON}")
    return value


@dataclass(frozen=True, slots=True)
class PublicationRequest:
    """One revision of a case's publication record."""

    state: str
    legal_basis: str
    by: str
    at: str  # UTC, ISO 8601
    reason: str = ""  # why it was withdrawn
    child: PublishedChild | None = None  # required for a request
    photo_sha256: str | None = None  # required for a request
    person: int | None = None  # a further found child's position in persons; None: the first

    def to_payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "state": self.state,
            "legal_basis": self.legal_basis,
            "by": self.by,
            "at": self.at,
            "reason": self.reason,
            "child": None,
        }
        if self.person is not None:  # absent for the first found person: as before siblings
            body["person"] = self.person
        if self.child is not None:
            c = self.child
            body["child"] = {
                "reference": c.reference,
                "sex": c.sex.value,
                "age": None if c.age_min is None else [c.age_min, c.age_max],
                "found_on": c.found_on.isoformat(),
                "county_code": c.county_code,
                "station_phone": c.station_phone,
                "photo": self.photo_sha256,
            }
        return body

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> PublicationRequest:
        """Read a pushed payload; raises :class:`protocol.ProtocolError` naming the bad field."""
        state = _text(payload, "state", 16)
        if state not in STATES:
            raise protocol.ProtocolError(protocol.INVALID, "publication state is requested or withdrawn")
        basis = _text(payload, "legal_basis", MAX_BASIS)
        by = _text(payload, "by", MAX_BY)
        at = _text(payload, "at", 40)
        reason = _text(payload, "reason", MAX_REASON, required=False)
        person = _person(payload)
        raw = payload.get("child")
        if state == WITHDRAWN:
            return cls(state, basis, by, at, reason, person=person)
        if not basis.strip():
            raise protocol.ProtocolError(protocol.INVALID, "a publication request states its legal basis")
        if not isinstance(raw, Mapping):
            raise protocol.ProtocolError(protocol.INVALID, "a publication request carries the child's fields")
        child, photo = _child(raw)
        return cls(state, basis, by, at, reason, child, photo, person)


def _text(payload: Mapping[str, Any], key: str, limit: int, *, required: bool = True) -> str:
    value = payload.get(key, None if required else "")
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise protocol.ProtocolError(
            protocol.INVALID, f"publication {key} is a text of at most {limit} characters"
        )
    return value


def _child(raw: Mapping[str, Any]) -> tuple[PublishedChild, str]:
    extra = set(raw) - {"reference", "sex", "age", "found_on", "county_code", "station_phone", "photo"}
    if extra:
        raise protocol.ProtocolError(
            protocol.INVALID, f"publication child has fields never published: {sorted(extra)}"
        )
    age = raw.get("age")
    if age is not None and not (
        isinstance(age, list)
        and len(age) == 2
        and all(isinstance(a, int) and not isinstance(a, bool) for a in age)
    ):
        raise protocol.ProtocolError(protocol.INVALID, "publication child age is [min, max] or null")
    found_on = raw.get("found_on")
    sex = raw.get("sex")
    photo = raw.get("photo")
    if not isinstance(found_on, str) or not _DATE.match(found_on):
        raise protocol.ProtocolError(protocol.INVALID, "publication child found_on is YYYY-MM-DD")
    if sex not in {s.value for s in Sex}:
        raise protocol.ProtocolError(protocol.INVALID, "publication child sex is M, F or U")
    if not isinstance(photo, str) or not _SHA256.match(photo):
        raise protocol.ProtocolError(protocol.INVALID, "publication child photo is a SHA-256")
    try:
        day = dt.date.fromisoformat(found_on)
    except ValueError:
        raise protocol.ProtocolError(protocol.INVALID, "publication child found_on is not a date") from None
    child = PublishedChild(
        reference=str(raw.get("reference", "")),
        sex=Sex(sex),
        age_min=age[0] if age else None,
        age_max=age[1] if age else None,
        found_on=day,
        county_code=str(raw.get("county_code", "")),
        station_phone=str(raw.get("station_phone", "")),
    )
    problem = child.problem()
    if problem is not None:
        raise protocol.ProtocolError(protocol.INVALID, f"publication child {problem} is not publishable")
    return child, photo


# The national decision (server → station): an operator approved or withdrew the child, or a
# reunion or a void removed it. Pull kind ``gallery`` (in :data:`app.sync.protocol.PULL_KINDS`),
# record type ``gallery``, record id the case's publication record id, revision the number of
# decisions about the entry so far. The station keeps the newest one and shows it in the case.
DECISION_KIND = "gallery"
DECISION_RECORD_TYPE = "gallery"
PUBLISHED = "published"
REMOVED = "removed"
NATIONAL_STATES = (PUBLISHED, WITHDRAWN, REMOVED)


@dataclass(frozen=True, slots=True)
class NationalDecision:
    """What the national gallery did with a case's child. ``at`` is the server's clock (UTC)."""

    case_no: str
    reference: str
    state: str  # one of NATIONAL_STATES
    by: str  # "operator NAME" or "station CODE / user"
    reason: str
    at: str
    answers: str = ""  # the ``at`` of the station's request this decision is about
    person: int | None = None  # which found child of the case (None: the first found person)

    def to_payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "case_no": self.case_no,
            "reference": self.reference,
            "state": self.state,
            "by": self.by,
            "reason": self.reason,
            "at": self.at,
            "answers": self.answers,
        }
        if self.person is not None:
            body["person"] = self.person
        return body

    @classmethod
    def from_payload(cls, item_id: str, payload: Mapping[str, Any]) -> NationalDecision | None:
        """The pulled item as a decision, or None when it is not one (wrong id, field or size)."""
        limits = {"case_no": 22, "reference": 20, "state": 16, "by": 160, "reason": MAX_REASON, "at": 40,
                  "answers": 40}  # fmt: skip
        values = {k: payload.get(k, "" if k == "answers" else None) for k in limits}
        if not all(isinstance(v, str) and len(v) <= limits[k] for k, v in values.items()):
            return None
        case_no = str(values["case_no"])
        try:
            person = _person(payload)
        except protocol.ProtocolError:
            return None
        if not protocol.CASE_NO_RE.match(case_no) or item_id != record_id(case_no, person):
            return None
        if values["state"] not in NATIONAL_STATES:
            return None
        return cls(**{k: str(v) for k, v in values.items()}, person=person)
