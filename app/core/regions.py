"""GB/T 2260 administrative divisions: lookup, search and distances.

The table is shipped as ``resources/regions/gb2260.tsv`` (current edition, all three levels)
and ``resources/regions/gb2260_retired.tsv`` (codes withdrawn since 1980, which resident ID
numbers may still carry). See ``resources/regions/README.md`` for sources and edition.

Both files are read lazily, once, on first use. Codes are six-digit strings; the
"county" level covers every code whose last two digits are not ``00`` (districts,
county-level cities, counties, banners, and province-administered units such as 469001).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.core import resources

__all__ = [
    "Region",
    "RetiredRegion",
    "coordinates",
    "distance_km",
    "great_circle_km",
    "is_county",
    "is_known",
    "is_place",
    "is_retired",
    "lookup",
    "place_name",
    "prefecture_of",
    "province_of",
    "resource_dir",
    "retired",
    "search",
    "successor",
    "valid_on",
]

PROVINCE = "province"
PREFECTURE = "prefecture"
COUNTY = "county"

_EARTH_RADIUS_KM = 6371.0088

# Toneless pinyin syllables (ü written v), used to split a stored pinyin string such as
# "shouguangshi" back into one syllable per character so that initials ("sgs") can be matched.
_SYLLABLE_TEXT = """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu
    ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou
    chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang
    dao de dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en
    eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou
    gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai
    huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai
    kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao
    le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lue lun luo lv
    lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan
    nang nao ne nei nen neng ni nia nian niang niao nie nin ning niu nong nou nu nuan nue nun
    nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia
    qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou
    ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei
    shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun
    suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa
    wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan
    xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze
    zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai
    zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
"""
_SYLLABLES = frozenset(_SYLLABLE_TEXT.split())
_MAX_SYLLABLE = max(len(s) for s in _SYLLABLES)


@dataclass(frozen=True, slots=True)
class Region:
    """One row of the current GB/T 2260 table."""

    code: str
    name: str
    full_name: str
    level: str  # "province" | "prefecture" | "county"
    lat: float | None
    lon: float | None
    pinyin: str


def resource_dir() -> Path:
    """The ``resources/regions`` folder (see app.core.resources for where that is)."""
    return resources.resource_dir("regions")


def _float(text: str) -> float | None:
    return float(text) if text else None


@cache
def _table() -> dict[str, Region]:
    path = resource_dir() / "gb2260.tsv"
    table: dict[str, Region] = {}
    with path.open(encoding="utf-8") as fh:
        next(fh)  # header
        for line in fh:
            code, name, full_name, level, lat, lon, pinyin = line.rstrip("\n").split("\t")
            table[code] = Region(code, name, full_name, level, _float(lat), _float(lon), pinyin)
    return table


@dataclass(frozen=True, slots=True)
class RetiredRegion:
    """A code of an earlier GB/T 2260 edition: its old name, the last edition that listed it
    (YYYY-MM) and the first that did not (empty: withdrawn after 2019-04, month not recorded)."""

    code: str
    name: str
    full_name: str
    last_listed: str
    valid_until: str


@cache
def _retired_table() -> dict[str, RetiredRegion]:
    path = resource_dir() / "gb2260_retired.tsv"
    table: dict[str, RetiredRegion] = {}
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            if line.strip():
                code, name, full_name, last_listed, valid_until = line.rstrip("\n").split("\t")
                table[code] = RetiredRegion(code, name, full_name, last_listed, valid_until)
    return table


def _retired() -> dict[str, RetiredRegion]:
    return _retired_table()


@cache
def _countyless_prefectures() -> frozenset[str]:
    """Prefecture-level cities with no county-level units under them (东莞 441900, 中山 442000,
    儋州 460400, 嘉峪关 620200): their towns report straight to the city, so the city is the place."""
    table = _table()
    with_counties = {code[:4] for code, r in table.items() if r.level == COUNTY}
    return frozenset(c for c, r in table.items() if r.level == PREFECTURE and c[:4] not in with_counties)


def _norm(code: str) -> str | None:
    code = code.strip()
    if len(code) == 6 and code.isascii() and code.isdigit():
        return code
    return None


def lookup(code: str) -> Region | None:
    """The current region with this six-digit code, of any level; None if unknown."""
    key = _norm(code)
    return None if key is None else _table().get(key)


def is_county(code: str) -> bool:
    """True for a current county-level code (district, county, county-level city, banner…)."""
    region = lookup(code)
    return region is not None and region.level == COUNTY


def is_place(code: str) -> bool:
    """True for a code a case may name as a place: a current county-level unit, or a current
    prefecture-level city that has no counties (the lowest level GB/T 2260 gives it)."""
    region = lookup(code)
    return region is not None and (region.level == COUNTY or region.code in _countyless_prefectures())


def retired(code: str) -> RetiredRegion | None:
    """The withdrawn code's old entry, or None."""
    key = _norm(code)
    return None if key is None else _retired().get(key)


def valid_on(code: str, day: dt.date) -> bool:
    """True for a place code that was in force on *day*: a current place, or a withdrawn one
    whose withdrawal came after *day* (a case from years ago carries the codes valid then).

    A withdrawn code is taken as valid until the month of the first edition without it; one
    withdrawn after the last recorded edition (no month known) is taken as valid.
    """
    if is_place(code):
        return True
    old = retired(code)
    if old is None or old.code.endswith("00") and old.code not in _countyless_prefectures():
        return False
    if not old.valid_until:
        return True
    year, month = (int(x) for x in old.valid_until.split("-"))
    return day < dt.date(year, month, 1)


def _stem(name: str) -> str:
    for suffix in ("自治县", "自治旗", "林区", "特区", "县", "市", "区", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@cache
def successor(code: str) -> Region | None:
    """The current unit that took over a withdrawn code: one of the same name (县 → 市 or 区) in
    the same prefecture, else the only one of that name in the same province; None when the
    tables do not tell (the place is then shown by its prefecture or province)."""
    old = retired(code)
    if old is None:
        return None
    stem = _stem(old.name)
    same = [
        r
        for r in _table().values()
        if r.level == COUNTY and r.code[:2] == old.code[:2] and _stem(r.name) == stem
    ]
    near = [r for r in same if r.code[:4] == old.code[:4]]
    if near:
        return min(near, key=lambda r: r.code)
    return same[0] if len(same) == 1 else None


def place_name(code: str) -> str | None:
    """The full name of a current code, or of a withdrawn one as it was then (its old name)."""
    region = lookup(code)
    if region is not None:
        return region.full_name
    old = retired(code)
    return old.full_name if old is not None else None


def county_codes() -> list[str]:
    """Every current county-level code, in code order."""
    return sorted(code for code, region in _table().items() if region.level == COUNTY)


def is_known(code: str) -> bool:
    """True for any current code of any level."""
    return lookup(code) is not None


def is_retired(code: str) -> bool:
    """True for a code that appeared in an earlier edition but is no longer current."""
    key = _norm(code)
    return key is not None and key in _retired()


def province_of(code: str) -> Region | None:
    """The current province (first two digits) of a current or retired code."""
    key = _norm(code)
    return None if key is None else _table().get(key[:2] + "0000")


def prefecture_of(code: str) -> Region | None:
    """The current prefecture-level unit (first four digits), if there is one.

    None for provinces and for units directly under a province (e.g. 419001 济源市).
    """
    key = _norm(code)
    if key is None or key.endswith("0000"):
        return None
    region = _table().get(key[:4] + "00")
    return region if region is not None and region.level == PREFECTURE else None


def coordinates(code: str) -> tuple[float, float] | None:
    """(lat, lon) in WGS-84 of the unit's seat, else of its prefecture, else its province.

    None for codes that are neither current nor retired. A retired code is placed by its
    successor (:func:`successor`), else by its current prefecture or province.
    """
    key = _norm(code)
    if key is None:
        return None
    table = _table()
    if key not in table and key not in _retired():
        return None
    heir = successor(key) if key not in table else None
    for candidate in ((heir.code,) if heir else ()) + (key, key[:4] + "00", key[:2] + "0000"):
        region = table.get(candidate)
        if region is not None and region.lat is not None and region.lon is not None:
            return region.lat, region.lon
    return None


def distance_km(a: str, b: str) -> float | None:
    """Great-circle distance in km between two codes' coordinates (see coordinates())."""
    pa, pb = coordinates(a), coordinates(b)
    if pa is None or pb is None:
        return None
    return great_circle_km(pa, pb)


def great_circle_km(pa: tuple[float, float], pb: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    lat1, lon1, lat2, lon2 = (math.radians(v) for v in (*pa, *pb))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# --- search --------------------------------------------------------------------------------


def _splits(pinyin: str, count: int) -> list[list[str]]:
    """Every way to cut ``pinyin`` into exactly ``count`` valid syllables (usually one)."""
    found: list[list[str]] = []

    def walk(start: int, acc: list[str]) -> None:
        if len(found) >= 4:
            return
        if start == len(pinyin):
            if len(acc) == count:
                found.append(list(acc))
            return
        if len(acc) >= count:
            return
        for end in range(min(len(pinyin), start + _MAX_SYLLABLE), start, -1):
            piece = pinyin[start:end]
            if piece in _SYLLABLES:
                acc.append(piece)
                walk(end, acc)
                acc.pop()

    walk(0, [])
    return found


@dataclass(frozen=True, slots=True)
class _Entry:
    region: Region
    initials: tuple[str, ...]


@cache
def _search_index() -> tuple[_Entry, ...]:
    entries: list[_Entry] = []
    for region in _table().values():
        if region.level == PROVINCE:
            continue
        initials = tuple(
            sorted({"".join(s[0] for s in split) for split in _splits(region.pinyin, len(region.name))})
        )
        entries.append(_Entry(region, initials))
    return tuple(entries)


def _score(entry: _Entry, query: str, han: bool) -> int | None:
    """Lower is better; None when the entry does not match."""
    region = entry.region
    if han:
        if region.name == query:
            return 0
        if region.name.startswith(query):
            return 1
        if query in region.name:
            return 3
        if query in region.full_name:
            return 5
        return None
    if region.pinyin == query:
        return 0
    if region.pinyin.startswith(query):
        return 2
    for initials in entry.initials:
        if initials == query:
            return 1
        if initials.startswith(query):
            return 4
    return None


def search(text: str, limit: int = 20) -> list[Region]:
    """Counties and prefectures matching ``text``, best first.

    Chinese text matches the name (exact, prefix, substring) or else the full name
    ("潍坊市寿光"); Latin text matches the full pinyin by prefix ("shouguang") or the
    pinyin initials ("sg", "sgs"). Ties go to prefectures, then shorter names, then code.
    """
    query = "".join(text.split()).lower().replace("ü", "v").replace("'", "")
    if not query or limit <= 0:
        return []
    han = not query.isascii()
    if not han and not query.isalpha():
        return []
    scored: list[tuple[int, int, int, str, Region]] = []
    for entry in _search_index():
        score = _score(entry, query, han)
        if score is not None:
            region = entry.region
            level_rank = 0 if region.level == PREFECTURE else 1
            scored.append((score, level_rank, len(region.name), region.code, region))
    scored.sort(key=lambda item: item[:4])
    return [item[4] for item in scored[:limit]]
