"""The national gallery of found children: what may be published about a found child, and the
reference a family quotes when it calls the owning station.

Publication is deliberately narrow (issue 18): the photo, the estimated age, the sex, where the
child was found at county level (a GB/T 2260 code, never the free-text place), the day it was
found, the owning station's phone and the reference. Names, statements, marks, ID numbers and
the case number are never published: marks in particular are what a station checks a claimant
against. Pure Python: the station builds the published record with it, the server checks and
renders it with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from app.core import regions
from app.core.model import CaseType, RegisteredCase, Role, Sex

CST = dt.timezone(dt.timedelta(hours=8))
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # as the verification code: read aloud safely
REFERENCE_LENGTH = 10  # 29**10 ≈ 4×10^14: collisions stay below 1 in 10^4 at 300,000 children
REFERENCE_RE = re.compile(r"^XR-[2-9A-HJKMNP-TW-Z]{5}-[2-9A-HJKMNP-TW-Z]{5}$")
PHONE_RE = re.compile(r"^[0-9+()\- ]{5,30}$")
MAX_AGE = 120
_REFERENCE_DOMAIN = b"xunren-gallery-reference-v1\x00"


class NotPublishable(ValueError):
    """The case cannot be published; ``key`` names why (a message key of the caller's table)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def reference_of(case_no: str, person: int | None = None) -> str:
    """The gallery reference of a found child: ``XR-7KQ4M-2XD9H``, the same on every machine.

    Derived from the case number by a one-way hash, so the public page never shows the case
    number (which tells the station's registration count) and the owning station finds the case
    by computing the reference of its few requested cases. *person* is None for the case's first
    found person (the one reference a case had before siblings were published one by one), else
    the position in ``persons`` of a further found child of the same case.
    """
    key = case_no if person is None else f"{case_no}/{person}"
    value = int.from_bytes(hashlib.sha256(_REFERENCE_DOMAIN + key.encode("ascii")).digest()[:8], "big")
    chars = []
    for _ in range(REFERENCE_LENGTH):
        value, digit = divmod(value, len(REFERENCE_ALPHABET))
        chars.append(REFERENCE_ALPHABET[digit])
    text = "".join(chars)
    return f"XR-{text[:5]}-{text[5:]}"


def normalize_reference(typed: str) -> str | None:
    """What a person typed as a reference, in canonical form, or None when it cannot be one."""
    compact = re.sub(r"[\s\-]", "", typed.upper())
    if compact.startswith("XR"):
        compact = compact[2:]
    if len(compact) != REFERENCE_LENGTH or not set(compact) <= set(REFERENCE_ALPHABET):
        return None
    return f"XR-{compact[:5]}-{compact[5:]}"


@dataclass(frozen=True, slots=True)
class PublishedChild:
    """Every field the gallery shows about one child, and nothing else."""

    reference: str
    sex: Sex
    age_min: int | None
    age_max: int | None
    found_on: dt.date
    county_code: str
    station_phone: str

    def problem(self) -> str | None:
        """None when the fields are publishable as they are, else which field is wrong."""
        if REFERENCE_RE.match(self.reference) is None:
            return "reference"
        if (self.age_min is None) != (self.age_max is None):
            return "age"
        ages = (self.age_min, self.age_max)
        if ages[0] is not None and ages[1] is not None and not 0 <= ages[0] <= ages[1] <= MAX_AGE:
            return "age"
        if regions.lookup(self.county_code) is None or self.county_code.endswith("0000"):
            return "county_code"
        if PHONE_RE.match(self.station_phone) is None:
            return "station_phone"
        return None


def age_band(reg: RegisteredCase, person_index: int) -> tuple[int | None, int | None]:
    """The found person's estimated age (years) on the day found: the recorded estimate, else
    the age from a known birth date, else unknown."""
    person = reg.case.persons[person_index]
    if person.estimated_age is not None:
        return person.estimated_age
    if person.birth_date is not None and reg.case.event is not None:
        on = reg.case.event.at.astimezone(CST).date()
        born = person.birth_date
        years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        return years, years
    return None, None


def found_subjects(reg: RegisteredCase) -> list[int]:
    """The indexes (in ``persons``) of every found person of a found case: each is published as
    a gallery child of its own (siblings found together), with its own reference.

    Raises NotPublishable for a case that is not a found case or has no found person.
    """
    if reg.case.type is not CaseType.FOUND:
        raise NotPublishable("gallery_not_found_case")
    found = [index for index, person in enumerate(reg.case.persons) if person.role is Role.FOUND]
    if not found:
        raise NotPublishable("gallery_no_subject")
    return found


def found_subject(reg: RegisteredCase) -> int:
    """The index (in ``persons``) of a found case's first found person.

    Raises NotPublishable for a case that is not a found case or has no found person.
    """
    return found_subjects(reg)[0]


def person_key(reg: RegisteredCase, index: int) -> int | None:
    """How the gallery names the found person at *index*: None for the case's first found person
    (its publication record id and reference are the case's own, as before siblings), else the
    index. Persons are never removed or reordered, so the key of a person never changes."""
    return None if index == found_subject(reg) else index


def published_child(reg: RegisteredCase, station_phone: str, index: int | None = None) -> PublishedChild:
    """The published fields of a found child of a case (*index* in ``persons``; None: the first
    found person), from the station's full record.

    Raises NotPublishable when a field the family needs is missing: the county-level place where
    the child was found, or the station's phone; or when *index* is not a found person.
    """
    if index is None:
        index = found_subject(reg)
    elif index not in found_subjects(reg):
        raise NotPublishable("gallery_no_subject")
    event = reg.case.event
    if event is None or not event.place_code or regions.lookup(event.place_code) is None:
        raise NotPublishable("gallery_no_place")
    if PHONE_RE.match(station_phone.strip()) is None:
        raise NotPublishable("gallery_no_phone")
    age_min, age_max = age_band(reg, index)
    return PublishedChild(
        reference=reference_of(reg.case_no, person_key(reg, index)),
        sex=reg.case.persons[index].sex,
        age_min=age_min,
        age_max=age_max,
        found_on=event.at.astimezone(CST).date(),
        county_code=event.place_code,
        station_phone=station_phone.strip(),
    )
