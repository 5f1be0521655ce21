"""`xunren init` is all or nothing: killed (or failing) after any of its steps, it leaves no
half-made station that refuses to open; running init again makes the station."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services.session import init_station
from app.storage.files import INIT_MARKER
from tests.conftest import PASSWORD, ROOT, STATION_CODE, STATION_NAME, Station

STEPS = ("marked", "slots", "store", "committed")


def killed_at(station: Station, step: str) -> None:
    child = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("init_child.py")), str(station.data_dir), step],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr


def init_again(station: Station) -> None:
    r = station.run(
        "init", "--station-code", STATION_CODE, "--station-name", STATION_NAME, "--admin", "admin"
    )
    assert r.code == 0, r.err


@pytest.mark.parametrize("step", STEPS)
def test_killed_part_way_leaves_no_station_and_init_runs_again(station: Station, step: str) -> None:
    killed_at(station, step)
    assert station.data_dir.is_dir()
    r = station.run("user", "list")
    assert r.code == 1 and "init" in r.err and "Traceback" not in r.err, r.err  # "run init first"
    init_again(station)
    assert not (station.data_dir / INIT_MARKER).exists()
    assert station.run("audit", "verify").code == 0
    r = station.run("user", "list", "--json")
    assert r.code == 0 and "admin" in r.out, r.err


def test_killed_after_the_last_step_the_station_is_there(station: Station) -> None:
    killed_at(station, "done")
    r = station.run("user", "list", "--json")
    assert r.code == 0 and "admin" in r.out, r.err
    r = station.run(
        "init", "--station-code", STATION_CODE, "--station-name", STATION_NAME, "--admin", "admin"
    )
    assert r.code == 1 and "已有工作站" in r.err, r.err


@pytest.mark.parametrize("step", STEPS)
def test_a_failure_part_way_leaves_nothing(station: Station, step: str) -> None:
    def fail(at: str) -> None:
        if at == step:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        init_station(station.data_dir, STATION_CODE, STATION_NAME, "admin", PASSWORD, crash=fail)
    assert sorted(p.name for p in station.data_dir.iterdir()) == []
    init_again(station)
    assert station.run("audit", "verify").code == 0


def test_killed_at_any_moment_the_folder_opens_or_init_runs_again(
    station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real `xunren init` killed at random moments (wherever it got to): either the station
    is whole or there is none and init makes it."""
    rng = random.Random(20261206)
    for round_no in range(4):
        station.data_dir = tmp_path / f"data{round_no}"
        station.env["XUNREN_DATA_DIR"] = str(station.data_dir)
        monkeypatch.setenv("XUNREN_DATA_DIR", str(station.data_dir))  # the in-process runs read it
        args = ["init", "--station-code", STATION_CODE, "--station-name", STATION_NAME, "--admin", "admin"]
        child = subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            cwd=ROOT,
            env={**os.environ, **station.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 4.0))
        child.kill()
        child.wait()
        if station.run("user", "list").code != 0:
            init_again(station)
        assert station.run("audit", "verify").code == 0
        assert "admin" in station.run("user", "list", "--json").out
