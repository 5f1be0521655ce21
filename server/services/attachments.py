"""Photos and other attachments: chunked, resumable upload, every chunk and the whole hashed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.sync import protocol, transfer_records
from server.services import rebuild
from server.services.errors import Conflict, NotFound, TooLarge, Unprocessable
from server.storage.bulk import written
from server.storage.tables import Attachment, AttachmentChunk, JournalEntry, Record, utcnow
from server.storage.transfer_tables import COMPLETED, CaseTransfer


@dataclass(frozen=True)
class UploadStatus:
    sha256: str
    received: list[int]
    complete: bool
    size: int | None


def put_chunk(
    session: Session, station_id: int, sha256: str, index: int, data: bytes, chunk_hash: str
) -> UploadStatus:
    """Store chunk ``index`` of the file ``sha256``; resending an identical chunk is a no-op.

    Refuses a chunk whose bytes do not hash to ``chunk_hash`` (422), a different chunk at an index
    already held, or any chunk after completion (409).
    """
    if len(data) > protocol.MAX_CHUNK_BYTES:
        raise TooLarge("chunk_too_large", f"a chunk holds at most {protocol.MAX_CHUNK_BYTES} bytes")
    if not data:
        raise Unprocessable("empty_chunk", "a chunk holds at least one byte")
    if hashlib.sha256(data).hexdigest() != chunk_hash:
        raise Unprocessable("chunk_hash_mismatch", "the chunk does not match its SHA-256")
    upload = session.get(Attachment, (station_id, sha256))
    if upload is None:
        upload = Attachment(station_id=station_id, sha256=sha256, complete=False, created_at=utcnow())
        session.add(upload)
        session.flush()
    held = session.get(AttachmentChunk, (station_id, sha256, index))
    if held is not None:
        if held.chunk_sha256 != chunk_hash:
            raise Conflict("chunk_differs", "a different chunk is already held at this index")
    elif upload.complete:
        raise Conflict("already_complete", "the attachment is already complete")
    else:
        session.add(
            AttachmentChunk(
                station_id=station_id, sha256=sha256, idx=index, chunk_sha256=chunk_hash, data=data
            )
        )
        session.flush()
    return status(session, station_id, sha256)


def status(session: Session, station_id: int, sha256: str) -> UploadStatus:
    """Which chunks the server holds; 404 when the station never started this upload."""
    upload = session.get(Attachment, (station_id, sha256))
    if upload is None:
        raise NotFound("unknown_attachment", "no upload of this attachment from this station")
    received = session.scalars(
        select(AttachmentChunk.idx)
        .where(AttachmentChunk.station_id == station_id, AttachmentChunk.sha256 == sha256)
        .order_by(AttachmentChunk.idx)
    ).all()
    return UploadStatus(sha256, list(received), upload.complete, upload.size)


def complete(session: Session, station_id: int, sha256: str, chunks: int) -> UploadStatus:
    """Check that chunks 0…chunks-1 are all held and that together they hash to ``sha256``."""
    upload = session.get(Attachment, (station_id, sha256))
    if upload is None:
        raise NotFound("unknown_attachment", "no upload of this attachment from this station")
    if upload.complete:
        return status(session, station_id, sha256)
    base = select(AttachmentChunk).where(
        AttachmentChunk.station_id == station_id, AttachmentChunk.sha256 == sha256
    )
    held = session.scalar(select(func.count()).select_from(base.subquery()))
    if held != chunks or session.get(AttachmentChunk, (station_id, sha256, chunks - 1)) is None:
        raise Conflict("chunks_missing", f"the server holds {held} chunks, not 0…{chunks - 1}")
    digest, size = hashlib.sha256(), 0
    for index in range(chunks):  # one chunk in memory at a time
        part = session.get_one(AttachmentChunk, (station_id, sha256, index))
        digest.update(part.data)
        size += len(part.data)
        session.expunge(part)
    if digest.hexdigest() != sha256:
        raise Unprocessable("hash_mismatch", "the chunks together do not match the attachment's SHA-256")
    upload.complete, upload.size = True, size
    return status(session, station_id, sha256)


def served_uploader(session: Session, record: Record, sha256: str) -> int | None:
    """The station whose complete upload of *sha256* stands for the photo *record* (one naming
    it, owned by the station that holds its case): the owner's own upload, else one by a station
    that handed the case over after the photo record was last written (its transfer completed
    after that: the station held the case until then, so the record is its word, not the
    holder's, issue 14). Naming another station's picture in a photo record of one's own (its hash
    travels in match summaries) finds nothing, however the record came to be. None: no such
    complete upload (yet)."""
    complete = select(Attachment.station_id).where(Attachment.sha256 == sha256, Attachment.complete.is_(True))
    own = session.scalar(complete.where(Attachment.station_id == record.owner_station_id))
    if own is not None:
        return int(own)
    handed_over = select(CaseTransfer.from_station_id).where(
        CaseTransfer.case_no == record.case_no,
        CaseTransfer.state == COMPLETED,
        CaseTransfer.completed_at > record.updated_at,
    )
    earlier = session.scalar(
        complete.where(Attachment.station_id.in_(handed_over)).order_by(Attachment.station_id).limit(1)
    )
    return None if earlier is None else int(earlier)


def photo_record(session: Session, station_id: int, case_no: str, sha256: str) -> Record | None:
    """The station's photo record of *case_no* naming *sha256*, if it holds one."""
    for record in session.scalars(
        select(Record).where(
            Record.case_no == case_no, Record.record_type == "photo", Record.owner_station_id == station_id
        )
    ):
        if json.loads(record.payload).get("sha256") == sha256:
            return record
    return None


def handed_statement(case_no: str, station_id: int) -> Select[int | None, str | None]:
    """(station, payload) of the items of the transfers of *case_no* that *station_id* completed
    as the sending station (each transfer's items: a few, one to each side and each revision)."""
    transfers = select(CaseTransfer.transfer_id).where(
        CaseTransfer.case_no == case_no,
        CaseTransfer.from_station_id == station_id,
        CaseTransfer.state == COMPLETED,
    )
    return select(JournalEntry.audience_station_id, JournalEntry.payload).where(
        JournalEntry.kind == written(transfer_records.KIND), JournalEntry.record_id.in_(transfers)
    )


def handed_over(session: Session, station_id: int, record: Record, sha256: str) -> bool:
    """True when *station_id* handed the photo *record*, naming *sha256*, over with its case (a
    completed transfer's item to that station lists it): the station held those pictures, and
    its read-only copy shows them (issue 14). The items are found through the case's transfers
    and the transfer items' own index, never by walking the journal."""
    for audience, payload in session.execute(handed_statement(record.case_no, station_id)):
        if audience != station_id:
            continue
        for held in json.loads(payload or "{}").get("records") or []:
            if (
                held.get("record_id") == record.record_id
                and (held.get("payload") or {}).get("sha256") == sha256
            ):
                return True
    return False


def held_chunk(session: Session, station_id: int, photo_record_id: str, sha256: str, index: int) -> bytes:
    """Chunk ``index`` of a photo's complete attachment, for a station that owns the photo's
    record (the station that took a case over, issue 14, fetches the pictures it now holds; a
    station rebuilding its register takes them back this way): the upload
    :func:`served_uploader` names. A station is always given back what it uploaded itself (one
    that handed the case over and rebuilt its register keeps the pictures of its read-only copy)."""
    own = session.get(Attachment, (station_id, sha256))
    if own is not None and own.complete:
        return rebuild.chunk(session, station_id, sha256, index)
    record = session.get(Record, photo_record_id)
    if record is None or record.record_type != "photo":
        raise NotFound("unknown_attachment", "no photo record of this station names this attachment")
    ours = record.owner_station_id == station_id and json.loads(record.payload).get("sha256") == sha256
    if not ours and not handed_over(session, station_id, record, sha256):
        raise NotFound("unknown_attachment", "no photo record of this station names this attachment")
    uploader = served_uploader(session, record, sha256)
    part = None if uploader is None else session.get(AttachmentChunk, (uploader, sha256, index))
    if part is None:
        raise NotFound("unknown_attachment", "the server holds no complete upload of this attachment")
    return bytes(part.data)
