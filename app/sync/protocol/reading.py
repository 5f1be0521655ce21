"""Reading a record's payload field by field: every problem is a :class:`ProtocolError`
(``invalid``) whose detail names the field, in English (it is shown to the station's officer
beside the refusal and read by the national operator)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from app.core.field_checks import members
from app.sync.protocol import INVALID, PROTOCOL_VERSION, ProtocolError

__all__ = ["INVALID", "PROTOCOL_VERSION", "ProtocolError", "Reader", "text_in"]

E = TypeVar("E", bound=StrEnum)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_MAX_TEXT = 10_000
_UNSET: Any = object()


def _fail(where: str, problem: str) -> ProtocolError:
    return ProtocolError(INVALID, f"{where}: {problem}")


def text_in(raw: Mapping[str, Any], where: str, *, default: str = "") -> str:
    """The text at the last part of *where* in *raw* (absent or null: *default*)."""
    value = raw.get(where.rsplit(".", 1)[-1])
    if value is None:
        return default
    if not isinstance(value, str) or len(value) > _MAX_TEXT or "\x00" in value:
        raise _fail(where, "a text of at most 10000 characters, without NUL")
    return value


class Reader:
    """One payload (or one object inside it), read by field name; *name* prefixes every field."""

    def __init__(self, raw: Any, name: str) -> None:
        if type(raw) is not dict and not isinstance(raw, Mapping):  # a decoded object: at once
            raise _fail(name, "a JSON object")
        self.raw = raw
        self.name = name

    def where(self, key: str) -> str:
        return f"{self.name}.{key}"

    def version(self) -> int:
        """The protocol version the payload was written in (absent: 1)."""
        v = self.raw.get("v", 1)
        if not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= PROTOCOL_VERSION:
            raise _fail(self.where("v"), f"a protocol version from 1 to {PROTOCOL_VERSION}")
        return v

    def enum(self, key: str, kind: type[E], *, default: E | None = None) -> E:
        value = self.raw.get(key)
        if value is None and default is not None:
            return default
        member = members(kind).get(value) if type(value) is str else None
        if member is not None:  # a value as written by a station: its member, as kind(value) gives
            return member
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return kind(value)
        except ValueError:
            allowed = "|".join(e.value for e in kind)
            raise _fail(self.where(key), f"one of {allowed}") from None

    def text(self, key: str, *, default: str = _UNSET) -> str:
        value = self.raw.get(key)
        if value is None:
            if default is _UNSET:
                raise _fail(self.where(key), "required")
            return str(default)
        if type(value) is str and len(value) <= _MAX_TEXT and "\x00" not in value:
            return value  # what text_in accepts, without naming the field first
        return text_in(self.raw, self.where(key))

    def optional_text(self, key: str) -> str | None:
        return None if self.raw.get(key) is None else self.text(key)

    def integer(self, key: str, *, low: int = 0, high: int = 2**62) -> int:
        value = self.raw.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _fail(self.where(key), f"an integer from {low} to {high}")
        return value

    def number(self, key: str, *, low: float, high: float) -> float:
        value = self.raw.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
            raise _fail(self.where(key), f"a number from {low} to {high}")
        return float(value)

    def hex64(self, key: str) -> str:
        value = self.raw.get(key)
        if not isinstance(value, str) or not _HEX64.match(value):
            raise _fail(self.where(key), "64 lower-case hex digits")
        return value

    def mapping(self, key: str) -> Mapping[str, Any]:
        value = self.raw.get(key)
        if type(value) is not dict and not isinstance(value, Mapping):
            raise _fail(self.where(key), "a JSON object")
        return value

    def optional_mapping(self, key: str) -> Mapping[str, Any] | None:
        return None if self.raw.get(key) is None else self.mapping(key)

    def objects(self, key: str) -> list[Mapping[str, Any]]:
        value = self.raw.get(key) or []
        if not isinstance(value, list) or not all(type(v) is dict or isinstance(v, Mapping) for v in value):
            raise _fail(self.where(key), "an array of JSON objects")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail(self.where(key), "an array of texts")
        return tuple(value)

    def holder(self, key: str) -> int | str:
        """A person's index in the case's ``persons`` or ``"reporter"``."""
        value = self.raw.get(key)
        if value == "reporter" or (
            isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1000
        ):
            return value
        raise _fail(self.where(key), 'a person index or "reporter"')
