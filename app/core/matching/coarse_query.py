"""What the missing index's coarse stage takes from a found person, computed once per query
(:class:`CoarseQuery`), and how the index lays its rows out: each missing person's birth bounds
(the sort key within a sex group; unknown births first, :data:`UNKNOWN_BIRTH`) and short rows
of numbers read into one array (:func:`flat_rows`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt

from app.core.matching.ages import YEAR_DAYS, age_interval
from app.core.matching.features import coords, marks_mask, province_mask, query_name_sets
from app.core.matching.score import WEIGHTS
from app.core.matching.subject import MatchSubject

__all__ = ["UNKNOWN_BIRTH", "CoarseQuery", "birth_bounds", "flat_rows"]

F64 = npt.NDArray[np.float64]
UNKNOWN_BIRTH = -1e9  # sorts first in its sex group; such rows are always scanned


def flat_rows(rows: Sequence[Sequence[float]], width: int, dtype: type[np.generic]) -> npt.NDArray[Any]:
    """``np.array(rows, dtype).reshape(len(rows), width)`` for rows of *width* numbers, read as
    one flat run (a list of short lists costs numpy a conversion per row: twice the time over
    a register's million persons)."""
    flat = np.fromiter(chain.from_iterable(rows), dtype=dtype, count=len(rows) * width)
    return flat.reshape(len(rows), width)


def birth_bounds(s: MatchSubject) -> tuple[float, float]:
    """Earliest and latest possible birth (proleptic ordinal days)."""
    if s.birth_date is not None:
        d = float(s.birth_date.toordinal())
        return d, d
    if s.age_range is not None and s.event_date is not None:
        ev = s.event_date.toordinal()
        return ev - s.age_range[1] * YEAR_DAYS - 183, ev - s.age_range[0] * YEAR_DAYS + 183
    return UNKNOWN_BIRTH, -UNKNOWN_BIRTH


class CoarseQuery:
    """What the coarse stage needs from a found person, computed once per query."""

    def __init__(self, found: MatchSubject) -> None:
        self.day = found.event_date.toordinal() if found.event_date else None
        self.est = age_interval(found, found.event_date)
        self.surname, self.chars, self.sylls, self.ncore = query_name_sets(found)
        lat, lon = coords(found.place_code)
        self.unit: tuple[float, float, float] | None = None
        if not math.isnan(lat):
            la, lo = math.radians(lat), math.radians(lon)
            self.unit = (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))
        self.marks = np.uint64(marks_mask(found.marks))
        self.provs = np.uint64(province_mask(found, "found"))
        parts = {
            "name": self.ncore > 0,
            "age": self.est is not None and self.day is not None,
            "place": self.unit is not None,
            "marks": bool(self.marks),
            "origin": bool(self.provs),
        }
        self.weight = sum(WEIGHTS[k] for k, on in parts.items() if on)
        self.place_terms: F64 | None = None  # per distinct place / marks value of the index
        self.marks_terms: F64 | None = None
        self.origin_terms: F64 | None = None
