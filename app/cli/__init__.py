"""The `xunren` command line (SPEC.md "Command line contract"): parses, calls services, prints.

Exit 0 on success, 2 on bad usage, 1 on any other error with one line on stderr in the user's
language and no traceback. ``--json`` prints machine-readable output on stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from app import __version__


class UsageError(Exception):
    """Bad usage: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def language() -> str:
    lang = os.environ.get("XUNREN_LANG", "")
    if lang:
        return "en" if lang.lower().startswith("en") else "zh_CN"
    from app.services.preferences import load_language

    return load_language()


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")  # Chinese output even under a C locale
    lang = language()
    from app.cli import helptext
    from app.cli.parser import build_parser

    helptext.install(lang)
    parser = build_parser(_Parser, __version__)
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(f"xunren: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help and --version print and stop here
        return exc.code if isinstance(exc.code, int) else 0
    handler: Callable[[argparse.Namespace, str], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    from app.services.kdf_switch import apply_environment, warning_text

    weak = apply_environment()
    try:
        _require_text(args)
        code = handler(args, lang)
        if weak and code == 0:  # after the output, so one-line errors stay one line
            print(warning_text(lang), file=sys.stderr)
        return code
    except UsageError as exc:
        print(f"xunren: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _pipe_closed()
    except Exception as exc:
        return _report(exc, lang)


def _require_text(args: argparse.Namespace) -> None:
    """Refuse an argument that is not valid UTF-8 (Python hands such bytes over as lone
    surrogates, which nothing downstream can store, search for or print)."""
    from app.services.errors import ServiceError

    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and not _is_text(v) for v in values):
            raise ServiceError("bad_argument", name=name.upper())


def _is_text(value: str) -> bool:
    return not any("\ud800" <= ch <= "\udfff" for ch in value)


def _pipe_closed() -> int:
    """The reader of our output went away (`xunren case list | head`): not an error. Standard
    output is pointed at the null device so the interpreter's last flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


def _report(exc: BaseException, lang: str) -> int:
    from app.services.errors import user_text

    text = user_text(exc, lang)
    if text is None:
        if os.environ.get("XUNREN_DEBUG"):
            raise exc
        kind = type(exc).__name__
        text = (
            f"internal error ({kind}); run again with XUNREN_DEBUG=1 for details"
            if lang == "en"
            else (f"内部错误（{kind}）；设置 XUNREN_DEBUG=1 重新运行可查看详情")
        )
    print(text.splitlines()[0] if text else "error", file=sys.stderr)
    return 1


__all__ = ["UsageError", "main"]
