"""The station dashboard: open cases by type, status, officer and age; new and closed per week for
12 ISO weeks; overdue by rule; matches waiting; the DNA pipeline. One chart model
(app.core.dashboard) for the app and the weekly report; every number can list the cases behind
it. Reads only (any reader thread); opening the dashboard audits ``dashboard.view``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from app.core import words
from app.core.dashboard import (
    AGE_BAND_WORDS,
    STATION_TZ,
    AgeBand,
    CaseQuery,
    Chart,
    Dashboard,
    IsoWeek,
    Series,
    Words,
    bar_chart,
    last_weeks,
)
from app.core.lifecycle import ACTIVE_CASE_STATUSES, CaseStatus, SampleStatus
from app.core.model import CaseType
from app.core.overdue import RULE_SHORT, OverdueRule, OverdueThresholds
from app.services.overdue import overdue_counts, overdue_report
from app.services.session import Session
from app.storage import case_queries, dashboard_queries, overdue_queries
from app.storage.case_repository import CaseRow

WEEKS = 12
CHART_OFFICERS = 12
PIPELINE = (SampleStatus.COLLECTED, SampleStatus.SENT_TO_LAB, SampleStatus.PROFILED, SampleStatus.COMPARED)


def station_tz() -> dt.tzinfo:
    """The station's local time zone (China Standard Time, as on the printed forms)."""
    return STATION_TZ


def per_week(
    hours: Iterable[tuple[dt.datetime, int]], weeks: list[IsoWeek], tz: dt.tzinfo
) -> tuple[int, ...]:
    counts: Counter[IsoWeek] = Counter()
    for hour, n in hours:
        counts[IsoWeek.of(hour.astimezone(tz).date())] += n
    return tuple(counts[w] for w in weeks)


def _week_words(w: IsoWeek) -> Words:
    return (f"{w.week}周", f"W{w.week}")


def weekly_chart(session: Session, weeks: list[IsoWeek], tz: dt.tzinfo) -> Chart:
    start, end = weeks[0].bounds(tz)[0], weeks[-1].bounds(tz)[1]
    with session.store.reader() as conn:
        new = per_week(dashboard_queries.created_by_hour(conn, start, end), weeks, tz)
        closed = per_week(dashboard_queries.closed_by_hour(conn, start, end), weeks, tz)
    bounds = [w.bounds(tz) for w in weeks]
    return Chart(
        "weeks",
        ("近 12 周新立与结案", "New and closed, last 12 weeks"),
        tuple(_week_words(w) for w in weeks),
        (
            Series(("新立", "new"), new, tuple(CaseQuery(created_from=a, created_to=b) for a, b in bounds)),
            Series(
                ("结案", "closed"), closed, tuple(CaseQuery(closed_from=a, closed_to=b) for a, b in bounds)
            ),
        ),
    )


def open_charts(session: Session, now: dt.datetime) -> tuple[int, list[Chart]]:
    with session.store.reader() as conn:
        groups = dashboard_queries.open_groups(conn)
        by_age = dashboard_queries.open_by_age(conn, now)
    by_type: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    by_owner: Counter[str] = Counter()
    for case_type, status, owner, n in groups:
        by_type[case_type] += n
        by_status[status] += n
        by_owner[owner] += n
    cases = ("案件", "cases")
    charts = [
        bar_chart("type", ("在办案件（按类型）", "Open cases by type"),
                  [(words.both(t), by_type[t.value], CaseQuery(active=True, case_type=t.value)) for t in CaseType],
                  cases),
        bar_chart("status", ("在办案件（按状态）", "Open cases by status"),
                  [(words.both(s), by_status[s.value], CaseQuery(status=s.value))
                   for s in CaseStatus if s in ACTIVE_CASE_STATUSES],
                  cases),
        *caseload_charts(by_owner, by_age),
    ]  # fmt: skip
    return sum(by_type.values()), charts


def overdue_chart(
    counts: Mapping[OverdueRule, int], limits: OverdueThresholds, inactive: Mapping[OverdueRule, str]
) -> Chart:
    items = [
        (RULE_SHORT[r], counts.get(r, 0), CaseQuery(overdue_rule=r.value))
        for r in OverdueRule
        if limits.hours.get(r) is not None and r not in inactive
    ]  # fmt: skip
    return bar_chart("overdue", ("超期案件（按规则）", "Overdue by rule"), items, ("案件", "cases"))


def dna_chart(samples: Mapping[str, int]) -> Chart:
    """The DNA pipeline: how many samples reached each stage, from counts per status."""
    order = [s.value for s in SampleStatus]
    reached = [sum(n for status, n in samples.items() if status in order and order.index(status) >= order.index(stage.value))
               for stage in PIPELINE]  # fmt: skip
    return bar_chart("dna", ("DNA 流程", "DNA pipeline"),
                     [(words.both(stage), n, CaseQuery(sample_stage=stage.value)) for stage, n in zip(PIPELINE, reached, strict=True)],
                     ("样本", "samples"))  # fmt: skip


def caseload_charts(by_owner: Counter[str], by_age: Mapping[AgeBand, int]) -> list[Chart]:
    """Open cases by officer and by age band (the dashboard's and the weekly report's)."""
    cases = ("案件", "cases")
    return [
        bar_chart("officer", ("在办案件（按承办民警）", "Open cases by officer"),
                  [((o, o), n, CaseQuery(active=True, owner=o)) for o, n in by_owner.most_common(CHART_OFFICERS)],
                  cases),
        bar_chart("age", ("在办案件（按立案时长）", "Open cases by age"),
                  [(AGE_BAND_WORDS[b], by_age.get(b, 0), CaseQuery(active=True, age=b)) for b in AgeBand],
                  cases),
    ]  # fmt: skip


def match_and_dna_charts(session: Session) -> list[Chart]:
    with session.store.reader() as conn:
        potential, rechecks = dashboard_queries.matches_waiting(conn)
        samples = dashboard_queries.samples_by_status(conn)
    return [
        bar_chart("matches", ("待审核比对", "Matches waiting"),
                  [(("待初审候选", "candidates to review"), potential, CaseQuery(match_waiting=True)),
                   (("待复核 DNA 比中", "DNA hits to re-check"), rechecks, CaseQuery(match_waiting=True))],
                  ("对", "pairs")),
        dna_chart(samples),
    ]  # fmt: skip


def dashboard(session: Session, now: dt.datetime | None = None, tz: dt.tzinfo | None = None) -> Dashboard:
    """Every figure of the station dashboard, read now."""
    moment = now or dt.datetime.now(dt.UTC)
    zone = tz or station_tz()
    open_count, charts = open_charts(session, moment)
    weeks = last_weeks(IsoWeek.of(moment.astimezone(zone).date()), WEEKS)
    charts.append(weekly_chart(session, weeks, zone))
    counts, limits, inactive = overdue_counts(session, moment)
    charts.append(overdue_chart(counts, limits, inactive))
    charts.extend(match_and_dna_charts(session))
    notes = tuple(rule.value for rule in inactive)  # rules that cannot run here yet
    return Dashboard(moment, tuple(charts), open_count, notes)


def cases_behind(
    session: Session, query: CaseQuery, now: dt.datetime | None = None, limit: int = 2000
) -> list[CaseRow]:
    """The cases a dashboard number stands for (at most *limit*, oldest first)."""
    moment = now or dt.datetime.now(dt.UTC)
    if query.overdue_rule is not None:
        report = overdue_report(session, moment)
        numbers = report.by_rule()[OverdueRule(query.overdue_rule)][:limit]
        with session.store.reader() as conn:
            rows = case_queries.rows_by_number(conn, numbers)
            rows |= overdue_queries.alert_rows(conn, [n for n in numbers if n not in rows])
        return sorted(rows.values(), key=lambda r: (r.created_at, r.case_no))
    with session.store.reader() as conn:
        return dashboard_queries.cases_behind(conn, query, moment, limit)
