"""Chinese name comparison: characters, pinyin, initials, homophones, look-alikes, 小名.

A found child often gives only a 小名 (明明, 小军, 阿强, 强仔) or a name mis-heard or mis-written
by an adult (王晓明 for 王小明, 王小朋 for 王小明). :func:`compare_names` finds the strongest link
between two sets of names and says which kind it is; :func:`core_chars` gives the characters a
name "stands for", which the columnar index matches on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from pypinyin import Style, lazy_pinyin

from app.core.matching.lookalike import are_lookalike

__all__ = ["NameLink", "compare_names", "core_chars", "is_nickname_form", "split_name", "syllable"]

COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "慕容",
        "尉迟",
        "令狐",
        "夏侯",
        "公孙",
        "长孙",
        "宇文",
        "司徒",
        "澹台",
        "独孤",
        "端木",
        "西门",
        "南宫",
        "轩辕",
    ]
)
_NICK_PREFIXES = ("小", "阿", "老")
_NICK_SUFFIXES = ("仔", "儿", "娃", "宝", "妹", "哥")

# Link strength by kind: how sure a person would be that the two names denote one child.
STRENGTH = {
    "exact": 1.0,
    "given": 0.85,
    "homophone": 0.82,
    "lookalike": 0.8,
    "nickname": 0.78,
    "initials": 0.45,
    "surname": 0.25,
    "partial": 0.35,
}


@cache
def syllable(ch: str) -> str:
    """Toneless pinyin of one character (the character itself when it has none)."""
    out = lazy_pinyin(ch, style=Style.NORMAL, errors="default")
    return str(out[0]) if out else ch


def _pinyin(text: str) -> tuple[str, ...]:
    return tuple(syllable(c) for c in text)


def is_nickname_form(name: str) -> bool:
    """明明 (reduplicated), 小军 / 阿强 / 老三 (prefix), 强仔 / 明儿 (suffix)."""
    if len(name) == 2:
        return name[0] == name[1] or name[0] in _NICK_PREFIXES or name[1] in _NICK_SUFFIXES
    return False


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name). 小名-shaped and one-character names have no surname."""
    if len(name) < 2 or is_nickname_form(name):
        return "", name
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[0], name[1:]


def core_chars(name: str) -> str:
    """The characters a name stands for: 明明 → 明, 小军 → 军, 强仔 → 强, 王小明 → 小明."""
    if is_nickname_form(name):
        if name[0] == name[1]:
            return name[0]
        return name[1] if name[0] in _NICK_PREFIXES else name[0]
    return split_name(name)[1]


@dataclass(frozen=True, slots=True)
class NameLink:
    kind: str  # a key of STRENGTH
    strength: float
    found_name: str
    missing_name: str


def _positionwise(a: str, b: str) -> str | None:
    """'homophone' / 'lookalike' when every position agrees by character, sound or shape."""
    if len(a) != len(b) or a == b:
        return None
    kinds = set()
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        if syllable(x) == syllable(y):
            kinds.add("homophone")
        elif are_lookalike(x, y):
            kinds.add("lookalike")
        else:
            return None
    return "lookalike" if "lookalike" in kinds else "homophone"


@lru_cache(maxsize=1 << 16)
def _pair(a: str, b: str) -> tuple[str, float] | None:
    """How two names are linked (kept: the exact stage asks the same pairs again, and names
    repeat across a register)."""
    if a == b:
        return "exact", STRENGTH["exact"]
    kind = _positionwise(a, b)
    if kind:
        return kind, STRENGTH[kind]
    sa, ga = split_name(a)
    sb, gb = split_name(b)
    if len(ga) >= 2 and ga == gb and (not sa or not sb):
        return "given", STRENGTH["given"]
    # 小名 against a given name: 明明/小明/阿明 → a character of the other's given name
    best: tuple[str, float] | None = None
    for nick, full in ((a, b), (b, a)):
        if is_nickname_form(nick):
            ch = core_chars(nick)
            given = split_name(full)[1] if not is_nickname_form(full) else core_chars(full)
            if ch in given:
                return "nickname", STRENGTH["nickname"]
            if any(syllable(ch) == syllable(g) or are_lookalike(ch, g) for g in given):
                best = ("nickname", STRENGTH["nickname"] - 0.08)
    if best:
        return best
    if (
        len(a) >= 2
        and len(a) == len(b)
        and "".join(p[0] for p in _pinyin(a)) == "".join(p[0] for p in _pinyin(b))
    ):
        return "initials", STRENGTH["initials"]
    if sa and sa == sb:
        return "surname", STRENGTH["surname"]
    shared = len(set(ga) & set(gb))
    if shared:
        return "partial", STRENGTH["partial"] * shared / max(len(ga), len(gb))
    return None


def compare_names(found: Iterable[str], missing: Iterable[str]) -> NameLink | None:
    """The strongest link between any found name and any missing name (None: no link)."""
    best: NameLink | None = None
    missing_names = [m for m in missing if m]
    for f in found:
        if not f:
            continue
        for m in missing_names:
            pair = _pair(f, m)
            if pair and (best is None or pair[1] > best.strength):
                best = NameLink(pair[0], pair[1], f, m)
    return best
