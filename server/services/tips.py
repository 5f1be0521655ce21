"""Tips from the public ("I may know this child"): checked, limited, and delivered to the station
that owns the child's case on its next pull.

A tip's words (name, phone, what the person knows) are kept only in the owning station's pull
item; the ``tips`` table records that one arrived, for the operator's counts. Limits: a tip per
address at most :data:`PER_ADDRESS` times in ten minutes (counted in the shared limiter table,
so every server process agrees) and at most :data:`PER_CHILD_PER_DAY` a day per child, so that
nobody can bury a station in tips. Any request thread.
"""

from __future__ import annotations

import hashlib
import time
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core import gallery as rules
from app.sync import tip_records
from server.services.deliveries import deliver, deliver_many
from server.services.errors import NotFound, TooManyRequests, Unprocessable
from server.services.meta import server_time
from server.storage.bulk import written
from server.storage.public_tables import PUBLISHED, GalleryEntry, TipReceived
from server.storage.tables import JournalEntry, VerifyWindow, utcnow

PER_ADDRESS = 5  # tips per address in ten minutes
WINDOW_MINUTES = 10
PER_CHILD_PER_DAY = 200


@dataclass(frozen=True)
class TipForm:
    """What the person typed, already decoded as text."""

    name: str
    phone: str
    message: str
    lang: str


def clean(text: str, limit: int, *, multiline: bool = False) -> str:
    """The text without control characters (newlines kept where *multiline*), trimmed; raises
    Unprocessable (``too_long``) beyond *limit* characters."""
    kept = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "\r\n\t" and multiline:
            kept.append("\n" if ch != "\t" else " ")
        elif unicodedata.category(ch)[0] != "C":
            kept.append(ch)
    out = "".join(kept).strip()
    if len(out) > limit:
        raise Unprocessable("too_long", str(limit))
    return out


def check(form: TipForm) -> TipForm:
    """The form's fields cleaned; Unprocessable naming the first bad field (``field:problem``)."""
    name = clean(form.name, tip_records.MAX_NAME)
    phone = clean(form.phone, tip_records.MAX_PHONE)
    message = clean(form.message, tip_records.MAX_MESSAGE, multiline=True)
    if not message:
        raise Unprocessable("message", "empty")
    if phone and rules.PHONE_RE.match(phone) is None:
        raise Unprocessable("phone", "format")
    if not phone:
        raise Unprocessable("phone", "empty")
    return TipForm(name, phone, message, form.lang if form.lang in tip_records.LANGS else "zh_CN")


def _count(session: Session, key: str) -> int:
    """One more hit for *key* in this minute; returns the hits of the last WINDOW_MINUTES."""
    minute = int(time.time() // 60)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(VerifyWindow).values(client_key=key, minute=minute, hits=1)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["client_key", "minute"], set_={"hits": VerifyWindow.hits + 1}
        )
    )
    total = session.scalar(
        select(func.sum(VerifyWindow.hits)).where(
            VerifyWindow.client_key == key, VerifyWindow.minute > minute - WINDOW_MINUTES
        )
    )
    return int(total or 0)


def count_attempt(session: Session, client_address: str) -> None:
    """Count one tip attempt from the address (before its body is even read, so malformed ones
    count too); TooManyRequests past :data:`PER_ADDRESS` in ten minutes. Commit it on its own."""
    key = hashlib.sha256(b"xunren-tip\x00" + client_address.encode()).hexdigest()
    if _count(session, key) > PER_ADDRESS:
        raise TooManyRequests("rate_limited", "too many tips from this address", 60 * WINDOW_MINUTES)


def submit(session: Session, reference: str, form: TipForm) -> None:
    """Deliver a tip about the published child *reference* to its owning station (after
    :func:`count_attempt`).

    Raises NotFound when no published child has that reference (withdrawn ones included),
    TooManyRequests past the child's daily limit, Unprocessable for a bad field (then nothing
    is written). The caller commits.
    """
    tip = check(form)
    canon = rules.normalize_reference(reference)
    entry = (
        session.scalar(
            select(GalleryEntry)
            .where(GalleryEntry.reference == canon, GalleryEntry.state == PUBLISHED)
            # a transfer completing at this moment moves the entry to the new holder: the tip goes
            # to the station that holds the child when it is kept, or the transfer hands it over
            .with_for_update()
        )
        if canon
        else None
    )
    if entry is None:
        raise NotFound("unknown_child", "no published child has this reference")
    since = utcnow() - timedelta(days=1)
    today = session.scalar(
        select(func.count()).where(TipReceived.entry_id == entry.id, TipReceived.received_at > since)
    )
    if int(today or 0) >= PER_CHILD_PER_DAY:
        raise TooManyRequests("child_busy", "this child has had many tips today", 3600)
    record_id = tip_records.new_record_id(entry.case_no)
    delivery = tip_records.TipDelivery(
        record_id=record_id,
        case_no=entry.case_no,
        reference=entry.reference,
        name=tip.name,
        phone=tip.phone,
        message=tip.message,
        received_at=server_time(),
        lang=tip.lang,
    )
    session.add(TipReceived(entry_id=entry.id, record_id=record_id, received_at=utcnow()))
    deliver(
        session,
        [entry.station_id],
        tip_records.KIND,
        tip_records.RECORD_TYPE,
        record_id,
        1,
        delivery.to_payload(),
    )


def given_statement(record_ids: list[str]) -> Select[int, int | None, str, str | None]:
    """(seq, station, tip id, payload) of every pull item of the tips *record_ids*: read by the
    tips' own index (``ix_journal_tips``), never by walking a station's pull (every alert it was
    ever sent); a tip has an item for each station it was given to, a few at most."""
    return select(
        JournalEntry.seq, JournalEntry.audience_station_id, JournalEntry.record_id, JournalEntry.payload
    ).where(JournalEntry.kind == written(tip_records.KIND), JournalEntry.record_id.in_(record_ids))


def follow_transfer(session: Session, case_no: str, from_station_id: int, to_station_id: int) -> int:
    """The tips the public gave about the case's published children before it was transferred
    (issue 14), given to the station that holds it now, in the transaction that completes the
    transfer: the holder follows the children up, and a lead the station handing the case over
    was given must not stay with it only. The same tip ids and words as it was given them (a
    station that holds a tip already is not given it again: a case handed back and forth does not
    grow the journal). Returns how many were given."""
    entries = select(GalleryEntry.id).where(GalleryEntry.case_no == case_no)
    record_ids = list(session.scalars(select(TipReceived.record_id).where(TipReceived.entry_id.in_(entries))))
    if not record_ids:
        return 0
    items = session.execute(given_statement(record_ids)).all()
    held = {record_id for _seq, station_id, record_id, _p in items if station_id == to_station_id}
    given: dict[str, tuple[int, str]] = {}  # one item a tip (a tip handed on before came twice)
    for seq, station_id, record_id, payload in sorted(items, key=lambda i: i[0]):
        if station_id == from_station_id and payload is not None and record_id not in held:
            given.setdefault(record_id, (seq, payload))
    deliver_many(
        session,
        [([to_station_id], tip_records.KIND, tip_records.RECORD_TYPE, record_id, 1, payload)
         for record_id, (_seq, payload) in sorted(given.items(), key=lambda g: g[1][0])],
    )  # fmt: skip
    return len(given)
