"""Numeric features of a subject for the columnar index (names, places, marks, origin)."""

from __future__ import annotations

import math
from functools import cache, lru_cache

from app.core import regions
from app.core.matching.lookalike import lookalikes
from app.core.matching.marks import mark_features
from app.core.matching.names import core_chars, split_name, syllable
from app.core.matching.places import mentioned_provinces, province
from app.core.matching.subject import MatchSubject

__all__ = [
    "CORE_SLOTS",
    "coords",
    "marks_mask",
    "name_codes",
    "province_bit",
    "province_mask",
    "query_name_sets",
    "syllable_code",
    "syllable_id",
]

CORE_SLOTS = 3  # characters per subject kept for coarse name matching

_SYLLABLE_IDS: dict[str, int] = {}


def syllable_id(ch: str) -> int:
    """A small positive integer per pinyin syllable (0 is "none")."""
    s = syllable(ch)
    return _SYLLABLE_IDS.setdefault(s, len(_SYLLABLE_IDS) + 1)


def syllable_code(s: str) -> int:
    """The id :func:`syllable_id` gives a character of toneless syllable *s* (the offline index
    keeps names as syllables only)."""
    return _SYLLABLE_IDS.setdefault(s, len(_SYLLABLE_IDS) + 1)


def _cores(subject: MatchSubject) -> str:
    out = ""
    for n in subject.all_names():
        for ch in core_chars(n):
            if ch not in out:
                out += ch
    return out


#: names → their codes (a register repeats names endlessly: 王伟, 李娜…); bounded, cleared when full
_NAME_CODES: dict[object, tuple[int, list[int], list[int]]] = {}


def name_codes(subject: MatchSubject) -> tuple[int, list[int], list[int]]:
    """(surname codepoint or 0, core character codepoints, their syllable ids) — slots padded.
    Shared between subjects of the same names: read them, never change them."""
    key: object = subject.name
    if subject.nicknames or subject.former_names:
        key = (subject.name, subject.nicknames, subject.former_names)
    found = _NAME_CODES.get(key)
    if found is None:
        if len(_NAME_CODES) >= 65_536:
            _NAME_CODES.clear()
        found = _NAME_CODES[key] = _name_codes(subject)
    return found


def _name_codes(subject: MatchSubject) -> tuple[int, list[int], list[int]]:
    surname = split_name(subject.name)[0] if subject.name else ""
    cores = _cores(subject)[:CORE_SLOTS]
    chars = [ord(c) for c in cores] + [0] * (CORE_SLOTS - len(cores))
    sylls = [syllable_id(c) for c in cores] + [0] * (CORE_SLOTS - len(cores))
    return (ord(surname[0]) if surname else 0), chars, sylls


def query_name_sets(subject: MatchSubject) -> tuple[int, list[int], list[int], int]:
    """For a query: (surname, characters incl. look-alikes, syllable ids, number of core chars)."""
    surname, _chars, _sylls = name_codes(subject)
    cores = _cores(subject)
    chars = {ord(c) for c in cores}
    for c in cores:
        chars.update(ord(x) for x in lookalikes(c))
    return surname, sorted(chars), sorted({syllable_id(c) for c in cores}), len(cores)


@cache
def _province_index() -> dict[str, int]:
    codes = sorted({line[:2] for line in _province_codes()})
    return {p: i for i, p in enumerate(codes[:63])}


def _province_codes() -> list[str]:
    with (regions.resource_dir() / "gb2260.tsv").open(encoding="utf-8") as fh:
        next(fh)
        return [line[:6] for line in fh if line.strip()]


def province_bit(prov: str | None) -> int:
    if prov is None:
        return 0
    i = _province_index().get(prov)
    return 0 if i is None else 1 << i


@lru_cache(maxsize=65536)
def _text_mask(text: str) -> int:
    mask = 0
    for p in mentioned_provinces(text):
        mask |= province_bit(p)
    return mask


def province_mask(subject: MatchSubject, side: str) -> int:
    """Missing: where they were lost / registered / their dialect. Found: their clues."""
    if side == "missing":
        return (
            province_bit(province(subject.place_code))
            | province_bit(province(subject.home_code))
            | _text_mask(subject.dialect)
        )
    return _text_mask(subject.dialect) | _text_mask(subject.origin)


@lru_cache(maxsize=65536)
def _coords(code: str) -> tuple[float, float]:
    c = regions.coordinates(code)
    return (math.nan, math.nan) if c is None else c


def coords(code: str | None) -> tuple[float, float]:
    return (math.nan, math.nan) if not code else _coords(code)


@lru_cache(maxsize=65536)
def marks_mask(text: str) -> int:
    return mark_features(text).mask if text else 0
