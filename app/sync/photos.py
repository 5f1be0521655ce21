"""Photos on the sync path: swept into the outbox, uploaded in resumable, hash-checked chunks.

The photo service predates sync and queues nothing, so each run first sweeps photos it has not
seen into the outbox (a ``photo`` record per picture, id derived from case and content) and
remembers them in ``photo_sync``. Their bytes go to the attachments endpoints before the push:
the server says which chunks it already holds, only the rest are sent, and ``complete`` checks
the whole file's SHA-256. A photo is read one at a time, never the whole table at once.
"""

from __future__ import annotations

from app.storage import outbox, photo_sync
from app.storage.cursor import Cursor
from app.storage.sync_queries import next_base
from app.sync import protocol
from app.sync.client import SyncClient, SyncFailure
from app.sync.protocol.photos import PhotoRecord
from app.sync.records import photo_record_id

_PAGE = 200


def sweep(c: Cursor) -> int:
    """Queue every photo not yet queued (inside the caller's write transaction)."""
    queued, after = 0, 0
    while page := photo_sync.unqueued(c, after=after, limit=_PAGE):
        for p in page:
            record_id = photo_record_id(p.case_no, p.sha256)
            photo_sync.note_queued(c, p.id, record_id)
            holder = "reporter" if p.person_position == -1 else p.person_position
            photo = PhotoRecord(p.sha256, p.mime, p.width, p.height, p.size, holder, p.created_at)
            outbox.enqueue(c, "photo", record_id, next_base(c, record_id), photo.to_payload())
            queued += 1
        after = page[-1].id
    return queued


def pending(c: Cursor) -> list[tuple[int, str]]:
    return photo_sync.not_uploaded(c)


def upload(client: SyncClient, sha256: str, data: bytes) -> None:
    """Send the chunks the server lacks, then ask it to check the whole file."""
    chunks = max(1, -(-len(data) // protocol.MAX_CHUNK_BYTES))
    try:
        held = client.attachment_status(sha256)
    except SyncFailure as failure:
        if failure.status != 404:  # 404: the server never saw this upload start
            raise
        held = {}
    if held.get("complete"):
        return
    have = set(held.get("received") or [])
    for index in range(chunks):
        if index not in have:
            part = data[index * protocol.MAX_CHUNK_BYTES : (index + 1) * protocol.MAX_CHUNK_BYTES]
            client.put_chunk(sha256, index, part)
    client.complete(sha256, chunks)


def photo_bytes(c: Cursor, photo_id: int) -> bytes:
    return photo_sync.image_bytes(c, photo_id)


def mark_uploaded(c: Cursor, photo_id: int) -> None:
    photo_sync.mark_uploaded(c, photo_id)
