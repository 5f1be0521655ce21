"""What the push reads and sends: outbox pages, the push body around the stored payload text,
the audit head, and the station's acknowledged records as counts and a streamed digest."""

from __future__ import annotations

import hashlib
import json

from app.storage import audit
from app.storage import sync_state as st
from app.storage.cursor import Cursor
from app.sync import protocol


def epoch(c: Cursor) -> str | None:
    return st.get(c, st.EPOCH)


def waiting(c: Cursor, *, after: int, rows: int) -> list[st.QueuedChange]:
    return st.waiting_page(c, after, rows)


def audit_head(c: Cursor) -> protocol.AuditHead | None:
    """The chain head to witness, anchored at the station's own entries today at the head the
    server last acknowledged, at a declared restore point and at every head sent since."""
    last = audit.last_entry(c)
    if last is None:
        return None
    declared = st.get_point(c, st.RESTORE_DECLARED)
    witnessed = st.get_point(c, st.WITNESSED)
    base = declared or witnessed
    anchor = own_entry(c, base[0]) if base is not None else None
    points = [p for p in (witnessed, declared) if p is not None] + st.get_points(c, st.SENT_HEADS)
    mine = (own_entry(c, seq) for seq in sorted({p[0] for p in points}))
    anchors = tuple(p for p in mine if p is not None)
    return protocol.AuditHead(last[0], last[1], anchor=anchor, restored_to=declared, anchors=anchors)


def own_entry(c: Cursor, seq: int) -> tuple[int, str] | None:
    """The chain's (seq, hash) at *seq* today; None when it no longer reaches that far."""
    if seq == 0:
        return (0, protocol.GENESIS_HASH)
    at = audit.entry_hash_at(c, seq)
    if at:
        return seq, at
    start = st.get_point(c, st.AUDIT_ORIGIN)  # a rebuilt station's chain starts on this head
    return start if start is not None and start[0] == seq else None


def head_to_send(c: Cursor) -> protocol.AuditHead | None:
    """The head to push, first recorded as sent (in its own committed write, before the request
    leaves): the server may hold it even if no answer ever comes back."""
    head = audit_head(c)
    if head is None:
        return None
    sent = st.get_points(c, st.SENT_HEADS)
    if (head.seq, head.hash) not in sent:
        st.put_points(c, st.SENT_HEADS, (sent + [(head.seq, head.hash)])[-protocol.MAX_AUDIT_ANCHORS :])
        head = audit_head(c)
    return head


def head_unwitnessed(c: Cursor) -> bool:
    """True when the head moved since the server last acknowledged it, or a restore waits to be
    declared: then a sync sends the head even with nothing else to push."""
    head = audit_head(c)
    witnessed = st.get_point(c, st.WITNESSED)
    return head is not None and (head.restored_to is not None or witnessed != (head.seq, head.hash))


def note_witness(c: Cursor, answer: protocol.WitnessAnswer | None, at: str) -> None:
    """Keep the server's word on the pushed head (in the transaction that marks the batch)."""
    if answer is None:
        return
    if answer.accepted and answer.seq is not None and answer.hash is not None:
        st.put_point(c, st.WITNESSED, (answer.seq, answer.hash))
        sent = st.get_points(c, st.SENT_HEADS)
        # Whatever the server holds now is the answered head or a head sent after it.
        st.put_points(c, st.SENT_HEADS, [p for p in sent if p[0] > answer.seq])
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


def local_state(c: Cursor) -> tuple[dict[str, int], str]:
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
