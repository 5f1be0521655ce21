"""What the push reads and sends: outbox pages, the push body around the stored payload text,
the audit head, and the station's acknowledged records as counts and a streamed digest."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from app.storage import sync_state as st
from app.sync import protocol


def epoch(c: Any) -> str | None:
    return st.get(c, st.EPOCH)


def waiting(c: Any, *, after: int, rows: int) -> list[st.QueuedChange]:
    return st.waiting_page(c, after, rows)


def audit_head(c: Any) -> tuple[int, str] | None:
    row = c.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def body(entries: list[st.QueuedChange], head: tuple[int, str] | None) -> bytes:
    """The push body, built around the stored payload text (parsing and re-serialising every
    payload would cost more than the rest of the push)."""
    dumps = json.dumps
    parts = [
        f'{{"change_id":{dumps(e.change_id)},"record_type":{dumps(e.record_type)},'
        f'"record_id":{dumps(e.record_id)},"base_revision":{e.base_revision},'
        f'"payload":{e.payload},"created_at":{dumps(e.created_at)}}}'
        for e in entries
    ]
    audit = "null" if head is None else json.dumps({"seq": head[0], "hash": head[1]})
    return ('{"changes":[' + ",".join(parts) + '],"audit_head":' + audit + "}").encode()


def local_state(c: Any) -> tuple[dict[str, int], str]:
    """Counts per record type and the protocol digest of the acknowledged records, streamed
    in record id order (the digest's order), so a million records never sit in memory."""
    counts: dict[str, int] = {}
    h = hashlib.sha256()
    for record_type, record_id, revision in st.acknowledged_records(c):
        counts[record_type] = counts.get(record_type, 0) + 1
        h.update(f"{record_id} {revision}\n".encode())
    return counts, h.hexdigest()


def local_digest_matches_protocol(pairs: list[tuple[str, int]]) -> bool:
    """For the tests: the streamed digest equals :func:`protocol.records_digest`."""
    h = hashlib.sha256()
    for record_id, revision in sorted(pairs):
        h.update(f"{record_id} {revision}\n".encode())
    return h.hexdigest() == protocol.records_digest(pairs)
