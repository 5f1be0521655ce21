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


def audit_head(c: Any) -> protocol.AuditHead | None:
    """The chain head to witness, with the station's own entry at the head the server last
    acknowledged (or at a declared restore point) as its anchor."""
    row = c.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    if row is None:
        return None
    declared = st.get_point(c, st.RESTORE_DECLARED)
    base = declared or st.get_point(c, st.WITNESSED)
    anchor = None
    if base is not None:
        if base[0] == 0:
            anchor = (0, protocol.GENESIS_HASH)
        else:
            at = c.execute("SELECT hash FROM audit_log WHERE seq = ?", (base[0],)).fetchone()
            anchor = (base[0], str(at[0])) if at else None  # none: the chain no longer reaches it
    return protocol.AuditHead(int(row[0]), str(row[1]), anchor=anchor, restored_to=declared)


def head_unwitnessed(c: Any) -> bool:
    """True when the head moved since the server last acknowledged it, or a restore waits to be
    declared: then a sync sends the head even with nothing else to push."""
    head = audit_head(c)
    witnessed = st.get_point(c, st.WITNESSED)
    return head is not None and (head.restored_to is not None or witnessed != (head.seq, head.hash))


def note_witness(c: Any, answer: protocol.WitnessAnswer | None, at: str) -> None:
    """Keep the server's word on the pushed head (in the transaction that marks the batch)."""
    if answer is None:
        return
    if answer.accepted and answer.seq is not None and answer.hash is not None:
        st.put_point(c, st.WITNESSED, (answer.seq, answer.hash))
        st.put(c, st.RESTORE_DECLARED, None)
        st.put(c, st.AUDIT_REFUSED, None)
    elif not answer.accepted:
        st.put(c, st.AUDIT_REFUSED, json.dumps({"reason": answer.reason, "seq": answer.seq, "at": at}))


def body(entries: list[st.QueuedChange], head: protocol.AuditHead | None) -> bytes:
    """The push body, built around the stored payload text (parsing and re-serialising every
    payload would cost more than the rest of the push)."""
    dumps = json.dumps
    parts = [
        f'{{"change_id":{dumps(e.change_id)},"record_type":{dumps(e.record_type)},'
        f'"record_id":{dumps(e.record_id)},"base_revision":{e.base_revision},'
        f'"payload":{e.payload},"created_at":{dumps(e.created_at)}}}'
        for e in entries
    ]
    audit = "null" if head is None else json.dumps(head.to_json())
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
