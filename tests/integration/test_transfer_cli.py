"""`xunren transfer request|approve|list` (issue 14) on two real stations and a real server
process, in both languages: Shouguang's officer asks, its supervisor approves, Guilin's
supervisor accepts after a sync, and each step is what `transfer list [--json]` says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, PASSWORD, Station
from tests.e2e.harness import ServerUnderTest

OFFICER_PASSWORD = "Officer-Pass-2026!"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerUnderTest]:
    srv = ServerUnderTest(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield srv
    srv.stop()


def _token(server: ServerUnderTest, code: str) -> str:
    from server.services import credentials
    from server.services.meta import in_transaction

    with server.sessions() as s:
        return in_transaction(s, lambda x: credentials.add_station(x, code, f"测试 {code}", 1))


def _init(station: Station, data: Path, code: str, name: str, server: ServerUnderTest, token: str) -> None:
    env = {"XUNREN_DATA_DIR": str(data)}
    r = station.run("init", "--station-code", code, "--station-name", name, "--admin", "admin", **env)
    assert r.code == 0, r.err
    r = station.run(
        "user", "add", "zhao", "--role", "supervisor", XUNREN_NEW_PASSWORD=OFFICER_PASSWORD, **env
    )
    assert r.code == 0, r.err
    r = station.run("user", "add", "li", "--role", "officer", XUNREN_NEW_PASSWORD=OFFICER_PASSWORD, **env)
    assert r.code == 0, r.err
    r = station.run("enroll", "--server", server.url, "--token", token, **env)
    assert r.code == 0, r.err


def test_transfer_on_the_command_line_in_both_languages(
    station: Station, server: ServerUnderTest, tmp_path: Path
) -> None:
    sg_code, gl_code = "370783001", "450304001"  # 寿光, 桂林象山
    sg_token, gl_token = (_token(server, c) for c in (sg_code, gl_code))
    sg, gl = tmp_path / "shouguang", tmp_path / "guilin"
    _init(station, sg, sg_code, "寿光市公安局圣城派出所", server, sg_token)
    _init(station, gl, gl_code, "桂林市公安局象山派出所", server, gl_token)
    at_sg = {"XUNREN_DATA_DIR": str(sg)}
    at_gl = {"XUNREN_DATA_DIR": str(gl)}
    officer = {"XUNREN_USER": "li", "XUNREN_PASSWORD": OFFICER_PASSWORD}
    boss = {"XUNREN_USER": "zhao", "XUNREN_PASSWORD": OFFICER_PASSWORD}

    r = station.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"), **at_sg)
    assert r.code == 0, r.err
    case_no = r.out.split()[0]

    # --help speaks Chinese by default.
    r = station.run("transfer", "request", "--help", **at_sg)
    assert "接收单位" in r.out and "移交原因" in r.out

    # Mistakes are one line in the user's language, exit 1 (bad usage: 2).
    r = station.run("transfer", "request", case_no, "--to", "12345", "--reason", "迁居", **at_sg, **officer)
    assert r.code == 1 and "9 位" in r.err and "Traceback" not in r.err
    r = station.run(
        "transfer", "request", case_no, "--to", "12345", "--reason", "x", XUNREN_LANG="en", **at_sg
    )
    assert r.code == 1 and "9-digit" in r.err
    r = station.run("transfer", "request", case_no, "--reason", "x", **at_sg)
    assert r.code == 2

    r = station.run(
        "transfer", "request", case_no, "--to", gl_code, "--reason", "家属迁居桂林", **at_sg, **officer
    )
    assert r.code == 0, r.err
    assert "待本所所长批准" in r.out
    r = station.run("transfer", "list", "--json", **at_sg, **officer)
    (asked,) = json.loads(r.out)
    assert asked["case_no"] == case_no and asked["state"] == "awaiting_sender" and asked["waits_for_us"]
    assert (asked["direction"], asked["to_station"], asked["requested_by"]) == ("out", gl_code, "li")
    r = station.run("transfer", "approve", asked["short_id"], **at_sg, **officer)
    assert r.code == 1 and "所长" in r.err
    r = station.run("transfer", "approve", asked["short_id"], XUNREN_LANG="en", **at_sg, **boss)
    assert r.code == 0 and "approved" in r.out, r.err
    r = station.run("transfer", "list", XUNREN_LANG="en", **at_sg)
    assert "awaiting the receiving station" in r.out and asked["short_id"] in r.out
    assert station.run("sync", **at_sg).code == 0

    # Guilin: the request arrives; its supervisor accepts it by case number.
    assert station.run("sync", **at_gl).code == 0
    r = station.run("transfer", "list", **at_gl, **boss)
    assert "待本所所长批准" in r.out and "测试 370783001" in r.out and "王小明" in r.out
    r = station.run("transfer", "approve", case_no, **at_gl, **boss)
    assert r.code == 0 and "已接收移交" in r.out, r.err
    assert station.run("sync", **at_gl).code == 0
    (done,) = json.loads(station.run("transfer", "list", "--json", **at_gl).out)
    assert done["state"] == "completed" and done["direction"] == "in" and done["accepted_by"] == "zhao"
    r = station.run("case", "show", case_no, "--json", **at_gl)
    assert r.code == 0 and json.loads(r.out)["case_no"] == case_no

    # Shouguang learns it at its next sync; its copy is read-only, said in both languages.
    assert station.run("sync", **at_sg).code == 0
    (sent,) = json.loads(station.run("transfer", "list", "--json", **at_sg).out)
    assert sent["state"] == "completed" and sent["to_name"] == "测试 450304001"
    r = station.run("case", "show", case_no, **at_sg)
    assert r.code == 0 and "只读副本" in r.out and gl_code in r.out
    held = json.loads(station.run("case", "show", case_no, "--json", **at_sg).out)["held_by"]
    assert held == {"station": gl_code, "name": "测试 450304001"}
    assert json.loads(station.run("case", "show", case_no, "--json", **at_gl).out)["held_by"] is None
    r = station.run("case", "close", case_no, "--outcome", "withdrawn", "--reason", "撤回", **at_sg)
    assert r.code == 1 and "只读" in r.err and gl_code in r.err
    r = station.run(
        "case", "close", case_no, "--outcome", "withdrawn", "--reason", "x", XUNREN_LANG="en", **at_sg
    )
    assert r.code == 1 and "read-only" in r.err
    r = station.run("transfer", "approve", case_no, XUNREN_LANG="en", **at_sg)
    assert r.code == 1 and "no transfer" in r.err

    # The transfer form names both stations without being told the receiving one.
    import pypdfium2 as pdfium

    out = tmp_path / "transfer.pdf"
    assert station.run("print", "transfer", case_no, "-o", str(out), **at_sg).code == 0
    text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(str(out)))
    assert gl_code in text and "测试 450304001" in text and sg_code in text
    assert PASSWORD  # the admin (the default user) did everything else


def test_decline_and_withdraw_on_the_command_line(
    station: Station, server: ServerUnderTest, tmp_path: Path
) -> None:
    """`transfer decline ID --reason` at the receiving station and `transfer withdraw ID --reason`
    at the sending one, in both languages: the case stays, `transfer list` says who and why."""
    sg_code, gl_code = "370783001", "450304001"
    sg_token, gl_token = (_token(server, c) for c in (sg_code, gl_code))
    sg, gl = tmp_path / "shouguang", tmp_path / "guilin"
    _init(station, sg, sg_code, "寿光市公安局圣城派出所", server, sg_token)
    _init(station, gl, gl_code, "桂林市公安局象山派出所", server, gl_token)
    at_sg, at_gl = {"XUNREN_DATA_DIR": str(sg)}, {"XUNREN_DATA_DIR": str(gl)}
    officer = {"XUNREN_USER": "li", "XUNREN_PASSWORD": OFFICER_PASSWORD}
    r = station.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"), **at_sg)
    case_no = r.out.split()[0]

    r = station.run("transfer", "decline", "--help", **at_sg)
    assert r.code == 0 and "拒绝原因" in r.out and "案件不动" in r.out
    r = station.run("transfer", "withdraw", "--help", XUNREN_LANG="en", **at_sg)
    assert r.code == 0 and "why the transfer is withdrawn" in r.out

    # Guilin declines.
    assert (
        station.run("transfer", "request", case_no, "--to", gl_code, "--reason", "家属迁居桂林", **at_sg).code
        == 0
    )
    assert station.run("sync", **at_sg).code == 0 and station.run("sync", **at_gl).code == 0
    r = station.run("transfer", "decline", case_no, "--reason", "不是本辖区", **at_gl, **officer)
    assert r.code == 1 and "所长" in r.err and "Traceback" not in r.err
    r = station.run("transfer", "decline", case_no, **at_gl)
    assert r.code == 2  # --reason is required
    r = station.run("transfer", "decline", case_no, "--reason", "家属并未迁入本辖区", **at_gl)
    assert r.code == 0 and "已拒绝接收移交" in r.out and sg_code in r.out, r.err
    assert station.run("sync", **at_gl).code == 0 and station.run("sync", **at_sg).code == 0
    (told,) = json.loads(station.run("transfer", "list", "--json", **at_sg).out)
    assert (told["state"], told["ended_by"], told["end_reason"]) == (
        "declined",
        "admin",
        "家属并未迁入本辖区",
    )
    r = station.run("transfer", "list", **at_sg)
    assert "接收单位已拒绝" in r.out and "admin：家属并未迁入本辖区" in r.out
    r = station.run("transfer", "list", XUNREN_LANG="en", **at_sg)
    assert "declined by the receiving station" in r.out

    # Shouguang asks again, then withdraws before Guilin decides.
    assert (
        station.run("transfer", "request", case_no, "--to", gl_code, "--reason", "再次移交", **at_sg).code
        == 0
    )
    second = next(
        t
        for t in json.loads(station.run("transfer", "list", "--json", **at_sg).out)
        if t["state"] != "declined"
    )
    r = station.run(
        "transfer", "withdraw", second["short_id"], "--reason", "家属已回寿光", XUNREN_LANG="en", **at_sg
    )
    assert r.code == 0 and "withdrawn" in r.out, r.err
    r = station.run("transfer", "withdraw", second["short_id"], "--reason", "again", **at_sg)
    assert r.code == 1 and "不能撤回" in r.err
    assert station.run("sync", **at_sg).code == 0 and station.run("sync", **at_gl).code == 0
    states = {t["id"]: t["state"] for t in json.loads(station.run("transfer", "list", "--json", **at_gl).out)}
    assert states[second["id"]] == "withdrawn"
    r = station.run("case", "show", case_no, "--json", **at_sg)
    assert json.loads(r.out)["held_by"] is None  # still Shouguang's
