"""The Chinese height-for-age reference (李辉 et al. 2009) as shipped and as the matcher reads it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from app.core.matching import growth

GROWTH = Path(__file__).resolve().parents[2] / "resources" / "growth"
Z = {
    "P3": -1.880794,
    "P10": -1.281552,
    "P25": -0.674490,
    "P50": 0.0,
    "P75": 0.674490,
    "P90": 1.281552,
    "P97": 1.880794,
}


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("growth_build_table", GROWTH / "build_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _percentiles() -> list[dict[str, str]]:
    lines = (GROWTH / "li2009_height_percentiles.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_percentile_table_is_whole_and_ordered() -> None:
    rows = _percentiles()
    for sex in ("M", "F"):
        mine = [r for r in rows if r["sex"] == sex]
        months = [int(r["age_months"]) for r in mine]
        assert months[:10] == [0, 2, 4, 6, 9, 12, 15, 18, 21, 24]
        assert months[10:] == [*range(30, 205, 6), 216]
        for r in mine:
            values = [float(r[p]) for p in Z]
            assert values == sorted(values) and len(set(values)) == 7, r
        medians = [float(r["P50"]) for r in mine]
        assert medians == sorted(medians)


@pytest.mark.parametrize(
    ("sex", "months", "centile", "published"),
    [
        ("M", 0, "P50", 50.4),
        ("F", 0, "P50", 49.7),
        ("M", 12, "P50", 76.5),
        ("F", 12, "P50", 75.0),
        ("M", 72, "P3", 109.1),
        ("F", 120, "P97", 152.0),
        ("M", 216, "P50", 172.7),
        ("F", 216, "P50", 160.6),
        ("M", 216, "P97", 183.9),
    ],
)
def test_reader_gives_the_published_figures(sex: str, months: int, centile: str, published: float) -> None:
    """Spot checks against 李辉 et al. 2009, 中华儿科杂志 47(7):487–492, tables of height percentiles."""
    assert growth.height_at(sex, months / 12, Z[centile]) == pytest.approx(published, abs=0.06)


def test_every_published_percentile_is_reproduced_within_rounding() -> None:
    worst = 0.0
    for r in _percentiles():
        for centile, z in Z.items():
            got = growth.height_at(r["sex"], int(r["age_months"]) / 12, z)
            worst = max(worst, abs(got - float(r[centile])))
    assert worst <= 0.06  # the figures are rounded to 0.1 cm


def test_shipped_table_is_what_the_build_script_makes(tmp_path: Path) -> None:
    out = tmp_path / "table.tsv"
    done = subprocess.run(
        [sys.executable, str(GROWTH / "build_table.py"), str(out)], capture_output=True, text=True, check=True
    )
    assert out.read_text(encoding="utf-8") == (GROWTH / "china_height_for_age.tsv").read_text(
        encoding="utf-8"
    )
    assert "worst error 0.05" in done.stdout


def test_months_between_published_ages_follow_the_monthly_medians() -> None:
    """卫生部 2009 reference for under-7s (same survey) gives a median for every month."""
    medians = _build_module().MONTHLY_MEDIANS
    for sex, values in medians.items():
        for month, published in enumerate(values):
            assert growth.median_height(sex, month / 12) == pytest.approx(published, abs=0.15), (sex, month)


@pytest.mark.parametrize("sex", ["M", "F"])
@pytest.mark.parametrize("age", [0.0, 0.4, 3.0, 7.25, 12.5, 17.9])
def test_z_score_and_height_at_are_inverse(sex: str, age: float) -> None:
    assert growth.z_score(sex, age, growth.median_height(sex, age)) == pytest.approx(0.0, abs=1e-9)
    for z in (-3.0, -1.0, 0.5, 2.5):
        assert growth.z_score(sex, age, growth.height_at(sex, age, z)) == pytest.approx(z, abs=1e-9)


def test_adults_keep_the_eighteen_year_row_and_unknown_sex_is_wider() -> None:
    assert growth.median_height("M", 25.0) == growth.median_height("M", 18.0)
    boy, girl, either = (growth.median_height(s, 9.0) for s in ("M", "F", "U"))
    assert min(boy, girl) <= either <= max(boy, girl)
    assert growth.height_sd("U", 9.0) > max(growth.height_sd("M", 9.0), growth.height_sd("F", 9.0))


def test_boys_outgrow_girls_after_puberty_only() -> None:
    assert growth.median_height("F", 11.0) > growth.median_height("M", 11.0)  # girls' earlier spurt
    assert growth.median_height("M", 16.0) - growth.median_height("F", 16.0) > 10
