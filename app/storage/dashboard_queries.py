"""The dashboard's and the weekly report's counts, each one grouped query over the register, and
the cases behind any number (app.core.dashboard.CaseQuery).

Times are grouped by UTC hour in SQL and put into the station's local days by the caller, so a
12-week chart reads at most 2,016 groups whatever the size of the register.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from app.core.dashboard import AGE_BAND_DAYS, AgeBand, CaseQuery
from app.core.lifecycle import ACTIVE_CASE_STATUSES, SampleStatus
from app.storage.assignment_repository import OWNER_SQL
from app.storage.case_repository import CaseRow
from app.storage.cursor import cursor_of, one

_ACTIVE = "(" + ", ".join(f"'{s.value}'" for s in sorted(ACTIVE_CASE_STATUSES)) + ")"
_SAMPLE_ORDER = [s.value for s in SampleStatus]


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def open_groups(conn: Connection) -> list[tuple[str, str, str, int]]:
    """Active cases counted by (type, status, responsible officer): one walk of ix_cases_desk in
    its own order (no sort, no case row read)."""
    rows = (
        cursor_of(conn)
        .execute(
            f"SELECT status, type, assigned_to, officer, COUNT(*) FROM cases WHERE status IN {_ACTIVE}"
            " GROUP BY status, type, assigned_to, officer"
        )
        .fetchall()
    )
    return [(r[1], r[0], r[2] or r[3], int(r[4])) for r in rows]


def open_by_age(conn: Connection, now: dt.datetime) -> dict[AgeBand, int]:
    """Active cases per age band: range counts on ix_cases_status_created, newest band first."""
    cursor = cursor_of(conn)
    newer: list[int] = []  # active cases registered after each band's upper age
    for _band, _low, high in AGE_BAND_DAYS:
        if high is None:
            newer.append(int(one(cursor.execute(f"SELECT COUNT(*) FROM cases WHERE status IN {_ACTIVE}"))[0]))
        else:
            cutoff = _utc(now - dt.timedelta(days=high))
            row = one(
                cursor.execute(
                    f"SELECT COUNT(*) FROM cases WHERE status IN {_ACTIVE} AND created_at >= ?", (cutoff,)
                )
            )
            newer.append(int(row[0]))
    out, before = {}, 0
    for (band, _low, _high), total in zip(AGE_BAND_DAYS, newer, strict=True):
        out[band] = total - before
        before = total
    return out


def _by_hour(
    conn: Connection, sql: str, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, int]]:
    rows = cursor_of(conn).execute(sql, (_utc(start), _utc(end))).fetchall()
    return [(dt.datetime.fromisoformat(r[0] + ":00:00+00:00"), int(r[1])) for r in rows]


def created_by_hour(conn: Connection, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, int]]:
    sql = ("SELECT substr(created_at, 1, 13), COUNT(*) FROM cases WHERE created_at >= ? AND created_at < ?"
           " GROUP BY 1")  # fmt: skip
    return _by_hour(conn, sql, start, end)


def closed_by_hour(conn: Connection, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, int]]:
    sql = ("SELECT substr(closed_at, 1, 13), COUNT(*) FROM cases WHERE status = 'closed'"
           " AND closed_at >= ? AND closed_at < ? GROUP BY 1")  # fmt: skip
    return _by_hour(conn, sql, start, end)


def voided_by_hour(conn: Connection, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, int]]:
    sql = ("SELECT substr(at, 1, 13), COUNT(*) FROM case_thread WHERE event = 'voided'"
           " AND at >= ? AND at < ? GROUP BY 1")  # fmt: skip
    return _by_hour(conn, sql, start, end)


def matches_waiting(conn: Connection) -> tuple[int, int]:
    """(candidate pairs waiting for a first look, DNA hits waiting for their re-check)."""
    row = one(
        cursor_of(conn).execute(
            "SELECT SUM(state = 'potential'), SUM(state = 'confirmed' AND dna_recheck = 'pending')"
            " FROM match_candidates"
        )
    )
    return int(row[0] or 0), int(row[1] or 0)


def matches_decided(conn: Connection, start: dt.datetime, end: dt.datetime) -> dict[str, int]:
    rows = (
        cursor_of(conn)
        .execute(
            "SELECT state, COUNT(*) FROM match_candidates WHERE decided_at >= ? AND decided_at < ? GROUP BY 1",
            (_utc(start), _utc(end)),
        )
        .fetchall()
    )
    return {str(r[0]): int(r[1]) for r in rows}


def samples_by_status(conn: Connection) -> dict[str, int]:
    rows = cursor_of(conn).execute("SELECT status, COUNT(*) FROM samples GROUP BY 1").fetchall()
    return {str(r[0]): int(r[1]) for r in rows}


_ROW = "case_no, type, status, review, names, officer, assigned_to, created_at, event_at"


def cases_behind(conn: Connection, q: CaseQuery, now: dt.datetime, limit: int = 2000) -> list[CaseRow]:
    """The cases a number stands for, oldest first (at most *limit*). An overdue rule is answered
    by the service, which knows the thresholds."""
    where, params = ["1 = 1"], []
    if q.active:
        where.append(f"status IN {_ACTIVE}")
    for column, value in (("status", q.status), ("type", q.case_type), (OWNER_SQL, q.owner)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if q.age is not None:
        ((_b, low, high),) = [a for a in AGE_BAND_DAYS if a[0] is q.age]
        where.append("created_at < ?")
        params.append(_utc(now - dt.timedelta(days=low)))
        if high is not None:
            where.append("created_at >= ?")
            params.append(_utc(now - dt.timedelta(days=high)))
    for column, low_t, high_t in (("created_at", q.created_from, q.created_to),
                                  ("closed_at", q.closed_from, q.closed_to)):  # fmt: skip
        if low_t is not None:
            where.append(f"{column} >= ?")
            params.append(_utc(low_t))
        if high_t is not None:
            where.append(f"{column} < ?")
            params.append(_utc(high_t))
    if q.closed_from is not None:
        where.append("status = 'closed'")
    if q.match_waiting:
        where.append("case_no IN (SELECT missing_case FROM match_candidates WHERE state = 'potential'"
                     " UNION SELECT found_case FROM match_candidates WHERE state = 'potential')")  # fmt: skip
    if q.sample_stage is not None:
        reached = _SAMPLE_ORDER[_SAMPLE_ORDER.index(q.sample_stage) :]
        marks = ", ".join("?" for _ in reached)
        where.append(f"id IN (SELECT case_id FROM samples WHERE status IN ({marks}))")
        params.extend(reached)
    rows = (
        cursor_of(conn)
        .execute(
            f"SELECT {_ROW} FROM cases WHERE {' AND '.join(where)} ORDER BY created_at, id LIMIT ?",
            (*params, limit),
        )
        .fetchall()
    )
    return [CaseRow(*r) for r in rows]
