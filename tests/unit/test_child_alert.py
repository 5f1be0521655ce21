"""The widening radius and who an alert goes out for (pure arithmetic, no clock read)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest

from app.core import child_alert
from app.core.validation import read_stored_case
from tests.conftest import EXAMPLES

T0 = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("minutes", "km"),
    [(0, 100), (59, 100), (60, 200), (119, 200), (120, 300), (179, 300), (180, 500), (6000, 500)],
)
def test_radius_widens_by_the_hour(minutes: int, km: int) -> None:
    assert child_alert.radius_km(dt.timedelta(minutes=minutes)) == km


def test_next_widening_is_the_next_hour_step_until_full() -> None:
    assert child_alert.next_widening(T0, T0) == T0 + dt.timedelta(hours=1)
    assert child_alert.next_widening(T0, T0 + dt.timedelta(minutes=61)) == T0 + dt.timedelta(hours=2)
    assert child_alert.next_widening(T0, T0 + dt.timedelta(hours=2, minutes=59)) == T0 + dt.timedelta(hours=3)
    assert child_alert.next_widening(T0, T0 + dt.timedelta(hours=3)) is None


def _example() -> dict[str, object]:
    return json.loads((EXAMPLES / "missing_child.json").read_text(encoding="utf-8"))


def test_the_missing_child_of_the_example_is_alerted_on() -> None:
    subject = child_alert.alert_subject(read_stored_case(_example()))
    assert subject is not None
    assert (subject.name, subject.sex, subject.age, subject.place_code) == ("王小明", "M", (4, 4), "370783")


def test_age_from_an_estimate_or_an_id_number() -> None:
    case = read_stored_case(_example())
    child = case.persons[0]
    on = dt.date(2026, 11, 20)
    assert child_alert.age_at(replace(child, birth_date=None, estimated_age=(12, 15)), on) == (12, 15)
    assert child_alert.age_at(replace(child, birth_date=None, id_number="370783201203150011"), on) == (14, 14)
    assert child_alert.age_at(replace(child, birth_date=None), on) is None


def test_no_alert_for_a_teenager_of_14_or_a_found_case() -> None:
    doc = _example()
    doc["persons"][0]["birth_date"] = "2012-11-20"  # type: ignore[index]
    assert child_alert.alert_subject(read_stored_case(doc)) is None  # 14 on the day of the report
    doc["persons"][0]["birth_date"] = "2012-11-21"  # type: ignore[index]
    assert child_alert.alert_subject(read_stored_case(doc)) is not None  # 13 for one more day
    doc["last_seen"]["place_code"] = None  # type: ignore[index]
    assert child_alert.alert_subject(read_stored_case(doc)) is None  # nowhere to measure from


def test_distance_from_the_last_seen_place_to_a_station() -> None:
    km = child_alert.station_distance_km("370783", "370702001")
    assert km is not None and 20 < km < 30
    assert child_alert.station_distance_km("370783", "999999001") is None
