"""Resumable, hash-checked attachment upload (photos, scans)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response

from app.sync import protocol
from server.api.bodies import read_bounded
from server.api.deps import SessionDep, StationDep
from server.api.errors import ERROR_RESPONSES
from server.api.schemas import AttachmentComplete, AttachmentPublic
from server.services import attachments, rebuild
from server.services.attachments import UploadStatus
from server.services.meta import current_epoch, in_transaction, server_time

router = APIRouter(prefix="/attachments", tags=["attachments"], responses=ERROR_RESPONSES)
Sha256 = Annotated[str, Path(pattern=protocol.SHA256_PATTERN)]
ChunkIndex = Annotated[int, Path(ge=0, lt=protocol.MAX_ATTACHMENT_CHUNKS)]


async def _chunk(request: Request) -> bytes:
    return await read_bounded(request, protocol.MAX_CHUNK_BYTES)


ChunkBody = Annotated[bytes, Depends(_chunk)]
_OCTETS = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _public(epoch: str, upload: UploadStatus) -> AttachmentPublic:
    return AttachmentPublic(
        epoch=epoch,
        server_time=server_time(),
        sha256=upload.sha256,
        received=upload.received,
        complete=upload.complete,
        size=upload.size,
    )


@router.put("/{sha256}/chunks/{index}", openapi_extra=_OCTETS)
def put_chunk(
    sha256: Sha256,
    index: ChunkIndex,
    data: ChunkBody,
    chunk_sha256: Annotated[str, Header(alias="X-Chunk-SHA256", pattern=protocol.SHA256_PATTERN)],
    station: StationDep,
    session: SessionDep,
) -> AttachmentPublic:
    """Store one chunk (at most 1 MiB); resending the same chunk is harmless."""
    sid = station.station_id
    assert sid is not None
    epoch, upload = in_transaction(
        session,
        lambda s: (current_epoch(s), attachments.put_chunk(s, sid, sha256, index, data, chunk_sha256)),
    )
    return _public(epoch, upload)


@router.get("/{sha256}")
def upload_status(sha256: Sha256, station: StationDep, session: SessionDep) -> AttachmentPublic:
    """Which chunks of this station's upload the server holds, to resume after a break."""
    sid = station.station_id
    assert sid is not None
    epoch, upload = in_transaction(session, lambda s: (current_epoch(s), attachments.status(s, sid, sha256)))
    return _public(epoch, upload)


@router.get("/{sha256}/chunks/{index}", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}}})  # fmt: skip
def get_chunk(
    sha256: Sha256,
    index: ChunkIndex,
    station: StationDep,
    session: SessionDep,
    record: Annotated[
        str | None, Query(pattern=protocol.RECORD_ID_PATTERN, description="the photo record naming it")
    ] = None,
) -> Response:
    """One chunk of a complete attachment: one this station uploaded (a station rebuilding its
    register after a lost disk takes its photos back this way), or, with ``record``, a photo the
    station holds through a transferred case (issue 14)."""
    sid = station.station_id
    assert sid is not None
    if record is None:
        data = in_transaction(session, lambda s: rebuild.chunk(s, sid, sha256, index))
    else:
        data = in_transaction(session, lambda s: attachments.held_chunk(s, sid, record, sha256, index))
    return Response(content=data, media_type="application/octet-stream")


@router.post("/{sha256}/complete")
def complete_upload(
    sha256: Sha256, body: AttachmentComplete, station: StationDep, session: SessionDep
) -> AttachmentPublic:
    """Check the whole file against its SHA-256 and mark it complete."""
    sid = station.station_id
    assert sid is not None
    epoch, upload = in_transaction(
        session, lambda s: (current_epoch(s), attachments.complete(s, sid, sha256, body.chunks))
    )
    return _public(epoch, upload)
