"""Witnessing a station's audit chain: the server keeps the last head it acknowledged and refuses
a head that does not go on from it (fewer entries, or another entry at a sequence it saw).

A refusal is an alert for the national operator (a station event) and is answered to the
station, which shows it. A restore is declared, not hidden: the station names the acknowledged
head it went back to; if the server really acknowledged that head, the restore is recorded as an
event and the chain is witnessed from there on. Only an undeclared shortening or rewrite is
tampering. A station anchors its head at every head it sent since the last acknowledged one
(recorded before sending), so a request or an answer lost on the way, or a station killed in
between, never looks like a rewrite. The check costs a few indexed row reads per push.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync import protocol
from server.services import events
from server.storage.tables import AuditWitness, Station, utcnow


def _acknowledged(session: Session, station_id: int, point: tuple[int, str]) -> bool:
    if point == (0, protocol.GENESIS_HASH):
        return True  # going back to an empty chain is a point every station passed
    return bool(_known(session, station_id, {point}))


def _known(session: Session, station_id: int, points: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """Which of *points* the server witnessed (as a head, or proven on the way to one)."""
    if not points:
        return set()
    rows = session.execute(
        select(AuditWitness.chain_seq, AuditWitness.chain_hash).where(
            AuditWitness.station_id == station_id, AuditWitness.chain_seq.in_({p[0] for p in points})
        )
    )
    return {(int(seq), str(digest)) for seq, digest in rows} & points


@dataclass(frozen=True)
class _Verdict:
    reason: str | None  # None: accepted
    moves: bool = True  # the head becomes the witnessed one (False: a late copy of a known head)
    restore: bool = False  # a declared restore, recorded as an event


def _verdict(session: Session, station: Station, head: protocol.AuditHead) -> _Verdict:
    """Accepted when the head's proofs hold the head witnessed last (the chain goes on from it,
    whichever requests or answers were lost on the way); a late copy of a head already witnessed
    changes nothing; a declared restore goes on from the acknowledged point it names. Anything
    else is a chain cut short or rewritten."""
    proofs = head.proofs()
    base = None if station.witness_seq is None else (station.witness_seq, station.witness_hash or "")
    if base is None and head.restored_to is None:
        return _Verdict(None)  # the first head: nothing to compare with
    if base is not None and base in proofs:
        # A declaration whose answer was lost was witnessed already (its head is among the proofs).
        return _Verdict(None, restore=head.restored_to is not None and base[0] <= head.restored_to[0])
    if (head.seq, head.hash) in _known(session, station.id, {(head.seq, head.hash)}):
        return _Verdict(None, moves=False)  # a delayed or duplicated request of a dead process
    if head.restored_to is not None:
        if not _acknowledged(session, station.id, head.restored_to):
            return _Verdict(protocol.AUDIT_UNKNOWN_RESTORE)
        if head.restored_to in proofs:
            return _Verdict(None, restore=True)
        return _Verdict(protocol.AUDIT_REWRITTEN)
    assert base is not None
    return _Verdict(protocol.AUDIT_SHORTENED if head.seq < base[0] else protocol.AUDIT_REWRITTEN)


def _remember(session: Session, station_id: int, head: protocol.AuditHead) -> None:
    """Keep the accepted head and every point it proved (one row each, once), so a late copy
    of a request sent before this one is recognised."""
    points = {p for p in head.proofs() if p[0] > 0}
    at = utcnow()
    for seq, digest in sorted(points - _known(session, station_id, points)):
        session.add(AuditWitness(station_id=station_id, chain_seq=seq, chain_hash=digest, received_at=at))


def observe(session: Session, station_id: int, head: protocol.AuditHead) -> dict[str, Any]:
    """Witness *head* for the station (inside the push's transaction); the answer's ``witness``."""
    station = session.get(
        Station, station_id, with_for_update=session.get_bind().dialect.name == "postgresql"
    )
    assert station is not None
    verdict = _verdict(session, station, head)
    reason = verdict.reason
    if reason is None:
        if verdict.restore and head.restored_to is not None:
            events.record(
                session, station_id, events.RESTORE_DECLARED,
                back_to_seq=head.restored_to[0], back_to_hash=head.restored_to[1],
                had_seen_seq=station.witness_seq, had_seen_hash=station.witness_hash,
            )  # fmt: skip
        _remember(session, station_id, head)
        if verdict.moves:
            station.witness_seq, station.witness_hash = head.seq, head.hash
        return {"accepted": True, "seq": head.seq, "hash": head.hash, "reason": None}
    last = events.last_of(session, station_id)
    detail = {"reason": reason, "seq": head.seq, "hash": head.hash, "witnessed_seq": station.witness_seq}
    if last is None or last.kind != events.AUDIT_REFUSED or f'"hash": "{head.hash}"' not in last.detail:
        events.record(session, station_id, events.AUDIT_REFUSED, **detail)  # one alert per refused head
    return {"accepted": False, "seq": station.witness_seq, "hash": station.witness_hash, "reason": reason}
