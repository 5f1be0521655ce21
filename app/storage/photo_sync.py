"""The photos' way to the server (``photo_sync``): which photos the sync queued as records, and
whose bytes the server holds. Raw SQL on the unit of work's cursor (writes) or a reader's cursor
(reads), inside the caller's transaction; the sync engine (app.sync.photos) decides what to do."""

from __future__ import annotations

from dataclasses import dataclass

from app.storage.cursor import Cursor, one


@dataclass(frozen=True, slots=True)
class UnqueuedPhoto:
    """A stored photo the sync has not queued yet: what its outbox record is built from."""

    id: int
    case_no: str
    sha256: str
    mime: str
    width: int
    height: int
    person_position: int  # index in the case's persons; -1 for the reporter
    created_at: str
    size: int  # bytes of the image


def unqueued(cursor: Cursor, *, after: int, limit: int) -> list[UnqueuedPhoto]:
    """The next *limit* photos after id *after* not yet queued, by id (a page: a photo's bytes are
    never read here, only their length)."""
    rows = cursor.execute(
        "SELECT p.id, c.case_no, p.sha256, p.mime, p.width, p.height, p.person_position, p.created_at,"
        " length(p.data) FROM photos p JOIN cases c ON c.id = p.case_id"
        " WHERE p.id > ? AND NOT EXISTS (SELECT 1 FROM photo_sync s WHERE s.photo_id = p.id)"
        " ORDER BY p.id LIMIT ?",
        (after, limit),
    ).fetchall()
    return [
        UnqueuedPhoto(
            int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]), int(r[5]), int(r[6]), str(r[7]), int(r[8])
        )
        for r in rows
    ]


def note_queued(cursor: Cursor, photo_id: int, record_id: str) -> None:
    """Remember that photo *photo_id* went into the outbox as *record_id*, its bytes not sent yet."""
    cursor.execute(
        "INSERT INTO photo_sync (photo_id, record_id, uploaded) VALUES (?, ?, 0)", (photo_id, record_id)
    )


def not_uploaded(cursor: Cursor) -> list[tuple[int, str]]:
    """(photo id, SHA-256) of every queued photo whose bytes the server does not hold yet, by id."""
    rows = cursor.execute(
        "SELECT s.photo_id, p.sha256 FROM photo_sync s JOIN photos p ON p.id = s.photo_id"
        " WHERE s.uploaded = 0 ORDER BY s.photo_id"
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def image_bytes(cursor: Cursor, photo_id: int) -> bytes:
    """The full image of photo *photo_id* (``LookupError`` when there is none)."""
    return bytes(one(cursor.execute("SELECT data FROM photos WHERE id = ?", (photo_id,)))[0])


def mark_uploaded(cursor: Cursor, photo_id: int) -> None:
    cursor.execute("UPDATE photo_sync SET uploaded = 1 WHERE photo_id = ?", (photo_id,))


def forget_uploads(cursor: Cursor) -> None:
    """Count every photo's bytes as not sent (a restored server may have lost its attachments)."""
    cursor.execute("UPDATE photo_sync SET uploaded = 0")
