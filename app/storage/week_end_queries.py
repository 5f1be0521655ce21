"""Reads for the register as it stood at a past moment (app.core.week_end): the cases registered
before it, the history that says what became of them, and the overdue rules counted at that
moment. Every function takes the moment as UTC text (``YYYY-MM-DDTHH:MM:SSZ``) and reads only.
"""

from __future__ import annotations

from sqlalchemy import Connection

from app.core.week_end import PastCase
from app.storage.cursor import cursor_of, stream_rows
from app.storage.overdue_queries import CHILD_SQL

_STATUS_EVENTS = "('closed', 'voided', 'reopened')"


def cases_before(conn: Connection, moment: str) -> list[PastCase]:
    """Every case registered before the moment. ix_cases_desk answers all but the closure time,
    which is read from the rows of closed cases only (a case row carries its whole document)."""
    cursor = cursor_of(conn)
    closed = dict(cursor.execute("SELECT case_no, closed_at FROM cases WHERE status = 'closed'").fetchall())
    rows = cursor.execute(
        "SELECT case_no, type, COALESCE(assigned_to, officer), created_at, status, updated_at"
        " FROM cases INDEXED BY ix_cases_desk WHERE status IS NOT NULL AND created_at < ?",
        (moment,),
    )
    return [
        PastCase(n, t, o, c, s, closed.get(n) if s == "closed" else u if s == "voided" else None, u)
        for n, t, o, c, s, u in stream_rows(rows)
    ]


def last_status_events(conn: Connection, moment: str) -> dict[str, str]:
    """Per case, its last closing, voiding or reopening before the moment."""
    rows = cursor_of(conn).execute(
        f"SELECT case_no, event, MAX(id) FROM case_thread WHERE event IN {_STATUS_EVENTS} AND at < ?"
        " GROUP BY case_no",
        (moment,),
    )
    return {str(r[0]): str(r[1]) for r in stream_rows(rows)}


def handed_on_after(conn: Connection, moment: str) -> dict[str, str]:
    """Per case reassigned after the moment, who had it before the first such reassignment."""
    rows = cursor_of(conn).execute(
        "SELECT case_no, previous, MIN(id) FROM case_assignments WHERE assigned_at >= ? GROUP BY case_no",
        (moment,),
    )
    return {str(r[0]): str(r[1]) for r in stream_rows(rows)}


def acted_before(conn: Connection, moment: str) -> dict[str, str]:
    """Per case updated after the moment, its latest thread entry, revision or assignment before it."""
    rows = cursor_of(conn).execute(
        "SELECT case_no, MAX(at) FROM ("
        " SELECT case_no, at FROM case_thread WHERE at < ?1"
        " UNION ALL SELECT case_no, at FROM case_revisions WHERE at < ?1"
        " UNION ALL SELECT case_no, assigned_at FROM case_assignments WHERE assigned_at < ?1) h"
        " WHERE EXISTS (SELECT 1 FROM cases c WHERE c.case_no = h.case_no AND c.updated_at >= ?1)"
        " GROUP BY case_no",
        (moment,),
    )
    return {str(r[0]): str(r[1]) for r in stream_rows(rows)}


# The rules other than "no action", counted at the moment from what each keeps of its history.
# Each returns (case_no, the time its threshold counts from); ?1 is the moment, ?2 the cutoff.
_DNA_NOT_COLLECTED = (
    "SELECT c.case_no, c.created_at FROM cases c WHERE c.type = 'missing' AND c.created_at < ?2"
    " AND NOT EXISTS (SELECT 1 FROM samples s WHERE s.case_id = c.id AND s.collected_at < ?1)"
    f" AND {CHILD_SQL}"
)
# A profile counts from its first ``sample.profile`` audit entry; one with no entry came with the
# registration (the case file carried it).
_FOUND_NO_PROFILE = (
    "SELECT c.case_no, c.created_at FROM cases c WHERE c.type = 'found' AND c.created_at < ?2"
    " AND NOT EXISTS (SELECT 1 FROM samples s WHERE s.case_id = c.id AND s.profile IS NOT NULL"
    "  AND COALESCE((SELECT MIN(a.at) FROM audit_log a WHERE a.object = s.sample_no"
    "   AND a.action = 'sample.profile'), '') < ?1)"
    f" AND {CHILD_SQL}"
)
_MATCH_UNREVIEWED = (
    "SELECT case_no, MIN(at) FROM ("
    " SELECT missing_case AS case_no, computed_at AS at FROM match_candidates"
    "  WHERE computed_at < ?2 AND (state = 'potential' OR decided_at >= ?1)"
    " UNION ALL SELECT found_case, computed_at FROM match_candidates"
    "  WHERE computed_at < ?2 AND (state = 'potential' OR decided_at >= ?1)) m GROUP BY case_no"
)
_REVIEW_WAITING = (
    "SELECT case_no, MIN(at) FROM ("
    " SELECT case_no, requested_at AS at FROM review_items"
    "  WHERE requested_at < ?2 AND (state = 'waiting' OR decided_at >= ?1)"
    " UNION ALL SELECT missing_case, decided_at FROM match_candidates WHERE state = 'confirmed'"
    "  AND decided_at < ?2 AND (dna_recheck = 'pending' OR (dna_recheck = 'done' AND recheck_at >= ?1))) r"
    " GROUP BY case_no"
)
_ALERT = (
    "SELECT a.case_no, a.received_at FROM child_alerts a WHERE a.received_at < ?2"
    " AND (a.state = 'active' OR a.cancelled_at >= ?1)"
    " AND NOT EXISTS (SELECT 1 FROM child_alert_acks k WHERE k.case_no = a.case_no AND k.acknowledged_at < ?1)"
)
RULE_SQL = {
    "dna_not_collected": _DNA_NOT_COLLECTED,
    "found_child_no_profile": _FOUND_NO_PROFILE,
    "match_unreviewed": _MATCH_UNREVIEWED,
    "review_waiting": _REVIEW_WAITING,
    "alert_unacknowledged": _ALERT,
}


def rule_rows(conn: Connection, rule: str, moment: str, cutoff: str) -> list[tuple[str, str]]:
    """(case_no, counted from) of the cases breaking *rule* at the moment, before the case filter."""
    rows = cursor_of(conn).execute(RULE_SQL[rule], (moment, cutoff)).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows if r[1]]


def samples_before(conn: Connection, moment: str) -> list[tuple[str, str]]:
    """(sample_no, status now) of every sample collected before the moment."""
    rows = cursor_of(conn).execute("SELECT sample_no, status FROM samples WHERE collected_at < ?", (moment,))
    return [(str(r[0]), str(r[1])) for r in stream_rows(rows)]


def sample_moves_since(conn: Connection, moment: str) -> dict[str, list[tuple[str, str]]]:
    """Per sample moved on at or after the moment, every recorded move (at, stage): sent to a lab
    (custody), profiled and status changes (audit)."""
    cursor = cursor_of(conn)
    moved = {
        str(r[0])
        for r in stream_rows(
            cursor.execute(
                "SELECT object FROM audit_log WHERE action IN ('sample.profile', 'sample.status') AND at >= ?1"
                " UNION SELECT s.sample_no FROM custody_events e JOIN samples s ON s.id = e.sample_id"
                " WHERE e.purpose = 'lab' AND e.at >= ?1",
                (moment,),
            )
        )
    }
    out: dict[str, list[tuple[str, str]]] = {n: [] for n in moved}
    if not moved:
        return out
    for sample_no, at, action, detail in stream_rows(
        cursor.execute(
            "SELECT object, at, action, detail FROM audit_log WHERE action IN ('sample.profile', 'sample.status')"
        )
    ):
        if sample_no in out:
            stage = "profiled" if action == "sample.profile" else str(detail).removeprefix("status=")
            out[sample_no].append((str(at), stage))
    for sample_no, at in stream_rows(
        cursor.execute(
            "SELECT s.sample_no, e.at FROM custody_events e JOIN samples s ON s.id = e.sample_id WHERE e.purpose = 'lab'"
        )
    ):
        if sample_no in out:
            out[sample_no].append((str(at), "sent_to_lab"))
    return out
