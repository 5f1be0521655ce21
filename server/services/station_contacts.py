"""Whom to call about a case (issue 14): a station's own phone and address, as the server last
heard them from the station itself.

A case record carries in ``station_contact`` the contact of the station that pushed it last.
After a transfer that is the station that handed the case over, until the holder pushes the case
itself: what the server shows of the holder (a summary, the public gallery's phone) then takes
the contact from the holder's own records instead (:func:`holder_contacts`, :func:`own_contacts`).

Every read is by index and for a whole batch: the completed transfers of the cases asked about
(``ix_case_transfers_case``), and a few of each holder's newest records
(``ix_records_owner_record``), never the register.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select, union_all
from sqlalchemy.orm import Session

from app.sync.protocol.cases import StationContact
from server.storage.bulk import among
from server.storage.tables import Record, as_utc
from server.storage.transfer_tables import COMPLETED, CaseTransfer

__all__ = ["NO_CONTACT", "holder_contacts", "own_contacts", "pushed_by_others"]

NO_CONTACT = StationContact("", "")
_CHUNK = 500  # case numbers per statement
_STATIONS = 50  # stations per statement of :func:`own_contacts`
_LOOKED_AT = 5  # a station's newest case numbers read for its contact

_T = TypeVar("_T")


def pushed_by_others(session: Session, cases: Iterable[tuple[str, int, datetime]]) -> set[str]:
    """The case numbers among *cases* (case number, holder's station id, the case record's
    ``updated_at``) whose record a station other than the holder pushed last: a transfer of the
    case completed after the record was written, the first of them from another station (a case
    handed back before anyone pushed it is its holder's own word again). A transfer declined,
    withdrawn or still awaiting moved nothing. One indexed read per 500 cases."""
    written = {case_no: (holder, as_utc(at)) for case_no, holder, at in cases}
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
    return {case_no for case_no, (_done, sender) in first.items() if sender != written[case_no][0]}


def _any_contact(contact: StationContact) -> bool:
    return bool(contact.phone or contact.address)


def own_contacts(
    session: Session, stations: Mapping[int, str], usable: Callable[[StationContact], bool] = _any_contact
) -> dict[int, StationContact]:
    """Each station's (id → code) contact as the server last heard it from the station itself:
    that of the most recently written of its newest own case numbers that it holds and pushed
    itself (:func:`pushed_by_others`), among those whose contact is *usable* (by default: names
    a phone or an address). A station with none is left out. A few of each station's records by
    index, fifty stations a statement."""
    wanted = sorted((sid, code) for sid, code in stations.items() if code)
    rows: list[Any] = []
    for part in _chunks(wanted, _STATIONS):
        newest = [
            select(Record.record_id, Record.owner_station_id, Record.payload, Record.updated_at)
            .where(
                Record.owner_station_id == sid,
                Record.record_id.startswith(f"{code}-"),  # the numbers it gave: "{code}-YYYY-NNNNNN"
                Record.record_type == "case",
            )
            .order_by(Record.record_id.desc())
            .limit(_LOOKED_AT)
            .subquery()
            for sid, code in part
        ]
        # each its own ordered, limited read of the index, the batch in one statement
        members = [select(*sub.c) for sub in newest]
        rows += session.execute(members[0] if len(members) == 1 else union_all(*members)).all()
    others = pushed_by_others(session, [(r.record_id, r.owner_station_id, r.updated_at) for r in rows])
    best: dict[int, tuple[datetime, StationContact]] = {}
    for row in rows:  # each station's newest number first: it wins a tie
        contact = None if row.record_id in others else _contact_of(row.payload)
        if contact is None or not usable(contact):
            continue
        at, sid = as_utc(row.updated_at), int(row.owner_station_id)
        if sid not in best or at > best[sid][0]:
            best[sid] = (at, contact)
    return {sid: contact for sid, (_at, contact) in best.items()}


def holder_contacts(
    session: Session, cases: Sequence[tuple[str, int, str, datetime]]
) -> dict[str, StationContact]:
    """For each of *cases* (case number, holder's station id, holder's code, the case record's
    ``updated_at``) whose record another station pushed last: the holder's own contact
    (:func:`own_contacts`), or :data:`NO_CONTACT` when the server heard none from it — never the
    contact of the station that handed the case over. A case its holder pushed last is left out:
    its record's contact is the holder's own."""
    others = pushed_by_others(session, [(case_no, holder, at) for case_no, holder, _code, at in cases])
    if not others:
        return {}
    known = own_contacts(session, {holder: code for case_no, holder, code, _at in cases if case_no in others})
    return {
        case_no: known.get(holder, NO_CONTACT) for case_no, holder, _code, _at in cases if case_no in others
    }


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
