"""A simulated country of 50 stations on one real server process: a child goes missing in 寿光,
the server's clock (a test hook of the real process) is advanced hour by hour, every station
syncs through the sync engine, and the alert reaches exactly the stations inside each radius
(100 km, 200 km, 300 km, 500 km); officers' acknowledgements reach the operator; the case found
and closed at its station cancels the alert at every station it reached."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.core import regions
from app.core.lifecycle import ClosureOutcome
from app.core.model import AccountRole
from app.core.validation import parse_case_file
from app.services import case_life, cases, child_alerts, photos, review_desk
from app.services.enrolment import enroll
from app.services.sync import sync_now
from server.services import child_alerts as national_alerts
from server.services import credentials
from server.services.meta import in_transaction
from server.settings import ENV_TEST_ALERT_CLOCK_FILE
from server.storage.alert_tables import ChildAlert
from server.storage.tables import JournalEntry
from tests.conftest import EXAMPLES
from tests.e2e.harness import PG_ENV, ServerUnderTest, Station, fresh_server_db, make_template

PLACE = "370783"  # 寿光市: where the child was last seen (the example case)
OWNER = PLACE + "001"
RINGS = ((0, 100), (100, 200), (200, 300), (300, 500), (500, 800))  # km from 寿光, 10 stations in most


def _country(rng: random.Random) -> list[str]:
    """49 other stations' codes: county seats drawn from each ring around 寿光 (not 寿光 itself)."""
    by_ring: dict[int, list[str]] = {i: [] for i in range(len(RINGS))}
    for code in regions.county_codes():
        km = regions.distance_km(PLACE, code)
        for i, (low, high) in enumerate(RINGS):
            if km is not None and low < km <= high and code != PLACE:
                by_ring[i].append(code)
    picked = [c for i in by_ring for c in rng.sample(sorted(by_ring[i]), 10)]
    return [c + "001" for c in picked[:49]]


class Country:
    def __init__(self, kind: str, workdir: Path) -> None:
        self.clock_file = workdir / "server-clock.txt"
        self.set_clock(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
        os.environ[ENV_TEST_ALERT_CLOCK_FILE] = str(self.clock_file)  # read by the server process
        url, self.drop = fresh_server_db(kind, workdir)
        try:
            self.server = ServerUnderTest(url)
        finally:
            del os.environ[ENV_TEST_ALERT_CLOCK_FILE]
        self.template, self.key = make_template(workdir)
        self.workdir = workdir
        self.stations: dict[str, Station] = {}

    def set_clock(self, moment: dt.datetime) -> None:
        self.clock_file.write_text(moment.isoformat(), encoding="utf-8")

    def add_station(self, code: str) -> Station:
        with self.server.sessions() as s:
            token = in_transaction(s, lambda x: credentials.add_station(x, code, f"{code[:6]} 派出所", 1))
        station = Station.from_template(self.template, self.key, self.workdir / code, code)
        info = replace(station.session.station, name=f"{code[:6]} 派出所", phone=f"0{code[:3]}-{code[3:9]}")
        station.session = replace(station.session, station=info)
        enroll(station.session, self.server.url, token)
        self.stations[code] = station
        return station

    def close(self) -> None:
        for station in self.stations.values():
            station.close()
        self.server.stop()
        self.drop()


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


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 160), (200, 120, 90)).save(out, "PNG")
    return out.getvalue()


def _alerted(station: Station) -> dict[str, child_alerts.ChildAlert]:
    sync_now(station.session)
    return {a.case_no: a for a in child_alerts.list_alerts(station.session, active_only=False)}


def test_alert_reaches_exactly_the_stations_inside_each_radius(country: Country) -> None:
    others = _country(random.Random(14))
    owner = country.add_station(OWNER)
    for code in others:
        country.add_station(code)
    km = {code: regions.distance_km(PLACE, code[:6]) or 0.0 for code in others}

    (case,) = parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
    (reg,) = cases.register_cases(owner.session, [case])
    photos.add_photos(owner.session, reg.case_no, 0, [photos.prepare_photo(_photo())])
    assert sync_now(owner.session).equal
    with country.server.sessions() as s:
        registered = in_transaction(s, lambda x: x.get(ChildAlert, reg.case_no)).registered_at
    start = registered if registered.tzinfo else registered.replace(tzinfo=dt.UTC)

    reached: set[str] = set()
    for hour, radius in ((0, 100), (1, 200), (2, 300), (3, 500), (7, 500)):
        country.set_clock(start + dt.timedelta(hours=hour, minutes=30))
        now_holding = {code for code in others if reg.case_no in _alerted(country.stations[code])}
        assert now_holding == {c for c in others if km[c] <= radius}, f"hour {hour}: radius {radius} km"
        reached = now_holding
    assert len(reached) == sum(1 for c in others if km[c] <= 500) >= 35

    near = country.stations[min(reached, key=km.__getitem__)]
    alert = _alerted(near)[reg.case_no]
    assert (alert.name, alert.age, alert.station, alert.station_phone) == (
        "王小明",
        (4, 4),
        OWNER,
        "0370-783001",
    )
    assert alert.last_seen_place_code == PLACE and alert.photo_jpeg.startswith(b"\xff\xd8")
    with country.server.sessions() as s:
        per_station = dict(
            s.execute(
                select(JournalEntry.audience_station_id, func.count())
                .where(JournalEntry.kind == "alert")
                .group_by(JournalEntry.audience_station_id)
            ).all()
        )
    assert sorted(per_station.values()) == [1] * len(reached), "a widening step re-delivered to a station"

    acking = sorted(reached)[:3]
    for code in acking:
        assert child_alerts.acknowledge(country.stations[code].session, reg.case_no)
        assert sync_now(country.stations[code].session).equal
    with country.server.sessions() as s:
        (view,) = in_transaction(s, national_alerts.alert_views)
    assert {r.station for r in view.reached if r.acknowledged_by} == set(acking)
    assert all(r.acknowledged_by == ("admin",) for r in view.reached if r.station in acking)

    case_life.close_case(owner.session, reg.case_no, ClosureOutcome.FOUND_BY_FAMILY, "孩子已被家人找到")
    supervisor = replace(owner.session, user="suozhang", role=AccountRole.SUPERVISOR)  # a second person
    waiting = [q.id for q in review_desk.review_queue(supervisor) if q.case_no == reg.case_no]
    review_desk.approve_items(supervisor, waiting)  # the registration and its closure
    assert sync_now(owner.session).equal
    for code in others:
        held = _alerted(country.stations[code])
        if code in reached:
            assert held[reg.case_no].state == "cancelled"
            assert child_alerts.waiting_count(country.stations[code].session) == 0
        else:
            assert held == {}
    with country.server.sessions() as s:
        (view,) = in_transaction(s, national_alerts.alert_views)
    assert view.state == "cancelled" and all(r.cancelled for r in view.reached)
    assert json.dumps(view.to_json(), ensure_ascii=False)
