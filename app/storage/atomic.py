"""Atomic file replacement: a reader sees the old file or the new one, never a torn mix.

A crash or power cut at any moment leaves either the previous complete file or the new complete
file under *path* (temp file in the same directory, write, fsync, rename, fsync the directory).
Key slots and the logon state depend on this: a half-written slot file would lock every user out.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    # The rename is only durable once the directory entry itself is on disk.
    if os.name == "nt":  # Windows cannot open a directory for fsync; NTFS journals the rename.
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace *path* with *data* atomically and durably (file mode *mode*, owner-only default)."""
    path = Path(path)
    directory = path.parent
    tmp = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(directory)


def json_bytes(obj: object) -> bytes:
    """*obj* as UTF-8 JSON with sorted keys: the same object always gives the same bytes."""
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def write_json_atomic(path: Path, obj: object) -> None:
    """Serialise *obj* with :func:`json_bytes` and write it atomically."""
    write_atomic(path, json_bytes(obj))


def read_json(path: Path) -> object:
    """Read a JSON file; ``FileNotFoundError`` if absent, ``ValueError`` if not valid UTF-8 JSON."""
    raw = Path(path).read_bytes()
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{Path(path).name} is not valid JSON") from exc
