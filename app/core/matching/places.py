"""Places: distance between GB/T 2260 codes, and what a dialect or a story says about origin.

Distance comes from :func:`app.core.regions.distance_km` by default; every function takes the
distance function as a parameter so tests can use a stub. A child found 1,500 km away is still a
strong candidate (trafficked children are moved far), so distance only grades the score and
never excludes.

Dialect and origin clues are turned into province codes (first two digits): "山东口音" → 37,
"说粤语" → 44, "家在寿光" → 37 (寿光市 370783, found through the place-name table).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache, lru_cache

from app.core import regions

__all__ = ["DistanceFn", "distance_score", "mentioned_provinces", "province"]

DistanceFn = Callable[[str, str], "float | None"]

# Dialect / accent words → provinces (GB/T 2260 two-digit codes). Broad on purpose: an accent
# heard by an officer is a weak clue.
_DIALECTS: dict[str, tuple[str, ...]] = {
    "粤语": ("44", "45"), "广东话": ("44",), "白话": ("44", "45"), "客家": ("44", "35", "36"),
    "潮汕": ("44",), "闽南": ("35",), "福建": ("35",), "闽": ("35",), "吴语": ("31", "32", "33"),
    "上海话": ("31",), "苏州话": ("32",), "温州话": ("33",), "宁波话": ("33",), "湘": ("43",),
    "长沙话": ("43",), "赣": ("36",), "南昌话": ("36",), "四川话": ("51", "50"), "川": ("51", "50"),
    "重庆话": ("50",), "东北": ("21", "22", "23"), "河南": ("41",), "山东": ("37",), "胶东": ("37",),
    "陕西": ("61",), "关中": ("61",), "山西": ("14",), "晋": ("14",), "河北": ("13",),
    "天津话": ("12",), "北京话": ("11",), "京腔": ("11",), "安徽": ("34",), "湖北": ("42",),
    "武汉话": ("42",), "贵州": ("52",), "云南": ("53",), "广西": ("45",), "甘肃": ("62",),
    "宁夏": ("64",), "青海": ("63",), "新疆": ("65",), "维吾尔": ("65",), "藏语": ("54", "51", "63"),
    "蒙古": ("15",), "江西": ("36",), "湖南": ("43",), "江苏": ("32",), "浙江": ("33",),
    "海南": ("46",), "黑龙江": ("23",), "吉林": ("22",), "辽宁": ("21",), "内蒙": ("15",),
}  # fmt: skip
_SUFFIXES = ("自治县", "自治州", "新区", "市", "县", "区", "州", "旗", "盟", "地区")


def province(code: str | None) -> str | None:
    return code[:2] if code and len(code) == 6 and code.isdigit() else None


@cache
def _place_names() -> dict[str, str]:
    """Short place name (≥ 2 characters, suffix dropped) → province, for prefectures and counties.

    Names shared by places in different provinces (朝阳, 鼓楼 …) are dropped: ambiguous clues
    should not count.
    """
    found: dict[str, set[str]] = {}
    for code in _all_codes():
        region = regions.lookup(code)
        if region is None or region.level == "province":
            continue
        name = region.name
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                name = name[: -len(suffix)]
                break
        if len(name) >= 2:
            found.setdefault(name, set()).add(code[:2])
    return {n: next(iter(p)) for n, p in found.items() if len(p) == 1}


def _all_codes() -> list[str]:
    path = regions.resource_dir() / "gb2260.tsv"
    with path.open(encoding="utf-8") as fh:
        next(fh)
        return [line.split("\t", 1)[0] for line in fh if line.strip()]


@lru_cache(maxsize=65536)
def mentioned_provinces(text: str) -> frozenset[str]:
    """Provinces that a dialect or origin text points to (empty when it names none)."""
    if not text:
        return frozenset()
    found: set[str] = set()
    for word, provs in _DIALECTS.items():
        if word in text:
            found.update(provs)
    names = _place_names()
    for size in (4, 3, 2):
        for i in range(len(text) - size + 1):
            prov = names.get(text[i : i + size])
            if prov:
                found.add(prov)
    return frozenset(found)


def distance_score(km: float | None) -> float | None:
    """1 near, about 0.5 at 600 km, never below 0.15 (children are moved across the country)."""
    if km is None:
        return None
    return max(0.15, math.exp(-km / 850.0))
