"""The dashboard's chart model (app.core.dashboard): axes, ISO weeks, age bands."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.dashboard import AgeBand, IsoWeek, age_band, axis, last_weeks


def test_one_case_is_never_drawn_on_a_zero_to_one_axis() -> None:
    for largest in (0, 1, 2, 5):
        a = axis(largest)
        assert a.top == 5 and a.step == 1 and a.ticks == (0, 1, 2, 3, 4, 5)
    assert axis(1).fraction(1) == pytest.approx(0.2)


@pytest.mark.parametrize(("largest", "top", "step"), [(6, 6, 2), (7, 8, 2), (23, 25, 5), (100, 100, 20),
                                                       (101, 150, 50), (98765, 100000, 20000)])  # fmt: skip
def test_axis_steps_are_whole_and_readable(largest: int, top: int, step: int) -> None:
    a = axis(largest)
    assert (a.top, a.step) == (top, step)
    assert a.top >= largest and len(a.ticks) <= 8


def test_iso_weeks() -> None:
    w = IsoWeek.parse("2026-W48")
    assert str(w) == "2026-W48" and w.monday() == dt.date(2026, 11, 23)
    assert IsoWeek.parse("2026w48") == w
    assert str(IsoWeek.of(dt.date(2027, 1, 1))) == "2026-W53"  # 2026 has 53 ISO weeks
    weeks = last_weeks(IsoWeek(2026, 2), 3)
    assert [str(x) for x in weeks] == ["2025-W52", "2026-W01", "2026-W02"]
    for bad in ("2026-W54", "2025-W53", "26-W01", "2026-48", "W48"):
        with pytest.raises(ValueError):
            IsoWeek.parse(bad)
    tz = dt.timezone(dt.timedelta(hours=8))
    start, end = w.bounds(tz)
    assert start == dt.datetime(2026, 11, 22, 16, tzinfo=dt.UTC) and end - start == dt.timedelta(days=7)


def test_age_bands() -> None:
    now = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    assert age_band(now - dt.timedelta(days=1), now) is AgeBand.WEEK
    assert age_band(now - dt.timedelta(days=7), now) is AgeBand.MONTH
    assert age_band(now - dt.timedelta(days=400), now) is AgeBand.OLDER
