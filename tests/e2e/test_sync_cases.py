"""Named sync situations: a refused credential, a server restored from a backup, a refused
change kept for a person, plain http refused, the status shape, a server that was away."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from app.services.enrolment import SyncError, enroll
from app.services.sync import refused_changes, sync_now, sync_status
from app.storage import sync_state as st
from server.services.meta import in_transaction
from tests.e2e.conftest import World
from tests.e2e.harness import ServerUnderTest, Station, check_end_state, fresh_server_db, local_changes


def _station(world: World, tmp_path: Path, name: str = "st") -> Station:
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / name, code)
    enroll(station.session, world.server.url, token)
    return station


def test_a_401_stops_sync_asks_for_enrolment_and_keeps_the_queue(world: World, tmp_path: Path) -> None:
    station = _station(world, tmp_path)
    try:
        local_changes(station, random.Random(1))
        with station.session.store.unit_of_work() as uow:
            st.put(uow.cursor, st.CREDENTIAL, "xd_not-a-valid-credential")
            uow.commit()
        waiting = sync_status(station.session).waiting
        with pytest.raises(SyncError) as raised:
            sync_now(station.session)
        assert raised.value.key == "reenrol"
        status = sync_status(station.session)
        assert status.waiting == waiting and status.needs_enrolment
        from server.services import credentials

        with world.server.sessions() as s:
            token = in_transaction(s, lambda x: credentials.add_station(x, station.code, "重新登记", 1))
        enroll(station.session, world.server.url, token)
        assert sync_now(station.session).equal
        assert not sync_status(station.session).needs_enrolment
        check_end_state(world.server, station)
    finally:
        station.close()


def test_a_refused_change_stays_with_its_reason_and_nothing_is_overwritten(
    world: World, tmp_path: Path
) -> None:
    station = _station(world, tmp_path)
    try:
        local_changes(station, random.Random(2))
        assert sync_now(station.session).equal
        # Another station's case number: the server refuses it (not the owner) and the station keeps it.
        with station.session.store.unit_of_work() as uow:
            from app.storage import outbox

            outbox.enqueue(uow.cursor, "case", "999999999-2026-000001", 0, {"type": "missing"})
            uow.commit()
        report = sync_now(station.session)
        assert report.refused == 1
        status = sync_status(station.session)
        assert status.waiting == 0 and len(status.failed) == 1
        assert status.failed[0]["record"] == "999999999-2026-000001"
        assert status.failed[0]["reason"].startswith("not_owner")
        assert refused_changes(station.session)[0]["record_type"] == "case"
        shape = status.as_json()
        assert set(shape) == {"waiting", "sent", "failed", "last_success"}
        assert shape["last_success"].endswith("Z")
        json.dumps(shape)
    finally:
        station.close()


def test_plain_http_to_another_machine_is_refused(world: World, tmp_path: Path) -> None:
    station = Station.from_template(world.template, world.key, tmp_path / "x", "370783001")
    try:
        with pytest.raises(SyncError) as raised:
            enroll(station.session, "http://203.0.113.9:8765", "xe_token")
        assert raised.value.key == "insecure_server"
        with station.session.store.reader() as conn:
            rows = conn.exec_driver_sql("SELECT key FROM sync_state").all()
        assert not rows
    finally:
        station.close()


def test_a_server_restored_from_a_backup_gets_everything_it_lost(tmp_path: Path) -> None:
    url, _drop = fresh_server_db("sqlite", tmp_path)
    server = ServerUnderTest(url)
    from tests.e2e.harness import make_template

    template, key = make_template(tmp_path)
    code, token = server.new_station()
    station = Station.from_template(template, key, tmp_path / "st", code)
    try:
        enroll(station.session, server.url, token)
        rng = random.Random(5)
        local_changes(station, rng)
        assert sync_now(station.session).equal
        backup = tmp_path / "backup.sqlite3"
        server.back_up(backup)
        for _ in range(3):
            local_changes(station, rng)
        assert sync_now(station.session).equal
        server.restore(backup)  # the server's disk dies; the operator restores last night's backup
        report = sync_now(station.session)
        assert report.epoch_changed and report.equal and report.resent > 0
        check_end_state(server, station)
    finally:
        station.close()
        server.stop()


def test_a_server_that_was_away_is_waited_for(world: World, tmp_path: Path) -> None:
    station = _station(world, tmp_path)
    try:
        local_changes(station, random.Random(9))
        station.set_server("http://127.0.0.1:9")  # nothing listens there
        with pytest.raises(SyncError) as raised:
            from app.sync.engine import Tuning

            sync_now(station.session, tuning=Tuning(max_attempts=3, base_delay=0.01), timeout=1.0)
        assert raised.value.key == "sync_unreachable"
        assert sync_status(station.session).waiting > 0
        station.set_server(world.server.url)
        assert sync_now(station.session).equal
        check_end_state(world.server, station)
    finally:
        station.close()
