"""The weekly report: build its content (app.core.weekly) from the register and draw it
(app.forms.weekly). Reads only; printing audits ``print`` with the week. Any reader thread (the
CLI's main thread, the UI's database worker)."""

from __future__ import annotations

import datetime as dt

from app.core.dashboard import STATION_TZ, IsoWeek, last_weeks
from app.core.overdue import OverdueRule, rule_words
from app.core.weekly import MAX_LISTED, OverdueLine, OverdueSection, WeeklyReport, default_week
from app.services.cases import SUPERVISING
from app.services.dashboard import WEEKS, caseload_charts, dna_chart, overdue_chart, weekly_chart
from app.services.overdue import thresholds
from app.services.session import Session
from app.services.week_end import caseload_at
from app.storage import case_queries, dashboard_queries, overdue_queries


def weekly_report(
    session: Session,
    week: IsoWeek | None = None,
    *,
    now: dt.datetime | None = None,
    tz: dt.tzinfo = STATION_TZ,
) -> WeeklyReport:
    """The content of the weekly report for *week* (default: the last whole week): the week's
    counts, and the caseload, overdue cases and DNA pipeline as they stood at the week's end (or
    now, for a week not yet over)."""
    moment = now or dt.datetime.now(dt.UTC)
    chosen = week or default_week(moment, tz)
    start, end = chosen.bounds(tz)
    with session.store.reader() as conn:
        new = sum(n for _h, n in dashboard_queries.created_by_hour(conn, start, end))
        closed = sum(n for _h, n in dashboard_queries.closed_by_hour(conn, start, end))
        voided = sum(n for _h, n in dashboard_queries.voided_by_hour(conn, start, end))
        decided = dashboard_queries.matches_decided(conn, start, end)
    weeks = weekly_chart(session, last_weeks(chosen, WEEKS), tz)
    limits = thresholds(session)
    # A week not over stands as printed: times are kept to the second, so the moment's own second counts.
    as_of = min(end, moment)
    then = caseload_at(session, end if end <= moment else moment + dt.timedelta(seconds=1), limits)
    sections = []
    listed = {rule: _oldest(per_case) for rule, per_case in then.overdue.items()}
    listed_numbers = {n for numbers in listed.values() for n in numbers}
    with session.store.reader() as conn:
        rows = case_queries.rows_by_number(conn, sorted(listed_numbers))
        rows |= overdue_queries.alert_rows(conn, sorted(listed_numbers - set(rows)))  # other stations'
    for rule in OverdueRule:
        if limits.hours.get(rule) is None or rule in then.inactive:
            continue
        per_case = then.overdue.get(rule, {})
        lines = []
        for n in listed.get(rule, []):
            row = rows.get(n)
            if row is not None:
                owner = then.owners.get(n, row.assigned_to or row.officer)
                lines.append(OverdueLine(n, row.type, owner, row.names, per_case[n], row.alert))
        title = (rule_words(rule, "zh_CN", limits), rule_words(rule, "en", limits))
        sections.append(OverdueSection(rule, title, len(per_case), tuple(lines)))
    inactive = tuple(r.value for r in then.inactive)
    counts = {r: len(then.overdue.get(r, {})) for r in OverdueRule}
    by_age, by_officer = caseload_charts(then.by_owner, then.by_age)[::-1]
    charts = (
        weeks,
        by_age,
        by_officer,
        overdue_chart(counts, limits, then.inactive),
        dna_chart(then.samples),
    )
    return WeeklyReport(
        chosen, start, end, moment, new, closed, voided, decided, then.open_cases, charts, tuple(sections),
        inactive, as_of=as_of,
    )  # fmt: skip


def _oldest(per_case: dict[str, dt.datetime]) -> list[str]:
    """The cases listed for a rule: the longest overdue first, at most MAX_LISTED."""
    return sorted(per_case, key=lambda n: (per_case[n], n))[:MAX_LISTED]


def render_weekly_report(session: Session, week: IsoWeek | None = None, lang: str = "zh_CN") -> bytes:
    """The weekly report as PDF bytes (supervisors and admins). Audits ``print``."""
    from app.forms.weekly import render_weekly

    session.require(*SUPERVISING)
    content = weekly_report(session, week)
    pdf = render_weekly(content, session.station, lang=lang)
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "print", "", detail=f"form=weekly week={content.week}")
        uow.commit()
    return pdf
