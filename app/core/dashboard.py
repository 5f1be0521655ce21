"""The station dashboard's figures as one chart model: the app draws it with QPainter, the weekly
report with ReportLab, both from the same :class:`Chart` and the same :func:`axis`.

A chart has categories (the bars' places) and one or more series (grouped bars); every value has
a :class:`CaseQuery` naming the cases behind it, so a click on any number lists them. Age bands
count from registration; weeks are ISO weeks in the station's local time.

Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

Words = tuple[str, str]  # (Chinese, English)

# The station's local time: China Standard Time, as the printed forms use it (app.forms.fmt).
STATION_TZ = dt.timezone(dt.timedelta(hours=8), "CST")


class AgeBand(StrEnum):
    """How long ago an open case was registered."""

    WEEK = "lt7d"
    MONTH = "7to30d"
    QUARTER = "30to90d"
    YEAR = "90to365d"
    OLDER = "gt1y"


AGE_BAND_DAYS: tuple[tuple[AgeBand, int, int | None], ...] = (
    (AgeBand.WEEK, 0, 7),
    (AgeBand.MONTH, 7, 30),
    (AgeBand.QUARTER, 30, 90),
    (AgeBand.YEAR, 90, 365),
    (AgeBand.OLDER, 365, None),
)
AGE_BAND_WORDS: dict[AgeBand, Words] = {
    AgeBand.WEEK: ("7 天内", "under 7 days"),
    AgeBand.MONTH: ("7–30 天", "7–30 days"),
    AgeBand.QUARTER: ("30–90 天", "30–90 days"),
    AgeBand.YEAR: ("90 天–1 年", "90 days–1 year"),
    AgeBand.OLDER: ("1 年以上", "over 1 year"),
}


def age_band(registered: dt.datetime, now: dt.datetime) -> AgeBand:
    days = (now - registered).total_seconds() / 86400
    for band, low, high in AGE_BAND_DAYS:
        if days >= low and (high is None or days < high):
            return band
    return AgeBand.WEEK  # registered "in the future" (a clock set wrong): the newest band


@dataclass(frozen=True, slots=True)
class CaseQuery:
    """Which cases a number stands for; every field set narrows it (all None: every case)."""

    active: bool = False  # open, void or closure pending
    status: str | None = None
    case_type: str | None = None
    owner: str | None = None
    age: AgeBand | None = None
    created_from: dt.datetime | None = None
    created_to: dt.datetime | None = None
    closed_from: dt.datetime | None = None
    closed_to: dt.datetime | None = None
    overdue_rule: str | None = None
    match_waiting: bool = False
    sample_stage: str | None = None  # cases with a sample that reached this status or beyond


@dataclass(frozen=True, slots=True)
class Series:
    name: Words
    values: tuple[int, ...]
    queries: tuple[CaseQuery, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    key: str
    title: Words
    categories: tuple[Words, ...]
    series: tuple[Series, ...]

    @property
    def top_value(self) -> int:
        return max((v for s in self.series for v in s.values), default=0)

    def total(self) -> int:
        return sum(sum(s.values) for s in self.series)


@dataclass(frozen=True, slots=True)
class Axis:
    """A value axis: 0 to ``top`` in ``step``s, whole numbers (cases are counted, never halved)."""

    top: int
    step: int

    @property
    def ticks(self) -> tuple[int, ...]:
        return tuple(range(0, self.top + 1, self.step))

    def fraction(self, value: float) -> float:
        return 0.0 if self.top <= 0 else min(max(value / self.top, 0.0), 1.0)


MIN_TOP = 5  # one case is a short bar on a 0–5 axis, never a full one on 0–1


def axis(largest: int, *, ticks: int = 5) -> Axis:
    """A readable axis for counts up to *largest*: steps of 1, 2 or 5 times a power of ten, whole
    numbers, at least 0–5."""
    if largest <= MIN_TOP:
        return Axis(MIN_TOP, 1)
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(int(step), 1)
    return Axis(int(math.ceil(largest / step) * step), step)


def words(pair: Words, lang: str) -> str:
    return pair[1] if lang.startswith("en") else pair[0]


@dataclass(frozen=True, slots=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        y, w, _d = day.isocalendar()
        return cls(y, w)

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """``2026-W48`` (``2026W48`` too); ValueError for anything else or a week the year lacks."""
        t = text.strip().upper().replace("W", "-W", 1).replace("--", "-")
        year_text, _sep, week_text = t.partition("-W")
        if not (year_text.isdigit() and week_text.isdigit() and len(year_text) == 4):
            raise ValueError(text)
        week = cls(int(year_text), int(week_text))
        week.monday()  # a week the year does not have raises
        return week

    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday() + dt.timedelta(weeks=weeks))

    def bounds(self, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """Monday 00:00 to next Monday 00:00 in *tz*, as UTC."""
        start = dt.datetime.combine(self.monday(), dt.time(), tz)
        return start.astimezone(dt.UTC), (start + dt.timedelta(days=7)).astimezone(dt.UTC)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


def last_weeks(current: IsoWeek, n: int) -> list[IsoWeek]:
    """The *n* weeks ending with *current*, oldest first."""
    return [current.shifted(-k) for k in range(n - 1, -1, -1)]


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Every chart of the dashboard, in the order the app shows them, and the moment it was read."""

    at: dt.datetime
    charts: tuple[Chart, ...]
    open_cases: int
    notes: tuple[str, ...] = field(default_factory=tuple)  # overdue rules not running (OverdueRule values)

    def chart(self, key: str) -> Chart:
        return next(c for c in self.charts if c.key == key)


def bar_chart(key: str, title: Words, items: Sequence[tuple[Words, int, CaseQuery]], name: Words) -> Chart:
    """A one-series chart from (label, count, query) triples."""
    return Chart(key, title, tuple(i[0] for i in items),
                 (Series(name, tuple(i[1] for i in items), tuple(i[2] for i in items)),))  # fmt: skip
