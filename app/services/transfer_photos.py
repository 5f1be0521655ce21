"""The pictures of a case taken over by transfer (issue 14): their records came with the
transfer, their bytes stay on the server and are fetched after the sync, checked against their
SHA-256 and stored with a thumbnail. Runs on the sync's thread; writes go through its writer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.services.session import Session
from app.storage import transfer_repository as repo
from app.storage.cursor import cursor_of
from app.storage.store import UnitOfWork, Writer
from app.sync import protocol

if TYPE_CHECKING:  # the client (and requests) load only when a sync runs
    from app.sync.client import SyncClient


def fetch_photos(
    session: Session,
    client: SyncClient,
    *,
    writer: Writer | None = None,
    retrying: Callable[[Callable[[], bytes]], bytes] | None = None,
) -> int:
    """Fetch the pictures of cases taken over (their records came with the transfer, their bytes
    stay on the server), check each against its SHA-256 and store it with a thumbnail. A picture
    the server cannot give now is tried again at the next sync. Returns how many were stored;
    audits ``transfer.photos``. Runs on the sync's thread; writes go through *writer*."""
    import hashlib
    import io

    from PIL import Image, UnidentifiedImageError

    from app.services.photos import JPEG_QUALITY, THUMB_SIDE
    from app.sync.client import SyncFailure
    from app.sync.engine import SyncGaveUp

    with session.store.reader() as conn:
        wanted = repo.photos_to_fetch(cursor_of(conn))
    fetched: list[tuple[repo.ReceivedPhoto, bytes, bytes]] = []
    ask = retrying or (lambda call: call())  # the sync's own: a 429's Retry-After is honoured
    for photo in wanted:
        chunks = max(1, -(-photo.size // protocol.MAX_CHUNK_BYTES))
        try:
            data = b"".join(
                ask(functools.partial(client.get_chunk, photo.sha256, i, photo.record_id))
                for i in range(chunks)
            )
        except SyncFailure:
            continue
        except SyncGaveUp:  # the server does not answer now: the rest waits for the next sync
            break
        if hashlib.sha256(data).hexdigest() != photo.sha256:
            continue
        try:
            with Image.open(io.BytesIO(data)) as image:
                small = image.convert("RGB")
                small.thumbnail((THUMB_SIDE, THUMB_SIDE))
                out = io.BytesIO()
                small.save(out, "JPEG", quality=JPEG_QUALITY)
        except (UnidentifiedImageError, OSError, ValueError):
            continue
        fetched.append((photo, data, out.getvalue()))
    if not fetched:
        return 0

    def store(uow: UnitOfWork) -> None:
        for photo, data, thumbnail in fetched:
            repo.store_fetched_photo(uow.cursor, photo, data, thumbnail, by=session.user)
        cases = sorted({p.case_no for p, _d, _t in fetched})
        uow.audit.record(
            session.user, "transfer.photos", ",".join(cases)[:200], detail=f"fetched={len(fetched)}"
        )

    (writer or session.store.write)(store)
    return len(fetched)
