"""The national server restored from a backup older than a transfer, a referral or an alert (issue
14): every station sends again what the server lost, in whatever order the stations happen to
sync. The transfer, the receiving station's word on it (its acceptance and what it changed since,
or its decline), an asked station's answers and an officer's acknowledgement come back as they
were: a word the restored server refused because the other station had not sent its part again
yet is sent again by itself once that part is back."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.model import AccountRole
from app.core.transfer import TransferState
from app.services import transfers
from app.services.case_edit import edit_case
from app.services.enrolment import enroll
from app.services.session import Session
from app.services.sync import refused_changes, sync_now
from server.services import credentials
from server.services.meta import in_transaction
from server.storage.tables import Record
from server.storage.tables import Station as ServerStation
from server.storage.transfer_tables import CaseTransfer
from tests.e2e.harness import (
    ServerUnderTest,
    Station,
    file_example,
    fresh_server_db,
    hand_over,
    make_template,
)


@dataclasses.dataclass
class Restored:
    """A server of its own with two stations in 寿光 (where the examples' child was last seen: a
    missing child's alert reaches the other), and last night's backup of it."""

    server: ServerUnderTest
    shouguang: Station
    guilin: Station
    backup: Path

    def back_up(self) -> None:
        self.server.back_up(self.backup)

    def restore(self) -> None:
        """The server's disk dies; the operator restores last night's backup."""
        self.server.restore(self.backup)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[Restored]:
    url, _drop = fresh_server_db("sqlite", tmp_path)
    server = ServerUnderTest(url)
    template = make_template(tmp_path)

    def station(name: str) -> Station:
        code = server.unused_code()
        with server.sessions() as s:
            token = in_transaction(s, lambda x: credentials.add_station(x, code, f"测试派出所 {code}", 1))
        made = Station.from_template(template[0], template[1], tmp_path / name, code)
        enroll(made.session, server.url, token)
        return made

    shouguang = station("sg")
    guilin = station("gl")
    try:
        yield Restored(server, shouguang, guilin, tmp_path / "backup.sqlite3")
    finally:
        shouguang.close()
        guilin.close()
        server.stop()


def _supervisor(station: Station) -> Session:
    return dataclasses.replace(station.session, user="zhao", role=AccountRole.SUPERVISOR)


def _resent(station: Station) -> int:
    """How many times the station's audit says it sent its word on a transfer again."""
    with station.session.store.reader() as conn:
        return len(
            conn.exec_driver_sql("SELECT 1 FROM audit_log WHERE action = 'transfer.resent'").fetchall()
        )


def _both_synced(*stations: Station) -> None:
    """Each station syncs until nothing of its is refused or waits (twice at most: a word sent
    again after the second's pull goes with its next sync)."""
    for station in stations:
        report = sync_now(station.session)
        assert report.refused == 0, refused_changes(station.session)
    for station in stations:
        report = sync_now(station.session)
        assert report.refused == 0 and report.equal, report.detail


@pytest.mark.parametrize("first", ["sender", "receiver"])
def test_an_accepted_transfer_comes_back_after_a_restore(world: Restored, first: str) -> None:
    server, shouguang, guilin = world.server, world.shouguang, world.guilin
    case_no = file_example(shouguang, "missing_child")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    world.back_up()  # last night's backup: before the transfer
    hand_over(shouguang, guilin, case_no, "家属已迁居桂林")
    edit_case(guilin.session, case_no, {"summary": "桂林所补充：孩子曾在火车站出现"}, "补充线索")
    assert sync_now(guilin.session).refused == 0

    world.restore()
    order = (shouguang, guilin) if first == "sender" else (guilin, shouguang)
    assert sync_now(order[0].session).epoch_changed and sync_now(order[1].session).epoch_changed
    _both_synced(guilin, shouguang)
    with server.sessions() as s:
        record = s.get(Record, case_no)
        assert record is not None and "火车站" in record.payload
        owner = s.get(ServerStation, record.owner_station_id)
        assert owner is not None and owner.code == guilin.code
    assert transfers.held_elsewhere(shouguang.session, case_no) == (
        guilin.code, f"测试派出所 {guilin.code}",
    )  # fmt: skip
    assert _resent(guilin) == (1 if first == "receiver" else 0)


def test_a_declined_transfer_comes_back_after_a_restore(world: Restored) -> None:
    server, shouguang, guilin = world.server, world.shouguang, world.guilin
    case_no = file_example(shouguang, "missing_child")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    world.back_up()
    transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    (asked,) = transfers.list_transfers(guilin.session)
    transfers.decline_transfer(_supervisor(guilin), asked.short_id, "家属尚未到桂林")
    assert sync_now(guilin.session).refused == 0 and sync_now(shouguang.session).equal

    world.restore()
    assert sync_now(guilin.session).epoch_changed  # its decline first: the request is not back yet
    assert sync_now(shouguang.session).epoch_changed
    _both_synced(guilin, shouguang)
    with server.sessions() as s:
        (held,) = s.query(CaseTransfer).filter(CaseTransfer.case_no == case_no).all()
        assert held.state == TransferState.DECLINED.value
    (sent,) = transfers.list_transfers(shouguang.session)
    assert (sent.state, sent.end_reason) == (TransferState.DECLINED, "家属尚未到桂林")
    assert _resent(guilin) == 1
    transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已到桂林")  # not blocked
    assert sync_now(shouguang.session).refused == 0


def test_an_acceptance_made_offline_goes_again_once_the_request_is_back(world: Restored) -> None:
    """Guilin accepted while offline and the server was restored to a backup older than the request;
    Guilin syncs first (its acceptance refused: no request yet), Shouguang sends its request again,
    and Guilin's acceptance goes again by itself: the transfer completes."""
    server, shouguang, guilin = world.server, world.shouguang, world.guilin
    case_no = file_example(shouguang, "missing_child")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    world.back_up()
    transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    transfers.approve_transfer(_supervisor(guilin), case_no)  # accepted here, not sent yet

    world.restore()
    assert sync_now(guilin.session).refused == 1  # no transfer awaits it on the restored server
    assert sync_now(shouguang.session).epoch_changed
    _both_synced(guilin, shouguang)
    with server.sessions() as s:
        (held,) = s.query(CaseTransfer).filter(CaseTransfer.case_no == case_no).all()
        assert held.state == TransferState.COMPLETED.value
    assert transfers.held_elsewhere(shouguang.session, case_no) is not None


def test_a_change_refused_when_first_sent_stays_for_a_person(world: Restored) -> None:
    """Guilin took the case over and handed it back; its edit made before it heard that Shouguang
    had taken the case back was refused (rightly: the case was Shouguang's). After a restore to a
    backup older than the first transfer, Guilin's acceptance goes again by itself, but that edit
    stays refused for a person to decide: it never reaches the server."""
    server, shouguang, guilin = world.server, world.shouguang, world.guilin
    case_no = file_example(shouguang, "missing_child")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    world.back_up()
    hand_over(shouguang, guilin, case_no, "家属已迁居桂林")
    transfers.request_transfer(guilin.session, case_no, shouguang.code, "家属又回寿光")
    assert sync_now(guilin.session).equal and sync_now(shouguang.session).equal
    transfers.approve_transfer(_supervisor(shouguang), case_no)
    assert sync_now(shouguang.session).refused == 0
    edit_case(guilin.session, case_no, {"summary": "桂林所迟到的补充"}, "补充")
    assert sync_now(guilin.session).refused == 1  # the case is Shouguang's again

    world.restore()
    sync_now(guilin.session)
    sync_now(shouguang.session)
    for _round in range(2):
        sync_now(guilin.session)
        sync_now(shouguang.session)
    late = [r for r in refused_changes(guilin.session) if r["record_type"] == "case"]
    assert len(late) == 1 and str(late[0]["reason"]).startswith("not_owner")
    with server.sessions() as s:
        record = s.get(Record, case_no)
        assert record is not None and "迟到的补充" not in record.payload
        owner = s.get(ServerStation, record.owner_station_id)
        assert owner is not None and owner.code == shouguang.code


def test_a_word_the_server_overtook_in_the_same_pull_is_not_sent_again(world: Restored) -> None:
    """Guilin's acceptance was lost in the restore; Shouguang, which never heard of the completion,
    sent its request again and withdrew it. Guilin's next pull brings both: Guilin does not send its
    acceptance again (no new refusal, nothing audited as resent), and the server keeps the
    withdrawal."""
    server, shouguang, guilin = world.server, world.shouguang, world.guilin
    case_no = file_example(shouguang, "missing_child")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    world.back_up()
    transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    transfers.approve_transfer(_supervisor(guilin), case_no)
    assert sync_now(guilin.session).refused == 0  # completed; Shouguang does not sync

    world.restore()
    assert sync_now(guilin.session).refused == 1
    sync_now(shouguang.session)
    (sent,) = transfers.list_transfers(shouguang.session)
    transfers.withdraw_transfer(_supervisor(shouguang), sent.short_id, "家属未迁居")
    assert sync_now(shouguang.session).refused == 0
    assert sync_now(guilin.session).refused == 0 and sync_now(guilin.session).refused == 0
    assert _resent(guilin) == 0
    assert len(refused_changes(guilin.session)) == 1  # its acceptance, lost to the withdrawal
    with server.sessions() as s:
        (held,) = s.query(CaseTransfer).filter(CaseTransfer.case_no == case_no).all()
        assert held.state == TransferState.WITHDRAWN.value


def test_a_referrals_answer_comes_back_after_a_restore(world: Restored) -> None:
    """Shouguang asked Guilin to take a sample and Guilin answered; the server was restored to a
    backup older than the referral and Guilin synced first (its answer refused: the server held no
    such referral yet). Once Shouguang sent its referral again, Guilin's answer goes again by itself
    (audited ``referral.resent``): the server and both stations hold the referral answered."""
    from app.core.referral import ReferralRequest, ReferralState
    from app.services.referrals import answer_referral, list_referrals, send_referral
    from server.storage.referral_tables import Referral as ServerReferral

    server, shouguang, guilin = world.server, world.shouguang, world.guilin
    case_no = file_example(shouguang, "missing_child")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    world.back_up()
    sent = send_referral(
        shouguang.session, case_no, guilin.code, "请采集外婆口腔拭子", ReferralRequest.DNA_SAMPLE
    )
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    (asked,) = list_referrals(guilin.session)
    answer_referral(guilin.session, asked.short, "已采集外婆口腔拭子")
    assert sync_now(guilin.session).refused == 0

    world.restore()
    assert sync_now(guilin.session).refused == 1  # the server holds no such referral yet
    assert sync_now(shouguang.session).epoch_changed
    _both_synced(guilin, shouguang)
    with server.sessions() as s:
        held = s.get(ServerReferral, sent.id)
        assert held is not None and held.state == ReferralState.ANSWERED.value
    assert [r.state for r in list_referrals(guilin.session)] == [ReferralState.ANSWERED]
    assert [r.state for r in list_referrals(shouguang.session)] == [ReferralState.ANSWERED]
    with guilin.session.store.reader() as conn:
        resent = conn.exec_driver_sql("SELECT 1 FROM audit_log WHERE action = 'referral.resent'").fetchall()
    assert len(resent) == 1


def test_an_alerts_acknowledgement_comes_back_after_a_restore(world: Restored) -> None:
    """Guilin's officer acknowledged Shouguang's missing-child alert; the server was restored to a
    backup older than the case and Guilin synced first (its acknowledgement refused: no alert of
    that case had reached it yet). Once Shouguang sent the case again and the alert reached
    Guilin, the acknowledgement goes again by itself: the operator sees it."""
    from app.services import child_alerts
    from server.storage.alert_tables import ChildAlertAck

    server, shouguang, guilin = world.server, world.shouguang, world.guilin
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    world.back_up()
    case_no = file_example(shouguang, "missing_child")  # a child under 14: an alert nearby
    assert sync_now(shouguang.session).refused == 0 and sync_now(guilin.session).refused == 0
    assert child_alerts.acknowledge(guilin.session, case_no)
    assert sync_now(guilin.session).refused == 0

    world.restore()
    assert sync_now(guilin.session).refused == 1  # no alert of this case reached it yet
    assert sync_now(shouguang.session).epoch_changed
    _both_synced(guilin, shouguang)
    with server.sessions() as s:
        acks = s.query(ChildAlertAck).filter(ChildAlertAck.case_no == case_no).all()
        assert [a.officer for a in acks] == ["admin"]
