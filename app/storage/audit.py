"""The audit log: a SHA-256 hash chain inside the encrypted database.

Entry *n* stores the hash of entry *n-1* and its own hash over every field, so editing,
deleting or reordering any entry breaks the chain at that entry, and ``verify`` names it.
Sequence numbers are dense from 1; a gap is a deletion. The chain head (seq, hash) travels with
every sync so the server can witness it (which also exposes a truncated tail).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from app.storage.cursor import Cursor
from app.storage.tables import audit_log

GENESIS = "0" * 64
_COLUMNS = ("seq", "at", "actor", "action", "object", "outcome", "detail", "prev_hash", "hash")
_INSERT = f"INSERT INTO audit_log ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    object: str
    outcome: str
    detail: str
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainBreak:
    seq: int
    problem: str  # "hash" | "link" | "gap"


def entry_hash(
    seq: int, at: str, actor: str, action: str, obj: str, outcome: str, detail: str, prev: str
) -> str:
    canonical = json.dumps(
        [seq, at, actor, action, obj, outcome, detail, prev], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class AuditChain:
    """Appends to the chain within one write transaction. Not thread-safe: one per unit of work."""

    def __init__(self, conn: Connection, cursor: Cursor | None = None) -> None:
        self._conn = conn
        self._cursor = cursor
        self._head: tuple[int, str] | None = None

    def head(self) -> tuple[int, str]:
        if self._head is None:
            if self._cursor is not None:
                row = self._cursor.execute(
                    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
                ).fetchone()
            else:
                row = self._conn.execute(
                    select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
                ).first()
            self._head = (int(row[0]), str(row[1])) if row else (0, GENESIS)
        return self._head

    def record(
        self,
        actor: str,
        action: str,
        obj: str = "",
        outcome: str = "ok",
        detail: str = "",
        *,
        at: str | None = None,
    ) -> AuditEntry:
        """Append one entry. *detail* must never hold passwords, keys or ID numbers."""
        seq, prev = self.head()
        seq += 1
        when = at or now_utc()
        digest = entry_hash(seq, when, actor, action, obj, outcome, detail, prev)
        row = (seq, when, actor, action, obj, outcome, detail, prev, digest)
        if self._cursor is not None:
            self._cursor.execute(_INSERT, row)
        else:
            self._conn.execute(insert(audit_log).values(dict(zip(_COLUMNS, row, strict=True))))
        self._head = (seq, digest)
        return AuditEntry(seq, when, actor, action, obj, outcome, detail, prev, digest)

    def record_many(self, actor: str, action: str, items: list[tuple[str, str]]) -> None:
        """Append one entry per (object, detail), all at one moment, in one statement: what a
        batch of registrations writes. Same chain as calling :meth:`record` for each."""
        if self._cursor is None:
            for obj, detail in items:
                self.record(actor, action, obj, detail=detail)
            return
        seq, prev = self.head()
        when = now_utc()
        rows = []
        for obj, detail in items:
            seq += 1
            digest = entry_hash(seq, when, actor, action, obj, "ok", detail, prev)
            rows.append((seq, when, actor, action, obj, "ok", detail, prev, digest))
            prev = digest
        if rows:
            self._cursor.executemany(_INSERT, rows)
        self._head = (seq, prev)


def iter_entries(conn: Connection, *, obj: str | None = None, batch: int = 5000) -> Iterator[AuditEntry]:
    """Entries in sequence order (optionally those about one object), fetched in batches."""
    last = 0
    while True:
        query = select(audit_log).where(audit_log.c.seq > last).order_by(audit_log.c.seq).limit(batch)
        if obj is not None:
            query = query.where(audit_log.c.object == obj)
        rows = conn.execute(query).all()
        if not rows:
            return
        for r in rows:
            yield AuditEntry(
                r.seq, r.at, r.actor, r.action, r.object, r.outcome, r.detail, r.prev_hash, r.hash
            )
        last = rows[-1].seq


# Issue 14: a station rebuilt from the server after a lost disk starts its chain on the head the
# server last witnessed from it (JSON [seq, hash] in sync_state): its first entry is seq + 1 and
# links to that hash, so the server sees the chain go on from what it holds.
ORIGIN_KEY = "audit_origin"


def origin(conn: Connection) -> tuple[int, str]:
    """Where the chain starts: (0, GENESIS), or the witnessed head a rebuilt station went on from."""
    row = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (ORIGIN_KEY,)).first()
    if row is None:
        return 0, GENESIS
    seq, digest = json.loads(row[0])
    return int(seq), str(digest)


def relink(cursor: Cursor, start: tuple[int, str]) -> int:
    """Move a fresh station's few entries onto *start* (seq and links, every field else kept) and
    remember it as the chain's origin; returns how many entries moved. Only for a station whose
    register is empty (a rebuild's first step), inside the caller's transaction."""
    rows = cursor.execute(
        "SELECT at, actor, action, object, outcome, detail FROM audit_log ORDER BY seq"
    ).fetchall()
    cursor.execute("DELETE FROM audit_log")
    seq, prev = start
    for at, actor, action, obj, outcome, detail in rows:
        seq += 1
        digest = entry_hash(seq, at, actor, action, obj, outcome, detail, prev)
        cursor.execute(_INSERT, (seq, at, actor, action, obj, outcome, detail, prev, digest))
        prev = digest
    cursor.execute(
        "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", (ORIGIN_KEY, json.dumps(list(start)))
    )
    return len(rows)


def verify(conn: Connection) -> tuple[int, ChainBreak | None]:
    """Walk the whole chain. Returns (entries checked, first break or None)."""
    expected_seq, prev = origin(conn)
    expected_seq += 1
    count = 0
    for e in iter_entries(conn):
        if e.seq != expected_seq:
            return count, ChainBreak(expected_seq, "gap")
        if e.prev_hash != prev:
            return count, ChainBreak(e.seq, "link")
        if entry_hash(e.seq, e.at, e.actor, e.action, e.object, e.outcome, e.detail, e.prev_hash) != e.hash:
            return count, ChainBreak(e.seq, "hash")
        prev, expected_seq = e.hash, e.seq + 1
        count += 1
    return count, None


def hash_at(conn: Connection, seq: int) -> str | None:
    """The stored hash of entry *seq*, or None when the chain holds no such entry."""
    row = conn.exec_driver_sql("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).first()
    return None if row is None else str(row[0])


def last_entry(cursor: Cursor) -> tuple[int, str] | None:
    """(seq, hash) of the chain's newest entry, or None when the chain holds none."""
    row = cursor.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def entry_hash_at(cursor: Cursor, seq: int) -> str | None:
    """:func:`hash_at` inside the caller's transaction (the unit of work's or a reader's cursor)."""
    row = cursor.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    return None if row is None else str(row[0])
