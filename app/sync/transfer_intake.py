"""Transfers pulled from the server, applied in the transaction that stores the pulled page
(issue 14): the request arrives at the receiving station; a decline or a withdrawal ends it at
both (the server's word over what a station did itself, in a race); the completion makes the sending
station's copy read-only and writes the case, its persons, samples, profiles, chain of
custody and gallery publications into the receiving station's register, with the server's
revision of each record (its next change of each is based on it). A sending station rebuilt from
the server after a lost disk writes its read-only copy from the same completion.

Called by the sync engine and by the USB bundle's answer on the unit of work's cursor; the
audit entries follow in the service (``app.services.transfers.audit_transfers``), which reads
what changed here. Photos travel as records only: their bytes are fetched after the sync
(``app.services.transfer_photos``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from app.core.lifecycle import ReviewState
from app.core.transfer import TransferDirection, TransferState, may_move
from app.core.validation import read_stored_case
from app.storage import case_repository, sync_queries
from app.storage import transfer_repository as repo
from app.storage.audit import now_utc
from app.storage.cursor import Cursor
from app.sync import gallery_records, transfer_records
from app.sync.gallery_intake import keep_publication
from app.sync.protocol.cases import CaseRecord
from app.sync.protocol.photos import PhotoRecord
from app.sync.protocol.samples import CustodyRecord, ProfileRecord, SampleRecord
from app.sync.transfer_records import HeldRecord, TransferDelivery

PulledRow = tuple[int, str, str, str, int, dict[str, Any]]


def apply_pulled(c: Cursor, items: Iterable[PulledRow]) -> int:
    """Apply the transfer items among *items*; returns how many changed a transfer here."""
    transfers = [i for i in items if i[1] == transfer_records.KIND]
    if not transfers:
        return 0
    own = repo.station_code(c)
    ours = [
        d
        for _seq, _kind, _rtype, record_id, _revision, payload in transfers
        if (d := TransferDelivery.from_payload(record_id, payload)) is not None
        and own in (None, d.from_station, d.to_station)
    ]
    last = {d.transfer_id: at for at, d in enumerate(ours)}  # a transfer's newest word in the page
    return sum(_apply(c, own, d, newest=last[d.transfer_id] == at) for at, d in enumerate(ours))


def _direction(own: str | None, kept: repo.StoredTransfer | None, d: TransferDelivery) -> TransferDirection:
    """Which side of the transfer this station is (an item is only ever pulled by one of them)."""
    if kept is not None:
        return TransferDirection(kept.direction)
    if own is not None:
        return TransferDirection.INCOMING if d.to_station == own else TransferDirection.OUTGOING
    # Only the receiving station is sent the request, or records.
    incoming = d.state is TransferState.AWAITING_RECEIVER or bool(d.records)
    return TransferDirection.INCOMING if incoming else TransferDirection.OUTGOING


def _apply(c: Cursor, own: str | None, d: TransferDelivery, *, newest: bool = True) -> int:
    kept = repo.get(c, d.transfer_id)
    direction = _direction(own, kept, d)
    if kept is None:
        repo.add(c, repo.StoredTransfer(
            id=d.transfer_id, case_no=d.case_no, direction=direction.value, state=d.state.value,
            from_station=d.from_station, from_name=d.from_name, to_station=d.to_station, to_name=d.to_name,
            reason=d.reason, case_type=d.case_type, names=d.names, requested_by=d.requested_by,
            requested_at=d.requested_at, approved_by=d.approved_by or None, approved_at=None,
            accepted_by=d.accepted_by or None, accepted_at=None, completed_at=d.completed_at or None,
            audited_state="", ended_by=d.ended_by or None, end_reason=d.end_reason or None,
        ))  # fmt: skip
    elif not may_move(TransferState(kept.state), d.state):
        return _word_lost(c, kept, d) if newest else 0
    else:
        # who ended it and why, as the server says: none once it completed (a withdrawal or a
        # decline made here that lost the race is refused and shown in the sync problems)
        final = d.state in transfer_records.END_OUTCOMES or d.state is TransferState.COMPLETED
        repo.update(c, d.transfer_id, state=d.state.value, from_name=d.from_name, to_name=d.to_name,
                    case_type=d.case_type, names=d.names, accepted_by=d.accepted_by or kept.accepted_by,
                    completed_at=d.completed_at or None,
                    ended_by=(d.ended_by or None) if final else kept.ended_by,
                    end_reason=(d.end_reason or None) if final else kept.end_reason)  # fmt: skip
    if d.state is TransferState.COMPLETED and direction is TransferDirection.INCOMING:
        _take_over(c, d)
    elif d.state is TransferState.COMPLETED:
        repo.close_waiting_reviews(c, d.case_no, d.completed_at or now_utc())
        _keep_copy(c, d)
    return 1


def _word_lost(c: Cursor, kept: repo.StoredTransfer, d: TransferDelivery) -> int:
    """The server's newest word on the transfer (in this page) is that it awaits the receiving
    station, which holds it accepted or declined by its own word, and that word was refused: a
    server restored from a backup older than the request refused it when the station sent it
    before the sending station had sent its request again (nothing else makes a server show a
    transfer awaiting after refusing the receiving station's word on it). Now that the request
    is back, the word goes again by itself (with an acceptance, the changes to the case the server
    had acknowledged before it lost them and refused since as another station's); audited as
    ``transfer.resent``. Returns 1 when it did."""
    if d.state is not TransferState.AWAITING_RECEIVER or kept.direction != TransferDirection.INCOMING.value:
        return 0
    if kept.state in (TransferState.COMPLETED.value, TransferState.ACCEPTED.value):
        sent = repo.send_word_again(c, transfer_records.accept_id(d.transfer_id), d.case_no, now_utc())
    elif kept.state == TransferState.DECLINED.value:
        sent = repo.send_word_again(c, transfer_records.end_id(d.transfer_id), None, now_utc())
    else:
        return 0
    if not sent:
        return 0
    repo.update(c, d.transfer_id, audited_state=repo.RESENT_AUDIT)
    return 1


def _keep_copy(c: Cursor, d: TransferDelivery) -> None:
    """The read-only copy a sending station keeps, written from the case as it was handed over
    when the register lacks it or holds an older state of any of its records: a station that
    lost its disk and was rebuilt from the server (the server's records of the case are the
    holder's now; one that had itself taken the case over, or had it back, was given it as it
    was then by the earlier transfer's item). A station that kept its register holds every
    record as it handed it over (at the revision the server acknowledged) and is left as it is."""
    if not any(r.record_id == d.case_no for r in d.records):
        return
    if case_repository.case_id_of_cursor(c, d.case_no) is None or any(
        sync_queries.acknowledged_revision(c, r.record_id) < r.revision for r in d.records
    ):
        _write_case(c, d, _by_type(d))


def _by_type(d: TransferDelivery) -> dict[str, list[HeldRecord]]:
    by_type: dict[str, list[HeldRecord]] = {}
    for r in d.records:
        by_type.setdefault(r.record_type, []).append(r)
    return by_type


def _take_over(c: Cursor, d: TransferDelivery) -> None:
    """Write the transferred case into the register and keep the server's revisions."""
    if repo.held_here(c, d.case_no) and any(
        sync_queries.acknowledged_revision(c, r.record_id) > r.revision for r in d.records
    ):
        # Pulled again (a rebuilt station's pull from the start, a server restored from its
        # backup): the register holds a later state of the case than the one handed over (the
        # case, or only one of its samples, profiles or photos), which is never written back
        # over it.
        return
    by_type = _by_type(d)
    record = _write_case(c, d, by_type)
    if record is None:
        return
    if record.review is ReviewState.PENDING:
        note = f"移交自 {d.from_station} {d.from_name}".strip()
        repo.queue_registration_review(c, d.case_no, record.officer, record.created_at or now_utc(), note)
    # a found child the station that handed the case over asked to publish: the holder's now
    for r in by_type.get(gallery_records.RECORD_TYPE, []):
        keep_publication(c, d.case_no, gallery_records.PublicationRequest.from_payload(r.payload))


def _write_case(c: Cursor, d: TransferDelivery, by_type: Mapping[str, list[HeldRecord]]) -> CaseRecord | None:
    """The case of *d* as it was handed over written into the register (its persons, samples,
    profiles and chain of custody; its photos' records, their bytes fetched after the sync), each
    record kept at the server's revision; the case record, or None when *d* holds none."""
    held = next((r for r in by_type.get("case", []) if r.record_id == d.case_no), None)
    if held is None:
        return None
    record = CaseRecord.read(held.payload)
    case = read_stored_case(dict(record.document))
    closure = record.closure
    received = repo.ReceivedCase(
        case_no=d.case_no, case=case, document=_json(record.document), status=record.status.value,
        review=record.review.value, officer=record.officer, assigned_to=record.assigned_to,
        created_at=record.created_at, verification_code=d.verification_code, void_reason=record.void_reason,
        review_comment=record.review_comment,
        closure=None if closure is None
        else (closure.outcome.value, closure.reason, closure.closed_at, closure.approved_by),
        thread=tuple((t.at, t.by, t.event, t.text) for t in record.thread),
        revisions=tuple((v.revision, v.at, v.by, v.reason, v.fields) for v in record.revisions),
        revision=held.revision,
    )  # fmt: skip
    profiles = {}
    for r in by_type.get("profile", []):
        p = ProfileRecord.read(r.payload)
        profiles[p.sample_no] = _json(p.profile)
    samples = _samples(case, [SampleRecord.read(r.payload) for r in by_type.get("sample", [])], profiles)
    custody: list[tuple[str, dt.datetime, str, str, str]] = []
    for r in by_type.get("custody", []):
        k = CustodyRecord.read(r.payload)
        at = _time(k.at)
        if at is not None:
            custody.append((k.sample_no, at, k.from_party, k.to_party, k.purpose))
    repo.take_case(c, received, samples, sorted(custody, key=lambda e: e[1]), recorded_by=d.from_station)
    repo.keep_received(c, [(r.record_type, r.record_id, r.revision) for r in d.records])
    for r in by_type.get("photo", []):  # their bytes are fetched after the sync (services.transfer_photos)
        photo = PhotoRecord.read(r.payload)
        person = -1 if photo.person == "reporter" else int(photo.person)
        repo.keep_photo(c, r.record_id, d.case_no, photo.sha256, photo.mime, photo.width, photo.height, photo.size,
                        person, photo.created_at or d.completed_at)  # fmt: skip
    return record


def _samples(
    case: Any, records: list[SampleRecord], profiles: Mapping[str, str]
) -> list[repo.ReceivedSample]:
    """Each sample record placed at its holder's sample in the document (by type and time)."""
    holders = {-1: case.reporter, **dict(enumerate(case.persons))}
    used: set[tuple[int, int]] = set()
    out: list[repo.ReceivedSample] = []
    for s in records:
        position = -1 if s.person == "reporter" else int(s.person)
        holder = holders.get(position)
        if holder is None:
            continue
        for index, sample in enumerate(holder.samples):
            same = sample.type.value == s.sample.get("type") or str(sample.type) == s.sample.get("type")
            at = _time(str(s.sample.get("collected_at", "")))
            if (position, index) in used or not same or at is None or sample.collected_at != at:
                continue
            used.add((position, index))
            out.append(repo.ReceivedSample(position, index, s.sample_no, sample, s.status.value,
                                           profiles.get(s.sample_no)))  # fmt: skip
            break
    return out


def _time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _json(value: Mapping[str, Any]) -> str:
    import json

    return json.dumps(dict(value), ensure_ascii=False, separators=(",", ":"))
