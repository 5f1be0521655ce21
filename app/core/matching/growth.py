"""Height-for-age: what height a child of a given sex and age can have, and how it grows.

Reads ``resources/growth/china_height_for_age.tsv``: the Chinese reference of 李辉, 季成叶,
宗心南 et al. (中华儿科杂志 2009;47(7):487–492; 2005 survey of nine cities), one L, M, S row per
sex and month from birth to 18 years, built from the published percentiles by
``resources/growth/build_table.py`` (see the README there for the source and every check). The
height at z-score z is ``M·(1 + L·S·z)^(1/L)`` (the LMS method). Past 18 years the 18-year row
applies. A child is assumed to keep their centile while growing — the usual clinical assumption
(centile tracking) — which turns "95–100 cm at 3 y 8 m" into an expected range at any later age.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from app.core import resources

__all__ = ["expected_height", "height_at", "height_sd", "median_height", "z_score"]

Lms = tuple[float, float, float]


def _resource() -> Path:
    return resources.resource_dir("growth") / "china_height_for_age.tsv"


@cache
def _table() -> dict[str, list[Lms]]:
    rows: dict[str, list[Lms]] = {"M": [], "F": []}
    with _resource().open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            sex, month, lam, m, s = line.split("\t")
            assert int(month) == len(rows[sex]), "one row per month, in order"
            rows[sex].append((float(lam), float(m), float(s)))
    return rows


def _lms(sex: str, age_years: float) -> Lms:
    """L, M and S, linearly interpolated by month; unknown sex: mean median, a wider band."""
    if sex not in ("M", "F"):
        (_, m1, s1), (_, m2, s2) = _lms("M", age_years), _lms("F", age_years)
        return 1.0, (m1 + m2) / 2, max(s1, s2) * 1.15
    rows = _table()[sex]
    months = min(max(age_years * 12.0, 0.0), float(len(rows) - 1))
    lo = int(months)
    hi = min(lo + 1, len(rows) - 1)
    frac = months - lo
    a, b = rows[lo], rows[hi]
    return a[0] + (b[0] - a[0]) * frac, a[1] + (b[1] - a[1]) * frac, a[2] + (b[2] - a[2]) * frac


def _at(lms: Lms, z: float) -> float:
    lam, m, s = lms
    if abs(lam) < 1e-6:
        return m * math.exp(s * z)
    return float(m * max(1.0 + lam * s * z, 1e-9) ** (1.0 / lam))


def median_height(sex: str, age_years: float) -> float:
    return _lms(sex, age_years)[1]


def height_at(sex: str, age_years: float, z: float) -> float:
    """The height on centile *z* (z-score) at that age."""
    return _at(_lms(sex, age_years), z)


def height_sd(sex: str, age_years: float) -> float:
    """Half the distance between the −1 and +1 SD centiles (the SD when L = 1)."""
    lms = _lms(sex, age_years)
    return (_at(lms, 1.0) - _at(lms, -1.0)) / 2


def z_score(sex: str, age_years: float, height_cm: float) -> float:
    lam, m, s = _lms(sex, age_years)
    ratio = max(height_cm, 1e-6) / m
    if abs(lam) < 1e-6:
        return math.log(ratio) / s
    return float((ratio**lam - 1.0) / (lam * s))


def expected_height(sex: str, age_then: float, height_then: float, age_now: float) -> tuple[float, float]:
    """(expected height now, its SD) for a child measured *height_then* at *age_then*.

    Keeps the z-score; the SD grows with the years elapsed because centiles drift (about a
    quarter SD a year, capped at one SD) — a design choice, documented so it can be tuned.
    """
    z = z_score(sex, age_then, height_then)
    drift = min(1.0, 0.25 * max(0.0, age_now - age_then))
    return height_at(sex, age_now, z), height_sd(sex, age_now) * max(drift, 0.3)
