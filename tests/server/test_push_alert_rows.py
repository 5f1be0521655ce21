"""The rows a push of new missing children writes for their alerts (the alerts only, due at once)
and the rows their first step writes at the next pull: on PostgreSQL the deliveries and the
stations' items are made by the database in one statement each from the alert rows
(``server/storage/alert_reach.py``); what a station pulls is the very text the row-by-row path
writes (the alert's body with the station's radius and distance), in the same order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from app.core import regions
from app.sync import alert_records
from server.services.deliveries import with_reach
from server.storage.alert_tables import ChildAlert, ChildAlertDelivery
from server.storage.tables import JournalEntry, Station, as_utc
from tests.server.conftest import World, auth, case_no, change, fresh_db, make_app_world
from tests.server.test_child_alerts import OWNER, T0, Clock, _missing_case

# 寿光's neighbours within the first hour's 100 km, and two beyond it
NEAR = ["370702001", "370703001", "370705001", "370784001", "370786001"]
FAR = ["370102001", "310101001"]
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _alerting_world(url: str) -> Iterator[tuple[World, Clock]]:
    clock = Clock()
    clock.now = T0 + timedelta(minutes=20)
    world = make_app_world(url, clock=clock)
    yield world, clock
    world.client.close()
    world.client.app.state.engine.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def alerting(db_url: str) -> Iterator[tuple[World, Clock]]:
    """A server whose clock stands 20 minutes after the reports were registered (radius 100 km)."""
    yield from _alerting_world(db_url)


@pytest.fixture
def pg_alerting(pg_url: str | None, tmp_path: Path) -> Iterator[tuple[World, Clock]]:
    """:func:`alerting` on PostgreSQL only (its one-statement steps and row locks)."""
    if pg_url is None:
        pytest.skip("needs PostgreSQL (XUNREN_TEST_DATABASE_URL)")
    yield from _alerting_world(fresh_db("postgresql", pg_url, tmp_path, tmp_path))


@pytest.mark.parametrize(
    "body",
    [
        {
            "state": "active",
            "name": "李小明",
            "place": '寿光市\n"东门"\\',
            "age_min": 4,
            "photo_jpeg_base64": "",
        },
        {"name": "😀 𠮷", "age_max": 13, "station_phone": None, "marks": "\t"},
    ],
)
def test_an_alert_body_with_a_stations_reach_is_the_text_of_the_whole_item(body: dict[str, Any]) -> None:
    assert with_reach(_ENCODE(body), 100, 25) == _ENCODE({**body, "radius_km": 100, "distance_km": 25})


def _pull(world: World, credential: str) -> None:
    """A station's pull (of nothing new: past its end), which first takes every alert due to its radius."""
    answer = world.client.get("/sync/pull", params={"cursor": 2**62}, headers=auth(credential))
    assert answer.status_code == 200 and answer.json()["items"] == [], answer.text


def test_a_batch_of_children_is_written_as_due_alerts_and_the_next_pull_reaches_the_near_stations(
    alerting: tuple[World, Clock],
) -> None:
    world, clock = alerting
    owner = world.enroll(OWNER)
    for code in NEAR + FAR:
        world.enroll(code)
    cases = [case_no(OWNER, n) for n in (1, 2, 3)]
    pushed = world.push(owner, [change(c, payload=_missing_case()) for c in cases])
    assert [r["status"] for r in pushed.json()["results"]] == ["applied"] * 3
    with world.sessions() as s:  # the push wrote the alerts only, due at once, at radius 0
        written = list(s.scalars(select(ChildAlert).order_by(ChildAlert.case_no)))
        assert [(a.case_no, a.radius_km, a.revision) for a in written] == [(c, 0, 1) for c in cases]
        assert all(a.next_step_at.replace(tzinfo=a.next_step_at.tzinfo or UTC) == clock.now for a in written)
        assert s.scalars(select(ChildAlertDelivery)).first() is None
        assert s.scalars(select(JournalEntry).where(JournalEntry.kind == alert_records.KIND)).first() is None
    _pull(world, owner)  # the pushing station's own pull, as the sync engine makes it next
    with world.sessions() as s:
        alerts = {a.case_no: a for a in s.scalars(select(ChildAlert))}
        delivered = list(s.scalars(select(ChildAlertDelivery)))
        items = list(
            s.scalars(
                select(JournalEntry).where(JournalEntry.kind == alert_records.KIND).order_by(JournalEntry.seq)
            )
        )
        code_of = dict(s.execute(select(Station.id, Station.code)).all())
    km = {code: round(regions.distance_km("370783", code[:6]) or 0) for code in NEAR + FAR}
    assert all(km[c] <= 100 for c in NEAR) and all(km[c] > 100 for c in FAR)
    nearest_first = sorted(NEAR, key=lambda c: (km[c], c))
    # one item per near station for each case, cases in the batch's order, nearest station first
    assert [(i.record_id, code_of[i.audience_station_id]) for i in items] == [
        (c, code) for c in cases for code in nearest_first
    ]
    rows = {(d.case_no, code_of[d.station_id]): d for d in delivered}
    assert set(rows) == {(c, code) for c in cases for code in NEAR}
    for item in items:
        row = rows[(item.record_id, code_of[item.audience_station_id])]
        assert (row.radius_km, row.distance_km) == (100, km[code_of[item.audience_station_id]])
        alert = alerts[item.record_id]
        assert item.revision == alert.revision == 1
        assert item.payload == with_reach(alert.payload, 100, row.distance_km)
        assert item.payload == _ENCODE(
            {**json.loads(alert.payload), "radius_km": 100, "distance_km": row.distance_km}
        )
        assert item.station_id is None and item.change_id is None and item.client_created_at is None
        assert (
            row.cancelled_at is None
            and row.delivered_at.replace(tzinfo=row.delivered_at.tzinfo or UTC) == clock.now
        )


def test_the_near_stations_remembered_for_a_place_still_leave_out_a_station_revoked_since(
    alerting: tuple[World, Clock],
) -> None:
    world, clock = alerting
    owner = world.enroll(OWNER)
    for code in NEAR[:3]:
        world.enroll(code)
    first, second, third = (case_no(OWNER, n) for n in (1, 2, 3))
    world.push(owner, [change(first, payload=_missing_case())])
    _pull(world, owner)  # 寿光 at 100 km reckoned
    world.revoke(NEAR[0])
    world.push(owner, [change(second, payload=_missing_case())])
    _pull(world, owner)
    world.enroll(NEAR[3])  # a station enrolled since: the stations' index is made again
    world.push(owner, [change(third, payload=_missing_case())])
    _pull(world, owner)
    with world.sessions() as s:
        code_of = dict(s.execute(select(Station.id, Station.code)).all())
        reached = {(d.case_no, code_of[d.station_id]) for d in s.scalars(select(ChildAlertDelivery))}
    # (the station enrolled later is given the alerts in force at its enrolment, as always)
    assert {code for case, code in reached if case == first} == set(NEAR[:4])
    assert {code for case, code in reached if case == second} == set(NEAR[1:4])
    assert {code for case, code in reached if case == third} == set(NEAR[1:4])


def test_steps_of_more_alerts_than_a_chunk_take_each_once(
    alerting: tuple[World, Clock], monkeypatch: pytest.MonkeyPatch
) -> None:
    from server.services import alert_widening

    monkeypatch.setattr(alert_widening, "STEP_CHUNK", 2)
    world, clock = alerting
    owner = world.enroll(OWNER)
    for code in NEAR[:2]:
        world.enroll(code)
    cases = [case_no(OWNER, n) for n in range(1, 6)]
    world.push(owner, [change(c, payload=_missing_case()) for c in cases])
    _pull(world, owner)
    with world.sessions() as s:
        code_of = dict(s.execute(select(Station.id, Station.code)).all())
        reached = sorted((d.case_no, code_of[d.station_id]) for d in s.scalars(select(ChildAlertDelivery)))
        radii = {a.case_no: a.radius_km for a in s.scalars(select(ChildAlert))}
        next_steps = {a.case_no: as_utc(a.next_step_at) for a in s.scalars(select(ChildAlert))}
    assert reached == sorted((c, code) for c in cases for code in NEAR[:2])
    assert radii == dict.fromkeys(cases, 100)
    assert next_steps == dict.fromkeys(cases, T0 + timedelta(hours=1))  # the first hour's end
    clock.now = T0 + timedelta(minutes=90)  # the second hour: 200 km, a later step for each
    far = world.enroll(FAR[0])  # 济南, 154 km: reached by that step (enrolled before it)
    _pull(world, far)
    with world.sessions() as s:
        radii = {a.case_no: a.radius_km for a in s.scalars(select(ChildAlert))}
        items = s.scalars(select(JournalEntry.record_id).where(JournalEntry.audience_station_id == s.scalar(
            select(Station.id).where(Station.code == FAR[0])))).all()  # fmt: skip
    assert radii == dict.fromkeys(cases, 200)
    assert sorted(items) == cases  # each alert once


def test_a_first_step_past_the_last_radius_ends_the_widening_beside_one_that_goes_on(
    alerting: tuple[World, Clock],
) -> None:
    """One chunk, two alerts: one registered 20 minutes ago (100 km, next step at the hour), one
    a station pushes four hours after it registered the report (500 km at once, no next step)."""
    world, clock = alerting
    owner = world.enroll(OWNER)
    world.enroll(NEAR[0])
    recent, late = case_no(OWNER, 1), case_no(OWNER, 2)
    earlier = {**_missing_case(), "created_at": (T0 - timedelta(hours=4)).isoformat()}
    world.push(owner, [change(recent, payload=_missing_case()), change(late, payload=earlier)])
    _pull(world, owner)
    with world.sessions() as s:
        rows = {
            a.case_no: (a.radius_km, a.next_step_at and as_utc(a.next_step_at))
            for a in s.scalars(select(ChildAlert))
        }
    assert rows == {recent: (100, T0 + timedelta(hours=1)), late: (500, None)}


def test_first_steps_are_written_as_instants_whatever_the_sessions_time_zone(
    pg_alerting: tuple[World, Clock],
) -> None:
    """PostgreSQL's statement reads each next step's offset: under Asia/Shanghai the instant is
    the same; a moment without an offset is refused rather than read in the session's zone."""
    from server.storage import alert_reach

    world, _clock = pg_alerting
    owner = world.enroll(OWNER)
    number = case_no(OWNER, 1)
    world.push(owner, [change(number, payload=_missing_case())])  # a due alert, radius 0
    at = T0 + timedelta(hours=2)
    with world.sessions() as s:
        s.execute(text("SET LOCAL TIME ZONE 'Asia/Shanghai'"))
        with pytest.raises(ValueError, match="offset"):
            alert_reach.take_first_steps(s, [(number, 200, at.replace(tzinfo=None))])
        alert_reach.take_first_steps(s, [(number, 200, at)])
        s.commit()
    with world.sessions() as s:
        alert = s.scalars(select(ChildAlert)).one()
        assert (alert.radius_km, as_utc(alert.next_step_at).astimezone(UTC)) == (200, at)


def test_a_chunk_of_due_alerts_is_as_large_as_the_step_asks_in_order(
    alerting: tuple[World, Clock], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The due alerts' query (compiled once per process on PostgreSQL) takes the chunk's size
    and the server's moment at each call, never those it was first compiled with."""
    from server.services import alert_widening

    world, clock = alerting
    owner = world.enroll(OWNER)
    cases = [case_no(OWNER, n) for n in range(1, 6)]
    world.push(owner, [change(c, payload=_missing_case()) for c in reversed(cases)])
    with world.sessions() as s:
        assert [d.case_no for d in alert_widening._due(s, clock.now)] == cases  # due at once, by number
        assert alert_widening._due(s, T0 - timedelta(minutes=1)) == []  # before the reports
        monkeypatch.setattr(alert_widening, "STEP_CHUNK", 2)
        assert [(d.case_no, d.radius_km) for d in alert_widening._due(s, clock.now)] == [
            (c, 0) for c in cases[:2]
        ]
        s.rollback()


def test_the_step_reads_the_servers_moment_in_any_zone(alerting: tuple[World, Clock]) -> None:
    """A moment written at +08:00 is the same instant: nothing is due a minute before the
    reports, and the step at 20 minutes after writes its rows at that instant (SQLite keeps
    times as UTC text and compares the digits)."""
    from server.services import alert_widening

    world, clock = alerting
    owner = world.enroll(OWNER)
    world.enroll(NEAR[0])
    world.push(owner, [change(case_no(OWNER, 1), payload=_missing_case())])
    beijing = ZoneInfo("Asia/Shanghai")
    with world.sessions() as s:
        assert alert_widening.step_due(s, (T0 - timedelta(minutes=1)).astimezone(beijing)) == 0
        assert alert_widening.step_due(s, clock.now.astimezone(beijing)) == 1
        with pytest.raises(ValueError, match="offset"):
            alert_widening.step_due(s, clock.now.replace(tzinfo=None))
        s.commit()
    with world.sessions() as s:
        delivery = s.scalars(select(ChildAlertDelivery)).one()
        alert = s.scalars(select(ChildAlert)).one()
    assert (alert.radius_km, as_utc(alert.next_step_at)) == (100, T0 + timedelta(hours=1))
    assert as_utc(delivery.delivered_at) == clock.now


def test_due_alerts_another_transaction_took_are_skipped(pg_alerting: tuple[World, Clock]) -> None:
    """PostgreSQL: the due alerts a step holds are locked; a second step at the same moment
    skips them (never waits, never takes one twice) and finds them once the first lets go."""
    from server.services import alert_widening

    world, clock = pg_alerting
    owner = world.enroll(OWNER)
    cases = [case_no(OWNER, n) for n in (1, 2)]
    world.push(owner, [change(c, payload=_missing_case()) for c in cases])
    with world.sessions() as first, world.sessions() as second:
        assert [d.case_no for d in alert_widening._due(first, clock.now)] == cases
        assert alert_widening._due(second, clock.now) == []
        first.rollback()
        assert [d.case_no for d in alert_widening._due(second, clock.now)] == cases
        second.rollback()
