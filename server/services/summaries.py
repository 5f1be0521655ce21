"""National candidates are workable (issue 14): beside every national match delivered to a
station, the other station's case as a read-only summary (app.sync.protocol.summaries), so the
officer sees what the matcher compared and whom to call. Delivered again only when the case's
record moved on (its revision); the station keeps it in its encrypted store."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.lifecycle import CaseStatus
from app.sync import protocol
from app.sync.protocol import ProtocolError, reading
from app.sync.protocol.cases import CaseRecord, read_document
from app.sync.protocol.summaries import KIND, CaseSummary, OwningStation
from server.services import alert_photo
from server.storage.tables import JournalEntry, Record, Station


def counterparts(
    session: Session, match_payload: dict[str, Any], audience: list[int]
) -> list[tuple[int, CaseSummary, int]]:
    """(station id, summary, revision) of each case of the pair for each audience station that
    does not own it and has not yet been given that revision."""
    cases = [c for c in (match_payload.get("missing"), match_payload.get("found")) if isinstance(c, str)]
    codes = dict(session.execute(select(Station.id, Station.code).where(Station.id.in_(audience))).all())
    out: list[tuple[int, CaseSummary, int]] = []
    for case_no in cases:
        readers = [sid for sid in audience if codes.get(sid) != protocol.station_of(case_no)]
        if not readers:
            continue
        made = _summary(session, case_no)
        if made is None:
            continue
        summary, revision = made
        for sid in readers:
            given = session.execute(
                select(func.max(JournalEntry.revision)).where(
                    JournalEntry.audience_station_id == sid,
                    JournalEntry.kind == KIND,
                    JournalEntry.record_id == case_no,
                )
            ).scalar()
            if given is None or given < revision:
                out.append((sid, summary, revision))
    return out


def case_summaries(session: Session, case_nos: list[str]) -> dict[str, tuple[CaseSummary, int]]:
    """(the read-only summary, the case record's revision) of each of *case_nos* the server holds
    and can read, in two queries (issue 14: the target station of a referral sees it too)."""
    if not case_nos:
        return {}
    rows = session.execute(
        select(Record.record_id, Record.payload, Record.revision, Station.code, Station.name)
        .join(Station, Station.id == Record.owner_station_id)
        .where(Record.record_id.in_(case_nos), Record.record_type == "case")
    ).all()
    photos: dict[str, str] = {}
    for case_no, payload in session.execute(
        select(Record.case_no, Record.payload)
        .where(Record.case_no.in_(case_nos), Record.record_type == "photo")
        .order_by(Record.record_id.desc())
    ):
        sha = json.loads(payload).get("sha256")
        if isinstance(sha, str):
            photos[case_no] = sha  # the lowest record id wins, as in _summary
    out: dict[str, tuple[CaseSummary, int]] = {}
    for row in rows:
        try:  # stored records were read in full at the push: here the persons once, no DNA
            r = reading.Reader(json.loads(row.payload), "case")
            status = r.enum("status", CaseStatus)
            contact = r.optional_mapping("station_contact") or {}
            case = read_document(_without_samples(r.mapping("case")))
            phone = reading.text_in(contact, "station_contact.phone")
            address = reading.text_in(contact, "station_contact.address")
        except ProtocolError:
            continue
        station = OwningStation(row.code, row.name, phone, address)
        summary = CaseSummary.of(row.record_id, case, status, station, photos.get(row.record_id))
        out[row.record_id] = (summary, row.revision)
    return out


def _without_samples(document: Mapping[str, Any]) -> dict[str, Any]:
    # A summary shows no DNA, and reading the samples and profiles is most of a case's parse.
    def bare(person: Any) -> Any:
        return {k: v for k, v in person.items() if k != "samples"} if isinstance(person, dict) else person

    persons = document.get("persons")
    return {**document, "persons": [bare(p) for p in persons] if isinstance(persons, list) else persons,
            "reporter": bare(document.get("reporter"))}  # fmt: skip


def _summary(session: Session, case_no: str) -> tuple[CaseSummary, int] | None:
    row = session.execute(
        select(Record.payload, Record.revision, Record.owner_station_id, Station.code, Station.name)
        .join(Station, Station.id == Record.owner_station_id)
        .where(Record.record_id == case_no)
    ).first()
    if row is None:
        return None
    try:
        record = CaseRecord.read(json.loads(row.payload))
        case = read_document(record.document)
    except ProtocolError:
        return None
    photo = session.execute(
        select(Record.payload)
        .where(Record.case_no == case_no, Record.record_type == "photo")
        .order_by(Record.record_id)
        .limit(1)
    ).scalar()
    sha = json.loads(photo).get("sha256") if photo else None
    contact = record.station_contact
    station = OwningStation(row.code, row.name, contact.phone, contact.address)
    # The photo's bytes as the alerts carry them: a person of the case other than the reporter,
    # re-encoded small by the server (issue 14: the officer sees whom to look for).
    jpeg = alert_photo.child_photos(session, [(case_no, row.owner_station_id)]).get(case_no, "")
    return CaseSummary.of(
        case_no, case, record.status, station, sha if isinstance(sha, str) else None, jpeg
    ), row.revision
