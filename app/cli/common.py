"""What every command needs: the logged-on session and JSON output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.session import Session


def user_name(args: argparse.Namespace) -> str:
    from app.services.errors import ServiceError

    name = getattr(args, "user", None) or os.environ.get("XUNREN_USER", "")
    if not name:
        raise ServiceError("no_user")
    if any("\ud800" <= ch <= "\udfff" for ch in name):
        raise ServiceError("bad_argument", name="XUNREN_USER")
    return str(name)


@contextmanager
def open_session(args: argparse.Namespace, lang: str) -> Iterator[Session]:
    """Log on with XUNREN_PASSWORD or a prompt; the session closes when the block ends."""
    from app.services.session import logon

    user = user_name(args)
    password = prompt_secret("XUNREN_PASSWORD", f"{user} 的密码 / password: ")
    session = logon(data_dir(args), user, password, lang=lang)
    try:
        yield session
    finally:
        session.close()


def data_dir(args: argparse.Namespace) -> Path:
    if getattr(args, "data_dir", None):
        return Path(args.data_dir)
    from app.services.session import default_data_dir

    return default_data_dir()


def prompt_secret(env: str, prompt: str, *, confirm: bool = False, missing: str = "no_password") -> str:
    from app.services.errors import ServiceError

    value = os.environ.get(env)
    if value is not None:
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            raise ServiceError("bad_argument", name=env)  # never the value: it is a secret
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise ServiceError(missing)
    import getpass

    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(prompt) != first:
        raise ServiceError("password_mismatch")
    return first


def emit_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def say(lang: str, zh: str, en: str) -> None:
    """One line of output in the session's language."""
    print(en if lang == "en" else zh)


def read_file(path: Path) -> bytes:
    """The bytes of a file the user named; a problem reading it in the user's words."""
    from app.services.errors import ServiceError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise ServiceError(
            "file_unreadable", path=str(path), why=exc.strerror or type(exc).__name__
        ) from None


def read_json(path: Path) -> Any:
    """A JSON file the user named (UTF-8, a BOM allowed), read strictly (app.core.jsonfile); its
    problems in the user's words."""
    from app.core.jsonfile import load_json

    return load_json(read_file(path))
