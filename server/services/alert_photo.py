"""The child's photo carried inside an alert: the owning station's photo of a missing person of
the case, re-encoded by the server (upright, small, no metadata), as base64 JPEG text."""

from __future__ import annotations

import base64
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync import alert_records
from server.services.attachments import served_uploader
from server.services.gallery_photos import PhotoUnusable, publishable_jpeg, source_bytes
from server.storage.bulk import among
from server.storage.tables import Record


def child_photos(session: Session, cases: list[tuple[str, int]]) -> dict[str, str]:
    """Base64 JPEG per case number: the first usable photo of a person of the case other than
    the reporter. A case none of whose photos fully reached the server yet is left out (a later
    widening step tries again). One query for all the cases."""
    owners = dict(cases)
    rows = session.scalars(
        select(Record)
        .where(among(session, Record.case_no, sorted(owners)), Record.record_type == "photo")
        .order_by(Record.case_no, Record.record_id)
    )
    found: dict[str, str] = {}
    for record in rows:
        case_no = record.case_no
        if case_no in found or record.owner_station_id != owners[case_no]:
            continue
        payload = json.loads(record.payload)
        sha = payload.get("sha256")
        if payload.get("person") == "reporter" or not isinstance(sha, str):
            continue
        # the holder's upload, or the one of the station that handed the case over (issue 14)
        uploader = served_uploader(session, record, sha)
        if uploader is None:
            continue
        try:
            jpeg, _w, _h = publishable_jpeg(source_bytes(session, uploader, sha))
        except PhotoUnusable:
            continue
        encoded = base64.b64encode(jpeg).decode("ascii")
        if len(encoded) <= alert_records.MAX_PHOTO_BASE64:
            found[case_no] = encoded
    return found
