"""The gallery of found children, the decisions side: a station's request or withdrawal arrives
with its push, a national operator approves or withdraws, and a reunion or a void removes the
child in the transaction that brings the case's new status.

Every step is written to ``gallery_decisions`` with who and why (the station's user and legal
basis, the operator's name and reason). Nothing is shown to the public before an operator's
approval, and any change of the published fields sends the child back to the operator.
Called inside the caller's transaction (push, CLI, console), from any request thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import gallery as rules
from app.core import regions
from app.sync import gallery_records, protocol
from server.services import attachments, gallery_photos, station_contacts
from server.services.deliveries import deliver
from server.services.errors import Conflict, NotFound
from server.storage.public_tables import (
    PUBLISHED,
    REMOVED,
    REQUESTED,
    WITHDRAWN,
    GalleryDecision,
    GalleryEntry,
    GalleryPhoto,
)
from server.storage.tables import Record, Station, as_utc, utcnow
from server.storage.transfer_tables import COMPLETED, CaseTransfer

log = logging.getLogger("xunren.server.gallery")
ACTIVE = (REQUESTED, PUBLISHED)


def case_is_open(status: str | None) -> bool:
    """Whether a case in *status* may stay in the gallery: not closed (a reunion), not voided,
    not waiting for a void or a closure."""
    value = (status or "").strip().lower()
    return protocol.coarse_status(value) != "closed" and not value.startswith(("void", "close"))


def payload_problem(record_id: str, payload: dict[str, Any]) -> str | None:
    """Why a pushed publication payload is refused (``invalid``), or None."""
    try:
        request = gallery_records.PublicationRequest.from_payload(payload)
    except protocol.ProtocolError as exc:
        return exc.detail
    case_no = protocol.case_of(record_id)
    if record_id != gallery_records.record_id(case_no, request.person):
        return "a publication record id is derived from its case number and person"
    if request.child is not None and request.child.reference != rules.reference_of(case_no, request.person):
        return "the gallery reference is derived from the case number and person"
    return None


_NATIONAL = {
    "approved": gallery_records.PUBLISHED,
    "withdrawn": gallery_records.WITHDRAWN,
    "removed": gallery_records.REMOVED,
}


def _decide(session: Session, entry: GalleryEntry, action: str, actor: str, reason: str) -> None:
    at = utcnow()
    session.add(GalleryDecision(entry_id=entry.id, action=action, actor=actor[:140], reason=reason, at=at))
    if action in _NATIONAL:
        _tell_station(session, entry, _NATIONAL[action], actor, reason, at)


def _tell_station(
    session: Session, entry: GalleryEntry, state: str, actor: str, reason: str, at: datetime
) -> None:
    """Deliver the decision to the owning station on its next pull, in the same transaction,
    so the station learns its child is published, withdrawn or removed."""
    session.flush()
    count = session.scalar(select(func.count(GalleryDecision.id)).where(GalleryDecision.entry_id == entry.id))
    held = session.scalar(select(Record.payload).where(Record.record_id == entry.record_id))
    asked = json.loads(held) if held else {}
    decision = gallery_records.NationalDecision(
        case_no=entry.case_no,
        reference=entry.reference,
        state=state,
        by=actor[:160],
        reason=reason[: gallery_records.MAX_REASON],
        at=at.isoformat(),
        answers=str(asked.get("at", ""))[:40] if asked.get("state") == gallery_records.REQUESTED else "",
        person=entry.person,
    )
    deliver(
        session,
        [entry.station_id],
        gallery_records.DECISION_KIND,
        gallery_records.DECISION_RECORD_TYPE,
        entry.record_id,
        int(count or 1),
        decision.to_payload(),
    )


def after_push(session: Session, station_code: str, applied: Iterable[protocol.Change]) -> None:
    """Bring the gallery up to date with a station's applied changes, in their order: a request
    or withdrawal of publication, and case status changes that remove a child; then the phone of
    a child whose case changed hands follows its holder's (:func:`_follow_holder_phone`)."""
    phones: dict[str, str] = {}
    for change in applied:
        if change.record_type == gallery_records.RECORD_TYPE:
            _publication(session, station_code, change)
        elif change.record_type == "case" and case_is_open(change.payload.get("status")):
            # a new case (base 0) has no child in the gallery yet: registrations cost nothing here
            phone = _contact_phone(change.payload) if change.base_revision > 0 else ""
            if phone:
                phones[change.record_id] = phone
        elif change.record_type == "case":
            # every found child of the case leaves the gallery with it
            for entry in session.scalars(
                select(GalleryEntry).where(GalleryEntry.case_no == change.record_id).order_by(GalleryEntry.id)
            ).all():
                if entry.state in ACTIVE:
                    status = str(change.payload.get("status"))
                    entry.state, entry.updated_at = REMOVED, utcnow()
                    _decide(session, entry, "removed", f"station {station_code}", f"case status {status}")
    if phones:
        _follow_holder_phone(session, phones)


def _publication(session: Session, station_code: str, change: protocol.Change) -> None:
    request = gallery_records.PublicationRequest.from_payload(change.payload)  # checked by the push
    case_no = protocol.case_of(change.record_id)
    actor = f"station {station_code} / {request.by}"
    entry = session.scalar(select(GalleryEntry).where(GalleryEntry.record_id == change.record_id))
    if request.state == gallery_records.WITHDRAWN:
        if entry is not None and entry.state in ACTIVE:
            entry.state, entry.updated_at = WITHDRAWN, utcnow()
            _decide(session, entry, "withdrawn", actor, request.reason)
        return
    case = session.execute(
        select(Record.case_type, Record.status, Record.owner_station_id).where(Record.record_id == case_no)
    ).first()
    child = request.child
    if case is None or case.case_type != "found" or child is None or request.photo_sha256 is None:
        log.warning("a publication request for a case that is not a found case was ignored")
        return
    now = utcnow()
    fields = {
        "reference": child.reference,
        "station_id": case.owner_station_id,
        "sex": child.sex.value,
        "age_min": child.age_min,
        "age_max": child.age_max,
        "found_on": child.found_on,
        "county_code": child.county_code,
        "province_code": _province(child.county_code),
        "station_phone": child.station_phone,
        "photo_sha256": request.photo_sha256,
        "legal_basis": request.legal_basis,
        "requested_by": request.by[:64],
    }
    if entry is None:
        entry = GalleryEntry(case_no=case_no, record_id=change.record_id, person=request.person, state=REQUESTED,
                             requested_at=now, updated_at=now, **fields)  # fmt: skip
        session.add(entry)
        session.flush()
    else:
        for key, value in fields.items():
            setattr(entry, key, value)
        entry.state, entry.requested_at, entry.updated_at, entry.published_at = REQUESTED, now, now, None
    _decide(session, entry, "requested", actor, request.legal_basis)
    if not case_is_open(case.status):
        entry.state = REMOVED
        _decide(session, entry, "removed", actor, f"case status {case.status}")
        return
    with contextlib.suppress(gallery_photos.PhotoUnusable):
        _prepare_photo(session, entry)  # else prepared at approval, when the photo has arrived


def _contact_phone(payload: Any) -> str:
    """The phone a case record's ``station_contact`` names (the station that pushed it), when it
    is one the public may be given; else empty."""
    contact = payload.get("station_contact") if isinstance(payload, dict) else None
    return _public_phone(contact.get("phone") if isinstance(contact, dict) else None)


def _public_phone(phone: object) -> str:
    """*phone* when it is one the public may be given; else empty."""
    phone = phone.strip() if isinstance(phone, str) else ""
    return phone if rules.PHONE_RE.match(phone) else ""


def _follow_holder_phone(session: Session, phones: dict[str, str]) -> None:
    """The public calls the station holding a child's case (issue 14): a case that changed hands
    shows the phone its holder's push of the case names (*phones*: case number → phone). A case
    never handed over keeps the phone its station asked with and the operator approved. One query
    for the batch, a second only when a child's phone differs."""
    entries = [
        e
        for e in session.scalars(
            select(GalleryEntry).where(
                GalleryEntry.case_no.in_(sorted(phones)), GalleryEntry.state.in_(ACTIVE)
            )
        ).all()
        if e.station_phone != phones[e.case_no]
    ]
    if not entries:
        return
    handed = set(
        session.scalars(
            select(CaseTransfer.case_no).where(
                CaseTransfer.case_no.in_(sorted({e.case_no for e in entries})),
                CaseTransfer.state == COMPLETED,
            )
        )
    )
    for entry in entries:
        if entry.case_no in handed:
            entry.station_phone = phones[entry.case_no]


TRANSFERRED = "transferred"  # a decision row's action: the case, and its children, changed hands


def follow_transfer(session: Session, case_no: str, from_station_id: int, to_station_id: int) -> None:
    """The case's found children follow it to the station that holds it now (issue 14), in the
    transaction that completes the transfer: the public's tips and the operator's decisions go
    to the holder from now on, and the holder is sent each child's national standing (the newest
    decision the operator or a station made since the last request), which the handing-over
    station was told, so that its register shows the child published or withdrawn and it can
    withdraw it. Each entry's move is written to ``gallery_decisions``.

    The public page's phone: the holder's, when the server knows it from the holder's own case
    records (:func:`_holder_phone`); else the handing-over station's stays until the holder's
    next push of the case names its phone (:func:`_follow_holder_phone`), as a child alert does.
    A phone is never blanked: the public must be able to call someone, and the station that
    handed the case over still answers and knows where it went (its transfer list names the
    holder). What the operator approved about the child (photo, age, sex, place and day found)
    is unchanged and the number is a police station's, read from that station's own records, so
    the child is not sent back to the operator for it.
    """
    entries = session.scalars(
        select(GalleryEntry)
        .where(GalleryEntry.case_no == case_no)
        .order_by(GalleryEntry.id)
        .with_for_update()
    ).all()
    if not entries:
        return
    rows = session.execute(
        select(Station.id, Station.code).where(Station.id.in_([from_station_id, to_station_id]))
    )
    codes: dict[int, str] = {sid: code for sid, code in rows}
    phone = _holder_phone(session, to_station_id, codes.get(to_station_id, ""))
    at = utcnow()
    for entry in entries:
        entry.station_id = to_station_id
        if phone:
            entry.station_phone = phone
        session.add(GalleryDecision(entry_id=entry.id, action=TRANSFERRED, at=at,
                                    actor=f"station {codes.get(to_station_id, '')}",
                                    reason=f"case transferred from station {codes.get(from_station_id, '')}"))  # fmt: skip
        latest = session.scalar(
            select(GalleryDecision)
            .where(GalleryDecision.entry_id == entry.id, GalleryDecision.action != TRANSFERRED)
            .order_by(GalleryDecision.id.desc())
            .limit(1)
        )
        # no decision since the last request: the request the holder's register takes over says it
        if latest is not None and latest.action in _NATIONAL:
            _tell_station(
                session, entry, _NATIONAL[latest.action], latest.actor, latest.reason, as_utc(latest.at)
            )


def _holder_phone(session: Session, station_id: int, code: str) -> str:
    """The station's phone as the server last heard it from the station itself, one the public
    may be given (station_contacts.own_contacts: the contact of its newest own cases it holds
    and pushed itself; a case handed over carries the contact of whichever station pushed it
    last); empty when it pushed none. Reads a few of the station's records by index, never the
    register."""
    known = station_contacts.own_contacts(
        session, {station_id: code}, usable=lambda c: bool(_public_phone(c.phone))
    )
    contact = known.get(station_id)
    return _public_phone(contact.phone) if contact is not None else ""


def _province(county_code: str) -> str:
    province = regions.province_of(county_code)
    return province.code if province is not None else county_code[:2] + "0000"


def _prepare_photo(session: Session, entry: GalleryEntry) -> None:
    held = session.get(GalleryPhoto, entry.id)
    if held is not None and held.source_sha256 == entry.photo_sha256:
        return
    # the holder's own upload, or the one of the station that handed the case over (issue 14)
    record = attachments.photo_record(session, entry.station_id, entry.case_no, entry.photo_sha256)
    uploader = (
        entry.station_id
        if record is None
        else attachments.served_uploader(session, record, entry.photo_sha256)
    )
    if uploader is None:
        raise gallery_photos.PhotoUnusable("the photo has not fully reached the server yet")
    jpeg, width, height = gallery_photos.publishable_jpeg(
        gallery_photos.source_bytes(session, uploader, entry.photo_sha256)
    )
    etag = hashlib.sha256(jpeg).hexdigest()[:32]
    if held is None:
        session.add(
            GalleryPhoto(
                entry_id=entry.id,
                source_sha256=entry.photo_sha256,
                jpeg=jpeg,
                etag=etag,
                width=width,
                height=height,
            )
        )
    else:
        held.source_sha256, held.jpeg, held.etag, held.width, held.height = (
            entry.photo_sha256,
            jpeg,
            etag,
            width,
            height,
        )


def find(session: Session, ident: str) -> GalleryEntry:
    """An entry by its number (``gallery list``) or its reference; NotFound otherwise."""
    ident = ident.strip()
    if ident.isdigit() and len(ident) < 10:
        entry = session.get(GalleryEntry, int(ident), with_for_update=True)
    else:
        reference = rules.normalize_reference(ident)
        entry = (
            session.scalar(select(GalleryEntry).where(GalleryEntry.reference == reference).with_for_update())
            if reference
            else None
        )
    if entry is None:
        raise NotFound("unknown_gallery_entry", "there is no such gallery entry")
    return entry


def approve(session: Session, ident: str, by: str, note: str = "") -> GalleryEntry:
    """Publish a requested child (an operator's decision). Refuses an entry that is not waiting,
    whose case is no longer open, whose station was revoked, or whose photo has not arrived."""
    entry = find(session, ident)
    if entry.state != REQUESTED:
        raise Conflict("gallery_not_requested", f"the entry is {entry.state}, not waiting for approval")
    case = session.execute(
        select(Record.status, Station.revoked_at)
        .join(Station, Station.id == Record.owner_station_id)
        .where(Record.record_id == entry.case_no)
    ).first()
    if case is None or not case_is_open(case.status):
        raise Conflict("gallery_case_not_open", "the case is closed or void")
    if case.revoked_at is not None:
        raise Conflict("gallery_station_revoked", "the station was revoked")
    try:
        _prepare_photo(session, entry)
    except gallery_photos.PhotoUnusable as exc:
        raise Conflict("gallery_photo_missing", str(exc)) from None
    entry.state, entry.published_at = PUBLISHED, utcnow()
    entry.updated_at = entry.published_at
    _decide(session, entry, "approved", f"operator {by}", note or entry.legal_basis)
    return entry


def withdraw(session: Session, ident: str, by: str, reason: str) -> GalleryEntry:
    """Take a child off the gallery at once (an operator's decision); a request is refused the
    same way. Never refused for a missing reason: removing a child must not wait on words."""
    entry = find(session, ident)
    if entry.state in ACTIVE:
        entry.state, entry.updated_at = WITHDRAWN, utcnow()
        _decide(session, entry, "withdrawn", f"operator {by}", reason)
    return entry


@dataclass(frozen=True)
class EntryView:
    """A gallery entry as the operator sees it (CLI, console): never shown to the public."""

    id: int
    reference: str
    state: str
    station: str
    case_no: str
    requested_by: str
    requested_at: str
    legal_basis: str
    photo_ready: bool
    sex: str
    age: str
    found_on: str
    county_code: str
    station_phone: str
    person: int | None = None  # a further found child's position in the case; None: the first

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def list_entries(session: Session, states: tuple[str, ...] = ACTIVE, limit: int = 1000) -> list[EntryView]:
    """Entries in the given states, requests first, then the newest."""
    rows = session.execute(
        select(GalleryEntry, Station.code, GalleryPhoto.entry_id)
        .join(Station, Station.id == GalleryEntry.station_id)
        .outerjoin(GalleryPhoto, GalleryPhoto.entry_id == GalleryEntry.id)
        .where(GalleryEntry.state.in_(states))
        .order_by((GalleryEntry.state != REQUESTED), GalleryEntry.updated_at.desc(), GalleryEntry.id.desc())
        .limit(limit)
    ).all()
    return [
        EntryView(
            id=e.id,
            reference=e.reference,
            state=e.state,
            station=code,
            case_no=e.case_no,
            requested_by=e.requested_by,
            requested_at=e.requested_at.isoformat(),
            legal_basis=e.legal_basis,
            photo_ready=photo is not None,
            sex=e.sex,
            age="" if e.age_min is None else f"{e.age_min}-{e.age_max}",
            found_on=e.found_on.isoformat(),
            county_code=e.county_code,
            station_phone=e.station_phone,
            person=e.person,
        )
        for e, code, photo in rows
    ]


def decisions(session: Session, entry_id: int) -> list[dict[str, Any]]:
    """Every decision about one entry, oldest first: ``{"action", "actor", "reason", "at"}``."""
    rows = session.scalars(
        select(GalleryDecision).where(GalleryDecision.entry_id == entry_id).order_by(GalleryDecision.id)
    )
    return [{"action": d.action, "actor": d.actor, "reason": d.reason, "at": d.at.isoformat()} for d in rows]
