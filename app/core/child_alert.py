"""Missing-child alerts over a widening radius (after 团圆 Tuanyuan): who is alerted, and how far.

A missing person under 14 at the report becomes an alert to every station within 100 km of the
last-seen place in the first hour after the report was registered, 200 km in the second hour,
300 km in the third and 500 km after that. The clock is the national server's; this module only
does the arithmetic. Pure Python: no Qt, no SQL, no HTTP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core import idnumber, regions
from app.core.lifecycle import CaseStatus
from app.core.model import Case, CaseType, Person, Role

ALERT_AGE_LIMIT = 14  # years at the report: younger is a child the alert goes out for
# (hours since registration at which the step begins, radius in km), in order.
RADIUS_STEPS: tuple[tuple[int, int], ...] = ((0, 100), (1, 200), (2, 300), (3, 500))
FULL_RADIUS_KM = RADIUS_STEPS[-1][1]
# A case in one of these states has no alert (found and closed, or voided).
ENDED_STATUSES = frozenset({CaseStatus.CLOSED.value, CaseStatus.VOIDED.value})


_STEPS = tuple((dt.timedelta(hours=hours), km) for hours, km in RADIUS_STEPS)  # made once


def radius_km(elapsed: dt.timedelta) -> int:
    """The alert's radius ``elapsed`` after the report was registered (never below 100 km)."""
    radius = RADIUS_STEPS[0][1]
    for after, km in _STEPS:
        if elapsed >= after:
            radius = km
    return radius


def next_widening(registered_at: dt.datetime, now: dt.datetime) -> dt.datetime | None:
    """When the radius next grows after ``now``; None once it reached its full size."""
    for after, _km in _STEPS:
        step = registered_at + after
        if step > now:
            return step
    return None


def age_at(person: Person, moment: dt.date) -> tuple[int, int] | None:
    """(youngest, oldest) the person can be on ``moment`` in whole years, or None if unknown."""
    born = person.birth_date
    if born is None and person.id_number:
        try:
            born = idnumber.parse(person.id_number, today=moment).birth_date
        except idnumber.IdNumberError:
            born = None
    if born is not None:
        years = moment.year - born.year - ((moment.month, moment.day) < (born.month, born.day))
        return years, years
    return person.estimated_age


@dataclass(frozen=True, slots=True)
class AlertSubject:
    """What an alert says about the child: the first missing person of a missing-child case."""

    person_index: int
    name: str
    sex: str
    age: tuple[int, int]
    place_code: str
    place: str
    last_seen_at: dt.datetime
    clothing: str
    marks: str


def alert_subject(case: Case) -> AlertSubject | None:
    """The child a missing-person case alerts about, or None when it calls for no alert.

    An alert goes out when the case is a missing-person report, the missing person may be under
    14 at the report (the youngest age the birth date or the estimate allows), and the last-seen
    place has a GB/T 2260 code with known coordinates.
    """
    if case.type is not CaseType.MISSING or case.event is None or not case.event.place_code:
        return None
    if regions.coordinates(case.event.place_code) is None:
        return None
    for index, person in enumerate(case.persons):
        if person.role is not Role.MISSING:
            continue
        age = age_at(person, case.reported_at.date())
        if age is None or age[0] >= ALERT_AGE_LIMIT:
            continue
        return AlertSubject(
            person_index=index,
            name=person.name,
            sex=person.sex.value,
            age=age,
            place_code=case.event.place_code,
            place=case.event.place,
            last_seen_at=case.event.at,
            clothing=person.clothing,
            marks=person.marks,
        )
    return None


def station_distance_km(place_code: str, station_code: str) -> float | None:
    """Great-circle km from the last-seen place to a station (the seat of the county its code's
    first six digits name); None when either has no known position."""
    return regions.distance_km(place_code, station_code[:6])
