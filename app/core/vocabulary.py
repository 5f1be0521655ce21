"""The words officers write for coded values, and the code each one means.

A case file says ``"build": "壮实"`` or ``"stocky"`` as often as ``"heavy"``; the register keeps the
code (which matching and statistics read) and, for descriptive words, the words as written
(which the family and the file deserve to see unchanged). Chinese words, English synonyms and
the codes themselves are accepted; the match ignores case, width (ｓｌｉｍ) and spaces. A Chinese
word that is not listed is still understood when it carries one unmistakable sign (``有点胖``,
``较瘦``); a contradictory one (``中等偏瘦``) takes the sign it ends with. Pure Python.
"""

from __future__ import annotations

import functools
import unicodedata
from enum import StrEnum
from typing import TypeVar

from app.core.model import Build, SampleType, Sex

E = TypeVar("E", bound=StrEnum)

SYNONYMS: dict[type[StrEnum], dict[str, tuple[str, ...]]] = {
    Build: {
        "slim": (
            "偏瘦",
            "瘦",
            "瘦小",
            "瘦弱",
            "消瘦",
            "苗条",
            "纤细",
            "清瘦",
            "精瘦",
            "单薄",
            "瘦高",
            "较瘦",
            "thin",
            "skinny",
            "slender",
            "lean",
            "petite",
            "slight",
            "underweight",
            "small",
        ),
        "medium": (
            "中等",
            "匀称",
            "适中",
            "一般",
            "正常",
            "中等身材",
            "体型中等",
            "标准",
            "普通",
            "average",
            "normal",
            "regular",
            "moderate",
            "mid",
            "middle",
            "athletic",
            "fit",
        ),
        "heavy": (
            "偏胖",
            "胖",
            "肥胖",
            "壮实",
            "敦实",
            "健壮",
            "粗壮",
            "魁梧",
            "微胖",
            "较胖",
            "结实",
            "壮",
            "肥",
            "stocky",
            "fat",
            "chubby",
            "plump",
            "stout",
            "large",
            "big",
            "overweight",
            "heavyset",
            "heavy-set",
            "muscular",
            "sturdy",
            "burly",
            "obese",
        ),
        "unknown": ("不详", "不清楚", "未知", "不明", "unknown", "n/a", "na", "?"),
    },  # fmt: skip
    Sex: {
        "M": ("男", "男性", "男孩", "m", "male", "man", "boy"),
        "F": ("女", "女性", "女孩", "f", "female", "woman", "girl"),
        "U": ("不详", "未知", "不明", "u", "unknown"),
    },
    SampleType: {
        "buccal_swab": ("口腔拭子", "口腔粘膜", "口腔黏膜", "拭子", "buccal swab", "swab", "cheek swab"),
        "blood_card": ("血卡", "血斑", "采血卡", "blood card", "fta card", "blood spot"),
        "blood": ("血液", "血样", "静脉血", "blood"),
        "hair": ("毛发", "头发", "hair"),
        "tooth": ("牙齿", "tooth", "teeth"),
        "tissue": ("组织", "tissue"),
        "other": ("其他", "other"),
    },
}

# Single characters that give a Chinese build word away, for words not listed above.
_SIGNS: dict[str, str] = {"瘦": "slim", "苗": "slim", "纤": "slim", "胖": "heavy", "壮": "heavy",
                          "肥": "heavy", "魁": "heavy", "敦": "heavy", "匀": "medium", "中": "medium"}  # fmt: skip


def fold(text: str) -> str:
    """Width, case and spaces folded away (ｓｌｉｍ, " Slim " and "slim" are one word)."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().replace("_", " ").split())


def _index(kind: type[StrEnum]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, words in SYNONYMS[kind].items():
        out[fold(code)] = code
        for w in words:
            out[fold(w)] = code
    return out


_INDEXES: dict[type[StrEnum], dict[str, str]] = {kind: _index(kind) for kind in SYNONYMS}


def understand(kind: type[E], text: str) -> E | None:
    """The member of *kind* that *text* means, or None when it cannot be told."""
    return _understood(kind, text)  # type: ignore[return-value]


@functools.lru_cache(maxsize=4096)
def _understood(kind: type[StrEnum], text: str) -> StrEnum | None:
    # Cases write the same few words ("M", "F", "slim", "血样") again and again: each is folded once.
    folded = fold(text)
    code = _INDEXES[kind].get(folded)
    if code is None and kind is Build:
        signs = [_SIGNS[ch] for ch in folded if ch in _SIGNS]
        code = signs[-1] if signs else None
    return None if code is None else kind(code)


def examples(kind: type[StrEnum], lang: str) -> str:
    """A few accepted words per code, for a message that says what is accepted."""
    english = lang.lower().startswith("en")
    parts = []
    for code, words in SYNONYMS[kind].items():
        shown = [w for w in words if w.isascii() == english][:3]
        parts.append(f"{code} ({'/'.join(shown)})" if shown else code)
    return ", ".join(parts)
