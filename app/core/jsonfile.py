"""Reading a JSON file a person hands in (a case file, a sample, a lab profile), strictly.

Python's JSON reader accepts what no case file may hold and what breaks later steps with an
internal error: ``NaN`` and ``Infinity``, a ``\\ud800`` escape that decodes to a lone surrogate
(which cannot be stored or printed), a number of thousands of digits (beyond Python's limit on
converting long digit strings), nesting deep enough to exhaust the interpreter's stack. Each of
these becomes one :class:`InvalidInput` problem that names the field, before anything is stored.
"""

from __future__ import annotations

import json
import math
from typing import Any

from app.core.problems import InvalidInput, Problem

MAX_DEPTH = 32  # a case file is four or five levels deep
MAX_DIGITS = 18  # every number a case file holds (ages, heights, alleles) is far shorter


class _LongNumber:
    """A number with too many digits, kept only to name where it was."""

    __slots__ = ()


_LONG = _LongNumber()


def _number(text: str) -> int | _LongNumber:
    return _LONG if len(text.lstrip("-")) > MAX_DIGITS else int(text)


def _float(text: str) -> float | _LongNumber:
    digits = sum(ch.isdigit() for ch in text)
    return _LONG if digits > MAX_DIGITS * 2 else float(text)


def _path(parent: str, key: object) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _check(value: Any) -> None:
    """Walk the decoded value (without recursion) and raise on the first bad part."""
    stack: list[tuple[str, Any, int]] = [("", value, 0)]
    while stack:
        where, item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidInput([Problem(where, "json_too_deep", {"max": MAX_DEPTH})])
        if isinstance(item, str):
            if _has_surrogate(item):
                raise InvalidInput([Problem(where, "bad_text")])
        elif isinstance(item, _LongNumber):
            raise InvalidInput([Problem(where, "number_too_long", {"max": MAX_DIGITS})])
        elif isinstance(item, float) and not math.isfinite(item):
            raise InvalidInput([Problem(where, "not_finite")])
        elif isinstance(item, dict):
            for key, inner in reversed(list(item.items())):
                if _has_surrogate(key):
                    raise InvalidInput([Problem(where, "bad_text")])
                stack.append((_path(where, key), inner, depth + 1))
        elif isinstance(item, list):
            for index in range(len(item) - 1, -1, -1):
                stack.append((_path(where, index), item[index], depth + 1))


def load_json(data: bytes) -> Any:
    """The decoded JSON document in *data* (UTF-8, an optional BOM), checked as described above.

    Raises :class:`InvalidInput` naming the field and the problem.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput([Problem("", "encoding")]) from None
    try:
        value = json.loads(text, parse_int=_number, parse_float=_float)
    except json.JSONDecodeError as exc:
        raise InvalidInput([Problem("", "json", {"line": exc.lineno, "col": exc.colno})]) from None
    except RecursionError:
        raise InvalidInput([Problem("", "json_too_deep", {"max": MAX_DEPTH})]) from None
    except ValueError:  # a digit string Python refuses to convert
        raise InvalidInput([Problem("", "number_too_long", {"max": MAX_DIGITS})]) from None
    _check(value)
    return value
