"""A transfer that will not happen (issue 14), through a real server process and the real sync
engine: the receiving station's supervisor declines it, or the sending station's withdraws it,
with a reason both stations see; the case stays where it is and may be handed to another
station. A withdrawal and an acceptance on their way at once: the server's first word holds,
the other is refused and shown, and both stations follow the server."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.model import AccountRole
from app.core.transfer import TransferDirection, TransferState
from app.core.validation import parse_case_file
from app.services import transfers
from app.services.case_edit import edit_case
from app.services.cases import register_cases, show_case
from app.services.enrolment import enroll
from app.services.refusal_words import refusal_words
from app.services.session import Session
from app.services.sync import sync_now, sync_status
from app.services.sync_problems import problems
from app.services.transfers import TransferError
from server.storage.tables import Record
from server.storage.tables import Station as ServerStation
from tests.conftest import EXAMPLES
from tests.e2e.harness import PG_ENV, ServerUnderTest, Station, fresh_server_db, make_template


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerUnderTest]:
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    url, drop = fresh_server_db(request.param, tmp_path)
    srv = ServerUnderTest(url)
    yield srv
    srv.stop()
    drop()


@pytest.fixture
def stations(server: ServerUnderTest, tmp_path: Path) -> Iterator[tuple[Station, Station, Station]]:
    template = make_template(tmp_path)
    made: list[Station] = []
    for name in ("shouguang", "guilin", "nanning"):
        code, token = server.new_station()
        station = Station.from_template(template[0], template[1], tmp_path / name, code)
        enroll(station.session, server.url, token)
        made.append(station)
    yield made[0], made[1], made[2]
    for station in made:
        station.close()


def _as(session: Session, user: str, role: AccountRole) -> Session:
    return dataclasses.replace(session, user=user, role=role)


def _owner(server: ServerUnderTest, record_id: str) -> str:
    with server.sessions() as s:
        record = s.get(Record, record_id)
        assert record is not None
        station = s.get(ServerStation, record.owner_station_id)
        assert station is not None
        return station.code


def _sync(station: Station) -> None:
    report = sync_now(station.session)
    assert report.refused == 0 and report.equal, report.detail


def _register(station: Station) -> str:
    (reg,) = register_cases(station.session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes()))
    _sync(station)
    return reg.case_no


def _one(station: Station, case_no: str) -> transfers.Transfer:
    (found,) = [t for t in transfers.list_transfers(station.session) if t.case_no == case_no]
    return found


def test_a_declined_transfer_leaves_the_case_and_it_may_go_elsewhere(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    shouguang, guilin, nanning = stations
    case_no = _register(shouguang)
    transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林")  # the admin: sent
    _sync(shouguang)
    _sync(guilin)
    officer = _as(guilin.session, "li", AccountRole.OFFICER)
    with pytest.raises(TransferError) as refused:
        transfers.decline_transfer(officer, case_no, "不是本辖区")
    assert "所长" in refused.value.text("zh_CN") and "supervisor" in refused.value.text("en")
    with pytest.raises(TransferError) as empty:
        transfers.decline_transfer(guilin.session, case_no, "  ")
    assert "原因" in empty.value.text("zh_CN")
    declined = transfers.decline_transfer(guilin.session, case_no, "家属并未迁入本辖区，请核实")
    assert declined.state is TransferState.DECLINED and not declined.waits_for_us()
    assert transfers.waiting_count(guilin.session) == 0
    _sync(guilin)
    _sync(shouguang)

    told = _one(shouguang, case_no)
    assert (told.direction, told.state) == (TransferDirection.OUTGOING, TransferState.DECLINED)
    assert (told.ended_by, told.end_reason) == ("admin", "家属并未迁入本辖区，请核实")
    assert (
        told.state_text("zh_CN") == "接收单位已拒绝"
        and told.state_text("en") == "declined by the receiving station"
    )
    assert _owner(server, case_no) == shouguang.code
    assert transfers.outgoing_to(shouguang.session, case_no) == ""  # the form names no declined station
    edit_case(shouguang.session, case_no, {"summary": "家属称孩子可能在南宁"}, "补充线索")  # still ours
    _sync(shouguang)

    # the case may go to another station now
    transfers.request_transfer(shouguang.session, case_no, nanning.code, "家属称孩子可能在南宁")
    assert transfers.outgoing_to(shouguang.session, case_no).startswith(nanning.code)
    _sync(shouguang)
    _sync(nanning)
    transfers.approve_transfer(nanning.session, case_no)
    _sync(nanning)
    assert _owner(server, case_no) == nanning.code
    assert show_case(nanning.session, case_no).case.summary == "家属称孩子可能在南宁"
    with shouguang.session.store.reader() as conn:
        actions = [
            r[0] for r in conn.exec_driver_sql("SELECT action FROM audit_log WHERE action LIKE 'transfer.%'")
        ]
    assert "transfer.declined" in actions


def test_a_withdrawal_reaches_the_receiving_station_and_an_acceptance_after_it_is_refused(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    shouguang, guilin, _nanning = stations
    case_no = _register(shouguang)
    transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林")
    _sync(shouguang)
    _sync(guilin)
    transfers.approve_transfer(guilin.session, case_no)  # accepted here; the acceptance waits to travel
    withdrawn = transfers.withdraw_transfer(shouguang.session, case_no, "家属已回寿光")
    assert withdrawn.state is TransferState.WITHDRAWN
    _sync(shouguang)  # the withdrawal reaches the server first

    report = sync_now(guilin.session)
    assert report.refused == 1  # the acceptance lost the race: kept and shown, never dropped
    mine = _one(guilin, case_no)
    assert (mine.state, mine.ended_by, mine.end_reason) == (TransferState.WITHDRAWN, "admin", "家属已回寿光")
    (problem,) = problems(guilin.session)
    assert problem["record_type"] == "transfer_accept"
    said = refusal_words(str(problem["reason"]), "zh_CN").line("zh_CN")
    assert said.endswith("没有等待本单位接收的此案移交"), said
    assert _owner(server, case_no) == shouguang.code
    with pytest.raises(TransferError):
        transfers.approve_transfer(guilin.session, case_no)  # nothing waits any more
    _sync(shouguang)
    assert _one(shouguang, case_no).state is TransferState.WITHDRAWN


def test_an_officers_request_no_supervisor_approved_is_withdrawn_here_only(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    shouguang, guilin, _nanning = stations
    case_no = _register(shouguang)
    li = _as(shouguang.session, "li", AccountRole.OFFICER)
    asked = transfers.request_transfer(li, case_no, guilin.code, "家属已迁居桂林")
    assert asked.state is TransferState.AWAITING_SENDER
    with pytest.raises(TransferError):  # another officer's request
        transfers.withdraw_transfer(_as(shouguang.session, "wang", AccountRole.OFFICER), case_no, "不必移交")
    done = transfers.withdraw_transfer(li, case_no, "申请有误，撤回")
    assert (done.state, done.ended_by) == (TransferState.WITHDRAWN, "li")
    assert sync_status(shouguang.session).waiting == 0  # it never travelled
    _sync(shouguang)
    _sync(guilin)
    assert [t for t in transfers.list_transfers(guilin.session) if t.case_no == case_no] == []
    with pytest.raises(TransferError) as again:  # an ended transfer cannot be withdrawn twice
        transfers.withdraw_transfer(shouguang.session, asked.short_id, "再撤回一次")
    assert "不能撤回" in again.value.text("zh_CN")


def test_a_stations_own_end_records_stay_its_own_when_the_case_moves(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    """Shouguang withdraws a transfer, sends the case to Guilin again, Guilin accepts: the
    withdrawal stays Shouguang's record (it is not handed over with the case, so a station of
    the previous release, which does not know the record, still takes the case over), and both
    stations' counts and digests agree with the server's. Guilin then asks to hand the case back
    and Shouguang declines it: its decline of a case it holds only a copy of counts as its own."""
    shouguang, guilin, _nanning = stations
    case_no = _register(shouguang)
    transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林")
    transfers.withdraw_transfer(shouguang.session, case_no, "地址有误，核实后再移交")
    _sync(shouguang)
    transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林，地址已核实")
    _sync(shouguang)
    _sync(guilin)
    transfers.approve_transfer(guilin.session, case_no)
    _sync(guilin)
    _sync(shouguang)  # equal: the withdrawal is still Shouguang's at the server
    assert _owner(server, case_no) == guilin.code
    with server.sessions() as s:
        ends = s.execute(
            select(ServerStation.code)
            .join(Record, Record.owner_station_id == ServerStation.id)
            .where(Record.case_no == case_no, Record.record_type == "transfer_end")
        ).all()
    assert [e[0] for e in ends] == [shouguang.code]
    with guilin.session.store.reader() as conn:
        taken = [r[0] for r in conn.exec_driver_sql("SELECT record_type FROM received_records")]
    assert "transfer_end" not in taken and "case" in taken

    transfers.request_transfer(guilin.session, case_no, shouguang.code, "孩子已回寿光")
    _sync(guilin)
    _sync(shouguang)
    transfers.decline_transfer(shouguang.session, case_no, "孩子仍在桂林")
    _sync(shouguang)  # equal although the case is away here
    _sync(guilin)
    assert _owner(server, case_no) == guilin.code


def test_a_withdrawal_that_lost_the_race_leaves_no_reason_on_the_completed_transfer(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    """Guilin's acceptance reaches the server before Shouguang's withdrawal: the case moves, the
    withdrawal is refused and shown, and Shouguang's list says the case was transferred, without
    the withdrawal's words as if they had ended it."""
    shouguang, guilin, _nanning = stations
    case_no = _register(shouguang)
    transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林")
    _sync(shouguang)
    _sync(guilin)
    transfers.approve_transfer(guilin.session, case_no)
    _sync(guilin)  # the acceptance first
    transfers.withdraw_transfer(shouguang.session, case_no, "家属已回寿光")
    assert sync_now(shouguang.session).refused == 1
    told = _one(shouguang, case_no)
    assert (told.state, told.ended_by, told.end_reason) == (TransferState.COMPLETED, None, None)
    assert _owner(server, case_no) == guilin.code
