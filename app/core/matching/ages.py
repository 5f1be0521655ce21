"""Ages: how old a missing person is on a found date, and how far an estimate may be off.

An officer's estimate of a child's age from appearance is off by about a year for small
children and by more for teenagers and adults; :func:`estimation_error` encodes that as a
documented design choice (years), used to widen the estimated range before excluding anyone:
a candidate is excluded only when the true age lies more than *two* errors outside the range.
"""

from __future__ import annotations

import datetime as dt

from app.core.matching.subject import MatchSubject

__all__ = ["YEAR_DAYS", "age_interval", "birth_window", "estimation_error", "years_between"]

YEAR_DAYS = 365.2425


def years_between(a: dt.date, b: dt.date) -> float:
    return (b - a).days / YEAR_DAYS


def estimation_error(age: float) -> float:
    """Plausible error (years) of an age estimated from appearance at *age*."""
    if age < 6:
        return 1.0
    if age < 13:
        return 1.5
    if age < 20:
        return 2.5
    return 5.0


def age_interval(subject: MatchSubject, on: dt.date | None) -> tuple[float, float] | None:
    """The subject's age range (years) on date *on*: exact from a birth date, else the range
    recorded at the event shifted by the time elapsed. None when nothing is known."""
    if on is None:
        return None
    if subject.birth_date is not None:
        age = years_between(subject.birth_date, on)
        return age, age
    if subject.age_range is not None and subject.event_date is not None:
        shift = years_between(subject.event_date, on)
        return subject.age_range[0] + shift, subject.age_range[1] + shift
    return None


def birth_window(subject: MatchSubject, widen: bool = False) -> tuple[float, float] | None:
    """Earliest and latest possible birth (proleptic ordinal days); None when nothing is known.
    With *widen*, an estimated age is widened by two estimation errors (as the exclusions are)."""
    if subject.birth_date is not None:
        d = float(subject.birth_date.toordinal())
        return d, d
    if subject.age_range is not None and subject.event_date is not None:
        lo, hi = subject.age_range
        slack = 2 * estimation_error((lo + hi) / 2) if widen else 0.0
        ev = subject.event_date.toordinal()
        return ev - (hi + slack) * YEAR_DAYS - 183, ev - max(0.0, lo - slack) * YEAR_DAYS + 183
    return None
