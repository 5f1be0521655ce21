"""What a station pulls, and the counts and digest it compares after a sync."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.sync import protocol
from server.storage.tables import JournalEntry, Record


@dataclass(frozen=True)
class PulledRow:
    """One pulled item, its payload still the stored JSON text (see protocol.PulledItem)."""

    seq: int
    kind: str
    record_type: str
    record_id: str
    revision: int
    payload: str


def pull_page(
    session: Session, station_id: int, cursor: int, limit: int
) -> tuple[list[PulledRow], int, bool]:
    """Items for the station with ``seq > cursor``, oldest first: (items, next_cursor, has_more).

    Read-only; any request thread.
    """
    rows = session.execute(
        select(
            JournalEntry.seq,
            JournalEntry.kind,
            JournalEntry.record_type,
            JournalEntry.record_id,
            JournalEntry.revision,
            JournalEntry.payload,
        )
        .where(JournalEntry.audience_station_id == station_id, JournalEntry.seq > cursor)
        .order_by(JournalEntry.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    items = [
        PulledRow(r.seq, r.kind, r.record_type, r.record_id, r.revision, r.payload or "{}")
        for r in rows[:limit]
    ]
    return items, (items[-1].seq if items else cursor), has_more


def station_state(session: Session, station_id: int) -> tuple[dict[str, int], int, str, int]:
    """(counts per record type, total, digest, pull cursor) of what the server holds for the
    station. The digest is :func:`app.sync.protocol.records_digest` over its records."""
    counts = {
        rtype: n
        for rtype, n in session.execute(
            select(Record.record_type, func.count())
            .where(Record.owner_station_id == station_id)
            .group_by(Record.record_type)
        )
    }
    pairs = session.execute(
        select(Record.record_id, Record.revision).where(Record.owner_station_id == station_id)
    )
    digest = protocol.records_digest(pairs)
    cursor = session.scalar(
        select(func.max(JournalEntry.seq)).where(JournalEntry.audience_station_id == station_id)
    )
    return counts, sum(counts.values()), digest, int(cursor or 0)
