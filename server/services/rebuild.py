"""What a station that lost its disk gets back: every record the server holds owned by it, in
pages, and the bytes of its photos (issue 14, ``app.sync.protocol.rebuild``).

A page is one indexed range read (``ix_records_owner_record``) of at most ``limit`` rows, so a
station with a million records costs the server one page of memory at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.services.errors import NotFound
from server.storage.tables import Attachment, AttachmentChunk, JournalEntry, Record, Station, StationNumber


@dataclass(frozen=True)
class Standing:
    """Where the station stands on the server: its witnessed audit head, pull position, numbers
    and how many records it owns."""

    witnessed: tuple[int, str] | None
    cursor: int
    numbers: dict[tuple[str, int], int]
    total: int


def records_page(
    session: Session, station_id: int, after: str, limit: int
) -> tuple[list[tuple[str, str, int, str]], str, bool]:
    """(type, id, revision, payload text) of the station's records with an id above *after*, in
    id order: (rows, the id to ask after next, whether more follow). Read-only; any thread."""
    rows = session.execute(
        select(Record.record_type, Record.record_id, Record.revision, Record.payload)
        .where(Record.owner_station_id == station_id, Record.record_id > after)
        .order_by(Record.record_id)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    page = [(str(t), str(i), int(v), str(p or "{}")) for t, i, v, p in rows[:limit]]
    return page, (page[-1][1] if page else after), has_more


def standing(session: Session, station_id: int) -> Standing:
    station = session.get(Station, station_id)
    assert station is not None
    witnessed = (
        None
        if station.witness_seq is None or not station.witness_hash
        else (int(station.witness_seq), str(station.witness_hash))
    )
    cursor = session.scalar(
        select(func.max(JournalEntry.seq)).where(JournalEntry.audience_station_id == station_id)
    )
    total = session.scalar(
        select(func.count()).select_from(Record).where(Record.owner_station_id == station_id)
    )
    numbers = {
        (str(series), int(year)): int(high)
        for series, year, high in session.execute(
            select(StationNumber.series, StationNumber.year, StationNumber.high).where(
                StationNumber.station_id == station_id
            )
        )
    }
    return Standing(witnessed, int(cursor or 0), numbers, int(total or 0))


def chunk(session: Session, station_id: int, sha256: str, index: int) -> bytes:
    """Chunk *index* of a complete attachment the station uploaded; 404 otherwise."""
    upload = session.get(Attachment, (station_id, sha256))
    if upload is None or not upload.complete:
        raise NotFound("unknown_attachment", "no complete attachment of this station with this SHA-256")
    part = session.get(AttachmentChunk, (station_id, sha256, index))
    if part is None:
        raise NotFound("unknown_chunk", f"the attachment has no chunk {index}")
    return bytes(part.data)
