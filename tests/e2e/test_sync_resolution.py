"""A person resolves what a real server refused: a stale change sent again over the server's
revision, a child whose case arrived later sent again, another station's change withdrawn; an
officer may do neither. Each ends with the end-state check (counts, digest, per-record order)."""

from __future__ import annotations

import dataclasses
import json
import random
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.model import AccountRole
from app.services import cases
from app.services.enrolment import enroll
from app.services.errors import ServiceError
from app.services.sync import sync_now, sync_status
from app.services.sync_problems import problems, resend, withdraw
from app.storage import outbox
from server.storage.tables import Record
from tests.conftest import station_case_payload
from tests.e2e.conftest import World
from tests.e2e.harness import Station, _boss, check_end_state, local_changes

FOREIGN_CASE = "999999999-2026-000001"


def _station(world: World, tmp_path: Path) -> Station:
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / "st", code)
    enroll(station.session, world.server.url, token)
    return station


def _officer(station: Station) -> object:
    return dataclasses.replace(station.session, user="officer1", role=AccountRole.OFFICER)


def _refused_only(station: Station, code: str) -> dict[str, object]:
    (row,) = problems(station.session)
    assert str(row["reason"]).startswith(code), row
    return row


def test_a_stale_change_resent_is_applied_with_the_stations_version(world: World, tmp_path: Path) -> None:
    station = _station(world, tmp_path)
    try:
        local_changes(station, random.Random(21))
        assert sync_now(station.session).equal
        case_no = cases.list_cases(station.session, audit=False, limit=1)[0].case_no
        cases.assign(station.session, case_no, "admin")
        with station.session.store.unit_of_work() as uow:  # the station believed an older revision
            uow.cursor.execute(
                "UPDATE outbox SET base_revision = base_revision - 1 WHERE id = (SELECT MAX(id) FROM outbox)"
            )
            uow.commit()  # fmt: skip
        report = sync_now(station.session)
        assert report.refused == 1 and report.equal  # nothing of it was applied
        row = _refused_only(station, "stale_revision: the server holds revision ")
        assert row["record"] == case_no and row["resend"]
        held = int(str(row["reason"]).rsplit(" ", 1)[1])
        payload = next(json.loads(r[5]) for r in station.outbox() if r[1] == row["change_id"])

        with pytest.raises(ServiceError) as raised:
            resend(_officer(station), str(row["change_id"]), "民警想重发")  # type: ignore[arg-type]
        assert raised.value.key == "forbidden"
        done = resend(station.session, str(row["change_id"]), "已核对：以本站版本为准")
        assert done.base_revision == held
        status = sync_status(station.session)
        assert status.waiting == 1 and not status.failed

        report = sync_now(station.session)
        assert report.equal and (report.pushed, report.refused) == (1, 0)
        sid, _journal = world.server.journal(station.code)
        assert world.server.records(sid)[case_no] == (held + 1, payload)
        check_end_state(world.server, station)

        cases.return_case(_boss(station.session), case_no, "请补充材料")  # the chain goes on from there
        report = sync_now(station.session)
        assert report.equal and (report.pushed, report.refused) == (1, 0)
        assert world.server.records(sid)[case_no][0] == held + 2
        check_end_state(world.server, station)
    finally:
        station.close()


def test_a_child_refused_for_its_missing_case_is_resent_once_the_case_arrived(
    world: World, tmp_path: Path
) -> None:
    station = _station(world, tmp_path)
    try:
        case_no = f"{station.code}-2026-990001"
        note_id = f"{case_no}/n/{uuid.uuid4()}"
        with station.session.store.unit_of_work() as uow:  # the child goes first, its case after it
            outbox.enqueue(uow.cursor, "note", note_id, 0, {"text": "先到的备注"})
            outbox.enqueue(uow.cursor, "case", case_no, 0, station_case_payload())
            uow.commit()
        report = sync_now(station.session)
        assert report.refused == 1 and report.pushed == 1
        row = _refused_only(station, "missing_case")
        assert row["record"] == note_id and row["resend"]
        done = resend(station.session, str(row["change_id"]), "案件已到达服务器")
        assert done.base_revision == 0
        report = sync_now(station.session)
        assert report.equal and (report.pushed, report.refused) == (1, 0)
        sid, _journal = world.server.journal(station.code)
        assert world.server.records(sid)[note_id] == (1, {"text": "先到的备注"})
        check_end_state(world.server, station)
    finally:
        station.close()


def test_another_stations_change_withdrawn_is_kept_never_sent_and_no_longer_failed(
    world: World, tmp_path: Path
) -> None:
    station = _station(world, tmp_path)
    try:
        local_changes(station, random.Random(22))
        assert sync_now(station.session).equal
        with station.session.store.unit_of_work() as uow:
            outbox.enqueue(uow.cursor, "case", FOREIGN_CASE, 0, {"type": "missing"})
            uow.commit()
        assert sync_now(station.session).refused == 1
        row = _refused_only(station, "not_owner")
        assert not row["resend"]
        change_id = str(row["change_id"])
        with pytest.raises(ServiceError) as raised:
            withdraw(_officer(station), change_id, "民警想撤回")  # type: ignore[arg-type]
        assert raised.value.key == "forbidden" and len(sync_status(station.session).failed) == 1

        withdraw(station.session, change_id, "他站案件，误录入本站")
        status = sync_status(station.session)
        assert not status.failed and status.waiting == 0
        assert status.as_json()["failed"] == []
        report = sync_now(station.session)
        assert report.equal and (report.pushed, report.refused) == (0, 0)
        kept = [r for r in station.outbox() if r[1] == change_id]
        assert [(r[2], r[4]) for r in kept] == [(FOREIGN_CASE, "withdrawn")]
        with world.server.sessions() as s:
            assert s.scalar(select(Record.record_id).where(Record.record_id == FOREIGN_CASE)) is None
        check_end_state(world.server, station)
    finally:
        station.close()


def test_a_case_the_server_cannot_read_is_refused_invalid_kept_and_shown(
    world: World, tmp_path: Path
) -> None:
    """The server reads a pushed case with the station's own rules (issue 14): one it cannot read
    is refused ``invalid`` with the field named, kept at the station and shown, never stored."""
    station = _station(world, tmp_path)
    try:
        case_no = f"{station.code}-2026-990002"
        payload = station_case_payload()
        payload["case"]["persons"][0]["sex"] = "X"  # what no station's intake lets through
        with station.session.store.unit_of_work() as uow:
            outbox.enqueue(uow.cursor, "case", case_no, 0, payload)
            uow.commit()
        report = sync_now(station.session)
        assert report.refused == 1
        row = _refused_only(station, "invalid: case.persons[0].sex")
        assert row["record"] == case_no
        status = sync_status(station.session)
        assert [f["record"] for f in status.failed] == [case_no]
        sid, _journal = world.server.journal(station.code)
        assert case_no not in world.server.records(sid)
    finally:
        station.close()
