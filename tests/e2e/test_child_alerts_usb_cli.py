"""A missing-child alert reaches a station that syncs only by USB stick, through the real
command lines: `xunren-server bundle export` carries the alert, `xunren sync import` stores it,
`xunren alert list` shows it, `xunren alert ack` records the officer's acknowledgement, and the
next bundle brings it to the operator's `xunren-server alert list`."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.validation import parse_case_file
from app.services import cases
from app.services.enrolment import enroll
from app.services.sync import sync_now
from server.services import bundles, credentials
from server.services.meta import in_transaction
from server.settings import ENV_TEST_ALERT_CLOCK_FILE
from tests.conftest import EXAMPLES, ROOT, SERVER_BUNDLE_KEYS
from tests.conftest import Station as CliStation
from tests.e2e.harness import ServerUnderTest, Station, fresh_server_db, make_template

OWNER = "370702001"  # 潍城, 25 km from 寿光 where the child was last seen
USB_STATION = "370783001"  # the CLI station (tests.conftest.STATION_CODE): 寿光 itself


class UsbWorld:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.clock = workdir / "clock.txt"
        self.clock.write_text(
            (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).isoformat(), encoding="utf-8"
        )
        self.keys = SERVER_BUNDLE_KEYS  # the server process's (its enrolment answer gives it)
        self.bundle_key = bundles.public_key_text(bundles.server_keys(self.keys))
        os.environ[ENV_TEST_ALERT_CLOCK_FILE] = str(self.clock)
        url, self.drop = fresh_server_db("sqlite", workdir)
        try:
            self.server = ServerUnderTest(url)
        finally:
            del os.environ[ENV_TEST_ALERT_CLOCK_FILE]

    def server_cli(self, *args: str, lang: str = "zh_CN") -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "XUNREN_SERVER_DB": self.server.db_url, "XUNREN_BUNDLE_KEYS": str(self.keys),
               ENV_TEST_ALERT_CLOCK_FILE: str(self.clock), "XUNREN_LANG": lang}  # fmt: skip
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def token(self, code: str) -> str:
        with self.server.sessions() as s:
            return str(in_transaction(s, lambda x: credentials.add_station(x, code, f"{code[:6]} 派出所", 1)))


@pytest.fixture
def usb(tmp_path: Path) -> Iterator[UsbWorld]:
    world = UsbWorld(tmp_path / "server")
    try:
        yield world
    finally:
        world.server.stop()
        world.drop()


def test_alert_travels_by_usb_and_the_acknowledgement_comes_back(
    usb: UsbWorld, ready_station: CliStation, tmp_path: Path
) -> None:
    usb_token = usb.token(USB_STATION)
    template, key = make_template(tmp_path)
    owner = Station.from_template(template, key, tmp_path / "owner", OWNER)
    owner.session = replace(owner.session, station=replace(owner.session.station, phone="0536-8230110"))
    try:
        enroll(owner.session, usb.server.url, usb.token(OWNER))
        (reg,) = cases.register_cases(
            owner.session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
        )
        assert sync_now(owner.session).equal
    finally:
        owner.close()

    r = ready_station.run(
        "enroll", "--server", usb.server.url, "--token", usb_token, "--bundle-key", usb.bundle_key
    )
    assert r.code == 0, r.err
    assert ready_station.run("case", "add", "--file", str(EXAMPLES / "found_child.json")).code == 0
    stick = tmp_path / "stick"
    stick.mkdir()

    def round_trip(name: str) -> None:
        out = ready_station.run("sync", "export", str(stick / f"{name}.xsb"))
        assert out.code == 0, out.err
        imported = usb.server_cli("bundle", "import", str(stick / f"{name}.xsb"))
        assert imported.returncode == 0, imported.stderr
        answer = usb.server_cli(
            "bundle", "export", "--station", USB_STATION, str(stick / f"{name}-answer.xsb")
        )
        assert answer.returncode == 0, answer.stderr
        back = ready_station.run("sync", "import", str(stick / f"{name}-answer.xsb"))
        assert back.code == 0, back.err

    round_trip("first")
    listed = ready_station.run("alert", "list", "--json")
    assert listed.code == 0, listed.err
    (alert,) = json.loads(listed.out)
    assert (alert["id"], alert["name"], alert["age"], alert["station"]) == (
        reg.case_no,
        "王小明",
        [4, 4],
        OWNER,
    )
    assert (
        alert["station_phone"] == "0536-8230110" and alert["distance_km"] == 0 and alert["has_photo"] is False
    )
    assert alert["acknowledged"] is False and alert["last_seen_place_code"] == "370783"
    text = ready_station.run("alert", "list", XUNREN_LANG="en").out
    assert "王小明  boy  4 years" in text and "phone 0536-8230110" in text and "to acknowledge" in text

    assert ready_station.run("alert", "ack", reg.case_no).code == 0
    again = ready_station.run("alert", "ack", reg.case_no)
    assert again.code == 0 and "已确认过" in again.out
    unknown = ready_station.run("alert", "ack", "999999999-2026-000001")
    assert unknown.code == 1 and unknown.err.strip().count("\n") == 0 and "没有案件" in unknown.err
    assert json.loads(ready_station.run("alert", "list", "--json").out)[0]["acknowledged"] is True

    round_trip("second")
    operator = usb.server_cli("alert", "list", "--json")
    assert operator.returncode == 0, operator.stderr
    (row,) = json.loads(operator.stdout)
    assert row["case_no"] == reg.case_no and row["acknowledged"] == 1
    assert {s["station"]: s["acknowledged_by"] for s in row["stations"]}[USB_STATION] == ["admin"]
    plain = usb.server_cli("alert", "list")
    assert "已确认：admin" in plain.stdout and "半径 100 公里" in plain.stdout
