"""Distinguishing marks: normalised Chinese text, body-part × mark-type features, similarity.

Two officers describe one scar differently ("左耳后有一颗黑痣；右手背有烫伤疤痕" against
"左耳后黑痣，右手背旧烫伤"). Comparison therefore works on (a) features — which body part, which
side, which kind of mark — extracted with a small lexicon, and (b) a fuzzy character similarity
(rapidfuzz) of the normalised text; the stronger of the two wins. Features are packed in a
64-bit mask so that the columnar index can compare them with one AND and a popcount.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

__all__ = ["MarkFeatures", "compare_marks", "keywords_of_mask", "mark_features", "normalise_marks"]

# Words that carry no identifying content in a mark description.
_FILLER = re.compile(
    r"有一颗|有一个|有一块|有一处|有一道|一颗|一个|一块|一处|一道|有|的|处|部|上方|明显|旧|小"
)
_PUNCT = re.compile(r"[\s，,。.;；、:：!！?？()（）\-—~～]+")

_PARTS: tuple[tuple[str, ...], ...] = (
    ("耳",), ("眼", "眉"), ("鼻",), ("嘴", "唇"), ("额", "脑门"), ("脸", "面", "颊"), ("下巴", "颌"),
    ("脖", "颈"), ("肩",), ("胸",), ("背",), ("腹", "肚"), ("腰",), ("臀", "屁股"),
    ("手臂", "胳膊", "臂"), ("手背",), ("手掌", "手心"), ("手指", "指"), ("手腕", "腕"),
    ("大腿",), ("小腿",), ("膝",), ("脚", "足"), ("头", "头皮", "后脑"),
)  # fmt: skip
_KINDS: tuple[tuple[str, ...], ...] = (
    ("痣",), ("胎记", "青记"), ("疤", "疤痕", "伤痕"), ("烫伤", "烧伤"), ("刀疤", "缝针", "缝合"),
    ("纹身", "刺青"), ("斑", "白斑", "雀斑"), ("六指", "多指", "缺指", "断指"), ("兔唇", "唇裂"),
    ("跛", "瘸"), ("斜视", "斗鸡眼"), ("耳洞",), ("龅牙", "缺牙", "豁牙"),
)  # fmt: skip
_SIDES = (("左",), ("右",))


def normalise_marks(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _FILLER.sub("", _PUNCT.sub("", text))


@dataclass(frozen=True, slots=True)
class MarkFeatures:
    mask: int  # bit i = feature i present (parts, then kinds, then side+part)
    text: str  # normalised


def _bits(text: str) -> int:
    mask = 0
    for i, words in enumerate(_PARTS):
        if any(w in text for w in words):
            mask |= 1 << i
    for j, words in enumerate(_KINDS):
        if any(w in text for w in words):
            mask |= 1 << (len(_PARTS) + j)
    # side-of-part, only for the first 13 parts that have sides (ear … hand back): "左耳" ≠ "右耳"
    base = len(_PARTS) + len(_KINDS)
    for s, side in enumerate(_SIDES):
        for i, words in enumerate(_PARTS[:13]):
            if any(side[0] + w in text or side[0] + "侧" + w in text for w in words):
                mask |= 1 << min(63, base + s * 13 + i)
    return mask


@lru_cache(maxsize=65536)
def mark_features(text: str) -> MarkFeatures:
    norm = normalise_marks(text)
    return MarkFeatures(_bits(norm), norm)


def compare_marks(a: MarkFeatures, b: MarkFeatures) -> float | None:
    """0–1 similarity; None when either side has no marks recorded."""
    if not a.text or not b.text:
        return None
    fuzzy = fuzz.ratio(a.text, b.text) / 100.0
    score = fuzzy * 0.9
    if a.mask and b.mask:
        shared = (a.mask & b.mask).bit_count()
        score = max(score, 2 * shared / (a.mask.bit_count() + b.mask.bit_count()))
    return score * (0.5 if _side_conflict(a.mask, b.mask) else 1.0)


def _side_conflict(a: int, b: int) -> bool:
    """A part marked left on one side and only right on the other (左耳 against 右耳)."""
    base = len(_PARTS) + len(_KINDS)
    a_l, a_r = (a >> base) & 0x1FFF, (a >> (base + 13)) & 0x1FFF
    b_l, b_r = (b >> base) & 0x1FFF, (b >> (base + 13)) & 0x1FFF
    return bool((a_l & ~a_r & b_r & ~b_l) | (a_r & ~a_l & b_l & ~b_r))


def keywords_of_mask(mask: int) -> str:
    """The keywords a feature mask stands for (one word per feature, 、-separated): what the
    offline national index keeps of a description, whose :func:`mark_features` gives *mask*
    back."""
    words: list[str] = []
    base = len(_PARTS) + len(_KINDS)
    sided: set[int] = set()
    for s, side in enumerate(_SIDES):
        for i in range(13):
            if mask >> min(63, base + s * 13 + i) & 1:
                words.append(side[0] + _PARTS[i][0])
                sided.add(i)
    for i, part in enumerate(_PARTS):
        if mask >> i & 1 and i not in sided:
            words.append(part[0])
    for j, kind in enumerate(_KINDS):
        if mask >> (len(_PARTS) + j) & 1:
            words.append(kind[0])
    return "、".join(words)
