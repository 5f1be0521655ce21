"""The sync wire protocol between a station and the national server (version 2).

Shared by the client (``app.sync``) and the server (``server``); plain typed Python and the
core's pure parts only (no storage, no HTTP). This module holds the envelope (changes, results,
pull items, state); each record kind has one definition, with one builder and one reader, in a
module of its own: :mod:`.cases` (the case, persons inside, with the station's phone and address
and the closure), :mod:`.samples` (sample, profile, custody), :mod:`.photos`, :mod:`.matches`
(the national candidate a station pulls). Version 2 adds ``v`` to the case record and reads the
station's case status (:class:`~app.core.lifecycle.CaseStatus`) on the receipt check; the server
reads a version-1 payload the same way (the keys did not change).

Transport: HTTPS, JSON bodies (UTF-8), ``Authorization: Bearer <device credential>``. A push
body may be sent with ``Content-Encoding: gzip``. Every error answer is ``{"reason": CODE,
"detail": text}`` with a 4xx status; every sync answer carries ``epoch`` and ``server_time``.

Records and ids
    A record is one case or one child of a case. Its id is nationally unique:
    ``{station}-{year}-{NNNNNN}`` for a case (the case number) and ``{case_no}/{kind}/{uuid}``
    for a child, ``kind`` being the letter in :data:`CHILD_KINDS` for its record type. The
    owning station is the one whose code begins the id until a transfer moves the case (issue 14,
    :mod:`app.sync.transfer_records`): from then the case and every child of it, old or new,
    belong to the receiving station, whose ids still begin with the old station's code.

Changes
    A station pushes :class:`Change` objects (``POST /sync/push``, body :class:`PushRequest`, at
    most :data:`MAX_BATCH_CHANGES` changes and :data:`MAX_BATCH_BYTES` after gzip decoding, else
    413). ``payload`` is the record's full current state, not a diff; for a case it must hold
    ``type`` (one of :data:`CASE_TYPES`) and may hold ``status`` and ``verification_hash`` (=
    ``app.core.verification.code_hash(code)``), which the receipt check reads. A malformed batch
    (bad JSON, unknown field, wrong type, malformed change or record id) is refused whole with 422
    and nothing applied. ``base_revision`` is 0 to create a record, else
    the revision the station last saw; the server answers each with a :class:`ChangeResult`:
    ``applied`` (with the record's new revision) or ``refused`` (with a reason in
    :data:`REFUSAL_REASONS`). A change id's answer is final: resending the same change id
    answers the same result and changes nothing; after resolving a refusal, send a new change
    with a new id. Changes in one batch are applied in order, one transaction per batch, and
    the answer comes only after the commit.

Answers
    401 ``no_credential``/``bad_credential``: (re-)enrol. 403 ``revoked``: the station was revoked.
    413 ``batch_too_large``: split the batch. 422 ``invalid``: a bug, not a retry. 429 with
    ``Retry-After`` and 5xx: retry later with the same change ids.

Pull
    ``GET /sync/pull?cursor=N&limit=M`` (limit at most :data:`MAX_PULL_LIMIT`) returns what the
    server holds *for* the station (matches, server-side updates of its records, referrals,
    alerts) with ``seq > cursor``, in ``seq`` order; a station's own pushes are not echoed. Store ``next_cursor`` in the same transaction that applies the page. When ``epoch``
    differs from the one last seen, the server was restored from a backup: resend every change
    the server may no longer have (compare with :func:`records_digest` through ``/sync/state``).
    A match item has ``record_type`` "match", ``record_id`` ``{missing case}~{found case}`` and a
    payload :class:`.matches.MatchDelivery` (score, reasons, the DNA figures behind a verdict, the
    pair's national state, each station's decision and whether they conflict); a higher
    ``revision`` of the same id replaces the earlier one. Beside it, a ``summary`` item (record id:
    the other station's case number) carries that case as :class:`.summaries.CaseSummary`.
    An alert item (issue 14) has ``record_type`` "alert", ``record_id`` the alerted case number
    and the payload of :class:`app.sync.alert_records.AlertDelivery`; a higher revision replaces
    it (``state`` "cancelled": the case was found, voided or closed). A referral item (issue 14)
    has ``record_type`` "referral", ``record_id`` the referral's id and the payload of
    :class:`.referrals.ReferralDelivery`; a higher revision replaces it.
    it (``state`` "cancelled": the case was found, voided or closed).
    A transfer item has ``record_type`` "transfer", ``record_id`` the transfer record's id and
    the payload of :class:`app.sync.transfer_records.TransferDelivery` (to both stations).

Decisions
    A station's confirm, reject or reunite of a national pair is its ``decision`` record
    (:class:`.matches.MatchDecision`), a child of its own case of the pair whose id is derived from
    the pair (:func:`.matches.decision_id`); the server settles the pair from every station's
    decision (:func:`.matches.settle`) and delivers it to both stations.

State
    ``GET /sync/state`` answers :class:`SyncState`: counts per record type of the records the
    station owns on the server, their total, :func:`records_digest` over (record id, revision),
    ``cursor``, the newest pull position for the station, and ``numbers``, the highest case and
    sample number per year the server has seen from the station (also in the enrolment answer):
    a station restored from an older backup never gives one of them again.

Attachments
    ``PUT /attachments/{sha256}/chunks/{i}`` (body: the bytes, at most :data:`MAX_CHUNK_BYTES`;
    header ``X-Chunk-SHA256`` = :func:`chunk_sha256`), ``GET /attachments/{sha256}`` (which
    chunks arrived: resume from there), ``POST /attachments/{sha256}/complete`` with
    ``{"chunks": n}`` (the server checks the whole file's SHA-256).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from app.sync.protocol.witness import (  # the audit head and its witnessing, re-exported
    AUDIT_REWRITTEN as AUDIT_REWRITTEN,
)
from app.sync.protocol.witness import (
    AUDIT_SHORTENED as AUDIT_SHORTENED,
)
from app.sync.protocol.witness import (
    AUDIT_UNKNOWN_RESTORE as AUDIT_UNKNOWN_RESTORE,
)
from app.sync.protocol.witness import (
    GENESIS_HASH as GENESIS_HASH,
)
from app.sync.protocol.witness import (
    MAX_AUDIT_ANCHORS as MAX_AUDIT_ANCHORS,
)
from app.sync.protocol.witness import (
    SHA256_PATTERN as SHA256_PATTERN,
)
from app.sync.protocol.witness import (
    AuditHead as AuditHead,
)
from app.sync.protocol.witness import (
    WitnessAnswer as WitnessAnswer,
)

PROTOCOL_VERSION = 2

MAX_BATCH_CHANGES = 1000
MAX_BATCH_BYTES = 8 * 1024 * 1024  # after gzip decoding
MAX_PAYLOAD_BYTES = 256 * 1024  # one change's payload, serialised
MAX_PULL_LIMIT = 1000
MAX_CHUNK_BYTES = 1024 * 1024
MAX_ATTACHMENT_CHUNKS = 256

CASE_TYPES = ("missing", "found", "trafficking")
CHILD_KINDS: dict[str, str] = {
    "person": "p",
    "sample": "s",
    "custody": "c",
    "profile": "d",
    "photo": "f",
    "review": "r",
    "void": "v",
    "note": "n",
    "publication": "g",  # issue 18: a found child's gallery publication (app/sync/gallery_records.py)
    "decision": "m",  # issue 14: a station's decision on a national pair (protocol.matches)
    "alert_ack": "k",  # issue 14: an officer's acknowledgement of a child alert (app/sync/alert_records.py)
    "referral": "q",  # issue 14: a station asks another to act on its case (protocol.referrals)
    "referral_answer": "a",  # issue 14: the asked station's step: accepted, answered, declined
    "transfer": "t",  # issue 14: the sending station's transfer of its case (app/sync/transfer_records.py)
    "transfer_accept": "o",  # issue 14: the receiving station's acceptance of a transfer
    "transfer_end": "x",  # issue 14: a transfer declined (receiving station) or withdrawn (sending)
}
RECORD_TYPES: tuple[str, ...] = ("case", *CHILD_KINDS)

STATION_CODE_RE = re.compile(r"^[0-9]{9}$")
CASE_NO_RE = re.compile(r"^([0-9]{9})-([0-9]{4})-([0-9]{6})$")
CHILD_ID_RE = re.compile(
    r"^([0-9]{9}-[0-9]{4}-[0-9]{6})/([a-z])/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
)
RECORD_ID_PATTERN = (
    r"^[0-9]{9}-[0-9]{4}-[0-9]{6}(/[a-z]/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$"
)
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_UUID_RE = re.compile(UUID_PATTERN)  # compiled once: the server checks every pushed change

# Why a change was refused. The client keeps the change and shows the reason to a person.
NOT_OWNER = "not_owner"  # the record (or its case number) belongs to another station
STALE_REVISION = "stale_revision"  # base_revision is not the server's current revision
INVALID = "invalid"  # record id / type / payload do not make sense
MISSING_CASE = "missing_case"  # a child record whose case the server does not hold
REFUSAL_REASONS = (NOT_OWNER, STALE_REVISION, INVALID, MISSING_CASE)

# Pulled item kinds.
# tip and gallery (the national decision about a published child): issue 18; summary: issue 14
PULL_KINDS = ("record", "match", "referral", "alert", "tip", "summary", "gallery", "transfer")

# Case status as the family sees it on the public receipt check.
COARSE_STATUSES = ("registered", "in_progress", "closed")
# Words of servers' tests and stations before the case-life issue; a station sends CaseStatus.
_REGISTERED = frozenset({"", "new", "registered", "pending", "reported", "returned"})
_CLOSED = frozenset({"closed", "resolved", "reunited", "void", "voided", "cancelled"})
_STATION_COARSE = {
    "open": "registered",  # until a supervisor approves it (then in_progress, see coarse_status)
    "void_pending": "in_progress",  # a void takes effect only on a supervisor's approval
    "close_pending": "in_progress",
    "voided": "closed",
    "closed": "closed",
}


class ProtocolError(ValueError):
    """A message that does not follow the protocol; ``reason`` is a protocol reason code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def station_of(record_id: str) -> str:
    """The code of the station that created ``record_id`` (its first nine digits)."""
    return record_id[:9]


def case_of(record_id: str) -> str:
    """The case number a record belongs to (a case is its own case)."""
    return record_id.split("/", 1)[0]


def child_id(case_no: str, record_type: str, child_uuid: str | None = None) -> str:
    """A new nationally unique id for a child record of ``case_no``."""
    return f"{case_no}/{CHILD_KINDS[record_type]}/{child_uuid or uuid.uuid4()}"


def check_record_id(record_type: str, record_id: str) -> str | None:
    """None when ``record_id`` is well formed for ``record_type``, else why it is not."""
    if record_type == "case":
        return None if CASE_NO_RE.match(record_id) else "a case id is {station}-{year}-{NNNNNN}"
    kind = CHILD_KINDS.get(record_type)
    if kind is None:
        return f"unknown record type {record_type!r}"
    m = CHILD_ID_RE.match(record_id)
    if not m or m.group(2) != kind:
        return f"a {record_type} id is {{case_no}}/{kind}/{{uuid}}"
    return None


def coarse_status(status: str | None, review: str | None = None) -> str:
    """What the receipt check says about a case in ``status`` (a
    :class:`~app.core.lifecycle.CaseStatus` value) whose registration review is ``review``: an
    open case is ``registered`` until its registration is approved, then ``in_progress``."""
    value = (status or "").strip().lower()
    if value in _STATION_COARSE:
        if value == "open" and review == "approved":
            return "in_progress"
        return _STATION_COARSE[value]
    if value in _REGISTERED:
        return "registered"
    if value in _CLOSED:
        return "closed"
    return "in_progress"


def records_digest(pairs: Iterable[tuple[str, int]]) -> str:
    """SHA-256 (hex) over a station's records: the line ``f"{record_id} {revision}\\n"`` for each,
    in ascending order of record id (ids are ASCII, so code-point and byte order agree)."""
    h = hashlib.sha256()
    for record_id, revision in sorted(pairs):
        h.update(f"{record_id} {revision}\n".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class Change:
    """One change a station pushes. ``created_at`` is ISO 8601 with an offset (client clock,
    informative only: it never decides ordering)."""

    change_id: str
    record_type: str
    record_id: str
    base_revision: int
    payload: dict[str, Any]
    created_at: str

    def problem(self) -> str | None:
        """None when the change is well formed, else a one-line reason."""
        if not _UUID_RE.match(self.change_id):
            return "change_id is a lower-case UUID"
        if self.record_type not in RECORD_TYPES:
            return f"unknown record type {self.record_type!r}"
        if not isinstance(self.base_revision, int) or self.base_revision < 0:
            return "base_revision is an integer >= 0"
        if not isinstance(self.payload, dict):
            return "payload is a JSON object"
        return check_record_id(self.record_type, self.record_id)


@dataclass(frozen=True)
class PushRequest:
    changes: list[Change]
    audit_head: AuditHead | None = None

    def to_json(self) -> bytes:
        body = asdict(self)
        body["audit_head"] = None if self.audit_head is None else self.audit_head.to_json()
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class ChangeResult:
    change_id: str
    record_id: str
    status: str  # "applied" | "refused"
    revision: int | None = None  # the record's revision after the change (applied)
    reason: str | None = None  # one of REFUSAL_REASONS (refused)
    detail: str | None = None


@dataclass(frozen=True)
class PushResponse:
    epoch: str
    server_time: str
    results: list[ChangeResult]
    witness: WitnessAnswer | None = None  # None: no head was pushed, or an older server

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PushResponse:
        return cls(
            epoch=str(data["epoch"]),
            server_time=str(data["server_time"]),
            results=[ChangeResult(**r) for r in data["results"]],
            witness=WitnessAnswer.from_json(data.get("witness")),
        )


@dataclass(frozen=True)
class PulledItem:
    seq: int
    kind: str  # one of PULL_KINDS
    record_type: str
    record_id: str
    revision: int
    payload: dict[str, Any]


@dataclass(frozen=True)
class PullResponse:
    epoch: str
    server_time: str
    items: list[PulledItem]
    next_cursor: int
    has_more: bool

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PullResponse:
        return cls(
            epoch=str(data["epoch"]),
            server_time=str(data["server_time"]),
            items=[PulledItem(**i) for i in data["items"]],
            next_cursor=int(data["next_cursor"]),
            has_more=bool(data["has_more"]),
        )


SAMPLE_NO_RE = re.compile(r"^([0-9]{9})-([0-9]{4})-D([0-9]{6})$")
NUMBER_SERIES = ("case", "sample")


def numbered(
    station: str, record_type: str, record_id: str, payload: Mapping[str, Any]
) -> list[tuple[str, int, int]]:
    """(series, year, sequence) of every case or sample number of *station* a change carries:
    what the server remembers so that a restored station never gives one of them again."""
    found: list[tuple[str, int, int]] = []
    if record_type == "case":
        m = CASE_NO_RE.match(record_id)
        if m and m.group(1) == station:
            found.append(("case", int(m.group(2)), int(m.group(3))))
        texts = payload.get("sample_numbers") or []
    else:
        texts = [payload.get("sample_no")] if record_type == "sample" else []
    for text in texts if isinstance(texts, list) else []:
        s = SAMPLE_NO_RE.match(text) if isinstance(text, str) else None
        if s and s.group(1) == station:
            found.append(("sample", int(s.group(2)), int(s.group(3))))
    return found


def numbers_to_json(highs: Mapping[tuple[str, int], int]) -> dict[str, dict[str, int]]:
    """``{"case": {"2026": 12}, "sample": {"2026": 30}}``: the highest number per series and year."""
    out: dict[str, dict[str, int]] = {}
    for (series, year), high in sorted(highs.items()):
        out.setdefault(series, {})[str(year)] = int(high)
    return out


def numbers_from_json(data: Any) -> dict[tuple[str, int], int]:
    """The inverse of :func:`numbers_to_json`; anything malformed is left out (an older server
    sends nothing)."""
    highs: dict[tuple[str, int], int] = {}
    if not isinstance(data, Mapping):
        return highs
    for series, years in data.items():
        if series not in NUMBER_SERIES or not isinstance(years, Mapping):
            continue
        for year, high in years.items():
            if str(year).isdigit() and len(str(year)) == 4 and isinstance(high, int) and 0 < high < 10**6:
                highs[(str(series), int(year))] = high
    return highs


@dataclass(frozen=True)
class SyncState:
    """What the server holds for a station: counts per record type, total, and the digest."""

    epoch: str
    server_time: str
    station: str
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    digest: str = ""
    cursor: int = 0
    # The highest case and sample numbers per year the server has seen from the station
    # (:func:`numbers_to_json`); the station never numbers below them.
    numbers: dict[tuple[str, int], int] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SyncState:
        return cls(
            epoch=str(data["epoch"]),
            server_time=str(data["server_time"]),
            station=str(data["station"]),
            counts={str(k): int(v) for k, v in data["counts"].items()},
            total=int(data["total"]),
            digest=str(data["digest"]),
            cursor=int(data["cursor"]),
            numbers=numbers_from_json(data.get("numbers")),
        )


def chunk_sha256(data: bytes) -> str:
    """The per-chunk checksum sent in the ``X-Chunk-SHA256`` header."""
    return hashlib.sha256(data).hexdigest()


def stale_detail(held: int) -> str:
    """The detail of a :data:`STALE_REVISION` refusal (the server writes it, see :func:`held_revision`)."""
    return f"the server holds revision {held}"


def held_revision(detail: str) -> int | None:
    """The revision the server holds, read from a ``stale_revision`` refusal's detail.

    The detail of a :data:`STALE_REVISION` refusal is part of the protocol (version 1): it reads
    exactly ``the server holds revision N``. A station that resolves the refusal by sending its
    version again bases the new change on N. A station's stored reason ``stale_revision: …`` may
    be passed whole. None when the text does not say it (an older or a different server).
    """
    code, sep, rest = detail.partition(":")
    text = rest if sep and code.strip() == STALE_REVISION else detail
    m = re.fullmatch(r"the server holds revision ([0-9]{1,18})", text.strip())
    return int(m.group(1)) if m else None
