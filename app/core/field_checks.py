"""Reading one field of a case file: text, names, coded words, times and dates, age and height
ranges, places and phone numbers.

:class:`FieldChecker` reads each value and stops at the first problem, naming the field
(``persons[1].birth_date``). Text is kept verbatim: it is data, never interpreted.
Sensitive values never enter a message. :mod:`app.core.validation` (a case) and
:mod:`app.core.sample_checks` (a DNA sample, an STR profile) read their fields with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, NoReturn, TypeVar, cast

from app.core import vocabulary, words
from app.core.model import Address
from app.core.problems import InvalidInput, Problem

MAX_TEXT = 10_000
MAX_NAME = 64
EARLIEST = dt.date(1900, 1, 1)
CLOCK_TOLERANCE = dt.timedelta(minutes=2)  # a station clock a little ahead is not "the future"

E = TypeVar("E")
W = TypeVar("W", bound=StrEnum)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # _CONTROL and the tab, line feed and return a name refuses
_PHONE = re.compile(r"^\+?[0-9][0-9 \-()]{3,24}$")
PHONE_PATTERN = _PHONE


class FieldChecker:
    """Collects problems while reading one case; ``fail`` stops at the first one."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.latest = now + CLOCK_TOLERANCE  # the latest moment that is not "the future"
        # A moment two calendar years before it is before it whatever the offsets (at most a day):
        # compared at once (the server reads with "now" in the year 9999).
        self._surely_before = self.latest.year - 1

    def fail(self, where: str, code: str, **params: object) -> NoReturn:
        raise InvalidInput([Problem(where, code, params)])

    # -- scalars -------------------------------------------------------------------------------
    def obj(self, value: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, "wrong_type", expected="object")
        for key in value:
            if key not in allowed:
                self.fail(f"{where}.{key}" if where else key, "unknown_field")
        return cast(Mapping[str, Any], value)

    def text(self, value: Any, where: str, *, limit: int = MAX_TEXT, required: bool = False) -> str:
        if (
            type(value) is str
            and len(value) <= limit
            and not _CONTROL.search(value)
            and (not required or value.strip())
        ):
            return value  # every check below passes: the common case, read at once
        if value is None:
            return "" if not required else self.fail(where, "required")
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        if required and not value.strip():
            self.fail(where, "empty_text")
        if len(value) > limit:
            self.fail(where, "too_long", max=limit)
        if _CONTROL.search(value):
            self.fail(where, "control_chars")
        return value

    def name(self, value: Any, where: str, *, required: bool = False) -> str:
        if (
            type(value) is str
            and len(value) <= MAX_NAME
            and not _NAME_CONTROL.search(value)
            and (not required or value.strip())
        ):
            return value  # every check below passes
        text = self.text(value, where, limit=MAX_NAME, required=required)
        if "\n" in text or "\r" in text or "\t" in text:
            self.fail(where, "control_chars")
        return text

    def names(self, value: Any, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(where, "wrong_type", expected="array")
        if all(
            type(v) is str and len(v) <= MAX_NAME and v.strip() for v in value
        ) and not _NAME_CONTROL.search("".join(value)):
            return tuple(value)  # every name passes name(…, required=True) as it is
        return tuple([self.name(v, f"{where}[{i}]", required=True) for i, v in enumerate(value)])

    def boolean(self, value: Any, where: str, default: bool | None = None) -> bool:
        if value is None and default is not None:
            return default
        if not isinstance(value, bool):
            self.fail(where, "wrong_type", expected="true/false")
        return bool(value)

    def enum(self, value: Any, where: str, kind: Callable[[str], E], allowed: list[str]) -> E:
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        if type(value) is str and isinstance(kind, type) and issubclass(kind, StrEnum):
            member = members(kind).get(value)
            if member is not None:  # a code as written: its member, as kind(value) gives
                return cast(E, member)
        try:
            return kind(value)
        except ValueError:
            return self.fail(where, "bad_enum", allowed=_allowed(kind, allowed))

    def word(self, value: Any, where: str, kind: type[W]) -> tuple[W, str]:
        """A coded value written as its code, a Chinese word or an English synonym: (code, the
        words as written when they are not the code itself)."""
        text = self.text(value, where, limit=50, required=True)
        member = vocabulary.understand(kind, text)
        if member is None:
            self.fail(
                where, "bad_word", examples=(vocabulary.examples(kind, "zh"), vocabulary.examples(kind, "en"))
            )
        return member, ("" if text.strip() == member.value else text.strip())

    def when(self, value: Any, where: str) -> dt.datetime:
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return self.fail(where, "bad_datetime")
        if moment.tzinfo is None or moment.utcoffset() is None:
            self.fail(where, "bad_datetime")
        if moment.year >= self._surely_before and moment > self.latest:
            self.fail(where, "future")
        if moment.year <= EARLIEST.year and moment.date() < EARLIEST:
            self.fail(where, "too_early", min=EARLIEST.isoformat())
        return moment

    def date(self, value: Any, where: str) -> dt.date:
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return self.fail(where, "bad_date")
        if day > self.now.date():
            self.fail(where, "future")
        if day < EARLIEST:
            self.fail(where, "too_early", min=EARLIEST.isoformat())
        return day

    def span(self, value: Any, where: str, bounds: tuple[int, int]) -> tuple[int, int] | None:
        if value is None:
            return None
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            self.fail(where, "range_shape")
        lo, hi = value
        if lo > hi:
            self.fail(where, "range_order")
        if lo < bounds[0] or hi > bounds[1]:
            self.fail(where, "range_bounds", lo=bounds[0], hi=bounds[1])
        return (lo, hi)

    def place_code(self, value: Any, where: str, on: dt.date) -> str | None:
        """A place as GB/T 2260 named it on *on* (the event's date, or the report's for an address):
        a current county-level unit, a prefecture-level city without counties, or a code withdrawn
        only after that day."""
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        from app.core import regions  # the table loads on first use

        if regions.valid_on(value, on):
            return value
        old = regions.retired(value)
        if old is not None and not old.code.endswith("00"):
            self.fail(where, "place_retired", day=on.isoformat(), name=old.full_name)
        return self.fail(where, "place_code")

    def address(self, value: Any, where: str, on: dt.date) -> Address | None:
        if value is None:
            return None
        raw = self.obj(value, where, {"code", "text"})
        return Address(
            self.place_code(raw.get("code"), f"{where}.code", on), self.text(raw.get("text"), f"{where}.text")
        )

    def phone(self, value: Any, where: str) -> str:
        text = self.text(value, where, limit=32)
        if text and not _PHONE.match(text):
            self.fail(where, "phone")
        return text


_MEMBERS: dict[type[StrEnum], dict[str, StrEnum]] = {}

S = TypeVar("S", bound=StrEnum)


def members(kind: type[S]) -> dict[str, S]:
    """Each code of *kind* → its member (made once per enum and process): the lookup
    ``kind(code)`` makes for a valid code, without its call."""
    known = _MEMBERS.get(kind)
    if known is None:
        known = _MEMBERS[kind] = {m.value: m for m in kind}
    return cast(dict[str, S], known)


def _allowed(kind: Callable[[str], object], allowed: list[str]) -> tuple[str, str]:
    """The codes a field takes, each with its words: ``missing（失踪人员）`` / ``missing (missing person)``."""
    if not (isinstance(kind, type) and issubclass(kind, StrEnum) and kind in words.WORDS):
        return ", ".join(allowed), ", ".join(allowed)
    zh = "、".join(f"{a}（{words.word(kind, a, 'zh')}）" for a in allowed)
    en = ", ".join(
        f"{a} ({words.word(kind, a, 'en')})" if words.word(kind, a, "en") != a else a for a in allowed
    )
    return zh, en
