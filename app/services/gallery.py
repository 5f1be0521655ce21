"""The national gallery of found children, from the station: a supervisor asks to publish a found
child (or withdraws the request), and the tips from the public arrive as work to follow up.

A request carries only the published fields (:func:`app.core.gallery.published_child`: photo,
estimated age, sex, county and day found, the station's phone, the reference) and the legal
basis; it is queued in the outbox in the transaction that records it, and a national operator
decides on the server. Audits ``gallery.request``, ``gallery.withdraw``, ``tip.received`` (once
per tip, when it is taken from the pulled items) and ``tip.followed_up``. Runs on the store's
owning thread (the CLI's main thread, the desktop's database worker); :func:`import_tips` takes
a *writer* like the sync engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from app.core import gallery as rules
from app.core.model import AccountRole, CaseStatus, RegisteredCase
from app.services.errors import ServiceError
from app.services.session import Session
from app.services.transfers import refuse_if_held_elsewhere
from app.storage import case_repository as cases_repo
from app.storage import epoch_change, outbox
from app.storage import gallery_repository as repo
from app.storage import photo_repository as photos_repo
from app.storage import sync_state as st
from app.storage.audit import now_utc
from app.storage.gallery_repository import Publication as Publication
from app.storage.gallery_repository import Tip as Tip
from app.storage.store import UnitOfWork, Writer
from app.storage.sync_queries import next_base
from app.sync import gallery_records, tip_records

TIP_CURSOR = epoch_change.TIP_POSITION
MAX_NOTE = 1000

GALLERY_MESSAGES: dict[str, tuple[str, str]] = {
    # issue 18: the gallery of found children and tips from the public
    "gallery_not_found_case": ("只有发现类案件可以申请公开寻亲", "only a found-person case can be published in the gallery"),
    "gallery_no_subject": ("此案件没有被发现人", "this case has no found person"),
    "gallery_no_place": ("缺少发现地的行政区划代码：请先补录发现地", "the place found has no region code: record it first"),
    "gallery_no_phone": ("本站未登记联系电话：请管理员先设置本站电话", "the station has no phone on record: an admin must set it first"),
    "gallery_no_photo": ("被发现人没有照片：请先添加照片", "the found person has no photo: add one first"),
    "gallery_case_closed": ("案件已结案或作废，不能公开", "the case is closed or void and cannot be published"),
    "gallery_basis_required": ("必须填写公开的法律依据", "the legal basis for publication is required"),
    "gallery_text_too_long": ("内容过长（最多 {max} 字）", "too long (at most {max} characters)"),
    "gallery_not_requested": ("此案件没有有效的公开申请", "this case has no publication request to withdraw"),
    "tip_unknown": ("没有这条待跟进的线索", "there is no such tip waiting for follow-up"),
    "tip_note_required": ("请写明跟进情况", "say how the tip was followed up"),
    "tip_held_elsewhere": (
        "这条线索的案件 {case_no} 已移交 {station}（{name}），由该单位跟进，本所不能再记录跟进",
        "the case {case_no} of this tip was handed over to {station} ({name}), which follows it up"
        " now: this station cannot record a follow-up",
    ),
}  # fmt: skip


class GalleryError(ServiceError):
    """A publication or tip step that cannot be done; ``text(lang)`` says why."""

    messages = GALLERY_MESSAGES


@dataclass(frozen=True, slots=True)
class PublicationPreview:
    """Exactly what the public would see of one found child, for the supervisor to check before
    asking. ``index`` is the child's position in ``persons``; ``person`` its gallery key (None for
    the case's first found person, see :func:`app.core.gallery.person_key`)."""

    case_no: str
    child: rules.PublishedChild
    photo: bytes
    photo_sha256: str
    current: Publication | None
    index: int = 0
    person: int | None = None


def _registered(session: Session, case_no: str) -> RegisteredCase:
    with session.store.reader() as conn:
        reg = cases_repo.load_case(conn, case_no)
    if reg is None:
        raise ServiceError("case_unknown", case_no=case_no)
    return reg


def preview(session: Session, case_no: str, index: int | None = None) -> PublicationPreview:
    """What publishing a found child of *case_no* would show (*index* in ``persons``; None: the
    first found person). No audit: nothing leaves the station."""
    reg = _registered(session, case_no)
    if index is None:
        try:
            index = rules.found_subject(reg)
        except rules.NotPublishable as exc:
            raise GalleryError(exc.key) from None
    return _preview(session, reg, index)


def previews(session: Session, case_no: str) -> list[PublicationPreview]:
    """What publishing every found child of *case_no* would show, one preview per child (siblings
    found together are published each on their own), in the order of ``persons``. No audit."""
    reg = _registered(session, case_no)
    try:
        indexes = rules.found_subjects(reg)
    except rules.NotPublishable as exc:
        raise GalleryError(exc.key) from None
    return [_preview(session, reg, index) for index in indexes]


def _preview(session: Session, reg: RegisteredCase, index: int) -> PublicationPreview:
    if reg.status is not CaseStatus.OPEN:
        raise GalleryError("gallery_case_closed")
    try:
        child = rules.published_child(reg, session.station.phone, index)
    except rules.NotPublishable as exc:
        raise GalleryError(exc.key) from None
    key = rules.person_key(reg, index)
    with session.store.reader() as conn:
        listed = [p for p in photos_repo.list_for_case(conn, reg.case_no) if p.person_position == index]
        photo = photos_repo.get(conn, listed[0].id) if listed else None
        current = repo.publication(conn, reg.case_no, key)
    if photo is None:
        raise GalleryError("gallery_no_photo")
    return PublicationPreview(reg.case_no, child, photo.data, photo.sha256, current, index, key)


def _text(value: str, limit: int, empty_key: str) -> str:
    text = value.strip()
    if not text:
        raise GalleryError(empty_key)
    if len(text) > limit:
        raise GalleryError("gallery_text_too_long", max=limit)
    return text


def request_publication(
    session: Session, case_no: str, legal_basis: str, indexes: Sequence[int] | None = None
) -> Publication:
    """Ask the national operators to publish the found children of a case; supervisor or admin.

    *indexes* names the found persons (positions in ``persons``); None asks for every found
    person of the case: siblings found together are each published as a gallery child of their
    own, with their own reference, photo, age and sex. Each child's publication record (its
    published fields, its photo's hash, the legal basis, who and when) is queued and audited
    ``gallery.request`` in one transaction for all of them; one child without a photo refuses
    the whole request. Asking again (after a withdrawal, or with changed fields) sends a new
    revision; the operator decides again. Returns the first child's publication.
    """
    session.require(AccountRole.SUPERVISOR, AccountRole.ADMIN)
    basis = _text(legal_basis, gallery_records.MAX_BASIS, "gallery_basis_required")
    if indexes is None:
        seen = previews(session, case_no)
    else:
        seen = [preview(session, case_no, index) for index in dict.fromkeys(indexes)]
    at = now_utc()

    def store(uow: UnitOfWork) -> None:
        refuse_if_held_elsewhere(uow.cursor, case_no)  # a copy handed over is read-only
        for one in seen:
            request = gallery_records.PublicationRequest(gallery_records.REQUESTED, basis, session.user, at,
                                                         child=one.child, photo_sha256=one.photo_sha256,
                                                         person=one.person)  # fmt: skip
            record_id = gallery_records.record_id(case_no, one.person)
            outbox.enqueue(uow.cursor, gallery_records.RECORD_TYPE, record_id, next_base(uow.cursor, record_id),
                           request.to_payload())  # fmt: skip
            repo.save_request(uow.cursor, case_no, one.child.reference, basis, session.user, at, one.person)
            uow.audit.record(
                session.user, "gallery.request", case_no, detail=f"reference={one.child.reference}"
            )

    session.store.write(store)
    return _publication(session, case_no, seen[0].person)


def withdraw_publication(
    session: Session, case_no: str, reason: str, person: int | None | Literal["all"] = "all"
) -> Publication:
    """Withdraw the station's publication requests of a case (the server takes each child off at
    once when the change arrives); supervisor or admin. *person* is ``"all"`` (every requested
    child of the case, together) or one child's gallery key (:attr:`Publication.person`: None for
    the case's first found person). Audits ``gallery.withdraw`` with the reason, once per child;
    returns the first withdrawn child's publication."""
    session.require(AccountRole.SUPERVISOR, AccountRole.ADMIN)
    why = _text(reason, gallery_records.MAX_REASON, "reason_required")
    asked = [p for p in publications_of(session, case_no) if person == "all" or p.person == person]
    current = [p for p in asked if p.state == gallery_records.REQUESTED]
    if not current:
        raise GalleryError("gallery_not_requested")
    at = now_utc()

    def store(uow: UnitOfWork) -> None:
        refuse_if_held_elsewhere(uow.cursor, case_no)  # a copy handed over is read-only
        for one in current:
            request = gallery_records.PublicationRequest(gallery_records.WITHDRAWN, one.legal_basis, session.user,
                                                         at, reason=why, person=one.person)  # fmt: skip
            record_id = gallery_records.record_id(case_no, one.person)
            outbox.enqueue(uow.cursor, gallery_records.RECORD_TYPE, record_id, next_base(uow.cursor, record_id),
                           request.to_payload())  # fmt: skip
            repo.save_withdrawal(uow.cursor, case_no, session.user, at, why, one.person)
            uow.audit.record(session.user, "gallery.withdraw", case_no,
                             detail=f"reference={one.reference} reason={why}")  # fmt: skip

    session.store.write(store)
    return _publication(session, case_no, current[0].person)


def _publication(session: Session, case_no: str, person: int | None = None) -> Publication:
    found = publication_of(session, case_no, person)
    assert found is not None
    return found


def publication_of(session: Session, case_no: str, person: int | None = None) -> Publication | None:
    """A found child's publication request as the station last sent it (*person*: the child's
    gallery key, None for the case's first found person), or None. Any thread."""
    with session.store.reader() as conn:
        return repo.publication(conn, case_no, person)


def publications_of(session: Session, case_no: str) -> list[Publication]:
    """Every found child of the case the station asked to publish (the first found person
    first). Any thread."""
    with session.store.reader() as conn:
        return repo.publications(conn, case_no)


AWAITING = "awaiting"  # asked, and no operator decided since


@dataclass(frozen=True, slots=True)
class GalleryStanding:
    """Where a found case stands in the national gallery, as the station knows it: its own
    request and the newest national decision it pulled. ``state`` is :data:`AWAITING`,
    ``published``, ``withdrawn`` (by an operator or by the station) or ``removed`` (a reunion or
    a void); ``at``, ``by`` and ``reason`` are those of the decision (or of the request)."""

    case_no: str
    reference: str
    state: str
    at: str
    by: str
    reason: str
    asked: Publication | None
    national: gallery_records.NationalDecision | None

    @property
    def by_kind(self) -> str:
        """``operator`` (a national operator), ``station`` (this station's user) or empty."""
        return _who(self)[0]

    @property
    def by_name(self) -> str:
        return _who(self)[1]

    def to_json(self) -> dict[str, str]:
        return {"reference": self.reference, "state": self.state, "at": self.at, "by": self.by_name,
                "by_kind": self.by_kind, "reason": self.reason}  # fmt: skip


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _who(standing: GalleryStanding) -> tuple[str, str]:
    # the server names who decided as "operator NAME" or "station CODE / user"
    if standing.national is None or standing.state == AWAITING:
        return "station", standing.by
    for kind in ("operator", "station"):
        if standing.by.startswith(kind + " "):
            return kind, standing.by[len(kind) + 1 :]
    return "", standing.by


def standing(session: Session, case_no: str, person: int | None = None) -> GalleryStanding | None:
    """A found child's place in the national gallery (*person*: its gallery key, None for the
    case's first found person), or None when it was never asked for. A decision older than the
    station's latest request is about an earlier request: the new one waits for an operator.
    Any thread; no audit (the case view audits its own reading)."""
    with session.store.reader() as conn:
        asked = repo.publication(conn, case_no, person)
        pulled = repo.national_decision(conn, gallery_records.record_id(case_no, person))
    national = None if pulled is None else gallery_records.NationalDecision.from_payload(*pulled)
    if asked is None and national is None:
        return None
    # A decision names the request it answers; an older server's does not, and then the clocks decide.
    stale = (
        national is not None
        and asked is not None
        and asked.state == gallery_records.REQUESTED
        and (
            national.answers != asked.requested_at
            if national.answers
            else _moment(national.at) < _moment(asked.requested_at)
        )
    )
    if national is not None and not stale:
        return GalleryStanding(case_no, national.reference, national.state, national.at, national.by,
                               national.reason, asked, national)  # fmt: skip
    assert asked is not None
    if asked.state == gallery_records.WITHDRAWN:
        return GalleryStanding(case_no, asked.reference, gallery_records.WITHDRAWN, asked.withdrawn_at or "",
                               asked.withdrawn_by or "", asked.withdraw_reason or "", asked, national)  # fmt: skip
    return GalleryStanding(case_no, asked.reference, AWAITING, asked.requested_at, asked.requested_by,
                           asked.legal_basis, asked, national)  # fmt: skip


def standings(session: Session, case_no: str) -> list[GalleryStanding]:
    """Where each found child of the case the station asked to publish stands in the national
    gallery, the first found person first (siblings found together each have their own). Any
    thread; no audit."""
    found = [standing(session, case_no, p.person) for p in publications_of(session, case_no)]
    return [s for s in found if s is not None]


def import_tips(session: Session, *, writer: Writer | None = None) -> int:
    """Take newly pulled tips into the follow-up list; returns how many were new. Each new tip
    is audited ``tip.received`` (its words stay in the encrypted store, not in the audit)."""
    with session.store.reader() as conn:
        after = int(repo.sync_value(conn, TIP_CURSOR) or 0)
        items = list(repo.pulled_tips(conn, after))
    if not items:
        return 0

    def store(uow: UnitOfWork) -> int:
        added = 0
        for seq, record_id, payload in items:
            tip = tip_records.TipDelivery.from_payload(record_id, payload)
            if tip is None:
                continue
            row = {**tip.to_payload(), "record_id": tip.record_id}
            if repo.add_tip(uow.cursor, seq, row):
                added += 1
                uow.audit.record(
                    session.user, "tip.received", tip.case_no, detail=f"reference={tip.reference}"
                )
        st.put(uow.cursor, TIP_CURSOR, str(items[-1][0]))
        return added

    added: int = (writer or session.store.write)(store)
    return added


def list_tips(session: Session, *, open_only: bool = True) -> list[Tip]:
    """Tips newest first (those waiting for this station's follow-up, or all). A tip of a case
    this station handed over is the holder's work (the server gives it the tips too): never open
    here, and in the list of all it names the holder (``Tip.held_by``); a case taken back makes
    its tips work here again. Audits ``tip.view``: the list shows the public's names and phone
    numbers."""
    import_tips(session)
    with session.store.reader() as conn:
        found = repo.tips(conn, open_only=open_only)

    def audit(uow: UnitOfWork) -> None:
        uow.audit.record(session.user, "tip.view", "", detail=f"shown={len(found)}")

    session.store.write(audit)
    return found


def open_tip_count(session: Session) -> int:
    """How many tips wait for this station's follow-up (the desktop's badge; a handed-over
    case's tips do not). Any thread; no audit."""
    with session.store.reader() as conn:
        return repo.count_open(conn)


def follow_up_tip(session: Session, record_id: str, note: str) -> None:
    """Record how a tip was followed up (who called whom, what came of it); refused for a tip
    whose case this station handed over (its holder follows it up). Audits ``tip.followed_up``
    with the case number."""
    text = _text(note, MAX_NOTE, "tip_note_required")

    def store(uow: UnitOfWork) -> None:
        if not repo.follow_up(uow.cursor, record_id, session.user, now_utc(), text):
            held = repo.tip_held_by(uow.cursor, record_id)
            if held is not None:
                case_no, station, name = held
                raise GalleryError(
                    "tip_held_elsewhere", case_no=case_no, station=station, name=name or station
                )
            raise GalleryError("tip_unknown")
        case_no = record_id.split("/", 1)[0]
        uow.audit.record(session.user, "tip.followed_up", case_no, detail=f"tip={record_id}")

    session.store.write(store)


def find_by_reference(session: Session, typed: str) -> Publication | None:
    """The publication a caller's reference names (a family quoting it on the phone), or None."""
    reference = rules.normalize_reference(typed)
    if reference is None:
        return None
    with session.store.reader() as conn:
        return repo.by_reference(conn, reference)
