"""What waits for the supervisor, in two numbers for the main window's badge. Reads only."""

from __future__ import annotations

import datetime as dt

from app.services.overdue import thresholds
from app.services.session import Session
from app.storage import overdue_queries, review_queries


def desk_counts(session: Session, now: dt.datetime | None = None) -> tuple[int, int]:
    """(items waiting for review, cases breaking an overdue rule)."""
    limits = thresholds(session)
    with session.store.reader() as conn:
        waiting = review_queries.waiting_count(conn)
        overdue = overdue_queries.case_numbers(conn, limits, now or dt.datetime.now(dt.UTC))
    return waiting, len(overdue)
