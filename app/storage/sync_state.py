"""The sync engine's durable state: key/value settings, outbox pages and marks, pulled items.

Raw SQL on a DB-API cursor of the caller's unit of work, so every mark happens inside the
transaction that the engine commits only after the server's durable acknowledgement.
Secrets (the device credential, the station's signing key) live here, inside the encrypted
store, and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from app.storage.cursor import Cursor, stream_rows

# The child kind of a transfer's end (app.sync.protocol.CHILD_KINDS["transfer_end"]): the station's
# own decline or withdrawal stays its own when the case moves, so it counts where the case is away.
TRANSFER_END_KIND = "/x/"

# Keys of the sync_state table.
SERVER_URL = "server_url"
CREDENTIAL = "credential"
STATION = "station_code"
EPOCH = "epoch"
CURSOR = "pull_cursor"
LAST_SUCCESS = "last_success"
CLOCK_SKEW = "clock_skew_seconds"
AUTH_FAILED = "auth_failed"
SERVER_BOX_KEY = "server_box_key"  # the server's X25519 public key, hex
SERVER_SIGN_KEY = "server_sign_key"  # the server's Ed25519 public key, hex
# A station enrolled by package (issue 14) keeps its one-time token until the server's first
# answer shows the token was taken: its bundles carry it in place of the credential till then.
ENROL_TOKEN = "enrol_token_pending"
# The audit chain as the server witnessed it (issue 12): JSON [seq, hash] of the last head the
# server acknowledged; a restore to declare (the acknowledged head a restored station went back
# to); the server's last refusal of a head (JSON {"reason", "seq", "at"}), shown to the station.
WITNESSED = "audit_witnessed"
# Every head pushed since the last acknowledged one (JSON [[seq, hash], ...]), written before the
# request leaves, so the head the server holds is among the anchors whatever was lost on the way.
SENT_HEADS = "audit_sent_heads"
RESTORE_DECLARED = "audit_restore_declared"
AUDIT_REFUSED = "audit_refused"
# Issue 14: the witnessed head a station rebuilt from the server started its chain on
# (app.storage.audit.ORIGIN_KEY), and the rebuild under way (JSON {"after": record id, ...}).
AUDIT_ORIGIN = "audit_origin"
REBUILDING = "rebuild_in_progress"

# Outbox states. The engine moves an entry from waiting to sent or refused; a refused entry stays
# refused until a person decides (migration 0004): sent again as a new change (resent) or
# withdrawn. A settled entry is neither waiting nor failed, is never sent, never re-queued and
# never counted as acknowledged; its row stays, with who decided, when and why.
WAITING, SENT, REFUSED = "waiting", "sent", "refused"
RESENT, WITHDRAWN = "resent", "withdrawn"
# Entries of a record that still count in its chain (waiting, sent or refused), as SQL.
UNSETTLED = f"state NOT IN ('{RESENT}', '{WITHDRAWN}')"


@dataclass(frozen=True, slots=True)
class QueuedChange:
    """One outbox entry as the engine sends it."""

    id: int
    change_id: str
    record_type: str
    record_id: str
    base_revision: int
    payload: str  # the stored JSON text, sent as is
    created_at: str


def get(cursor: Cursor, key: str) -> str | None:
    row = cursor.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def put(cursor: Cursor, key: str, value: str | None) -> None:
    if value is None:
        cursor.execute("DELETE FROM sync_state WHERE key = ?", (key,))
    else:
        cursor.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", (key, value))


def waiting_page(cursor: Cursor, after_id: int, limit: int) -> list[QueuedChange]:
    """The next *limit* waiting entries after *after_id*, oldest first (pages keep memory flat)."""
    rows = cursor.execute(
        "SELECT id, change_id, record_type, record_id, base_revision, payload, created_at FROM outbox"
        " WHERE state = 'waiting' AND id > ? ORDER BY id LIMIT ?",
        (after_id, limit),
    ).fetchall()
    return [QueuedChange(*r) for r in rows]


def mark_sent(cursor: Cursor, ids: Iterable[int], at: str) -> None:
    cursor.executemany(
        "UPDATE outbox SET state = 'sent', reason = NULL, sent_at = ? WHERE id = ? AND state = 'waiting'",
        [(at, i) for i in ids],
    )


def mark_refused(cursor: Cursor, refused: Iterable[tuple[int, str]]) -> None:
    """Keep refused entries with the server's reason for a person to resolve (never deleted)."""
    cursor.executemany(
        "UPDATE outbox SET state = 'refused', reason = ? WHERE id = ? AND state = 'waiting'",
        [(reason, i) for i, reason in refused],
    )


def mark_change_sent(cursor: Cursor, change_id: str, at: str) -> int:
    """Mark the waiting entry *change_id* acknowledged (an answer carried by bundle); returns
    how many entries moved (0 when it was not waiting)."""
    cursor.execute(
        "UPDATE outbox SET state = 'sent', reason = NULL, sent_at = ? WHERE change_id = ? AND state = 'waiting'",
        (at, change_id),
    )
    return int(cursor.rowcount)


def mark_change_refused(cursor: Cursor, change_id: str, reason: str) -> int:
    """:func:`mark_refused` for the waiting entry *change_id*; returns how many entries moved."""
    cursor.execute(
        "UPDATE outbox SET state = 'refused', reason = ? WHERE change_id = ? AND state = 'waiting'",
        (reason, change_id),
    )
    return int(cursor.rowcount)


def requeue_sent(cursor: Cursor) -> int:
    """Send every acknowledged entry again (the server lost some: new epoch or digest mismatch).

    Change ids stay the same, so what the server still holds answers as before and changes
    nothing; what it lost is applied again in the original per-record order. Only ``sent``
    entries move: a refused, resent or withdrawn entry is never sent again by this.
    """
    cursor.execute("UPDATE outbox SET state = 'waiting' WHERE state = 'sent'")
    return int(cursor.rowcount)


def outbox_counts(cursor: Cursor) -> dict[str, int]:
    rows = cursor.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall()
    return {str(state): int(n) for state, n in rows}


def refused(cursor: Cursor, limit: int = 1000) -> list[dict[str, Any]]:
    """Refused entries waiting for a person, oldest first. ``later``: how many changes of the
    same record were queued after it and are not settled (they carry a newer version)."""
    rows = cursor.execute(
        "SELECT o.change_id, o.record_type, o.record_id, o.base_revision, o.reason, o.created_at,"
        f" (SELECT COUNT(*) FROM outbox l WHERE l.record_id = o.record_id AND l.id > o.id AND l.{UNSETTLED})"
        " FROM outbox o WHERE o.state = 'refused' ORDER BY o.id LIMIT ?",
        (limit,),
    ).fetchall()
    keys = ("change_id", "record_type", "record", "base_revision", "reason", "created_at", "later")
    return [dict(zip(keys, r, strict=True)) for r in rows]


@dataclass(frozen=True, slots=True)
class RefusedEntry:
    """One refused outbox entry as a person's decision needs it."""

    id: int
    change_id: str
    record_type: str
    record_id: str
    base_revision: int
    payload: str  # the stored JSON text
    reason: str  # "code: the server's detail"
    later: int  # unsettled entries of the same record queued after this one


def refused_entry(cursor: Cursor, change_id: str) -> RefusedEntry | None:
    """The refused entry *change_id*, or None when there is none still waiting for a decision."""
    row = cursor.execute(
        "SELECT o.id, o.change_id, o.record_type, o.record_id, o.base_revision, o.payload,"
        " COALESCE(o.reason, ''),"
        f" (SELECT COUNT(*) FROM outbox l WHERE l.record_id = o.record_id AND l.id > o.id AND l.{UNSETTLED})"
        " FROM outbox o WHERE o.change_id = ? AND o.state = 'refused'",
        (change_id,),
    ).fetchone()
    return None if row is None else RefusedEntry(*row)


def settle(
    cursor: Cursor, entry_id: int, state: str, *, by: str, at: str, note: str, resent_as: str | None = None
) -> bool:
    """Mark a refused entry resent or withdrawn (the row stays); False when it was not refused."""
    if state not in (RESENT, WITHDRAWN):
        raise ValueError(f"a refused entry is settled as resent or withdrawn, not {state!r}")
    cursor.execute(
        "UPDATE outbox SET state = ?, resolved_by = ?, resolved_at = ?, resolution_note = ?, resent_as = ?"
        " WHERE id = ? AND state = 'refused'",
        (state, by, at, note, resent_as, entry_id),
    )
    return int(cursor.rowcount) == 1


SENT_AGAIN_BY_SYNC = "sent_again_after_restore"  # the note of an entry the sync itself sent again


def send_again(cursor: Cursor, change_ids: Iterable[str], at: str) -> int:
    """Queue the refused entries *change_ids* again under new change ids, in the order given, and
    settle each as resent by the sync itself (a station's word a server restored from its backup
    lost and refused until what it answers came back: no person's decision is taken away, the
    refusal was the server's loss). Returns how many were queued."""
    from app.storage import outbox

    queued = 0
    for change_id in change_ids:
        e = refused_entry(cursor, change_id)
        if e is None:
            continue
        again = outbox.enqueue_encoded(cursor, e.record_type, e.record_id, e.base_revision, e.payload)
        settle(cursor, e.id, RESENT, by="sync", at=at, note=SENT_AGAIN_BY_SYNC, resent_as=again)
        queued += 1
    return queued


def acknowledged_records(cursor: Cursor) -> Iterator[tuple[str, str, int]]:
    """(record type, record id, revision) of every record the server acknowledged: revision n
    after n applied changes, so the highest sent base revision plus one."""
    # Issue 14: the records of a case taken over count at the server's revision; those of a
    # case transferred away are another station's now. Both sets are small (read first, on the
    # same cursor): they are merged into the stream, so the outbox is still read once, in order.
    from app.storage.transfer_repository import AWAY_CASES

    received = sorted(
        cursor.execute("SELECT record_id, record_type, revision FROM received_records").fetchall()
    )
    away = {str(r[0]) for r in cursor.execute(AWAY_CASES).fetchall()}

    def moved(record_id: str) -> bool:  # a case number is 21 characters
        return record_id[:21] in away and record_id[21:24] != TRANSFER_END_KIND

    plain = cursor.execute(
        "SELECT record_type, record_id, MAX(base_revision) + 1 FROM outbox WHERE state = 'sent'"
        " GROUP BY record_id ORDER BY record_id"
    )
    if not received and not away:
        yield from stream_rows(plain)
        return
    held = iter(received)
    nxt = next(held, None)
    for record_type, record_id, revision in stream_rows(plain):
        while nxt is not None and nxt[0] < record_id:
            if not moved(nxt[0]):
                yield nxt[1], nxt[0], int(nxt[2])
            nxt = next(held, None)
        if nxt is not None and nxt[0] == record_id:
            revision = max(int(revision), int(nxt[2]))
            nxt = next(held, None)
        if not moved(record_id):
            yield record_type, record_id, revision
    while nxt is not None:
        if not moved(nxt[0]):
            yield nxt[1], nxt[0], int(nxt[2])
        nxt = next(held, None)


def store_pulled(
    cursor: Cursor, items: Iterable[tuple[int, str, str, str, int, dict[str, Any]]], at: str
) -> None:
    """Keep pulled items by sequence; a page received twice overwrites itself with the same."""
    cursor.executemany(
        "INSERT OR REPLACE INTO pulled_items (seq, kind, record_type, record_id, revision, payload, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(s, k, t, r, v, json.dumps(p, ensure_ascii=False), at) for s, k, t, r, v, p in items],
    )


def get_point(cursor: Cursor, key: str) -> tuple[int, str] | None:
    """A stored (seq, hash) pair (:data:`WITNESSED`, :data:`RESTORE_DECLARED`), or None."""
    text = get(cursor, key)
    if not text:
        return None
    seq, digest = json.loads(text)
    return int(seq), str(digest)


def put_point(cursor: Cursor, key: str, point: tuple[int, str] | None) -> None:
    put(cursor, key, None if point is None else json.dumps([int(point[0]), str(point[1])]))


def get_points(cursor: Cursor, key: str) -> list[tuple[int, str]]:
    """A stored list of (seq, hash) pairs (:data:`SENT_HEADS`), oldest first."""
    text = get(cursor, key)
    return [(int(seq), str(digest)) for seq, digest in json.loads(text)] if text else []


def put_points(cursor: Cursor, key: str, points: list[tuple[int, str]]) -> None:
    put(cursor, key, json.dumps([[int(p[0]), str(p[1])] for p in points]) if points else None)
