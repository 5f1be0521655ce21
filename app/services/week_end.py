"""The station's caseload as it stood at a past moment (the weekly report's week end): the open
cases by age band and officer, the overdue rules broken then (with the station's thresholds as
set now), and the DNA pipeline. Rebuilt from the case thread, the assignment history, the review,
match and alert records and the samples' custody and audit entries (app.core.week_end). Reads
only; any reader thread.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from app.core.dashboard import AgeBand
from app.core.overdue import OverdueRule, OverdueThresholds
from app.core.week_end import active_at, age_bands, last_action, owner_at, stage_at, utc_text
from app.services.session import Session
from app.storage import overdue_queries
from app.storage import week_end_queries as q
from app.storage.cursor import cursor_of


@dataclass(frozen=True, slots=True)
class CaseloadThen:
    moment: dt.datetime
    open_cases: int
    by_owner: Counter[str]
    by_age: dict[AgeBand, int]
    owners: dict[str, str]  # open case → its responsible officer at the moment
    overdue: dict[OverdueRule, dict[str, dt.datetime]]  # rule → {case_no: since}
    inactive: dict[OverdueRule, str]
    samples: dict[str, int]  # stage reached at the moment → samples


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def caseload_at(session: Session, moment: dt.datetime, limits: OverdueThresholds) -> CaseloadThen:
    """The caseload, overdue cases and DNA pipeline at *moment* (UTC)."""
    at = utc_text(moment)
    found: dict[OverdueRule, dict[str, dt.datetime]] = {}
    inactive: dict[OverdueRule, str] = {}
    with session.store.reader() as conn:
        past = q.cases_before(conn, at)
        events = q.last_status_events(conn, at)
        handed = q.handed_on_after(conn, at)
        acted = q.acted_before(conn, at)
        cursor = cursor_of(conn)
        for rule in OverdueRule:
            limit = limits.limit(rule)
            if limit is None or rule is OverdueRule.NO_ACTION:
                continue
            if rule is OverdueRule.ALERT_UNACKNOWLEDGED and (
                why := overdue_queries.alert_table_missing(cursor)
            ):
                inactive[rule] = why
                continue
            rows = q.rule_rows(conn, rule.value, at, utc_text(moment - limit))
            found[rule] = {n: _parse(t) + limit for n, t in rows}
        samples = q.samples_before(conn, at)
        moves = q.sample_moves_since(conn, at)
    open_now = [c for c in past if active_at(c, events.get(c.case_no), at)]
    active = {c.case_no for c in open_now}
    for rule, per_case in found.items():
        if rule is not OverdueRule.ALERT_UNACKNOWLEDGED:  # an alerted case is another station's
            found[rule] = {n: since for n, since in per_case.items() if n in active}
    stalled = limits.limit(OverdueRule.NO_ACTION)
    if stalled is not None:
        cutoff = utc_text(moment - stalled)
        found[OverdueRule.NO_ACTION] = {
            c.case_no: _parse(last) + stalled
            for c in open_now
            if (last := last_action(c, at, acted)) < cutoff
        }
    owners = {c.case_no: owner_at(c, handed) for c in open_now}
    by_owner: Counter[str] = Counter(owners.values())
    band_of = age_bands(moment)
    by_age: Counter[AgeBand] = Counter(band_of(c.created_at) for c in open_now)
    stages: Counter[str] = Counter(stage_at(status, moves.get(n, ()), at) for n, status in samples)
    return CaseloadThen(moment, len(open_now), by_owner, dict(by_age), owners, found, inactive, dict(stages))
