"""Encrypted backups: one file that carries everything a restore needs, checked before use.

Layout: ``XUNRENBK1\\n``, a 4-byte big-endian header length, the JSON header (format, station,
store id, the key-slot file, the size and SHA-256 of the database image, the audit chain head,
and an HMAC over header and image under a key derived from the data key), then the database
image: a consistent SQLCipher export encrypted with the same data key. Nothing readable about a
case is in the file; opening it needs a user's password (or the recovery key) like the store.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.storage.atomic import write_atomic
from app.storage.cursor import one
from app.storage.engine import check_integrity, connect_raw

MAGIC = b"XUNRENBK1\n"
FORMAT = 1


class BackupError(Exception):
    """The backup file is not one of ours, or it is damaged or tampered with."""


@dataclass(frozen=True)
class BackupHeader:
    station_code: str
    store_id: str
    created_at: str
    keyslots: dict[str, Any]
    db_size: int
    db_sha256: str
    audit_seq: int
    audit_hash: str
    mac: str

    def signed_part(self) -> bytes:
        fields = [
            self.station_code,
            self.store_id,
            self.created_at,
            self.keyslots,
            self.db_size,
            self.db_sha256,
            self.audit_seq,
            self.audit_hash,
        ]
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def _mac_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"xunren-backup-mac-v1").derive(
        data_key
    )


def _mac(data_key: bytes, header: BackupHeader) -> str:
    return hmac.new(_mac_key(data_key), header.signed_part(), hashlib.sha256).hexdigest()


def export_image(db_path: Path, key: bytes, target: Path) -> None:
    """A consistent encrypted copy of the live database (SQLCipher's export, same key)."""
    conn = connect_raw(db_path, key)
    try:
        conn.execute(f"ATTACH DATABASE ? AS backup KEY \"x'{key.hex()}'\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('backup')")
        version = one(conn.execute("PRAGMA main.user_version"))[0]
        conn.execute(f"PRAGMA backup.user_version = {int(version)}")
        conn.execute("DETACH DATABASE backup")
    finally:
        conn.close()


def write_backup(
    out: Path,
    *,
    db_path: Path,
    key: bytes,
    station_code: str,
    store_id: str,
    created_at: str,
    keyslots: dict[str, Any],
    audit_seq: int,
    audit_hash: str,
) -> int:
    """Write the backup file atomically; returns its size in bytes."""
    with tempfile.TemporaryDirectory(prefix="xunren-backup-", dir=out.parent) as tmp:
        image_path = Path(tmp) / "image.db"
        export_image(db_path, key, image_path)
        image = image_path.read_bytes()
    header = BackupHeader(
        station_code,
        store_id,
        created_at,
        keyslots,
        len(image),
        hashlib.sha256(image).hexdigest(),
        audit_seq,
        audit_hash,
        "",
    )
    header = BackupHeader(**{**header.__dict__, "mac": _mac(key, header)})
    head = json.dumps(header.__dict__, ensure_ascii=False).encode("utf-8")
    blob = MAGIC + struct.pack(">I", len(head)) + head + image
    write_atomic(out, blob)
    return len(blob)


def read_backup(path: Path) -> tuple[BackupHeader, bytes]:
    """Parse and check the framing and the image hash (the MAC needs the key: see check_mac)."""
    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise BackupError(exc.strerror or "unreadable") from None
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 4:
        raise BackupError("not a Xunren backup")
    (n,) = struct.unpack(">I", blob[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    try:
        raw = json.loads(blob[start : start + n].decode("utf-8"))
        header = BackupHeader(**raw)
    except (ValueError, TypeError):
        raise BackupError("header damaged") from None
    image = blob[start + n :]
    if len(image) != header.db_size or hashlib.sha256(image).hexdigest() != header.db_sha256:
        raise BackupError("database image damaged or truncated")
    return header, image


def check_mac(header: BackupHeader, key: bytes) -> bool:
    return hmac.compare_digest(_mac(key, header), header.mac)


def check_image(image_path: Path, key: bytes) -> None:
    """Open the restored image with the key and run the page and consistency checks."""
    conn = connect_raw(image_path, key)
    try:
        check_integrity(conn)
    finally:
        conn.close()
