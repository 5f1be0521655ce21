"""The child's photo carried inside an alert: the owning station's photo of a missing person of
the case, re-encoded by the server (upright, small, no metadata), as base64 JPEG text."""

from __future__ import annotations

import base64
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync import alert_records
from server.services.gallery_photos import PhotoUnusable, publishable_jpeg, source_bytes
from server.storage.tables import Record


def child_photo(session: Session, case_no: str, station_id: int) -> str:
    """Base64 JPEG of the first usable photo of a person of the case other than the reporter,
    or "" when none fully reached the server yet (a later widening step tries again)."""
    rows = session.execute(
        select(Record.payload)
        .where(
            Record.case_no == case_no, Record.record_type == "photo", Record.owner_station_id == station_id
        )
        .order_by(Record.record_id)
    ).scalars()
    for text in rows:
        payload = json.loads(text)
        sha = payload.get("sha256")
        if payload.get("person") == "reporter" or not isinstance(sha, str):
            continue
        try:
            jpeg, _w, _h = publishable_jpeg(source_bytes(session, station_id, sha))
        except PhotoUnusable:
            continue
        encoded = base64.b64encode(jpeg).decode("ascii")
        if len(encoded) <= alert_records.MAX_PHOTO_BASE64:
            return encoded
    return ""
