"""Whom to call about a case (issue 14): a station's own phone and address, as the server last
heard them from the station itself.

A case record carries in ``station_contact`` the contact of the station that pushed it last.
After a transfer that is the station that handed the case over, until the holder pushes the case
itself: what the server shows of the holder (a summary, the public gallery's phone) then takes
the contact from the holder's own records instead (:func:`holder_contacts`, :func:`own_contacts`).

Every read is by index and for a whole batch: the completed transfers of the cases asked about
(``ix_case_transfers_case``), and each holder's newest own case numbers by their keys (its
high-water marks, ``station_numbers``), never the register.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync.protocol.cases import StationContact
from server.storage.bulk import among
from server.storage.tables import Record, StationNumber, as_utc
from server.storage.transfer_tables import COMPLETED, CaseTransfer

__all__ = ["NO_CONTACT", "holder_contacts", "own_contacts", "pushed_by_others"]

NO_CONTACT = StationContact("", "")
_CHUNK = 500  # case numbers per statement
_LOOKED_AT = 10  # a station's newest case numbers read for its contact

_T = TypeVar("_T")


def pushed_by_others(session: Session, cases: Iterable[tuple[str, int, datetime, int | None]]) -> set[str]:
    """The case numbers among *cases* (case number, holder's station id, the case record's
    ``updated_at`` and ``pushed_by_station_id``) whose record a station other than the holder
    pushed last. The record says which station pushed it; one last written before server 0033
    says none, and is judged by the times: a transfer of the case completed after the record was
    written, the first of them from another station (a case handed back before anyone pushed it
    is its holder's own word again; a transfer declined, withdrawn or still awaiting moved
    nothing). One indexed read per 500 such cases, none for the others."""
    others = {case_no for case_no, holder, _at, pusher in cases if pusher is not None and pusher != holder}
    written = {case_no: (holder, as_utc(at)) for case_no, holder, at, pusher in cases if pusher is None}
    first: dict[str, tuple[datetime, int]] = {}  # case → the first transfer after the write
    for part in _chunks(sorted(written)):
        rows = session.execute(
            select(CaseTransfer.case_no, CaseTransfer.from_station_id, CaseTransfer.completed_at).where(
                among(session, CaseTransfer.case_no, part), CaseTransfer.state == COMPLETED
            )
        )
        for case_no, sender, completed_at in rows:
            if completed_at is None:
                continue
            done = as_utc(completed_at)
            if done > written[case_no][1] and (case_no not in first or done < first[case_no][0]):
                first[case_no] = (done, int(sender))
    return others | {case_no for case_no, (_done, sender) in first.items() if sender != written[case_no][0]}


def _any_contact(contact: StationContact) -> bool:
    return bool(contact.phone or contact.address)


def own_contacts(
    session: Session, stations: Mapping[int, str], usable: Callable[[StationContact], bool] = _any_contact
) -> dict[int, StationContact]:
    """Each station's (id → code) contact as the server last heard it from the station itself:
    that of the most recently written of its newest own case numbers that it holds and pushed
    itself (:func:`pushed_by_others`), among those whose contact is *usable* (by default: names
    a phone or an address). A station with none among them is left out. The numbers are the
    station's newest as the server remembers them (``station_numbers``), each read by its key:
    never a walk of what the station holds, which for a station holding mostly cases it took
    over (or other stations' acknowledgements) was all of it."""
    codes = {sid: code for sid, code in stations.items() if code}
    if not codes:
        return {}
    highs: dict[int, list[tuple[int, int]]] = {}
    for sid, year, high in session.execute(
        select(StationNumber.station_id, StationNumber.year, StationNumber.high)
        .where(StationNumber.station_id.in_(sorted(codes)), StationNumber.series == "case")
        .order_by(StationNumber.station_id, StationNumber.year.desc())
    ):
        highs.setdefault(int(sid), []).append((int(year), int(high)))
    wanted = [number for sid, marks in highs.items() for number in _newest_numbers(codes[sid], marks)]
    rows: list[Any] = []
    for part in _chunks(sorted(wanted)):
        rows += session.execute(
            select(
                Record.record_id,
                Record.owner_station_id,
                Record.payload,
                Record.updated_at,
                Record.pushed_by_station_id,
            ).where(Record.record_id.in_(part), Record.record_type == "case")
        ).all()
    rows = [r for r in rows if codes.get(int(r.owner_station_id)) == r.record_id[:9]]  # held there
    others = pushed_by_others(
        session, [(r.record_id, r.owner_station_id, r.updated_at, r.pushed_by_station_id) for r in rows]
    )
    best: dict[int, tuple[datetime, StationContact]] = {}
    for row in rows:
        contact = None if row.record_id in others else _contact_of(row.payload)
        if contact is None or not usable(contact):
            continue
        at, sid = as_utc(row.updated_at), int(row.owner_station_id)
        if sid not in best or at > best[sid][0]:
            best[sid] = (at, contact)
    return {sid: contact for sid, (_at, contact) in best.items()}


def _newest_numbers(code: str, marks: Sequence[tuple[int, int]]) -> list[str]:
    """The station's _LOOKED_AT newest case numbers by its high-water marks (newest year first):
    ``{code}-YYYY-NNNNNN``, counting down, into the year before when a year holds fewer."""
    out: list[str] = []
    for year, high in marks:
        for n in range(high, max(high - _LOOKED_AT, 0), -1):
            out.append(f"{code}-{year}-{n:06d}")
        if len(out) >= _LOOKED_AT:
            break
    return out[:_LOOKED_AT]


def holder_contacts(
    session: Session, cases: Sequence[tuple[str, int, str, datetime, int | None]]
) -> dict[str, StationContact]:
    """For each of *cases* (case number, holder's station id, holder's code, the case record's
    ``updated_at`` and ``pushed_by_station_id``) whose record another station pushed last: the
    holder's own contact (:func:`own_contacts`), or :data:`NO_CONTACT` when the server heard none
    from it — never the contact of the station that handed the case over. A case its holder
    pushed last is left out: its record's contact is the holder's own."""
    others = pushed_by_others(
        session, [(case_no, holder, at, by) for case_no, holder, _code, at, by in cases]
    )
    if not others:
        return {}
    holders = {case[1]: case[2] for case in cases if case[0] in others}
    known = own_contacts(session, holders)
    return {case[0]: known.get(case[1], NO_CONTACT) for case in cases if case[0] in others}


def _contact_of(payload: str) -> StationContact | None:
    """The ``station_contact`` a stored case record's text names; None when it names none."""
    try:
        contact = json.loads(payload).get("station_contact")
    except (ValueError, AttributeError):
        return None
    if not isinstance(contact, dict):
        return None
    phone, address = contact.get("phone"), contact.get("address")
    return StationContact(
        phone if isinstance(phone, str) else "", address if isinstance(address, str) else ""
    )


def _chunks(values: Sequence[_T], size: int = _CHUNK) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
