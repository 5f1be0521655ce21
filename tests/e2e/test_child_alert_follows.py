"""A missing-child alert follows its case (issue 14), on a real server process with stations
syncing through the sync engine: an edit that moves the last-seen place takes the alert away
from the stations the move left outside and to those it brought inside, as the next revision; a
corrected birth date that makes the child 14 or older cancels it everywhere; a station enrolled
after the alert began, inside its radius, holds it at its first pull."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.validation import parse_case_file
from app.services import case_edit, cases, child_alerts
from app.services.sync import sync_now
from server.services.meta import in_transaction
from server.storage.alert_tables import ChildAlert
from tests.conftest import EXAMPLES
from tests.e2e.harness import PG_ENV
from tests.e2e.test_child_alerts_country import Country

OWNER = "370783001"  # 寿光市, where the child was last seen
WEICHENG = "370702001"  # 25 km from 寿光, 174 km from 济南历下
LICHENG = "370112001"  # 155 km from 寿光, 2 km from 历下
ZHANGQIU = "370181001"  # 118 km from 寿光, 36 km from 历下
KUIWEN = "370705001"  # about 30 km from 寿光: enrolled late


@pytest.fixture(params=["sqlite", "postgresql"])
def country(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Country]:
    kind = str(request.param)
    if kind == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    world = Country(kind, tmp_path)
    try:
        yield world
    finally:
        world.close()


def _held(country: Country, code: str) -> dict[str, child_alerts.ChildAlert]:
    session = country.stations[code].session
    assert sync_now(session).equal
    return {a.case_no: a for a in child_alerts.list_alerts(session, active_only=False)}


def _register(country: Country) -> str:
    owner = country.stations[OWNER].session
    (case,) = parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
    (reg,) = cases.register_cases(owner, [case])
    assert sync_now(owner).equal
    with country.server.sessions() as s:
        registered = in_transaction(s, lambda x: x.get(ChildAlert, reg.case_no)).registered_at
    start = registered if registered.tzinfo else registered.replace(tzinfo=dt.UTC)
    country.set_clock(start + dt.timedelta(minutes=30))  # the first hour: 100 km
    return reg.case_no


def test_an_edited_case_moves_its_alert_and_a_birth_date_past_14_cancels_it(country: Country) -> None:
    for code in (OWNER, WEICHENG, LICHENG, ZHANGQIU):
        country.add_station(code)
    case_no = _register(country)
    first = _held(country, WEICHENG)[case_no]
    assert (first.state, first.last_seen_place_code, first.distance_km) == ("active", "370783", 25)
    assert _held(country, LICHENG) == {} and _held(country, ZHANGQIU) == {}

    owner = country.stations[OWNER].session
    moved = {"last_seen": {"place_code": "370102", "place": "济南市历下区泉城广场"}}
    case_edit.edit_case(owner, case_no, moved, "报案人更正最后出现地点")
    assert sync_now(owner).equal

    assert _held(country, WEICHENG)[case_no].state == "cancelled"  # 174 km away now
    for code, km in ((LICHENG, 2), (ZHANGQIU, 36)):
        alert = _held(country, code)[case_no]
        assert (alert.state, alert.last_seen_place_code, alert.last_seen_place, alert.distance_km) == (
            "active",
            "370102",
            "济南市历下区泉城广场",
            km,
        )
        assert alert.name == "王小明" and alert.age == (4, 4)

    older = {"persons": [{"birth_date": "2010-03-15"}]}
    case_edit.edit_case(owner, case_no, older, "出生日期登记错误，已核对户口本")
    assert sync_now(owner).equal
    for code in (LICHENG, ZHANGQIU):
        assert _held(country, code)[case_no].state == "cancelled"
        assert child_alerts.waiting_count(country.stations[code].session) == 0
    assert _held(country, WEICHENG)[case_no].state == "cancelled"


def test_an_edit_the_alert_does_not_show_leaves_it_alone(country: Country) -> None:
    for code in (OWNER, WEICHENG):
        country.add_station(code)
    case_no = _register(country)
    assert _held(country, WEICHENG)[case_no].state == "active"
    owner = country.stations[OWNER].session
    case_edit.edit_case(owner, case_no, {"summary": "补充：孩子会说自己的名字。"}, "补充情况")
    assert sync_now(owner).equal
    with country.server.sessions() as s:
        alert = in_transaction(s, lambda x: x.get(ChildAlert, case_no))
        assert alert.revision == 1 and alert.state == "active"
    assert _held(country, WEICHENG)[case_no].state == "active"


def test_a_station_enrolled_after_the_alert_began_holds_it_at_its_first_pull(country: Country) -> None:
    for code in (OWNER, WEICHENG):
        country.add_station(code)
    case_no = _register(country)
    assert case_no in _held(country, WEICHENG)

    late = country.add_station(KUIWEN)  # inside the 100 km radius, enrolled after it went out
    far = country.add_station(LICHENG)  # 155 km: outside it until the second hour
    alert = _held(country, KUIWEN)[case_no]
    assert alert.state == "active" and alert.radius_km == 100 and alert.distance_km < 100
    assert child_alerts.waiting_count(late.session) == 1
    assert _held(country, LICHENG) == {}

    with country.server.sessions() as s:
        registered = in_transaction(s, lambda x: x.get(ChildAlert, case_no)).registered_at
    start = registered if registered.tzinfo else registered.replace(tzinfo=dt.UTC)
    country.set_clock(start + dt.timedelta(hours=1, minutes=30))  # 200 km
    assert _held(country, LICHENG)[case_no].radius_km == 200
    assert child_alerts.waiting_count(far.session) == 1
    assert list(_held(country, KUIWEN)) == [case_no]  # not delivered twice


def test_a_photo_added_after_the_full_radius_goes_out_with_the_alert(country: Country) -> None:
    import io

    from PIL import Image

    from app.services import photos

    for code in (OWNER, WEICHENG):
        country.add_station(code)
    case_no = _register(country)
    assert _held(country, WEICHENG)[case_no].photo_jpeg == b""
    with country.server.sessions() as s:
        registered = in_transaction(s, lambda x: x.get(ChildAlert, case_no)).registered_at
    start = registered if registered.tzinfo else registered.replace(tzinfo=dt.UTC)
    country.set_clock(start + dt.timedelta(hours=5))  # the radius is full: no step is due any more
    assert _held(country, WEICHENG)[case_no].radius_km == 100  # reached in the first hour

    picture = io.BytesIO()
    Image.new("RGB", (120, 160), (200, 120, 90)).save(picture, "PNG")
    owner = country.stations[OWNER].session
    photos.add_photos(owner, case_no, 0, [photos.prepare_photo(picture.getvalue())])
    assert sync_now(owner).equal
    alert = _held(country, WEICHENG)[case_no]
    assert alert.state == "active" and alert.photo_jpeg.startswith(b"\xff\xd8")
    with country.server.sessions() as s:
        assert in_transaction(s, lambda x: x.get(ChildAlert, case_no)).revision == 2
