"""National candidates are workable (issue 14): with a real server process, Shouguang files the
missing boy and Guilin the found boy through `xunren`; after the national match each station's
pull brings the other station's case as a read-only summary, kept in its encrypted store, and
`case show` of the other station's number shows it marked as another station's case — with the
owning station's phone and address, so the officer knows whom to call — instead of "没有案件"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.services import credentials
from server.services.meta import in_transaction
from tests.conftest import EXAMPLES, Station
from tests.e2e.harness import ServerUnderTest

SHOUGUANG, GUILIN = "370783001", "450305001"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerUnderTest]:
    srv = ServerUnderTest(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield srv
    srv.stop()


def _env(station: Station, name: str) -> dict[str, str]:
    return {
        "XUNREN_DATA_DIR": str(station.root / name / "data"),
        "XUNREN_CONFIG_DIR": str(station.root / name / "cfg"),
    }


def _open_station(
    station: Station, server: ServerUnderTest, name: str, code: str, phone: str, address: str
) -> dict[str, str]:
    env = _env(station, name)
    r = station.run("init", "--station-code", code, "--station-name", f"{name}派出所", "--admin", "admin",
                    "--phone", phone, "--address", address, **env)  # fmt: skip
    assert r.code == 0, r.err
    with server.sessions() as s:
        token = in_transaction(s, lambda x: credentials.add_station(x, code, f"{name}派出所", 1))
    r = station.run("enroll", "--server", server.url, "--token", token, **env)
    assert r.code == 0, r.err
    return env


def test_case_show_of_a_national_candidate_shows_the_other_stations_case(
    station: Station, server: ServerUnderTest
) -> None:
    shouguang = _open_station(
        station, server, "寿光圣城", SHOUGUANG, "0536-5221110", "山东省寿光市圣城街道银海路1号"
    )
    guilin = _open_station(
        station, server, "桂林火车站", GUILIN, "0773-3822110", "广西桂林市象山区上海路火车站"
    )
    r = station.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"), **shouguang)
    (missing,) = r.out.split()
    r = station.run("case", "add", "--file", str(EXAMPLES / "found_child.json"), **guilin)
    (found,) = r.out.split()
    before = station.run("case", "show", found, **shouguang)
    assert before.code == 1 and "没有案件" in before.err
    for env in (shouguang, guilin):
        assert station.run("sync", **env).code == 0
    assert server.run_jobs() >= 2
    for env in (shouguang, guilin):
        assert station.run("sync", **env).code == 0

    shown = station.run("case", "show", found, **shouguang)
    assert shown.code == 0, shown.err
    assert (
        "外站案件" in shown.out
        and "0773-3822110" in shown.out
        and "广西桂林市象山区上海路火车站" in shown.out
    )
    assert "没有案件" not in shown.out + shown.err
    as_json = json.loads(station.run("case", "show", found, "--json", **shouguang).out)
    assert as_json["national"] is True and as_json["case_no"] == found and as_json["type"] == "found"
    assert as_json["station"] == {"code": GUILIN, "name": "桂林火车站派出所", "phone": "0773-3822110",
                                  "address": "广西桂林市象山区上海路火车站"}  # fmt: skip
    assert as_json["subjects"] and "id_number" not in json.dumps(as_json)
    other_way = json.loads(station.run("case", "show", missing, "--json", **guilin).out)
    assert other_way["station"]["phone"] == "0536-5221110" and other_way["subjects"][0]["name"] == "王小明"
    english = station.run("case", "show", found, **shouguang, XUNREN_LANG="en")
    assert "Another station's case" in english.out and "0773-3822110" in english.out
