"""The audit chain's head as a push carries it, and the server's word on it (witnessing: a
station's chain may only go on from the head the server last acknowledged). Part of the wire
protocol (:mod:`app.sync.protocol`, which re-exports these names)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SHA256_PATTERN = r"^[0-9a-f]{64}$"
GENESIS_HASH = "0" * 64  # the "head" of an empty audit chain
# Why the server refused to witness a head (an alert for the national operator).
AUDIT_SHORTENED = "shortened"  # fewer entries than the head the server last acknowledged
AUDIT_REWRITTEN = "rewritten"  # a different entry at a sequence the server acknowledged
AUDIT_UNKNOWN_RESTORE = "unknown_restore_point"  # a declared restore to a head never acknowledged
MAX_AUDIT_ANCHORS = 64  # the heads a station sends as anchors at most (its newest sent ones)


@dataclass(frozen=True)
class AuditHead:
    """The station's audit chain head, witnessed by the server on every push.

    ``anchors``: the station's own (seq, hash) today at every head it sent since the last one the
    server acknowledged (each recorded before it was sent, so a lost request or answer leaves the
    head the server holds among them), at that acknowledged head and at ``restored_to``. The
    server accepts a head whose anchors hold the head it witnessed last: the chain provably goes
    on from it. ``anchor``: the one at the acknowledged head (what servers before the list read).
    ``restored_to``: a declared restore, the acknowledged head the station went back to; the
    server records it as an event and witnesses the chain from there.
    """

    seq: int
    hash: str
    anchor: tuple[int, str] | None = None
    restored_to: tuple[int, str] | None = None
    anchors: tuple[tuple[int, str], ...] = ()

    def proofs(self) -> set[tuple[int, str]]:
        """Every point this head proves its chain passes through (the head itself included);
        points past the head prove nothing and are left out."""
        points = {p for p in (*self.anchors, self.anchor) if p is not None and p[0] <= self.seq}
        return points | {(self.seq, self.hash)}

    def to_json(self) -> dict[str, Any]:
        def point(p: tuple[int, str] | None) -> dict[str, Any] | None:
            return None if p is None else {"seq": p[0], "hash": p[1]}

        return {
            "seq": self.seq,
            "hash": self.hash,
            "anchor": point(self.anchor),
            "restored_to": point(self.restored_to),
            "anchors": [point(p) for p in self.anchors],
        }

    @classmethod
    def from_json(cls, data: Any) -> AuditHead:
        """Read a head as :meth:`to_json` wrote it (the USB bundle's copy); ValueError if malformed."""

        def point(p: Any) -> tuple[int, str]:
            if not isinstance(p, Mapping):
                raise ValueError("an audit point is an object")
            seq, digest = p.get("seq"), p.get("hash")
            if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= 2**62:
                raise ValueError("an audit point's seq is an integer >= 0")
            if not isinstance(digest, str) or not re.fullmatch(SHA256_PATTERN, digest):
                raise ValueError("an audit point's hash is 64 lower-case hex digits")
            return seq, digest

        if not isinstance(data, Mapping):
            raise ValueError("the audit head is an object")
        seq, digest = point(data)
        anchors = data.get("anchors") or []
        if not isinstance(anchors, list) or len(anchors) > MAX_AUDIT_ANCHORS + 2:
            raise ValueError("too many audit anchors")
        optional = {k: point(data[k]) if data.get(k) is not None else None for k in ("anchor", "restored_to")}
        return cls(seq, digest, anchors=tuple(point(a) for a in anchors), **optional)


@dataclass(frozen=True)
class WitnessAnswer:
    """The server's word on the pushed head: accepted, or refused with a reason; ``seq`` and
    ``hash`` are the head it holds as acknowledged afterwards."""

    accepted: bool
    seq: int | None = None
    hash: str | None = None
    reason: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> WitnessAnswer | None:
        if not isinstance(data, Mapping):
            return None
        seq = data.get("seq")
        return cls(
            accepted=bool(data.get("accepted")),
            seq=int(seq) if isinstance(seq, int) else None,
            hash=str(data["hash"]) if data.get("hash") else None,
            reason=str(data["reason"]) if data.get("reason") else None,
        )
