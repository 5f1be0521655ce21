"""Photos on the sync path: swept into the outbox, uploaded in resumable, hash-checked chunks.

The photo service predates sync and queues nothing, so each run first sweeps photos it has not
seen into the outbox (a ``photo`` record per picture, id derived from case and content) and
remembers them in ``photo_sync``. Their bytes go to the attachments endpoints before the push:
the server says which chunks it already holds, only the rest are sent, and ``complete`` checks
the whole file's SHA-256. A photo is read one at a time, never the whole table at once.
"""

from __future__ import annotations

from typing import Any

from app.storage import outbox
from app.storage.sync_queries import next_base
from app.sync import protocol
from app.sync.client import SyncClient, SyncFailure
from app.sync.protocol.photos import PhotoRecord
from app.sync.records import photo_record_id

_NEW = (
    "SELECT p.id, c.case_no, p.sha256, p.mime, p.width, p.height, p.person_position, p.created_at,"
    " length(p.data) FROM photos p JOIN cases c ON c.id = p.case_id"
    " WHERE p.id > ? AND NOT EXISTS (SELECT 1 FROM photo_sync s WHERE s.photo_id = p.id)"
    " ORDER BY p.id LIMIT 200"
)


def sweep(c: Any) -> int:
    """Queue every photo not yet queued (inside the caller's write transaction)."""
    queued, after = 0, 0
    while rows := c.execute(_NEW, (after,)).fetchall():
        for pid, case_no, sha, mime, width, height, person, created_at, size in rows:
            record_id = photo_record_id(case_no, sha)
            c.execute(
                "INSERT INTO photo_sync (photo_id, record_id, uploaded) VALUES (?, ?, 0)", (pid, record_id)
            )
            holder = "reporter" if person == -1 else person
            photo = PhotoRecord(sha, mime, width, height, size, holder, created_at)
            outbox.enqueue(c, "photo", record_id, next_base(c, record_id), photo.to_payload())
            queued += 1
        after = rows[-1][0]
    return queued


def pending(c: Any) -> list[tuple[int, str]]:
    rows = c.execute(
        "SELECT s.photo_id, p.sha256 FROM photo_sync s JOIN photos p ON p.id = s.photo_id"
        " WHERE s.uploaded = 0 ORDER BY s.photo_id"
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


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


def photo_bytes(c: Any, photo_id: int) -> bytes:
    return bytes(c.execute("SELECT data FROM photos WHERE id = ?", (photo_id,)).fetchone()[0])


def mark_uploaded(c: Any, photo_id: int) -> None:
    c.execute("UPDATE photo_sync SET uploaded = 1 WHERE photo_id = ?", (photo_id,))
