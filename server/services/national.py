"""National read views for operators: every station's cases and the candidate matches."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.sync.protocol import ProtocolError
from app.sync.protocol.cases import CaseRecord
from server.storage.bulk import written
from server.storage.tables import Match, Record, Station


def cases_statement(
    station_id: int | None, after: str, limit: int
) -> Select[str, str, str | None, str | None, int, str]:
    """Cases in case-number order after *after* (of the station *station_id* when given): one
    station's read in that order from ``ix_records_owner_record``, every station's from the
    records' primary key, so a page reads the cases it shows (and their children between them)."""
    query = (
        select(
            Record.record_id, Station.code, Record.case_type, Record.status, Record.revision, Record.payload
        )
        .join(Station, Station.id == Record.owner_station_id)
        .where(Record.record_type == "case", Record.record_id > after)
        .order_by(Record.record_id)
        .limit(limit)
    )
    return query if station_id is None else query.where(Record.owner_station_id == station_id)


def list_cases(
    session: Session, station_code: str | None = None, after: str = "", limit: int = 1000
) -> list[dict[str, Any]]:
    """Cases in case-number order (after ``after``), optionally of one station, in the shape of
    ``xunren-server case list --json``. Read-only."""
    station_id = None
    if station_code:  # the station by its code first: its cases are then read in order by its id
        station_id = session.scalar(select(Station.id).where(Station.code == station_code))
        if station_id is None:
            return []
    query = cases_statement(station_id, after, limit)
    cases = session.execute(query).all()
    numbers = [c.record_id for c in cases]
    samples: dict[str, int] = dict.fromkeys(numbers, 0)
    if numbers:
        for case_no, n in session.execute(
            select(Record.case_no, func.count())
            .where(
                Record.case_no.in_(numbers),
                Record.record_type != written("case"),
                Record.record_type == "sample",
            )
            .group_by(Record.case_no)
        ):
            samples[case_no] = n
    return [
        {
            "case_no": c.record_id,
            "station": c.code,
            "type": c.case_type,
            "status": c.status,
            "revision": c.revision,
            "names": _names(c.payload),
            "samples": samples[c.record_id],
        }
        for c in cases
    ]


def _names(payload: str) -> list[str]:
    """The case's names: persons travel inside the case record."""
    try:
        return CaseRecord.read(json.loads(payload)).names()
    except ProtocolError:  # a record stored before the server read cases by the station's rules
        return []


def matches_statement(offset: int, limit: int) -> Select[Match]:
    """Candidate pairs, best score first (then by id): read in that order from
    ``ix_matches_score``, so a page reads its offset and what it shows, never every pair."""
    return select(Match).order_by(Match.score.desc(), Match.id).offset(offset).limit(limit)


def list_matches(session: Session, offset: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
    """Candidate pairs, best score first, in the shape of ``xunren-server match list --json``."""
    rows = session.execute(matches_statement(offset, limit)).scalars()
    return [
        {
            "missing": m.missing_case,
            "found": m.found_case,
            "score": m.score,
            "dna_verdict": m.dna_verdict,
            "state": m.state,
        }
        for m in rows
    ]
