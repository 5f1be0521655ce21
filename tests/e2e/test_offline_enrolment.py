"""Offline enrolment (issue 14): a station that never reaches the network enrols from a package
on a USB stick and syncs by bundle. The real `xunren-server` command line on a real database and
the real `xunren` command line on a real station store; nothing between them but files."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, STATION_CODE, Station
from tests.e2e.harness import PG_ENV, fresh_server_db


class NationalServer:
    """`xunren-server` on one database and one bundle key file, run as a process each time."""

    def __init__(self, db_url: str, keys: Path) -> None:
        self.db_url = db_url
        self.keys = keys

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        full = {**os.environ, "XUNREN_SERVER_DB": self.db_url, "XUNREN_BUNDLE_KEYS": str(self.keys), **env}
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=full, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip

    def add_with_package(self, package: Path, **env: str) -> tuple[str, str]:
        """(passphrase, token) of a fresh package for the test station."""
        r = self.run(
            "station", "add", STATION_CODE, "寿光市公安局圣城派出所", "--package", str(package), **env
        )
        assert r.returncode == 0, r.stderr
        passphrase = re.search(r"(\d{4}(?: \d{4}){5})", r.stdout)
        assert passphrase is not None, r.stdout
        return passphrase.group(1), r.stdout.strip().splitlines()[-1]


@pytest.fixture(params=["sqlite", "postgresql"])
def national(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NationalServer]:
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    url, drop = fresh_server_db(str(request.param), tmp_path)
    try:
        yield NationalServer(url, tmp_path / "server_keys.json")
    finally:
        drop()


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_package_enrolment_and_bundles_end_to_end(
    national: NationalServer, ready_station: Station, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    package = stick / "enrol.xep"
    passphrase, token = national.add_with_package(package)
    assert oct(package.stat().st_mode & 0o777) == "0o600"
    assert token.encode() not in package.read_bytes()  # the token travels encrypted only

    wrong = ready_station.run("enroll", "--file", str(package), XUNREN_ENROL_PASSPHRASE="1234 " * 6)
    assert wrong.code == 1
    assert "口令不对" in _one_line(wrong.err)
    short = ready_station.run(
        "enroll", "--file", str(package), XUNREN_ENROL_PASSPHRASE="1234", XUNREN_LANG="en"
    )
    assert short.code == 1 and "24 digits" in _one_line(short.err)
    damaged = stick / "damaged.xep"
    raw = bytearray(package.read_bytes())
    at = raw.index(b'"ciphertext": "') + 30
    raw[at] = ord("A") if raw[at] != ord("A") else ord("B")
    damaged.write_bytes(bytes(raw))
    bad = ready_station.run("enroll", "--file", str(damaged), XUNREN_ENROL_PASSPHRASE=passphrase)
    assert bad.code == 1 and "登记包已损坏" in _one_line(bad.err)
    cut = stick / "cut.xep"
    cut.write_bytes(package.read_bytes()[:-50])
    bad = ready_station.run(
        "enroll", "--file", str(cut), XUNREN_ENROL_PASSPHRASE=passphrase, XUNREN_LANG="en"
    )
    assert bad.code == 1 and "damaged" in _one_line(bad.err)
    assert ready_station.run("sync", "export", str(stick / "x.xsb")).code == 1  # nothing was kept

    typed = passphrase.replace(" ", "-")  # as an officer may type it
    ok = ready_station.run("enroll", "--file", str(package), XUNREN_ENROL_PASSPHRASE=typed)
    assert ok.code == 0, ok.err
    assert "离线登记" in ok.out and token not in ok.out + ok.err
    assert "仅用 U 盘同步" in ready_station.run("sync", "status").out
    offline = ready_station.run("sync")
    assert offline.code == 1 and "U 盘同步包" in _one_line(offline.err)

    numbers = ready_station.add_examples()
    first = stick / "first.xsb"
    assert ready_station.run("sync", "export", str(first)).code == 0
    imported = national.run("bundle", "import", str(first))
    assert imported.returncode == 0, imported.stderr
    again = national.run("bundle", "import", str(first))  # the same stick imported twice
    assert again.returncode == 0, again.stderr
    answer = stick / "answer.xsb"
    assert national.run("bundle", "export", "--station", STATION_CODE, str(answer)).returncode == 0
    applied = ready_station.run("sync", "import", str(answer))
    assert applied.code == 0, applied.err
    status = json.loads(ready_station.run("sync", "status", "--json").out)
    assert status["waiting"] == 0 and status["failed"] == []
    listed = national.run("case", "list", "--json")
    assert sorted(c["case_no"] for c in json.loads(listed.stdout)) == sorted(numbers)

    # The next round carries the credential (the token is spent) and goes through as well.
    more = ready_station.run(
        "case",
        "add",
        "--file",
        str(EXAMPLES / "found_child.json"),
        "--allow-duplicate",
        "--reason",
        "另一名儿童",
    )
    assert more.code == 0, more.err
    second = stick / "second.xsb"
    assert ready_station.run("sync", "export", str(second)).code == 0
    assert b"enrol_token" not in second.read_bytes()  # (encrypted anyway; the field name is inside)
    assert national.run("bundle", "import", str(second)).returncode == 0
    assert national.run("bundle", "export", "--station", STATION_CODE, str(answer)).returncode == 0
    assert ready_station.run("sync", "import", str(answer)).code == 0
    assert json.loads(ready_station.run("sync", "status", "--json").out)["waiting"] == 0
    assert len(json.loads(national.run("case", "list", "--json").stdout)) == len(numbers) + 1


def test_a_package_used_twice_is_refused(
    national: NationalServer, ready_station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of the stick enrolled at a second machine: the server took the token with the first
    machine's bundle, so the second machine's bundle is refused and nothing of it is stored."""
    package = tmp_path / "enrol.xep"
    passphrase, _token = national.add_with_package(package)
    first_dir = str(ready_station.data_dir)
    assert ready_station.run("enroll", "--file", str(package), XUNREN_ENROL_PASSPHRASE=passphrase).code == 0
    ready_station.add_examples()
    assert ready_station.run("sync", "export", str(tmp_path / "a.xsb")).code == 0
    assert national.run("bundle", "import", str(tmp_path / "a.xsb")).returncode == 0

    copy = Station(tmp_path / "copy", monkeypatch, ready_station._capsys)
    copy.init()
    assert copy.run("enroll", "--file", str(package), XUNREN_ENROL_PASSPHRASE=passphrase).code == 0
    copy.add_examples()
    assert copy.run("sync", "export", str(tmp_path / "b.xsb")).code == 0
    refused = national.run("bundle", "import", str(tmp_path / "b.xsb"))
    assert refused.returncode == 1
    assert "登记令牌无效、已用过或已过期" in _one_line(refused.stderr), refused.stderr
    en = national.run("bundle", "import", str(tmp_path / "b.xsb"), XUNREN_LANG="en")
    assert "unknown, used or expired" in _one_line(en.stderr)
    assert len(json.loads(national.run("case", "list", "--json").stdout)) == 3  # the first machine's
    assert json.loads(copy.run("sync", "status", "--json").out)["waiting"] > 0  # kept for a person
    assert first_dir != str(copy.data_dir)


def test_expired_tokens_are_refused_at_the_station_and_at_the_server(
    national: NationalServer, ready_station: Station, tmp_path: Path
) -> None:
    other = tmp_path / "other.xep"
    made = national.run("station", "add", "370783002", "寿光市公安局文家派出所", "--package", str(other))
    assert made.returncode == 0, made.stderr
    digits = re.search(r"(\d{4}(?: \d{4}){5})", made.stdout)
    assert digits is not None
    r = ready_station.run("enroll", "--file", str(other), XUNREN_ENROL_PASSPHRASE=digits.group(1))
    assert r.code == 1 and "登记包属于工作站 370783002" in _one_line(r.err)

    package = tmp_path / "enrol.xep"
    passphrase, _ = national.add_with_package(package, XUNREN_SERVER_ENROL_TOKEN_DAYS="0")
    r = ready_station.run("enroll", "--file", str(package), XUNREN_ENROL_PASSPHRASE=passphrase)
    assert r.code == 1 and "已于" in _one_line(r.err) and "过期" in r.err

    passphrase, _ = national.add_with_package(package)  # a fresh package: the old token is dead
    assert ready_station.run("enroll", "--file", str(package), XUNREN_ENROL_PASSPHRASE=passphrase).code == 0
    ready_station.add_examples()
    bundle = tmp_path / "late.xsb"
    assert ready_station.run("sync", "export", str(bundle)).code == 0
    _expire_tokens(national.db_url)  # the stick took longer than the token lives
    refused = national.run("bundle", "import", str(bundle))
    assert refused.returncode == 1 and "登记令牌" in _one_line(refused.stderr)
    assert json.loads(national.run("case", "list", "--json").stdout) == []


def _expire_tokens(db_url: str) -> None:
    sql = "UPDATE stations SET enrol_expires_at = '2020-01-01 00:00:00+00:00'"
    if db_url.startswith("sqlite:///"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            conn.execute(sql)
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()
