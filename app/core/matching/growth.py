"""Height-for-age: what height a child of a given sex and age can have, and how it grows.

Reads ``resources/growth/who_height_for_age.tsv`` (WHO 2006 standards to 5 years, WHO 2007
reference to 19 years; see the README there and why the 2009 Chinese reference is not used yet).
For height L = 1, so height at an age is normal with median M and SD M·S. A child is assumed to
keep their centile while growing — the usual clinical assumption (centile tracking) — which
turns "95–100 cm at 3 y 8 m" into an expected range at any later age.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

__all__ = ["expected_height", "height_sd", "median_height", "z_score"]

_MAX_MONTHS = 228


def _resource() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if isinstance(bundle, str) else Path(__file__).resolve().parents[3]
    return root / "resources" / "growth" / "who_height_for_age.tsv"


@cache
def _table() -> dict[str, list[tuple[float, float]]]:
    rows: dict[str, list[tuple[float, float]]] = {"M": [], "F": []}
    with _resource().open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            sex, _month, _l, m, s = line.split("\t")
            rows[sex].append((float(m), float(s)))
    return rows


def _ms(sex: str, age_years: float) -> tuple[float, float]:
    """Median and coefficient of variation, linearly interpolated by month; U = mean of M and F."""
    if sex not in ("M", "F"):
        (m1, s1), (m2, s2) = _ms("M", age_years), _ms("F", age_years)
        return (m1 + m2) / 2, max(s1, s2) * 1.15  # unknown sex: a wider band
    months = min(max(age_years * 12.0, 0.0), float(_MAX_MONTHS))
    lo = int(months)
    hi = min(lo + 1, _MAX_MONTHS)
    frac = months - lo
    (m_lo, s_lo), (m_hi, s_hi) = _table()[sex][lo], _table()[sex][hi]
    return m_lo + (m_hi - m_lo) * frac, s_lo + (s_hi - s_lo) * frac


def median_height(sex: str, age_years: float) -> float:
    return _ms(sex, age_years)[0]


def height_sd(sex: str, age_years: float) -> float:
    m, s = _ms(sex, age_years)
    return m * s


def z_score(sex: str, age_years: float, height_cm: float) -> float:
    m, s = _ms(sex, age_years)
    return (height_cm - m) / (m * s)


def expected_height(sex: str, age_then: float, height_then: float, age_now: float) -> tuple[float, float]:
    """(expected height now, its SD) for a child measured *height_then* at *age_then*.

    Keeps the z-score; the SD grows with the years elapsed because centiles drift (about a
    quarter SD a year, capped at one SD) — a design choice, documented so it can be tuned.
    """
    z = z_score(sex, age_then, height_then)
    m, s = _ms(sex, age_now)
    drift = min(1.0, 0.25 * max(0.0, age_now - age_then))
    return m * (1 + z * s), m * s * max(drift, 0.3)
