"""The weekly report: build its content (app.core.weekly) from the register and draw it
(app.forms.weekly). Reads only; printing audits ``print`` with the week. Any reader thread (the
CLI's main thread, the UI's database worker)."""

from __future__ import annotations

import datetime as dt

from app.core.dashboard import STATION_TZ, IsoWeek, last_weeks
from app.core.overdue import OverdueRule, rule_words
from app.core.weekly import MAX_LISTED, OverdueLine, OverdueSection, WeeklyReport, default_week
from app.services.cases import SUPERVISING
from app.services.dashboard import WEEKS, match_and_dna_charts, open_charts, overdue_chart, weekly_chart
from app.services.overdue import overdue_report
from app.services.session import Session
from app.storage import case_queries, dashboard_queries, overdue_queries


def weekly_report(
    session: Session,
    week: IsoWeek | None = None,
    *,
    now: dt.datetime | None = None,
    tz: dt.tzinfo = STATION_TZ,
) -> WeeklyReport:
    """The content of the weekly report for *week* (default: the last whole week)."""
    moment = now or dt.datetime.now(dt.UTC)
    chosen = week or default_week(moment, tz)
    start, end = chosen.bounds(tz)
    with session.store.reader() as conn:
        new = sum(n for _h, n in dashboard_queries.created_by_hour(conn, start, end))
        closed = sum(n for _h, n in dashboard_queries.closed_by_hour(conn, start, end))
        voided = sum(n for _h, n in dashboard_queries.voided_by_hour(conn, start, end))
        decided = dashboard_queries.matches_decided(conn, start, end)
    open_count, charts = open_charts(session, moment)
    by_key = {c.key: c for c in charts}
    weeks = weekly_chart(session, last_weeks(chosen, WEEKS), tz)
    report = overdue_report(session, moment)
    dna = next(c for c in match_and_dna_charts(session) if c.key == "dna")
    sections = []
    per_rule = report.by_rule()
    listed_numbers = {n for r in OverdueRule for n in per_rule[r][:MAX_LISTED]}
    with session.store.reader() as conn:
        rows = case_queries.rows_by_number(conn, sorted(listed_numbers))
        rows |= overdue_queries.alert_rows(conn, sorted(listed_numbers - set(rows)))  # other stations'
    for rule in OverdueRule:
        if report.thresholds.hours.get(rule) is None or rule in report.inactive:
            continue
        numbers = per_rule[rule]
        lines = []
        for n in numbers:
            row = rows.get(n)
            since = next(b.since for b in report.breaches[n] if b.rule is rule)
            if row is not None:
                lines.append(OverdueLine(n, row.type, row.assigned_to or row.officer, row.names, since))
        lines.sort(key=lambda ln: (ln.since, ln.case_no))
        title = (rule_words(rule, "zh_CN", report.thresholds), rule_words(rule, "en", report.thresholds))
        sections.append(OverdueSection(rule, title, len(numbers), tuple(lines[:MAX_LISTED])))
    inactive = tuple(r.value for r in report.inactive)
    counts = {r: len(per_rule[r]) for r in OverdueRule}
    return WeeklyReport(
        chosen, start, end, moment, new, closed, voided, decided, open_count,
        (weeks, by_key["age"], by_key["officer"], overdue_chart(counts, report.thresholds, report.inactive), dna), tuple(sections), inactive,
    )  # fmt: skip


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
