"""Search keys for persons and the query classifier that uses them.

A person is found by any suffix of any of their names in characters (``小明`` finds 王小明), by
the full pinyin of any name suffix (``wangxiaoming``, ``xiaoming``), by pinyin initials (``wxm``),
by ID number and by phone. Keys are stored in one table and looked up by prefix on its primary
key, so no query ever scans. Homophones are found because a query in characters is also looked
up by its pinyin (王晓明 → wangxiaoming → 王小明).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from enum import IntEnum

from pypinyin import Style, pinyin


class KeyKind(IntEnum):
    NAME = 1
    PINYIN = 2
    INITIALS = 3
    ID_NUMBER = 4
    PHONE = 5
    INTAKE = 6  # name + birth date + reporter's phone of a subject: the duplicate check at intake


class Holder(IntEnum):
    """Whose key it is: a stored kind is ``KeyKind + 8 × Holder`` (so a hit knows whom it matched)."""

    SUBJECT = 0  # the person the case is about (missing, found, victim)
    REPORTER = 1
    OTHER = 2  # a relative, witness, suspect…


_MATCHED_PREFIX = {Holder.SUBJECT: "", Holder.REPORTER: "reporter_", Holder.OTHER: "related_"}
_KIND_WORDS = {
    KeyKind.NAME: "name",
    KeyKind.PINYIN: "pinyin",
    KeyKind.INITIALS: "initials",
    KeyKind.ID_NUMBER: "id_number",
    KeyKind.PHONE: "phone",
}


def stored_kind(kind: KeyKind, holder: Holder) -> int:
    return int(kind) + 8 * int(holder)


def stored_kinds(kind: KeyKind) -> tuple[int, ...]:
    """The stored kinds a search of *kind* looks at: every holder's."""
    return tuple(stored_kind(kind, h) for h in Holder)


# stored kind → the `matched_on` of `search --json`: ``initials`` for the case's subject,
# ``reporter_initials`` for the reporter, ``related_initials`` for another person of the case.
MATCHED_ON: dict[int, str] = {
    stored_kind(k, h): _MATCHED_PREFIX[h] + word for k, word in _KIND_WORDS.items() for h in Holder
}

MAX_READINGS = 8  # polyphonic names (单 dan/shan, 曾 ceng/zeng): keep every reading up to this many
_SEPARATORS = re.compile(r"[\s·•・.\-_]+")
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f\uf900-\ufaff]")
_ASCII_LETTERS = re.compile(r"^[a-z]+$")


def fold(text: str) -> str:
    """NFKC, lower case, separators (spaces, the · in 阿不都·热合曼) removed."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).lower()


@functools.lru_cache(maxsize=20_000)
def _char_readings(char: str) -> tuple[str, ...]:
    """All toneless readings of one character (ü written v); a non-Han character stands for itself."""
    if not _CJK.match(char):
        return (char,)
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = tuple(dict.fromkeys(s.replace("ü", "v") for s in found[0])) if found else ()
    return readings or (char,)


def _readings(name: str) -> list[list[str]]:
    """Every (capped) combination of syllables for *name*, character by character.

    Per character rather than per phrase: names are not phrases (pypinyin's phrase table would
    read 长江 as a river), and per-character readings cache well across a whole register.
    """
    options = [_char_readings(ch) for ch in name]
    return [list(combo) for combo in itertools.islice(itertools.product(*options), MAX_READINGS)]


def name_keys(name: str) -> Iterator[tuple[KeyKind, str]]:
    """Keys for one name: character suffixes, pinyin suffixes, initials suffixes."""
    folded = fold(name)
    if not folded:
        return
    for i in range(len(folded)):
        yield KeyKind.NAME, folded[i:]
    if not _CJK.search(folded):
        return
    for syllables in _readings(folded):
        syllables = [s for s in syllables if s]
        for i in range(len(syllables)):
            tail = syllables[i:]
            yield KeyKind.PINYIN, "".join(tail)
            yield KeyKind.INITIALS, "".join(s[0] for s in tail)


def person_keys(
    names: Iterable[str], id_number: str | None = None, phone: str = ""
) -> set[tuple[KeyKind, str]]:
    keys: set[tuple[KeyKind, str]] = set()
    for n in names:
        keys.update(name_keys(n))
    if id_number:
        keys.add((KeyKind.ID_NUMBER, id_number.upper()))
    digits = re.sub(r"\D", "", phone)
    if digits:
        keys.add((KeyKind.PHONE, digits))
    return keys


def intake_key(name: str, birth_date: str, reporter_phone: str) -> str | None:
    """The duplicate-check key of a subject (name, birth date, reporter's phone), or None when one
    of the three is missing."""
    folded = fold(name)
    digits = re.sub(r"\D", "", reporter_phone)
    if not (folded and birth_date and digits):
        return None
    return f"{folded}|{birth_date}|{digits}"


def query_pinyin(text: str) -> set[str]:
    """Pinyin strings of a query typed in characters, for homophone-tolerant lookup."""
    if not _CJK.search(text):
        return set()
    return {"".join(s for s in combo if s) for combo in _readings(text)}


_CASE_NO = re.compile(r"^\d{9}(-\d{0,4}(-\d{0,6})?)?$")
_ID_LIKE = re.compile(r"^\d{6,17}[\dXx]?$")


def classify(query: str) -> list[tuple[KeyKind | None, str]]:
    """Which key kinds a query may mean, most specific first. ``None`` means a case number."""
    q = fold(query) if not _CASE_NO.match(query.strip()) else query.strip()
    if not q:
        return []
    plans: list[tuple[KeyKind | None, str]] = []
    if _CASE_NO.match(q):
        plans.append((None, q))
    if _ID_LIKE.match(q):
        plans.append((KeyKind.ID_NUMBER, q.upper()))
    digits = re.sub(r"[\s\-()+]", "", query)
    if digits.isdigit() and 3 <= len(digits) <= 15:
        plans.append((KeyKind.PHONE, digits))
    if _ASCII_LETTERS.match(q):
        plans.append((KeyKind.INITIALS, q))
        plans.append((KeyKind.PINYIN, q))
    if not q.isdigit() and not _ASCII_LETTERS.match(q):
        plans.append((KeyKind.NAME, q))
        plans.extend((KeyKind.PINYIN, p) for p in sorted(query_pinyin(q)))
    return plans
