"""Who holds a case now: the owner of its case record.

After a transfer (issue 14) that is the receiving station, whatever station code the case number
begins with. What the server sends about a case (its national pairs, the decisions on them, the
other side's summary) goes to the station that holds it: the station that handed it over keeps a
read-only copy and learns nothing new of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync import protocol
from server.storage.bulk import among
from server.storage.tables import Record, Station

_CHUNK = 500  # case numbers per statement


def case_owners(session: Session, case_nos: Iterable[str]) -> dict[str, int]:
    """Each case number → the id of the station that holds the case now. A number the server
    holds no case record of (never pushed: no transfer can have moved it) goes to the enrolled
    station whose code it begins with; one of no enrolled station is left out."""
    wanted = sorted(set(case_nos))
    owners: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        part = wanted[start : start + _CHUNK]
        rows = session.execute(
            select(Record.record_id, Record.owner_station_id).where(
                among(session, Record.record_id, part), Record.record_type == "case"
            )
        )
        owners.update({case_no: int(owner) for case_no, owner in rows})
    unheld = sorted({protocol.station_of(c) for c in wanted if c not in owners})
    if unheld:
        ids = dict(session.execute(select(Station.code, Station.id).where(Station.code.in_(unheld))).all())
        owners.update(
            {c: int(ids[code]) for c in wanted if c not in owners and (code := protocol.station_of(c)) in ids}
        )
    return owners
