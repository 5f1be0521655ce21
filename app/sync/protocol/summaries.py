"""The national candidate's summary (pull kind ``summary``): another station's case as a station
may see it when the national matcher pairs it with one of its own.

Read-only and deliberately short: what the matcher compared (the subjects' names, sex, birth date
or estimated age, height, marks, clothing, dialect, the place and time of the event), the photo's
checksum when the case has one, and the owning station with its phone and address, so an officer
knows whom to call. No ID numbers, no reporter, no samples: those stay with the owning station.
Delivered to a station beside each national match that names one of its cases; the highest
revision of a case number replaces the earlier one. Kept in the station's encrypted store.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.lifecycle import CaseStatus
from app.core.model import Case, CaseType, Person
from app.sync.protocol import reading

KIND = "summary"
MAX_PHOTO_BASE64 = 96 * 1024  # as an alert's photo


@dataclass(frozen=True, slots=True)
class OwningStation:
    code: str
    name: str
    phone: str
    address: str


@dataclass(frozen=True, slots=True)
class SubjectSummary:
    name: str
    sex: str
    birth_date: str | None
    estimated_age: tuple[int, int] | None
    height_cm: tuple[int, int] | None
    marks: str
    clothing: str
    dialect: str

    @classmethod
    def of(cls, person: Person) -> SubjectSummary:
        return cls(
            person.name, person.sex.value, person.birth_date.isoformat() if person.birth_date else None,
            person.estimated_age, person.height_cm, person.marks, person.clothing, person.dialect,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """Another station's case, as its national candidate shows it."""

    case_no: str
    type: CaseType
    status: CaseStatus
    station: OwningStation
    event_at: str
    event_place: str
    subjects: tuple[SubjectSummary, ...]
    photo_sha256: str | None = None
    # The photo itself (a small JPEG the server re-encoded, as base64), when it reached the server:
    # the officer sees whom the other station is looking for. Kept encrypted with the summary.
    photo_jpeg_base64: str = ""

    RECORD_TYPE = "case"

    @classmethod
    def of(
        cls,
        case_no: str,
        case: Case,
        status: CaseStatus,
        station: OwningStation,
        photo: str | None,
        photo_jpeg_base64: str = "",
    ) -> CaseSummary:
        at, place = (case.event.at.isoformat(), case.event.place) if case.event else ("", "")
        return cls(
            case_no,
            case.type,
            status,
            station,
            at,
            place,
            tuple(SubjectSummary.of(p) for p in case.subjects()),
            photo,
            photo_jpeg_base64,
        )

    def to_payload(self) -> dict[str, Any]:
        s = self.station
        return {
            "case_no": self.case_no, "type": self.type.value, "status": self.status.value,
            "station": {"code": s.code, "name": s.name, "phone": s.phone, "address": s.address},
            "event_at": self.event_at, "event_place": self.event_place,
            "subjects": [
                {"name": p.name, "sex": p.sex, "birth_date": p.birth_date,
                 "estimated_age": list(p.estimated_age) if p.estimated_age else None,
                 "height_cm": list(p.height_cm) if p.height_cm else None,
                 "marks": p.marks, "clothing": p.clothing, "dialect": p.dialect}
                for p in self.subjects
            ],
            "photo_sha256": self.photo_sha256,
            "photo_jpeg_base64": self.photo_jpeg_base64,
        }  # fmt: skip

    def photo_jpeg(self) -> bytes:
        """The photo's JPEG bytes; empty when none came."""
        try:
            return base64.b64decode(self.photo_jpeg_base64, validate=True)
        except ValueError:
            return b""

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> CaseSummary:
        r = reading.Reader(payload, "summary")
        st = reading.Reader(r.mapping("station"), "summary.station")
        photo = payload.get("photo_sha256")
        jpeg = payload.get("photo_jpeg_base64") or ""  # absent from servers before it came
        if not isinstance(jpeg, str) or len(jpeg) > MAX_PHOTO_BASE64:
            raise reading.ProtocolError(
                reading.INVALID,
                f"summary.photo_jpeg_base64: base64 text of at most {MAX_PHOTO_BASE64} characters",
            )
        return cls(
            case_no=r.text("case_no"),
            type=r.enum("type", CaseType),
            status=r.enum("status", CaseStatus),
            station=OwningStation(
                st.text("code"),
                st.text("name", default=""),
                st.text("phone", default=""),
                st.text("address", default=""),
            ),  # fmt: skip
            event_at=r.text("event_at", default=""),
            event_place=r.text("event_place", default=""),
            subjects=tuple(_subject(s) for s in r.objects("subjects")),
            photo_sha256=None if photo is None else r.hex64("photo_sha256"),
            photo_jpeg_base64=jpeg,
        )


def _span(raw: Any) -> tuple[int, int] | None:
    if isinstance(raw, list) and len(raw) == 2 and all(isinstance(v, int) for v in raw):
        return raw[0], raw[1]
    return None


def _subject(raw: Mapping[str, Any]) -> SubjectSummary:
    r = reading.Reader(raw, "summary.subjects[]")
    return SubjectSummary(
        r.text("name", default=""), r.text("sex", default="U"), r.optional_text("birth_date"),
        _span(raw.get("estimated_age")), _span(raw.get("height_cm")), r.text("marks", default=""),
        r.text("clothing", default=""), r.text("dialect", default=""),
    )  # fmt: skip
