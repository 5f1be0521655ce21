"""Witnessing a station's audit chain: the server keeps the last head it acknowledged and refuses
a head that does not go on from it (fewer entries, or another entry at a sequence it saw).

A refusal is an alert for the national operator (a station event) and is answered to the
station, which shows it. A restore is declared, not hidden: the station names the acknowledged
head it went back to; if the server really acknowledged that head, the restore is recorded as an
event and the chain is witnessed from there on. Only an undeclared shortening or rewrite is
tampering. The check costs one row read per push.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync import protocol
from server.services import events
from server.storage.tables import AuditWitness, Station, utcnow


def _acknowledged(session: Session, station_id: int, point: tuple[int, str]) -> bool:
    if point == (0, protocol.GENESIS_HASH):
        return True  # going back to an empty chain is a point every station passed
    return (
        session.scalar(
            select(AuditWitness.id)
            .where(
                AuditWitness.station_id == station_id,
                AuditWitness.chain_seq == point[0],
                AuditWitness.chain_hash == point[1],
            )
            .limit(1)
        )
        is not None
    )


def _verdict(session: Session, station: Station, head: protocol.AuditHead) -> str | None:
    """None when *head* goes on from the acknowledged head (after a declared restore, from the
    declared point), else why not."""
    if head.restored_to is not None:
        if not _acknowledged(session, station.id, head.restored_to):
            return protocol.AUDIT_UNKNOWN_RESTORE
        base: tuple[int, str] | None = head.restored_to
    elif station.witness_seq is None or station.witness_hash is None:
        return None  # the first head: nothing to compare with
    else:
        base = (station.witness_seq, station.witness_hash)
    assert base is not None
    if head.seq < base[0]:
        return protocol.AUDIT_SHORTENED
    if head.seq == base[0]:
        return None if head.hash == base[1] else protocol.AUDIT_REWRITTEN
    if head.anchor == base:
        return None
    # The station may not have heard of the newest acknowledgement (a lost answer): an anchor at
    # an older acknowledged head still proves continuity up to there.
    older = head.restored_to is None and head.anchor is not None and head.anchor[0] < base[0]
    if older and head.anchor is not None and _acknowledged(session, station.id, head.anchor):
        return None
    return protocol.AUDIT_REWRITTEN


def observe(session: Session, station_id: int, head: protocol.AuditHead) -> dict[str, Any]:
    """Witness *head* for the station (inside the push's transaction); the answer's ``witness``."""
    station = session.get(
        Station, station_id, with_for_update=session.get_bind().dialect.name == "postgresql"
    )
    assert station is not None
    reason = _verdict(session, station, head)
    if reason is None:
        if head.restored_to is not None:
            events.record(
                session, station_id, events.RESTORE_DECLARED,
                back_to_seq=head.restored_to[0], back_to_hash=head.restored_to[1],
                had_seen_seq=station.witness_seq, had_seen_hash=station.witness_hash,
            )  # fmt: skip
        station.witness_seq, station.witness_hash = head.seq, head.hash
        session.add(
            AuditWitness(
                station_id=station_id, chain_seq=head.seq, chain_hash=head.hash, received_at=utcnow()
            )
        )
        return {"accepted": True, "seq": head.seq, "hash": head.hash, "reason": None}
    last = events.last_of(session, station_id)
    detail = {"reason": reason, "seq": head.seq, "hash": head.hash, "witnessed_seq": station.witness_seq}
    if last is None or last.kind != events.AUDIT_REFUSED or f'"hash": "{head.hash}"' not in last.detail:
        events.record(session, station_id, events.AUDIT_REFUSED, **detail)  # one alert per refused head
    return {"accepted": False, "seq": station.witness_seq, "hash": station.witness_hash, "reason": reason}
