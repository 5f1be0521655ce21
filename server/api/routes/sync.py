"""Enrolment and the sync endpoints a station's engine talks to."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from app.sync import protocol
from app.sync.protocol import rebuild as rebuild_protocol
from server.api.bodies import BoundedBodyRoute
from server.api.deps import SessionDep, SettingsDep, StationDep
from server.api.errors import ERROR_RESPONSES
from server.api.schemas import (
    EnrollCreate,
    EnrollPublic,
    PullPublic,
    PushCreate,
    PushPublic,
    ScreeningPublic,
    SyncStatePublic,
)
from server.services import bundles, child_alerts, credentials, numbers, pull, push, rebuild, witness
from server.services.errors import TooLarge
from server.services.json_text import compact
from server.services.meta import current_epoch, in_transaction, server_time

router = APIRouter(responses=ERROR_RESPONSES, route_class=BoundedBodyRoute)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@router.post("/enroll", tags=["stations"])
def enroll(body: EnrollCreate, session: SessionDep, settings: SettingsDep) -> EnrollPublic:
    """Trade a one-time enrolment token for this station's device credential; the answer also
    gives the server's public bundle key for the station to pin."""
    bundle_key = bundles.enrolment_key()  # read (or made) before the token is taken
    station, secret = in_transaction(session, lambda s: credentials.enroll(s, body.token))
    epoch, highs = in_transaction(session, lambda s: (current_epoch(s), numbers.of_station(s, station.id)))
    return EnrollPublic(
        station_code=station.code,
        station_name=station.name,
        credential=secret,
        epoch=epoch,
        server_time=server_time(),
        numbers=highs,
        public_url=settings.public_url,
        bundle_key=bundle_key,
    )


@router.post("/sync/push", tags=["sync"], response_model=PushPublic)
def push_changes(
    body: PushCreate, station: StationDep, session: SessionDep, settings: SettingsDep
) -> Response:
    """Apply a batch of changes in order, all in one transaction; answer only after the commit."""
    if len(body.changes) > settings.max_batch_changes:
        raise TooLarge("batch_too_large", f"a batch holds at most {settings.max_batch_changes} changes")
    changes = [
        protocol.Change(
            c.change_id, c.record_type, c.record_id, c.base_revision, c.payload, c.created_at.isoformat()
        )
        for c in body.changes
    ]
    head = _head(body)
    assert station.station_id is not None and station.station_code is not None

    def work(s: SessionDep) -> tuple[str, list[protocol.ChangeResult], dict[str, Any] | None]:
        assert station.station_id is not None and station.station_code is not None
        results = push.push_batch(s, station.station_id, station.station_code, changes, clock=settings.clock)
        seen = witness.observe(s, station.station_id, head) if head is not None else None
        return current_epoch(s), results, seen

    epoch, results, seen = in_transaction(session, work)
    # Encoded here rather than through the response model: for 1000 results that validation cost
    # more than storing them. The shape is PushPublic (tests check it against the schema).
    answer: dict[str, Any] = {
        "epoch": epoch,
        "server_time": server_time(),
        "results": [r.__dict__ for r in results],
    }
    if seen is not None:
        answer["witness"] = seen
    return Response(compact(answer), media_type="application/json")


def _head(body: PushCreate) -> protocol.AuditHead | None:
    h = body.audit_head
    if h is None:
        return None
    anchor = (h.anchor.seq, h.anchor.hash) if h.anchor else None
    restored = (h.restored_to.seq, h.restored_to.hash) if h.restored_to else None
    anchors = tuple((a.seq, a.hash) for a in h.anchors)
    return protocol.AuditHead(h.seq, h.hash, anchor=anchor, restored_to=restored, anchors=anchors)


@router.get("/sync/pull", tags=["sync"], response_model=PullPublic)
def pull_items(
    station: StationDep,
    session: SessionDep,
    settings: SettingsDep,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=protocol.MAX_PULL_LIMIT)] = 500,
) -> Response:
    """What the server holds for this station after ``cursor``, oldest first, in pages."""
    assert station.station_id is not None
    sid = station.station_id
    now = settings.clock()

    def page(s: SessionDep) -> tuple[str, tuple[list[pull.PulledRow], int, bool]]:
        child_alerts.widen_due(s, now)  # issue 14: alerts due by the server's clock, in this page
        return current_epoch(s), pull.pull_page(s, sid, cursor, limit)

    epoch, (items, next_cursor, has_more) = in_transaction(session, page)
    # The stored payloads are JSON text we wrote ourselves: spliced in, not decoded and re-encoded.
    head = _JSON.encode(
        {"epoch": epoch, "server_time": server_time(), "next_cursor": next_cursor, "has_more": has_more}
    )
    body = ",".join(
        f'{{"seq":{i.seq},"kind":{_JSON.encode(i.kind)},"record_type":{_JSON.encode(i.record_type)},'
        f'"record_id":{_JSON.encode(i.record_id)},"revision":{i.revision},"payload":{i.payload}}}'
        for i in items
    )
    return Response(f'{head[:-1]},"items":[{body}]}}', media_type="application/json")


@router.get("/sync/screening", tags=["sync"], response_model=ScreeningPublic)
def screening_index(
    station: StationDep,
    session: SessionDep,
    since: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> Response:
    """The offline national screening index (issue 15) for a station holding version ``since``:
    nothing new, a delta or the base; a signed file and its key (``protocol.screening``)."""
    from server.services import screening

    assert station.station_id is not None
    seed = screening.screening_key()
    result = in_transaction(session, lambda s: screening.answer(s, since, seed))
    return Response(_JSON.encode(result.to_json()), media_type="application/json")


@router.get("/sync/state", tags=["sync"])
def sync_state(station: StationDep, session: SessionDep) -> SyncStatePublic:
    """Counts and digest of this station's records on the server, for the post-sync check."""
    assert station.station_id is not None and station.station_code is not None
    sid = station.station_id
    epoch, (counts, total, digest, cursor), highs = in_transaction(
        session, lambda s: (current_epoch(s), pull.station_state(s, sid), numbers.of_station(s, sid))
    )
    return SyncStatePublic(
        epoch=epoch,
        server_time=server_time(),
        station=station.station_code,
        counts=counts,
        total=total,
        digest=digest,
        cursor=cursor,
        numbers=highs,
    )


@router.get("/sync/rebuild", tags=["sync"])
def rebuild_page(
    station: StationDep,
    session: SessionDep,
    after: Annotated[str, Query(max_length=120)] = "",
    limit: Annotated[int, Query(ge=1, le=rebuild_protocol.MAX_REBUILD_LIMIT)] = 200,
) -> Response:
    """Every record the server holds owned by this station, in record id order, in pages (issue
    14: a station that lost its disk rebuilds from them); the shape is
    ``app.sync.protocol.rebuild.RebuildPage``."""
    assert station.station_id is not None and station.station_code is not None
    sid = station.station_id
    epoch, (rows, next_after, has_more), where = in_transaction(
        session,
        lambda s: (current_epoch(s), rebuild.records_page(s, sid, after, limit), rebuild.standing(s, sid)),
    )
    text = rebuild_protocol.encode_page(
        epoch=epoch, server_time=server_time(), station=station.station_code, records=rows,
        next_after=next_after, has_more=has_more, witnessed=where.witnessed, cursor=where.cursor,
        numbers=where.numbers, total=where.total,
    )  # fmt: skip
    return Response(text, media_type="application/json")
