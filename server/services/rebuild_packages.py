"""Rebuild packages (``xunren-server station rotate CODE --package FILE --rebuild``): a station that
lost its disk and never reaches the network takes its register back from a USB stick (issue 14).

The package (:mod:`app.sync.rebuild_package`) holds the offline enrolment package for the fresh
token and every record the server holds owned by the station, in the pages ``GET /sync/rebuild``
gives (the same builder, :func:`app.sync.protocol.rebuild.encode_page`), with its photos' bytes
chunk by chunk as the station uploaded them. Written with one page of records or one chunk of a
photo in memory at a time; sealed under a new passphrase, shown once and never stored. A written
package is a station event (``rebuild_package_written``: how many records and photos, the file),
shown with the others (``station events``, the console): the station's whole register left the
server on a file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync import enrolment_package
from app.sync.protocol import rebuild as rebuild_protocol
from app.sync.rebuild_package import PackageWriter
from server.services import attachments, events, rebuild
from server.services.meta import current_epoch, server_time
from server.storage.tables import AttachmentChunk, Record, Station

PAGE = rebuild_protocol.MAX_REBUILD_LIMIT


@dataclass(frozen=True)
class Written:
    passphrase: str
    records: int
    photos: int
    photo_bytes: int
    pages: int


Reader = Callable[[Callable[[Session], Any]], Any]


def write_package(path: Path, body: dict[str, Any], read: Reader, page: int = PAGE) -> Written:
    """Write the rebuild package for the station *body* enrols (``enrol_packages.package_body``,
    made in the transaction that issued its token) to *path*; *read* runs a unit of work in a
    transaction of its own (one per page, one per photo chunk, read-only; one last that records
    the station event once the package is written). Returns the passphrase and what went in."""
    code = str(body["station"])
    passphrase = enrolment_package.new_passphrase()
    sid: int | None = read(lambda s: s.scalar(select(Station.id).where(Station.code == code)))
    assert sid is not None
    records = photos = 0
    with PackageWriter(path, code, passphrase) as package:
        package.enrolment(body)
        after, more = "", True
        while more:
            text, rows, after, more = read(partial(_page, sid=sid, code=code, after=after, limit=page))
            package.page(text)
            records += len(rows)
            for record_type, record_id, _rev, payload in rows:
                if record_type != "photo":
                    continue
                sha = str(json.loads(payload).get("sha256", ""))
                uploader = read(partial(_uploader, record_id=record_id, sha=sha))
                if uploader is not None:
                    package.photo(sha, _chunks(read, uploader, sha))
                    photos += 1
    done = Written(passphrase, records, photos, package.bytes_of_photos, package.pages)
    read(
        lambda s: events.record(
            s, sid, events.REBUILD_PACKAGE, records=records, photos=photos, file=os.path.abspath(path)
        )
    )
    return done


def _page(
    session: Session, *, sid: int, code: str, after: str, limit: int
) -> tuple[str, list[tuple[str, str, int, str]], str, bool]:
    """One page as ``GET /sync/rebuild`` answers it: (JSON text, rows, next after, more)."""
    rows, next_after, has_more = rebuild.records_page(session, sid, after, limit)
    where = rebuild.standing(session, sid)
    text = rebuild_protocol.encode_page(
        epoch=current_epoch(session), server_time=server_time(), station=code, records=rows,
        next_after=next_after, has_more=has_more, witnessed=where.witnessed, cursor=where.cursor,
        numbers=where.numbers, total=where.total,
    )  # fmt: skip
    return text, rows, next_after, has_more


def _uploader(session: Session, *, record_id: str, sha: str) -> int | None:
    """The station whose complete upload stands for the photo record: the station's own, or that
    of the station that handed the case over to it (issue 14); None when none has arrived."""
    record = session.get(Record, record_id)
    return None if record is None else attachments.served_uploader(session, record, sha)


def _count(session: Session, *, sid: int, sha: str) -> int:
    return len(
        session.scalars(
            select(AttachmentChunk.idx).where(
                AttachmentChunk.station_id == sid, AttachmentChunk.sha256 == sha
            )
        ).all()
    )


def _chunks(read: Reader, uploader: int, sha: str) -> Iterator[bytes]:
    """The photo's chunks in order as *uploader* sent them, each read on its own (memory: one
    chunk)."""
    for index in range(int(read(partial(_count, sid=uploader, sha=sha)))):
        yield bytes(read(partial(rebuild.chunk, station_id=uploader, sha256=sha, index=index)))
