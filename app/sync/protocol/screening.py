"""The offline national screening index on the wire: a signed, encrypted, compressed file.

``GET /sync/screening?since=N`` answers :class:`ScreeningAnswer`: ``kind`` "none" (the station
holds version N, the newest), "delta" (the cases changed since N: their current rows, and the
case numbers to drop) or "base" (every active missing person; sent when N is 0, unknown or too
far behind). The USB answer bundle carries the same object under ``screening``.

The file (:func:`seal_index`) is ``MAGIC``, a JSON header (kind, version, since, signer, nonce),
the AES-256-GCM ciphertext of the zlib-compressed columns (header as associated data, a fresh
random key per file), and an Ed25519 signature by the server over all of it. The key travels
beside the file in the answer — over the authenticated channel (the station's device credential
on HTTPS), or inside the sealed USB bundle — never inside the file. A station checks the
signature against the pinned signer *before* anything else (:func:`open_index`): one changed
byte and the file is refused whole, nothing applied.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.core.matching.screening import ScreeningTable
from app.sync.protocol import ProtocolError
from app.sync.protocol.screening_rotation import Rotation

__all__ = [
    "KINDS",
    "MAGIC",
    "IndexRefused",
    "ScreeningAnswer",
    "ScreeningFile",
    "decode_table",
    "encode_table",
    "open_index",
    "seal_index",
    "sign_public",
]

MAGIC = b"XRSIDX1\n"
FORMAT = "xunren-screening/1"
KINDS = ("none", "base", "delta")
_SIG = 64

_COLUMNS: tuple[tuple[str, str], ...] = (
    ("person", "u1"), ("sex", "i1"), ("birth", "<i4"), ("event", "<i4"), ("height", "<u2"),
    ("places", "<i4"), ("marks", "<u8"), ("names", "<u2"), ("cores", "<u2"),
    ("profile_owner", "<i4"), ("profile_relation", "i1"), ("profile_born", "<i4"), ("alleles", "u1"),
)  # fmt: skip


class IndexRefused(ValueError):
    """The index file cannot be trusted or read; ``code``: forged | signer | damaged | key."""

    def __init__(self, code: str, english: str) -> None:
        super().__init__(english)
        self.code = code


def encode_table(table: ScreeningTable, removed: list[str] | None = None) -> bytes:
    """The compressed columns of *table* (plus, for a delta, the case numbers it drops)."""
    blobs: list[bytes] = []
    manifest: dict[str, Any] = {
        "rows": len(table),
        "removed": sorted(removed or []),
        "syllables": table.syllables,
        "loci": table.loci,
        "values": table.values,
        "columns": [],
    }
    case_blob = "\n".join(table.case_no).encode()
    blobs.append(case_blob)
    manifest["case_no"] = len(case_blob)
    for name, dtype in _COLUMNS:
        array = np.ascontiguousarray(getattr(table, name), dtype=np.dtype(dtype))
        raw = array.tobytes()
        manifest["columns"].append([name, dtype, list(array.shape), len(raw)])
        blobs.append(raw)
    head = json.dumps(manifest, separators=(",", ":")).encode()
    return zlib.compress(struct.pack("<I", len(head)) + head + b"".join(blobs), 6)


def decode_table(data: bytes) -> tuple[ScreeningTable, list[str]]:
    """(table, removed case numbers) from :func:`encode_table`'s bytes; ProtocolError if damaged."""
    try:
        raw = zlib.decompress(data)
        (size,) = struct.unpack_from("<I", raw, 0)
        manifest = json.loads(raw[4 : 4 + size])
        at = 4 + size
        case_len = int(manifest["case_no"])
        text = raw[at : at + case_len].decode()
        at += case_len
        columns: dict[str, Any] = {}
        for name, dtype, shape, length in manifest["columns"]:
            array = np.frombuffer(
                raw, dtype=np.dtype(dtype), count=length // np.dtype(dtype).itemsize, offset=at
            )
            columns[name] = array.reshape(shape).copy()
            at += int(length)
        table = ScreeningTable(
            case_no=text.split("\n") if text else [],
            syllables=[str(s) for s in manifest["syllables"]],
            loci=[str(s) for s in manifest["loci"]],
            values=[[float(a) for a in v] for v in manifest["values"]],
            **columns,
        )
        if len(table.case_no) != int(manifest["rows"]) or any(len(columns[c]) != len(table) for c in
                                                               ("person", "sex", "birth", "names")):  # fmt: skip
            raise ValueError("column lengths differ")
        return table, [str(c) for c in manifest["removed"]]
    except (zlib.error, struct.error, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ProtocolError("invalid", f"the screening index is damaged: {exc}") from None


def sign_public(sign_seed: str) -> str:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(sign_seed))
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


@dataclass(frozen=True)
class ScreeningFile:
    """A verified, decrypted index file."""

    kind: str
    version: int
    since: int
    table: ScreeningTable
    removed: list[str]


def seal_index(
    payload: bytes, *, kind: str, version: int, since: int, sign_seed: str, made_at: str
) -> tuple[bytes, bytes]:
    """(file bytes, its content key): *payload* (:func:`encode_table`) encrypted and signed."""
    key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    header: dict[str, object] = {"format": FORMAT, "kind": kind, "version": version, "since": since, "made_at": made_at,
              "signer": sign_public(sign_seed), "nonce": nonce.hex()}  # fmt: skip
    head = json.dumps(header, sort_keys=True).encode()
    ct = AESGCM(key).encrypt(nonce, payload, head)
    body = MAGIC + struct.pack("<I", len(head)) + head + ct
    signature = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(sign_seed)).sign(body)
    return body + signature, key


def peek_signer(data: bytes) -> str:
    """The signer the (unverified) header claims."""
    try:
        (size,) = struct.unpack_from("<I", data, len(MAGIC))
        return str(json.loads(data[len(MAGIC) + 4 : len(MAGIC) + 4 + size])["signer"])
    except (struct.error, ValueError, KeyError, TypeError):
        raise IndexRefused("damaged", "not a Xunren screening index (damaged or another file)") from None


def open_index(data: bytes, key: bytes, signer: str) -> ScreeningFile:
    """Verify the signature by *signer* first, then decrypt and read; :class:`IndexRefused`."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4 + _SIG:
        raise IndexRefused("damaged", "not a Xunren screening index (damaged or another file)")
    body, signature = data[:-_SIG], data[-_SIG:]
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(signer)).verify(signature, body)
    except (InvalidSignature, ValueError):
        raise IndexRefused(
            "forged", "the signature does not match: the index was changed or forged"
        ) from None
    (size,) = struct.unpack_from("<I", body, len(MAGIC))
    head = body[len(MAGIC) + 4 : len(MAGIC) + 4 + size]
    header = json.loads(head)
    if header.get("signer") != signer or header.get("format") != FORMAT or header.get("kind") not in KINDS:
        raise IndexRefused("signer", "the index names another signer or format")
    try:
        plain = AESGCM(key).decrypt(bytes.fromhex(header["nonce"]), body[len(MAGIC) + 4 + size :], head)
    except (InvalidTag, ValueError):
        raise IndexRefused("key", "the index cannot be decrypted with the key that came with it") from None
    try:
        table, removed = decode_table(plain)
    except ProtocolError as exc:
        raise IndexRefused("damaged", str(exc)) from None
    return ScreeningFile(str(header["kind"]), int(header["version"]), int(header["since"]), table, removed)


@dataclass(frozen=True)
class ScreeningAnswer:
    """The answer to ``GET /sync/screening?since=N`` (and the bundle answer's ``screening``)."""

    kind: str  # one of KINDS
    version: int
    signer: str  # hex Ed25519 public key of the server's screening key
    file: bytes | None = None
    key: bytes | None = None
    # the server's screening key rotations, oldest first (screening_rotation.py); the key is
    # present only when the server ever rotated, so an answer without one keeps its old shape
    rotations: tuple[Rotation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        shape: dict[str, Any] = {
            "kind": self.kind,
            "version": self.version,
            "signer": self.signer,
            "file": None if self.file is None else base64.b64encode(self.file).decode(),
            "key": None if self.key is None else base64.b64encode(self.key).decode(),
        }
        if self.rotations:
            shape["rotations"] = [r.to_json() for r in self.rotations]
        return shape

    @classmethod
    def read(cls, data: Any) -> ScreeningAnswer:
        try:
            kind, version, signer = data["kind"], data["version"], data["signer"]
            if kind not in KINDS or not isinstance(version, int) or not isinstance(signer, str):
                raise ValueError("bad kind, version or signer")
            raw, key = data.get("file"), data.get("key")
            file = None if raw is None else base64.b64decode(raw, validate=True)
            k = None if key is None else base64.b64decode(key, validate=True)
            if kind != "none" and (file is None or k is None or len(k) != 32):
                raise ValueError("a file without its key")
            rotations = tuple(Rotation.read(r) for r in data.get("rotations") or [])
            return cls(kind, version, signer, file, k, rotations)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ProtocolError("invalid", f"malformed screening answer: {exc}") from None
