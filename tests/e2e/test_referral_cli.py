"""The referral commands of the contract (`xunren referral list [--json]`, `referral send CASE_NO
--to STATION --note TEXT`, `referral answer ID --note TEXT [--accept|--decline]`), run as an officer
runs them, in both languages, against a real server and a second station (issue 14)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.referral import ReferralRequest, ReferralState
from app.core.validation import parse_case_file
from app.services.cases import register_cases
from app.services.enrolment import enroll
from app.services.referrals import answer_referral, list_referrals, send_referral
from app.services.sync import sync_now
from server.services import credentials
from server.services.meta import in_transaction
from tests.conftest import EXAMPLES, STATION_CODE
from tests.conftest import Station as CliStation
from tests.e2e.harness import ServerUnderTest, Station, make_template


@pytest.fixture
def world(tmp_path: Path, ready_station: CliStation) -> Iterator[tuple[ServerUnderTest, CliStation, Station]]:
    server = ServerUnderTest(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    other = None
    try:
        with server.sessions() as s:
            token = in_transaction(
                s, lambda x: credentials.add_station(x, STATION_CODE, "寿光市公安局圣城派出所", 1)
            )
        r = ready_station.run("enroll", "--server", server.url, "--token", str(token))
        assert r.code == 0, r.err
        code, other_token = server.new_station()
        (tmp_path / "template").mkdir()
        template = make_template(tmp_path / "template")
        other = Station.from_template(*template, tmp_path / "other", code)
        enroll(other.session, server.url, other_token)
        yield server, ready_station, other
    finally:
        if other is not None:
            other.close()
        server.stop()


def test_send_then_list_both_languages_and_json(world: tuple[ServerUnderTest, CliStation, Station]) -> None:
    _server, cli, other = world
    r = cli.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"))
    assert r.code == 0, r.err
    case_no = r.out.split()[0]
    r = cli.run(
        "referral", "send", case_no, "--to", other.code, "--note", "请走访其舅舅家", "--request", "visit"
    )
    assert r.code == 0, r.err
    assert "已向" in r.out and other.code in r.out and "同步" in r.out
    listed = cli.run("referral", "list", "--json")
    assert listed.code == 0, listed.err
    (row,) = json.loads(listed.out)
    assert {k: row[k] for k in ("case_no", "from", "to", "request", "state", "note", "direction", "sync")} == {
        "case_no": case_no, "from": STATION_CODE, "to": other.code, "request": "visit", "state": "sent",
        "note": "请走访其舅舅家", "direction": "out", "sync": "waiting",
    }  # fmt: skip
    assert row["answers"] == [] and row["created_at"].endswith("Z") and len(row["id"]) == 8
    zh = cli.run("referral", "list")
    assert "[发出]" in zh.out and "走访地址" in zh.out and "待同步" in zh.out
    assert cli.run("sync").code == 0

    sync_now(other.session)
    (incoming,) = list_referrals(other.session)
    answer_referral(other.session, incoming.short, "已受理", ReferralState.ACCEPTED)
    answer_referral(other.session, incoming.short, "已走访，舅舅称三天前见过孩子")
    sync_now(other.session)
    assert cli.run("sync").code == 0
    (row,) = json.loads(cli.run("referral", "list", "--json").out)
    assert row["state"] == "answered" and row["sync"] == "sent"
    assert [(a["state"], a["note"], a["station"]) for a in row["answers"]] == [
        ("accepted", "已受理", other.code),
        ("answered", "已走访，舅舅称三天前见过孩子", other.code),
    ]
    assert all(a["by"] == "admin" and a["received_at"] for a in row["answers"])
    en = cli.run("referral", "list", XUNREN_LANG="en")
    assert "[out]" in en.out and "visit an address" in en.out and "answered" in en.out
    assert "已" not in en.out.replace("已受理", "").replace("已走访，舅舅称三天前见过孩子", "")


def test_answer_accept_and_decline_from_the_command_line(
    world: tuple[ServerUnderTest, CliStation, Station],
) -> None:
    _server, cli, other = world
    reg = register_cases(other.session, parse_case_file((EXAMPLES / "found_child.json").read_bytes()))
    sent = send_referral(
        other.session, reg[0].case_no, STATION_CODE, "请采集其母亲 DNA", ReferralRequest.DNA_SAMPLE
    )
    sync_now(other.session)
    assert cli.run("sync").code == 0
    (row,) = json.loads(cli.run("referral", "list", "--json").out)
    assert (row["id"], row["direction"], row["from"], row["state"]) == (sent.short, "in", other.code, "sent")
    zh = cli.run("referral", "list")
    assert "[收到]" in zh.out and "采集亲属 DNA 样本" in zh.out and "待对方处理" in zh.out
    shown = cli.run("case", "show", reg[0].case_no)  # the asking station's case, as its summary came
    assert shown.code == 0 and other.code in shown.out, shown.err
    r = cli.run("referral", "answer", sent.short[:6], "--accept", "--note", "已受理")
    assert r.code == 0, r.err
    assert "已接受" in r.out
    r = cli.run("referral", "answer", sent.short, "--accept", "--note", "again", XUNREN_LANG="en")
    assert r.code == 1 and "cannot be accepted" in r.err and "Traceback" not in r.err
    r = cli.run("referral", "answer", sent.short, "--decline", "--note", "母亲已离开本辖区")
    assert r.code == 0, r.err
    assert "已拒绝" in r.out
    assert cli.run("sync").code == 0
    sync_now(other.session)
    (mine,) = list_referrals(other.session)
    assert mine.state is ReferralState.DECLINED
    assert [a.state for a in mine.answers] == [ReferralState.ACCEPTED, ReferralState.DECLINED]


def test_mistakes_are_one_line_in_the_users_language(ready_station: CliStation) -> None:
    cli = ready_station
    r = cli.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"))
    case_no = r.out.split()[0]
    r = cli.run("referral", "send", case_no, "--to", "12345", "--note", "x")
    assert r.code == 1 and r.err.strip().splitlines()[0].startswith("单位代码 12345 无效")
    r = cli.run("referral", "send", case_no, "--to", STATION_CODE, "--note", "x", XUNREN_LANG="en")
    assert r.code == 1 and "not this one" in r.err
    r = cli.run("referral", "send", "450305001-2026-000001", "--to", "450305002", "--note", "x")
    assert r.code == 1 and "本所没有案件" in r.err
    r = cli.run("referral", "answer", "deadbeef", "--note", "x", XUNREN_LANG="en")
    assert r.code == 1 and "there is no referral deadbeef" in r.err
    r = cli.run("referral", "answer", "deadbeef", "--note", "x", "--accept", "--decline")
    assert r.code == 2
    assert cli.run("referral", "send", case_no, "--to", "450305001").code == 2  # --note is required
    r = cli.run("referral", "list")
    assert r.code == 0 and "没有协查请求" in r.out
    r = cli.run("referral", "list", "--json", XUNREN_LANG="en")
    assert json.loads(r.out) == []
