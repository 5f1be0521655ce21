"""The files ``xunren-server`` commands read and write beside the server's own: the bundle keys
it reads, and the packages and answers it writes, never over a file the server keeps (its
database, its bundle keys, its screening key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from server.cli_errors import Failure
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
    """A package or an answer written over a file the server keeps would lose it: refused (exit 1)
    in words naming the file."""
    from app.core.outputs import inside

    for kind, kept in kept_files(settings, key_file):
        if inside(kept, target):
            raise Failure(say(f"would_overwrite_{kind}", target=target, name=kept.name))


def kept_files(settings: Settings, key_file: Path) -> list[tuple[str, Path]]:
    """(what it is, where) of every file the server keeps: its SQLite database with the WAL,
    shared memory and journal beside it; its bundle keys (*key_file*, the one a command was
    given, and the one it uses otherwise); its screening key, which signs the offline national
    index."""
    from server.services import bundles, screening_keys
    from server.settings import sqlite_path

    kept = [("bundle_keys", key_file), ("bundle_keys", bundles.default_key_file())]
    kept.append(("screening_key", screening_keys.default_key_file()))
    db = sqlite_path(settings.db_url)
    if db is not None:
        kept += [
            ("database", db),
            *(("database", db.with_name(db.name + end)) for end in ("-wal", "-shm", "-journal")),
        ]
    return kept
