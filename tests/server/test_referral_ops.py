"""The national operator's view of referrals (issue 14): ``xunren-server referral list`` (Chinese by
default, English with XUNREN_LANG=en, ``--json``), ``GET /national/referrals`` and the console's
referrals page list one row per referral — number, case, asking and asked station, request,
state, last step — filtered by station and state, and never a note, an officer's name or
anything of the case file."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import World, auth, case_no, change

from app.core.referral import ReferralRequest, ReferralState
from app.sync.protocol import referrals as wire
from server import cli

A, B, C = "370783001", "450305001", "110105001"
NOTE = "请到其外婆家采集口腔拭子"
SECRETS = (NOTE, "李警官", "王警官", "王小明", "李秀英", "已受理")


def _referrals(world: World) -> tuple[str, str, str]:
    """A asks B for a relative's DNA sample (B accepts) and C for a visit (no answer yet)."""
    a, b = world.enroll(A), world.enroll(B)
    world.enroll(C)
    first, second = case_no(A, 1), case_no(A, 2)
    world.push(a, [change(first), change(second)])
    to_b, to_c = wire.new_referral_id(first), wire.new_referral_id(second)
    sent = [
        change(to_b, payload=wire.ReferralRecord(first, B, ReferralRequest.DNA_SAMPLE, NOTE, "李警官",
                                                 "2026-12-06T08:00:00Z").to_payload()),
        change(to_c, payload=wire.ReferralRecord(second, C, ReferralRequest.VISIT, NOTE, "李警官",
                                                 "2026-12-06T08:05:00Z").to_payload()),
    ]  # fmt: skip
    answers = world.push(a, sent).json()["results"]
    assert [r["status"] for r in answers] == ["applied", "applied"]
    accepted = wire.ReferralAnswer(to_b, ReferralState.ACCEPTED, "已受理", "王警官", "2026-12-06T09:00:00Z")
    answer = world.push(b, [change(wire.new_answer_id(first), payload=accepted.to_payload())]).json()
    assert answer["results"][0]["status"] == "applied", answer
    return first, to_b, to_c


def _cli(capsys: pytest.CaptureFixture[str], world: World, *args: str) -> tuple[int, str, str]:
    code = cli.main(["referral", "list", *args, "--db", world.settings.db_url])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_referral_list_on_the_command_line(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XUNREN_LANG", raising=False)
    first, to_b, to_c = _referrals(world)
    code, out, _err = _cli(capsys, world, "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [to_b, to_c]  # the one that moved last first
    row = rows[0]
    assert set(row) == {"id", "number", "case_no", "from_station", "to_station", "request", "state",
                        "sent_at", "last_step_at"}  # fmt: skip
    assert (row["number"], row["case_no"], row["from_station"], row["to_station"], row["request"], row["state"]) == (
        wire.short_id(to_b), first, A, B, "dna_sample", "accepted",
    )  # fmt: skip
    assert row["last_step_at"] >= row["sent_at"] and row["last_step_at"].endswith("Z")
    assert not any(secret in out for secret in SECRETS)

    code, out, _err = _cli(capsys, world)
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert wire.short_id(to_b) in lines[0] and f"{A} 请 {B} 协查：采集亲属 DNA 样本" in lines[0]
    assert "已接受" in lines[0] and "最近一步" in lines[0] and "待对方处理" in lines[1]
    assert not any(secret in out for secret in SECRETS)

    monkeypatch.setenv("XUNREN_LANG", "en")
    code, out, _err = _cli(capsys, world, "--station", C)
    assert code == 0 and out.count("\n") == 1
    assert f"{A} asked {C}: visit an address  sent  last step" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--station", B), "to_b"),
        (("--station", A), "both"),
        (("--state", "accepted"), "to_b"),
        (("--state", "sent"), "to_c"),
        (("--station", C, "--state", "accepted"), "none"),
    ],
)
def test_referral_list_filters(
    world: World, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    _first, to_b, to_c = _referrals(world)
    code, out, _err = _cli(capsys, world, *args, "--json")
    wanted = {"to_b": [to_b], "to_c": [to_c], "both": [to_b, to_c], "none": []}[expected]
    assert code == 0 and [r["id"] for r in json.loads(out)] == wanted


def test_referral_list_refuses_a_malformed_station_in_the_operators_words(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XUNREN_LANG", raising=False)
    code, out, err = _cli(capsys, world, "--station", "3707")
    assert (code, out) == (2, "") and "工作站代码应为 9 位数字" in err
    code, out, err = _cli(capsys, world)
    assert (code, out.strip()) == (0, "没有协查请求")
    with pytest.raises(SystemExit) as bad:
        cli.main(["referral", "list", "--state", "lost", "--db", world.settings.db_url])
    assert bad.value.code == 2


def test_operators_read_referrals_over_http_and_stations_may_not(world: World) -> None:
    _first, to_b, _to_c = _referrals(world)
    operator = world.operator()
    answer = world.client.get("/national/referrals", params={"station": B}, headers=auth(operator))
    assert answer.status_code == 200
    (row,) = answer.json()
    assert (row["id"], row["state"], row["request"]) == (to_b, "accepted", "dna_sample")
    assert not any(secret in answer.text for secret in SECRETS)
    assert (
        world.client.get("/national/referrals", params={"state": "lost"}, headers=auth(operator)).status_code
        == 422
    )
    station = world.enroll("440106001")
    assert world.client.get("/national/referrals", headers=auth(station)).status_code == 403


def _console(world: World, lang: str = "zh", **query: Any) -> str:
    operator = world.operator(f"op-{lang}-{len(query)}")
    logon = world.client.post("/console/logon", data={"token": operator}, follow_redirects=False)
    assert logon.status_code == 303
    page = world.client.get("/console/referrals", params={"lang": lang, **query})
    assert page.status_code == 200, page.text
    return page.text


def test_the_console_lists_referrals_with_filters(world: World) -> None:
    first, to_b, to_c = _referrals(world)
    text = _console(world)
    assert wire.short_id(to_b) in text and wire.short_id(to_c) in text and first in text
    assert "采集亲属 DNA 样本" in text and "已接受" in text and "待对方处理" in text
    assert not any(secret in text for secret in SECRETS)
    only_c = _console(world, station=C)
    assert wire.short_id(to_c) in only_c and wire.short_id(to_b) not in only_c
    accepted = _console(world, "en", state="accepted")
    assert wire.short_id(to_b) in accepted and wire.short_id(to_c) not in accepted
    assert "take a relative&#39;s DNA sample" in accepted or "take a relative's DNA sample" in accepted
    bad = world.client.get("/console/referrals", params={"station": "3707"})
    assert bad.status_code == 400 and "工作站代码应为 9 位数字" in bad.text and first not in bad.text
    world.client.cookies.clear()
    away = world.client.get("/console/referrals", follow_redirects=False)  # logged off: to the logon
    assert away.status_code == 303 and away.headers["location"].startswith("/console")


def test_a_station_that_declined_a_referral_is_sent_no_more_of_the_case(world: World) -> None:
    """Each edit of a referred case goes to the stations asked to act on it, not to one that
    declined: it has nothing more to do with the case."""
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    first = case_no(A, 1)
    world.push(cred_a, [change(first)])
    to_b = wire.new_referral_id(first)
    asked = wire.ReferralRecord(first, B, ReferralRequest.VISIT, NOTE, "李警官", "2026-12-06T08:00:00Z")
    assert (
        world.push(cred_a, [change(to_b, payload=asked.to_payload())]).json()["results"][0]["status"]
        == "applied"
    )

    def summaries() -> list[int]:
        items = world.client.get("/sync/pull?cursor=0&limit=1000", headers=auth(cred_b)).json()["items"]
        return [i["revision"] for i in items if i["kind"] == "summary" and i["record_id"] == first]

    assert world.push(cred_a, [change(first, base=1)]).json()["results"][0]["status"] == "applied"
    assert summaries() == [1, 2]  # asked: it follows the case
    declined = wire.ReferralAnswer(to_b, ReferralState.DECLINED, "辖区不符", "王警官", "2026-12-06T10:00:00Z")
    answer = world.push(cred_b, [change(wire.new_answer_id(first), payload=declined.to_payload())]).json()
    assert answer["results"][0]["status"] == "applied", answer
    assert world.push(cred_a, [change(first, base=2)]).json()["results"][0]["status"] == "applied"
    assert summaries() == [1, 2]  # declined: no third
