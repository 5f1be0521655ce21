"""The files ``xunren-server`` commands read and write beside the server's own: the bundle keys
it reads, and the packages and answers it writes, never over a file the server keeps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from server.cli_errors import Failure, UsageError
from server.cli_words import say
from server.settings import Settings


def server_keys(key_file: Path) -> Any:
    """The server's bundle keys; a damaged key file is said in words, never a traceback."""
    from server.services import bundles

    try:
        return bundles.server_keys(key_file)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise Failure(say("key_file_damaged", file=key_file)) from None


def refuse_inside_server_folders(target: Path, settings: Settings, key_file: Path) -> None:
    """An answer written over the server's database (or its WAL) or its bundle keys would lose them."""
    from app.core.outputs import inside
    from server.settings import sqlite_path

    kept = [key_file]
    db = sqlite_path(settings.db_url)
    if db is not None:
        kept += [db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal"))]
    for each in kept:
        if inside(each, target):
            raise UsageError(say("would_overwrite", target=target, name=each.name))
