"""Where the server keeps its screening key (the Ed25519 seed that signs the offline national
index) and reading or making it. Kept apart from :mod:`server.services.screening`, which loads
the matcher: the command line checks an output path against this file without that import."""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["default_key_file", "screening_key"]


def default_key_file() -> Path:
    env = os.environ.get("XUNREN_SCREENING_KEY")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("xunren-server", "xunren")) / "screening_key.json"


def screening_key(path: Path | None = None) -> str:
    """The server's Ed25519 screening seed (hex) from *path*, made (0600) on first use."""
    path = path or default_key_file()
    if path.exists():
        return str(json.loads(path.read_text("utf-8"))["sign_seed"])
    seed = os.urandom(32).hex()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return screening_key(path)
    with os.fdopen(fd, "w") as f:
        json.dump({"sign_seed": seed}, f)
        f.flush()
        os.fsync(f.fileno())
    return seed
