"""The weekly report's content (``xunren print weekly``): one ISO week in the station's local
time, its new / closed / voided counts and match decisions, and the caseload as it stood at the
week's end (open cases by age and officer, overdue by rule with the cases, the DNA pipeline),
with the same charts as the dashboard. Pure Python: the service fills it, app.forms.weekly draws it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.dashboard import Chart, IsoWeek, Words
from app.core.overdue import OverdueRule

MAX_LISTED = 200  # overdue cases listed per rule; the count beyond is stated


@dataclass(frozen=True, slots=True)
class OverdueLine:
    case_no: str
    case_type: str
    owner: str
    names: str
    since: dt.datetime
    alert: bool = False  # another station's case, overdue through its unacknowledged alert


@dataclass(frozen=True, slots=True)
class OverdueSection:
    rule: OverdueRule
    title: Words
    total: int
    listed: tuple[OverdueLine, ...]  # at most MAX_LISTED, oldest first

    @property
    def beyond(self) -> int:
        return self.total - len(self.listed)


@dataclass(frozen=True, slots=True)
class WeeklyReport:
    week: IsoWeek
    start: dt.datetime  # UTC, Monday 00:00 local
    end: dt.datetime  # UTC, the next Monday 00:00 local
    generated_at: dt.datetime
    new: int
    closed: int
    voided: int
    matches_decided: dict[str, int]  # match state → pairs decided in the week
    open_cases: int  # at ``as_of``
    charts: tuple[Chart, ...]  # weeks, age, officer, overdue, dna: the dashboard's own
    overdue: tuple[OverdueSection, ...]
    inactive_rules: tuple[str, ...] = ()  # OverdueRule values that cannot run here yet
    as_of: dt.datetime | None = None  # when the caseload figures stand: the week's end, or printing

    @property
    def week_over(self) -> bool:
        return self.as_of is None or self.as_of >= self.end

    def chart(self, key: str) -> Chart:
        return next(c for c in self.charts if c.key == key)


def default_week(now: dt.datetime, tz: dt.tzinfo) -> IsoWeek:
    """The last whole week before *now* in the station's time."""
    return IsoWeek.of(now.astimezone(tz).date()).shifted(-1)
