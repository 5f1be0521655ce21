"""The station dashboard over a real demo station (issue 16): every number lists exactly the cases
behind it, the figures follow the register, the weeks are the station's local ISO weeks."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tests.conftest import example_bytes


def test_every_number_lists_the_cases_behind_it_and_follows_the_register(session: Any) -> None:
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases
    from app.services.dashboard import cases_behind, dashboard
    from app.services.demo import fill_demo

    fill_demo(session, 300)
    board = dashboard(session)
    assert board.open_cases == board.chart("type").total() == board.chart("status").total()
    assert board.chart("age").total() == board.open_cases
    assert sum(board.chart("weeks").series[0].values) > 0  # the demo registers over two years
    for chart in board.charts:
        for series in chart.series:
            for value, query in zip(series.values, series.queries, strict=True):
                if chart.key in ("matches", "dna"):
                    continue  # counted in pairs and samples; their cases are listed, not counted
                behind = cases_behind(session, query)
                assert len(behind) == value, (chart.key, series.name, query)
    missing_before = board.chart("type").series[0].values[0]
    doc = json.loads(example_bytes("missing_child"))
    register_cases(session, parse_case_file(json.dumps(doc).encode()), allow_duplicate="另一份")
    after = dashboard(session)
    assert after.chart("type").series[0].values[0] == missing_before + 1
    assert after.chart("weeks").series[0].values[-1] == board.chart("weeks").series[0].values[-1] + 1


def test_weeks_are_the_station_local_iso_weeks(session: Any) -> None:
    from app.core.dashboard import IsoWeek

    # Registered on Monday 2026-11-23 01:30 in Beijing: Sunday in UTC, week 48 at the station.
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases
    from app.services.dashboard import dashboard

    doc = json.loads(example_bytes("found_child"))
    moment = dt.datetime(2026, 11, 22, 17, 30, tzinfo=dt.UTC)
    register_cases(session, parse_case_file(json.dumps(doc).encode()), now=moment, check=False)
    beijing = dt.timezone(dt.timedelta(hours=8))
    board = dashboard(session, now=dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tz=beijing)
    weeks = board.chart("weeks")
    assert weeks.categories[-1] == ("49周", "W49") and weeks.categories[-2] == ("48周", "W48")
    assert weeks.series[0].values[-2:] == (1, 0)
    assert str(IsoWeek.of(moment.date())) == "2026-W47"  # in UTC it would have been the week before
