"""Referrals between stations (issue 14) through a real server process and the real sync engine:
station A asks station B to take a DNA sample from a relative living in B's area; B pulls it
(with the case's read-only summary), accepts, answers with a note; A pulls and sees each step.
Refusals — a referral on another station's case, to a station that is not enrolled, an answer
to a referral addressed to another station — are kept in the outbox and shown, never dropped."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.referral import ReferralRequest, ReferralState
from app.core.validation import parse_case_file
from app.services import transfers
from app.services.bundle import export_bundle, import_bundle
from app.services.case_edit import edit_case
from app.services.cases import register_cases
from app.services.enrolment import enroll
from app.services.national_cases import national_case
from app.services.referrals import ReferralError, answer_referral, list_referrals, send_referral
from app.services.sync import sync_now, sync_status
from app.storage import outbox
from app.storage.audit import now_utc
from app.sync.protocol import referrals as wire
from server.services import bundles
from server.storage.referral_tables import Referral as ServerReferral
from tests.conftest import EXAMPLES, ROOT, SERVER_BUNDLE_KEYS
from tests.e2e.harness import PG_ENV, ServerUnderTest, Station, fresh_server_db, make_template


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerUnderTest]:
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    url, drop = fresh_server_db(str(request.param), tmp_path)
    srv = ServerUnderTest(url)
    try:
        yield srv
    finally:
        srv.stop()
        drop()


@pytest.fixture
def stations(server: ServerUnderTest, tmp_path: Path) -> Iterator[tuple[Station, Station, Station]]:
    template = make_template(tmp_path)
    made: list[Station] = []
    for name in ("a", "b", "c"):
        code, token = server.new_station()
        station = Station.from_template(template[0], template[1], tmp_path / name, code)
        enroll(station.session, server.url, token)
        made.append(station)
    yield made[0], made[1], made[2]
    for station in made:
        station.close()


def _register(station: Station, name: str = "missing_child") -> str:
    (reg,) = register_cases(station.session, parse_case_file((EXAMPLES / f"{name}.json").read_bytes()))
    return reg.case_no


def _sync(station: Station) -> None:
    report = sync_now(station.session)
    assert report.equal, report  # the server's counts and digest agree with the station's


def test_a_referral_goes_to_b_and_each_step_comes_back_to_a(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    a, b, _c = stations
    case_no = _register(a)
    _sync(a)
    sent = send_referral(
        a.session, case_no, b.code, "请到其外婆家（城关镇 12 号）采集外婆口腔拭子", ReferralRequest.DNA_SAMPLE
    )
    assert (sent.direction, sent.state, sent.travel) == (
        "out",
        ReferralState.SENT,
        "waiting",
    )  # offline: queued
    assert sync_status(a.session).waiting == 1
    _sync(a)
    (mine,) = list_referrals(a.session)
    assert (mine.travel, mine.to_station) == ("sent", b.code)

    _sync(b)
    (incoming,) = list_referrals(b.session)
    assert (incoming.direction, incoming.case_no, incoming.from_station, incoming.state) == (
        "in", case_no, a.code, ReferralState.SENT,
    )  # fmt: skip
    assert incoming.request is ReferralRequest.DNA_SAMPLE and "外婆" in incoming.note
    assert incoming.short == sent.short and incoming.from_name == f"测试派出所 {a.code}"
    summary = national_case(b.session, case_no)  # what B needs to act: the case, read-only
    assert summary is not None and summary.station.code == a.code
    assert [s.name for s in summary.subjects] == ["王小明"]

    answer_referral(b.session, incoming.short, "已受理，周五前往", ReferralState.ACCEPTED)
    _sync(b)
    _sync(a)
    (mine,) = list_referrals(a.session)
    assert mine.state is ReferralState.ACCEPTED
    (step,) = mine.answers
    assert (step.state, step.note, step.by, step.station) == (
        ReferralState.ACCEPTED,
        "已受理，周五前往",
        "admin",
        b.code,
    )
    assert step.received_at  # the server's clock

    answer_referral(b.session, incoming.short, "已采集外婆口腔拭子，样本已寄省厅实验室")
    _sync(b)
    _sync(a)
    (mine,) = list_referrals(a.session)
    assert mine.state is ReferralState.ANSWERED
    assert [s.state for s in mine.answers] == [ReferralState.ACCEPTED, ReferralState.ANSWERED]
    (theirs,) = list_referrals(b.session)
    assert theirs.state is ReferralState.ANSWERED and all(s.travel == "sent" for s in theirs.answers)
    with server.sessions() as s:
        held = s.get(ServerReferral, sent.id)
        assert held is not None and (held.state, held.revision) == ("answered", 3)
    with a.session.store.reader() as conn:
        actions = [
            r[0] for r in conn.exec_driver_sql("SELECT action FROM audit_log WHERE action LIKE 'referral.%'")
        ]
    assert "referral.sent" in actions and actions.count("referral.updated") == 2


def test_a_referral_follows_its_case_to_the_station_that_takes_it_over(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    """A asks C to visit an address, C accepts, then A hands the case to B: B sees the referral as
    its own with C's step, C sees that B asks now, and C's answer reaches B, not A."""
    a, b, c = stations
    case_no = _register(a)
    _sync(a)
    sent = send_referral(
        a.session, case_no, c.code, "请走访孩子外婆家（城关镇 12 号）", ReferralRequest.VISIT
    )
    _sync(a)
    _sync(c)
    answer_referral(c.session, sent.short, "已受理", ReferralState.ACCEPTED)
    _sync(c)
    _sync(a)
    transfers.request_transfer(
        a.session, case_no, b.code, "家属已迁居，由对方所继续办理"
    )  # the admin: at once
    _sync(a)
    _sync(b)
    transfers.approve_transfer(b.session, case_no)
    _sync(b)

    (mine,) = list_referrals(b.session)
    assert (mine.direction, mine.from_station, mine.to_station, mine.state) == (
        "out", b.code, c.code, ReferralState.ACCEPTED,
    )  # fmt: skip
    assert [s.note for s in mine.answers] == ["已受理"]
    _sync(c)
    (asked,) = list_referrals(c.session)
    assert (asked.direction, asked.from_station, asked.from_name) == ("in", b.code, f"测试派出所 {b.code}")

    answer_referral(c.session, sent.short, "外婆说孩子不在她家，邻居见过孩子")
    _sync(c)
    _sync(b)
    _sync(a)
    (mine,) = list_referrals(b.session)
    assert mine.state is ReferralState.ANSWERED and len(mine.answers) == 2
    (theirs,) = list_referrals(a.session)  # the station that handed the case over: as it was
    assert theirs.state is ReferralState.ACCEPTED and len(theirs.answers) == 1


def test_an_edit_at_the_owning_station_refreshes_the_summary_the_asked_station_sees(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    """B acts on what A's case says now: a later edit at A (clothing, last-seen place) reaches B
    with B's next pull, not only the case as it was when the referral was sent."""
    a, b, c = stations
    case_no = _register(a)
    send_referral(a.session, case_no, b.code, "请走访其外婆家", ReferralRequest.VISIT)
    _sync(a)
    _sync(b)
    before = national_case(b.session, case_no)
    assert before is not None and "黑色运动鞋" not in before.subjects[0].clothing
    edit_case(a.session, case_no, {"persons": [{"clothing": "红色羽绒服，黑色运动鞋"}]}, "家属补充衣着")
    _sync(a)
    _sync(b)
    after = national_case(b.session, case_no)
    assert after is not None and after.subjects[0].clothing == "红色羽绒服，黑色运动鞋"
    assert national_case(c.session, case_no) is None  # only the station asked is given the case


def test_a_decline_is_final_and_only_the_station_asked_may_answer(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    a, b, _c = stations
    case_no = _register(a)
    sent = send_referral(a.session, case_no, b.code, "请询问证人李某", ReferralRequest.INTERVIEW)
    _sync(a)  # the case and its referral in one batch
    _sync(b)
    with pytest.raises(ReferralError) as own:
        answer_referral(a.session, sent.short, "自己答复")
    assert own.value.key == "referral_not_ours"
    answer_referral(b.session, sent.short, "证人已搬离本辖区", ReferralState.DECLINED)
    with pytest.raises(ReferralError) as late:
        answer_referral(b.session, sent.short, "补充")
    assert late.value.key == "referral_step" and "已拒绝" in late.value.text("zh_CN")
    _sync(b)
    _sync(a)
    (mine,) = list_referrals(a.session)
    assert mine.state is ReferralState.DECLINED and mine.answers[0].note == "证人已搬离本辖区"


def _push_raw(station: Station, record_type: str, record_id: str, payload: dict[str, object]) -> None:
    """A change no service of ours would queue (what an older or a faulty station might send)."""

    def queue(uow: object) -> None:
        outbox.enqueue(uow.cursor, record_type, record_id, 0, payload)  # type: ignore[attr-defined]

    station.session.store.write(queue)


def test_refusals_are_kept_and_shown(
    server: ServerUnderTest, stations: tuple[Station, Station, Station]
) -> None:
    a, b, c = stations
    case_no = _register(a)
    b_case = _register(b, "found_child")
    _sync(b)
    # To a station the server does not know: refused, kept, shown beside the referral.
    unknown = send_referral(a.session, case_no, "999999998", "请走访")
    sent = send_referral(a.session, case_no, b.code, "请走访报案人亲属")
    # On another station's case (a faulty station): refused as not the owner.
    stolen = wire.new_referral_id(b_case)
    _push_raw(
        a,
        "referral",
        stolen,
        wire.ReferralRecord(b_case, c.code, ReferralRequest.VISIT, "x", "admin", now_utc()).to_payload(),
    )
    report = sync_now(a.session)
    assert report.refused == 2
    failed = {f["record"]: f["reason"] for f in sync_status(a.session).failed}
    assert failed[unknown.id] == "invalid: referral.to: the station is not enrolled with the national server"
    assert failed[stolen].startswith("not_owner")
    shown = {r.id: r for r in list_referrals(a.session)}
    assert shown[unknown.id].travel == "refused" and shown[unknown.id].refusal == failed[unknown.id]
    assert shown[sent.id].travel == "sent"
    # An answer to a referral addressed to B, sent by C: refused as not the owner, kept at C.
    answer_id = wire.new_answer_id(case_no)
    _push_raw(
        c,
        "referral_answer",
        answer_id,
        wire.ReferralAnswer(sent.id, ReferralState.ACCEPTED, "我来", "admin", now_utc()).to_payload(),
    )
    assert sync_now(c.session).refused == 1
    (refusal,) = sync_status(c.session).failed
    assert refusal == {
        **refusal,
        "record": answer_id,
        "reason": "not_owner: the referral is addressed to another station",
    }
    _sync(b)
    (incoming,) = list_referrals(b.session)
    assert incoming.state is ReferralState.SENT  # C's answer changed nothing
    with server.sessions() as s:
        held = s.get(ServerReferral, sent.id)
        assert held is not None and held.state == "sent" and s.get(ServerReferral, unknown.id) is None


def _bundle_cli(server: ServerUnderTest, keys: Path, *args: str) -> None:
    env = {**os.environ, "XUNREN_SERVER_DB": server.db_url, "XUNREN_BUNDLE_KEYS": str(keys)}
    done = subprocess.run([sys.executable, "-m", "server.cli", "bundle", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_station_on_the_usb_path_receives_and_answers_a_referral(
    server: ServerUnderTest, tmp_path: Path
) -> None:
    """B never reaches the network: the referral rides the server's answer bundle, B's steps
    ride B's bundle, A learns them with its next network sync."""
    keys = SERVER_BUNDLE_KEYS
    server_key = bundles.public_key_text(bundles.server_keys(keys))
    template = make_template(tmp_path)
    made = []
    for name in ("a", "b"):
        code, token = server.new_station()
        station = Station.from_template(template[0], template[1], tmp_path / name, code)
        enroll(station.session, server.url, token, bundle_key=server_key)
        made.append(station)
    a, b = made
    try:
        case_no = _register(a)
        sent = send_referral(a.session, case_no, b.code, "请走访其姑姑", ReferralRequest.VISIT)
        _sync(a)
        stick = tmp_path / "stick"
        stick.mkdir()
        export_bundle(b.session, stick / "b1.xsb")
        _bundle_cli(server, keys, "import", str(stick / "b1.xsb"))
        _bundle_cli(server, keys, "export", "--station", b.code, str(stick / "b1-answer.xsb"))
        import_bundle(b.session, stick / "b1-answer.xsb")
        (incoming,) = list_referrals(b.session)
        assert (incoming.id, incoming.state) == (sent.id, ReferralState.SENT)
        assert national_case(b.session, case_no) is not None
        answer_referral(b.session, incoming.short, "姑姑称孩子曾来电", ReferralState.ANSWERED)
        export_bundle(b.session, stick / "b2.xsb")
        _bundle_cli(server, keys, "import", str(stick / "b2.xsb"))
        _bundle_cli(server, keys, "export", "--station", b.code, str(stick / "b2-answer.xsb"))
        import_bundle(b.session, stick / "b2-answer.xsb")
        (theirs,) = list_referrals(b.session)
        assert theirs.answers[0].travel == "sent" and theirs.answers[0].received_at
        _sync(a)
        (mine,) = list_referrals(a.session)
        assert mine.state is ReferralState.ANSWERED and mine.answers[0].note == "姑姑称孩子曾来电"
    finally:
        for station in made:
            station.close()
