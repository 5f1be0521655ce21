"""National candidates are workable (issue 14): beside every national match delivered to a
station, the other station's case as a read-only summary (app.sync.protocol.summaries), so the
officer sees what the matcher compared and whom to call. Delivered again only when the case's
record moved on (its revision); the station keeps it in its encrypted store. The summary names
the station holding the case and that station's own phone and address: after a transfer, before
the holder pushed the case, the record still carries the contact of the station that handed it
over, and the holder's is read from its own records instead (server.services.station_contacts).

A matching job delivers thousands of candidates at once: :func:`counterparts_many` reads the
stations, the cases, their photos and what was already given in a few statements for the whole
batch (a case paired twenty times is read and summarised once), never per candidate."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.lifecycle import CaseStatus
from app.sync.protocol import ProtocolError, reading
from app.sync.protocol.cases import StationContact, read_document
from app.sync.protocol.summaries import KIND, CaseSummary, OwningStation
from server.services import alert_photo, station_contacts
from server.storage.bulk import among, among_named, among_values, each_of, written
from server.storage.tables import JournalEntry, Record, Station

__all__ = ["case_summaries", "counterparts", "counterparts_many"]

_CHUNK = 500  # values per IN list


def counterparts(
    session: Session, match_payload: dict[str, Any], audience: list[int]
) -> list[tuple[int, CaseSummary, int]]:
    """(station id, summary, revision) of each case of the pair for each audience station that
    does not own it and has not yet been given that revision."""
    return counterparts_many(session, [(match_payload, audience)])


def counterparts_many(
    session: Session, matches: Sequence[tuple[dict[str, Any], Sequence[int]]]
) -> list[tuple[int, CaseSummary, int]]:
    """:func:`counterparts` of many (match payload, audience) at once, each (station, case) at
    most once, in the order the matches first name them."""
    named = sorted(
        {
            c
            for payload, _ids in matches
            for c in (payload.get("missing"), payload.get("found"))
            if isinstance(c, str)
        }
    )
    # the revisions first: a case every reader already holds at its revision is never parsed
    revisions, owners = _revisions(session, named)
    wanted: dict[tuple[int, str], None] = {}
    for payload, ids in matches:
        for case_no in (payload.get("missing"), payload.get("found")):
            if not isinstance(case_no, str):
                continue
            for sid in ids:
                if owners.get(case_no, sid) != sid:  # the other station's case, not the one it holds
                    wanted.setdefault((sid, case_no))
    if not wanted:
        return []
    given = _given(session, [key for key in wanted if key[1] in revisions])
    due = [key for key in wanted if key[1] in revisions and given.get(key, -1) < revisions[key[1]]]
    made = _summaries(session, sorted({case_no for _sid, case_no in due}))
    out: list[tuple[int, CaseSummary, int]] = []
    for sid, case_no in due:
        if case_no in made:
            summary, revision = made[case_no]
            out.append((sid, summary, revision))
    return out


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _revisions(session: Session, case_nos: Sequence[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Each held case's record revision, and the station holding it now (after a transfer, the
    receiving one)."""
    revisions: dict[str, int] = {}
    owners: dict[str, int] = {}
    for part in _chunks(case_nos):
        rows = session.execute(
            select(Record.record_id, Record.revision, Record.owner_station_id)
            .join(Station, Station.id == Record.owner_station_id)
            .where(among(session, Record.record_id, part))
        )
        for rid, rev, owner in rows:
            revisions[rid], owners[rid] = int(rev), int(owner)
    return revisions, owners


def _given(session: Session, keys: Sequence[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """The highest summary revision each (station, case) was already given."""
    wanted = set(keys)
    given = given_summaries(
        session, sorted({case_no for _sid, case_no in wanted}), {sid for sid, _c in wanted}
    )
    return {key: revision for key, revision in given.items() if key in wanted}


def given_summaries(
    session: Session, case_nos: Sequence[str], stations: Iterable[int]
) -> dict[tuple[int, str], int]:
    """The highest summary revision each of *stations* was given of each of *case_nos* it was
    given one of. Read case by case from ``ix_journal_summaries`` (:func:`given_statement`);
    the other stations' summaries of the cases (a few per case) are dropped here."""
    audience = set(stations)
    out: dict[tuple[int, str], int] = {}
    for part in _chunks(sorted(set(case_nos))):
        statement, values = given_statement(session, part)
        for sid, case_no, revision in session.execute(statement, values):
            if sid in audience:
                key = (int(sid), str(case_no))
                out[key] = max(out.get(key, 0), int(revision))
    return out


def given_statement(session: Session, case_nos: Sequence[str]) -> tuple[Any, dict[str, Any]]:
    """The read of every summary item of *case_nos* (station, case, revision), and its values:
    on PostgreSQL case by case (:func:`~server.storage.bulk.each_of`). Not by the stations it
    went to: a condition on the audience let the planner, on statistics made before a station's
    busy week, read every item the station was ever given to find its few summaries (the match
    job then grew with the journal; tests/server/test_summary_reads.py)."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    columns = (JournalEntry.audience_station_id, JournalEntry.record_id, JournalEntry.revision)
    # the kind written into the statement: a plan PostgreSQL keeps for a prepared statement
    # cannot use the summaries' partial index for a kind given as a parameter
    summary = JournalEntry.kind == written(KIND)
    statement = (
        each_of(
            "cases",
            lambda case: select(*columns).where(summary, JournalEntry.record_id == case),
        )
        if postgresql
        else select(*columns).where(summary, among_named(JournalEntry.record_id, "cases", False))
    )
    return statement, {"cases": among_values(case_nos, postgresql)}


def _summaries(session: Session, case_nos: Sequence[str]) -> dict[str, tuple[CaseSummary, int]]:
    """Each readable case's summary and record revision (a case not held or unreadable: none)."""
    out: dict[str, tuple[CaseSummary, int]] = {}
    for part in _chunks(case_nos):
        photos: dict[str, str | None] = {}
        for case_no, payload in session.execute(
            select(Record.case_no, Record.payload)
            .where(
                among(session, Record.case_no, part),
                Record.record_type != written("case"),
                Record.record_type == "photo",
            )
            .order_by(Record.case_no, Record.record_id)
        ):
            if case_no not in photos:  # the first photo by record id
                sha = json.loads(payload).get("sha256") if payload else None
                photos[case_no] = sha if isinstance(sha, str) else None
        rows = session.execute(
            select(
                Record.record_id,
                Record.payload,
                Record.revision,
                Record.owner_station_id,
                Record.updated_at,
                Record.pushed_by_station_id,
                Station.code,
                Station.name,
            )
            .join(Station, Station.id == Record.owner_station_id)
            .where(among(session, Record.record_id, part))
        ).all()
        contacts = _holders(session, rows)
        # The photo's bytes as the alerts carry them: a person of the case other than the
        # reporter, re-encoded small by the server (issue 14: the officer sees whom to look for).
        jpegs = alert_photo.child_photos(session, [(row.record_id, row.owner_station_id) for row in rows])
        for row in rows:
            made = _summary(row.record_id, row.payload, row.code, row.name, photos.get(row.record_id),
                            jpegs.get(row.record_id, ""), contacts.get(row.record_id))  # fmt: skip
            if made is not None:
                out[row.record_id] = (made, row.revision)
    return out


def case_summaries(session: Session, case_nos: list[str]) -> dict[str, tuple[CaseSummary, int]]:
    """(the read-only summary, the case record's revision) of each of *case_nos* the server holds
    and can read, in two queries (issue 14: the target station of a referral sees it too)."""
    if not case_nos:
        return {}
    rows = session.execute(
        select(Record.record_id, Record.payload, Record.revision, Record.owner_station_id, Record.updated_at,
               Record.pushed_by_station_id,
               Station.code, Station.name)
        .join(Station, Station.id == Record.owner_station_id)
        .where(Record.record_id.in_(case_nos), Record.record_type == "case")
    ).all()  # fmt: skip
    contacts = _holders(session, rows)
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
        made = _summary(row.record_id, row.payload, row.code, row.name, photos.get(row.record_id),
                        contact=contacts.get(row.record_id))  # fmt: skip
        if made is not None:
            out[row.record_id] = (made, row.revision)
    return out


def _holders(session: Session, rows: Sequence[Any]) -> dict[str, StationContact]:
    """The contact a summary names for each case of *rows* whose record a station that handed
    the case over pushed last: its holder's own (station_contacts.holder_contacts). The records
    say which station pushed them (the completed transfers are read only for records last
    written before server 0033); the holders' records only when a case changed hands."""
    return station_contacts.holder_contacts(
        session,
        [
            (row.record_id, row.owner_station_id, row.code, row.updated_at, row.pushed_by_station_id)
            for row in rows
        ],
    )


def _summary(
    case_no: str,
    payload: str,
    code: str,
    name: str,
    photo: str | None,
    jpeg: str = "",
    contact: StationContact | None = None,
) -> CaseSummary | None:
    """The summary of a stored case record's text; None when it cannot be read. Stored records
    were read in full at the push: here the persons once, without their samples and profiles
    (a summary shows no DNA, and reading them was most of a case's parse). *contact*: the
    holder's, when the record's is another station's (the case changed hands since it pushed
    it); else the record's own."""
    try:
        r = reading.Reader(orjson.loads(payload), "case")
        status = r.enum("status", CaseStatus)
        pushed = r.optional_mapping("station_contact") or {}
        case = read_document(_without_samples(r.mapping("case")))
        phone = reading.text_in(pushed, "station_contact.phone")
        address = reading.text_in(pushed, "station_contact.address")
    except (ProtocolError, orjson.JSONDecodeError):
        return None
    if contact is not None:
        phone, address = contact.phone, contact.address
    return CaseSummary.of(case_no, case, status, OwningStation(code, name, phone, address), photo, jpeg)


def _without_samples(document: Mapping[str, Any]) -> dict[str, Any]:
    # A summary shows no DNA, and reading the samples and profiles is most of a case's parse.
    def bare(person: Any) -> Any:
        return {k: v for k, v in person.items() if k != "samples"} if isinstance(person, dict) else person

    persons = document.get("persons")
    return {**document, "persons": [bare(p) for p in persons] if isinstance(persons, list) else persons,
            "reporter": bare(document.get("reporter"))}  # fmt: skip
