"""The rebuild page: what the server holds *owned by* a station, for a station that lost its disk.

``GET /sync/rebuild?after=RECORD_ID&limit=N`` (device credential; ``limit`` at most
:data:`MAX_REBUILD_LIMIT`) answers one :class:`RebuildPage`: the station's records with a record
id above ``after``, in record id order (a case before its children: its number is their prefix),
each with the server's revision and the payload the station pushed. Beside the records, every
page says where the station stands on the server, so a rebuild that was cut off resumes from the
last page it applied:

- ``witnessed``: the audit head the server last acknowledged from the station (None when it
  witnessed none, or starts afresh). A rebuilt station's new chain is anchored on it: its first
  entry links to that head's hash at the sequence after it, so the server's witness sees the
  chain go on from the head it holds (``app.storage.audit``);
- ``cursor``: the newest pull position for the station;
- ``numbers``: the highest case and sample numbers per year (:func:`numbers_to_json`);
- ``total``: how many records the station owns on the server (for progress).

A photo's bytes come from ``GET /attachments/{sha256}/chunks/{i}`` (the chunks the station
uploaded, :data:`MAX_CHUNK_BYTES` each, the whole checked against the SHA-256 at the end).
:func:`encode_page` is the one builder (it sets in the stored payload text as it is) and
:meth:`RebuildPage.read` the one reader.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.sync.protocol import (
    INVALID,
    RECORD_TYPES,
    ProtocolError,
    check_record_id,
    numbers_from_json,
    numbers_to_json,
)

MAX_REBUILD_LIMIT = 500
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@dataclass(frozen=True, slots=True)
class HeldRecord:
    """One record as the server holds it: its current revision and the station's payload."""

    record_type: str
    record_id: str
    revision: int
    payload: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RebuildPage:
    epoch: str
    server_time: str
    station: str
    records: tuple[HeldRecord, ...]
    next_after: str  # the record id to ask after for the next page
    has_more: bool
    witnessed: tuple[int, str] | None
    cursor: int
    numbers: dict[tuple[str, int], int]
    total: int

    @classmethod
    def read(cls, data: Any) -> RebuildPage:
        """The page in *data* (the decoded JSON answer); ProtocolError when malformed."""
        if not isinstance(data, Mapping):
            raise ProtocolError(INVALID, "a rebuild page is a JSON object")
        try:
            records = tuple(_held(r) for r in data["records"])
            w = data.get("witnessed")
            witnessed = None if w is None else (int(w["seq"]), str(w["hash"]))
            return cls(
                epoch=str(data["epoch"]),
                server_time=str(data["server_time"]),
                station=str(data["station"]),
                records=records,
                next_after=str(data["next_after"]),
                has_more=bool(data["has_more"]),
                witnessed=witnessed,
                cursor=int(data["cursor"]),
                numbers=numbers_from_json(data.get("numbers")),
                total=int(data["total"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ProtocolError(INVALID, f"a malformed rebuild page ({type(exc).__name__})") from None


def _held(raw: Any) -> HeldRecord:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("payload"), Mapping):
        raise ValueError("a held record is an object with a payload object")
    record_type, record_id, revision = str(raw["record_type"]), str(raw["record_id"]), raw["revision"]
    if record_type not in RECORD_TYPES or check_record_id(record_type, record_id) is not None:
        raise ValueError(f"a malformed record id {record_id!r}")
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise ValueError("a revision is an integer >= 1")
    return HeldRecord(record_type, record_id, revision, raw["payload"])


def encode_page(
    *,
    epoch: str,
    server_time: str,
    station: str,
    records: Iterable[tuple[str, str, int, str]],
    next_after: str,
    has_more: bool,
    witnessed: tuple[int, str] | None,
    cursor: int,
    numbers: Mapping[tuple[str, int], int],
    total: int,
) -> str:
    """The page as JSON text; *records* are (type, id, revision, stored payload JSON text)."""
    head = _ENCODE({
        "epoch": epoch, "server_time": server_time, "station": station, "next_after": next_after,
        "has_more": has_more, "cursor": cursor, "total": total, "numbers": numbers_to_json(numbers),
        "witnessed": None if witnessed is None else {"seq": witnessed[0], "hash": witnessed[1]},
    })  # fmt: skip
    body = ",".join(
        f'{{"record_type":{_ENCODE(t)},"record_id":{_ENCODE(i)},"revision":{v},"payload":{p or "{}"}}}'
        for t, i, v, p in records
    )
    return f'{head[:-1]},"records":[{body}]}}'
