"""The overdue rules (app.core.overdue) as queries: for each rule in force, the active cases that
break it and the moment each began (what the rule counts from; the service adds the threshold).

A child is a subject (position 0) not known to be an adult at registration: a birth date within
18 years of it, a lower age below 18, or neither known. Each reads indexes only (migration 0017). Each rule is one query over the register.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from sqlalchemy import Connection

from app.core.lifecycle import ACTIVE_CASE_STATUSES, CaseStatus, ReviewState
from app.core.overdue import OverdueRule, OverdueThresholds
from app.storage.case_repository import CaseRow
from app.storage.cursor import Cursor, cursor_of, one

_ACTIVE = "(" + ", ".join(f"'{s.value}'" for s in sorted(ACTIVE_CASE_STATUSES)) + ")"
CHILD_SQL = (
    "EXISTS (SELECT 1 FROM persons p WHERE p.case_id = c.id AND p.position = 0 AND NOT ("
    " (p.birth_date IS NOT NULL AND p.birth_date <= date(c.created_at, '-18 years'))"
    " OR (p.birth_date IS NULL AND p.age_min IS NOT NULL AND p.age_min >= 18)))"
)

# The planner prefers (type, created_at) for "found, older than 14 days", which reads each case
# row for its status; ix_cases_desk answers status, type and created_at without the rows.
_DESK = "INDEXED BY ix_cases_desk"

_SQL: dict[OverdueRule, str] = {
    OverdueRule.NO_ACTION: f"SELECT c.case_no, c.updated_at FROM cases c WHERE c.status IN {_ACTIVE} AND c.updated_at < ?",
    OverdueRule.DNA_NOT_COLLECTED: (
        f"SELECT c.case_no, c.created_at FROM cases c {_DESK} WHERE c.status IN {_ACTIVE} AND c.type = 'missing'"
        f" AND c.created_at < ? AND NOT EXISTS (SELECT 1 FROM samples s WHERE s.case_id = c.id) AND {CHILD_SQL}"
    ),
    OverdueRule.FOUND_CHILD_NO_PROFILE: (
        f"SELECT c.case_no, c.created_at FROM cases c {_DESK} WHERE c.status IN {_ACTIVE} AND c.type = 'found'"
        " AND c.created_at < ? AND NOT EXISTS (SELECT 1 FROM samples s WHERE s.case_id = c.id"
        f" AND s.profile IS NOT NULL) AND {CHILD_SQL}"
    ),
    OverdueRule.MATCH_UNREVIEWED: (
        "SELECT case_no, MIN(at) FROM ("
        " SELECT missing_case AS case_no, computed_at AS at FROM match_candidates"
        "  WHERE state = 'potential' AND computed_at < ?1"
        " UNION ALL SELECT found_case, computed_at FROM match_candidates"
        "  WHERE state = 'potential' AND computed_at < ?1) m"
        f" WHERE EXISTS (SELECT 1 FROM cases c WHERE c.case_no = m.case_no AND c.status IN {_ACTIVE})"
        " GROUP BY case_no"
    ),
    OverdueRule.REVIEW_WAITING: (
        "SELECT case_no, MIN(at) FROM ("
        " SELECT case_no, requested_at AS at FROM review_items WHERE state = 'waiting' AND requested_at < ?1"
        " UNION ALL SELECT missing_case, decided_at FROM match_candidates"
        "  WHERE dna_recheck = 'pending' AND state = 'confirmed' AND decided_at < ?1) r"
        " WHERE EXISTS (SELECT 1 FROM cases c WHERE c.case_no = r.case_no) GROUP BY case_no"
    ),
}  # fmt: skip


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def alert_table_missing(cursor: Cursor) -> str | None:
    """Why the alert rule cannot run here (None once migration 0018_alerts made its tables)."""
    found = {str(r[0]) for r in cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('child_alerts', 'child_alert_acks')"
    ).fetchall()}  # fmt: skip
    return None if len(found) == 2 else "no child_alerts table in this database yet"


# An active alert nobody at this station acknowledged, counted from when it arrived. The alerted
# case is another station's, so it is not looked up in ``cases``.
_ALERT_SQL = (
    "SELECT a.case_no, a.received_at FROM child_alerts a WHERE a.state = 'active' AND a.received_at < ?"
    " AND NOT EXISTS (SELECT 1 FROM child_alert_acks k WHERE k.case_no = a.case_no)"
)


def alert_rows(conn: Connection, case_nos: list[str]) -> dict[str, CaseRow]:
    """List lines for alerted cases (another station's) built from their alerts: the child's name,
    the alerting station as who answers for it, received as registered, last seen as the event."""
    out: dict[str, CaseRow] = {}
    for start in range(0, len(case_nos), 500):
        chunk = case_nos[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for case_no, payload, received in conn.exec_driver_sql(
            f"SELECT case_no, payload, received_at FROM child_alerts WHERE case_no IN ({marks})", tuple(chunk)
        ):
            p = json.loads(payload)
            out[str(case_no)] = CaseRow(
                str(case_no), "missing", CaseStatus.OPEN.value, ReviewState.APPROVED.value,
                str(p.get("name", "")), str(p.get("station_name", "")), None, str(received),
                p.get("last_seen_at"), alert=True,
            )  # fmt: skip
    return out


def _held_elsewhere(cursor: Cursor) -> set[str]:
    """Cases transferred to another station (issue 14): this station keeps a read-only copy that
    nobody here can act on, so it breaks no rule here."""
    from app.storage.transfer_repository import AWAY_CASES

    return {str(r[0]) for r in cursor.execute(AWAY_CASES).fetchall()}


def find(
    conn: Connection,
    thresholds: OverdueThresholds,
    now: dt.datetime,
    *,
    only: Callable[[OverdueRule], bool] = lambda _r: True,
) -> tuple[dict[OverdueRule, dict[str, dt.datetime]], dict[OverdueRule, str]]:
    """Per rule in force, {case_no: since}; and the rules that could not run, with why."""
    cursor = cursor_of(conn)
    found: dict[OverdueRule, dict[str, dt.datetime]] = {}
    inactive: dict[OverdueRule, str] = {}
    away = _held_elsewhere(cursor)
    for rule in OverdueRule:
        limit = thresholds.limit(rule)
        if limit is None or not only(rule):
            continue
        if rule is OverdueRule.ALERT_UNACKNOWLEDGED:
            why = alert_table_missing(cursor)
            if why is not None:
                inactive[rule] = why
                continue
            sql = _ALERT_SQL
        else:
            sql = _SQL[rule]
        rows = cursor.execute(sql, (_utc(now - limit),)).fetchall()
        found[rule] = {str(r[0]): _parse(r[1]) + limit for r in rows if r[1] and str(r[0]) not in away}
    return found, inactive


_COUNT_SQL: dict[OverdueRule, str] = {
    # Answered from ix_cases_desk alone (status, type, owner, created_at, updated_at).
    OverdueRule.NO_ACTION: f"SELECT COUNT(*) FROM cases c WHERE c.status IN {_ACTIVE} AND c.updated_at < ?",
}


def count(
    conn: Connection, thresholds: OverdueThresholds, now: dt.datetime
) -> tuple[dict[OverdueRule, int], dict[OverdueRule, str]]:
    """Per rule in force, how many cases break it (the dashboard's bars: no row leaves SQLite)."""
    cursor = cursor_of(conn)
    counts: dict[OverdueRule, int] = {}
    inactive: dict[OverdueRule, str] = {}
    away = _held_elsewhere(cursor)
    for rule in OverdueRule:
        limit = thresholds.limit(rule)
        if limit is None:
            continue
        if rule is OverdueRule.ALERT_UNACKNOWLEDGED:
            why = alert_table_missing(cursor)
            if why is not None:
                inactive[rule] = why
                continue
            sql = f"SELECT COUNT(*) FROM ({_ALERT_SQL})"
        else:
            sql = _COUNT_SQL.get(rule) or f"SELECT COUNT(*) FROM ({_SQL[rule]})"
        counts[rule] = int(one(cursor.execute(sql, (_utc(now - limit),)))[0])
        if (
            away and rule is not OverdueRule.ALERT_UNACKNOWLEDGED
        ):  # only then: the plain count stays index-only
            rows = cursor.execute(_SQL[rule], (_utc(now - limit),)).fetchall()
            counts[rule] -= sum(1 for r in rows if str(r[0]) in away)
    return counts, inactive


def case_numbers(conn: Connection, thresholds: OverdueThresholds, now: dt.datetime) -> set[str]:
    """Every case breaking a rule in force, by number only (the desk's badge: no time is parsed)."""
    cursor = cursor_of(conn)
    found: set[str] = set()
    for rule in OverdueRule:
        limit = thresholds.limit(rule)
        if limit is None:
            continue
        if rule is OverdueRule.ALERT_UNACKNOWLEDGED:
            if alert_table_missing(cursor) is not None:
                continue
            sql = _ALERT_SQL
        else:
            sql = _SQL[rule]
        found.update(r[0] for r in cursor.execute(sql, (_utc(now - limit),)).fetchall())
    return found - _held_elsewhere(cursor)
