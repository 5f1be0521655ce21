"""Shared fixtures: a real encrypted station in a temporary folder, and the CLI driven in process.

The test suite passes a cheap Argon2id cost in (``use_test_cost``, for key slots and for the USB
packages) and sets the test-only XUNREN_TEST_WEAK_KDF switch for the processes it starts; the
product's calibrated defaults and the upgrade of a weak slot are tested on their own in
tests/unit/test_keyslots.py, the packages' fixed cost in tests/unit/test_package_kdf.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ["XUNREN_TEST_WEAK_KDF"] = "1"  # for the processes the tests start
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.storage.kdf import use_test_cost
from app.sync import enrolment_package

use_test_cost()  # for this process: passed in, not read from the environment by the product
enrolment_package.use_test_cost()  # the USB packages' Argon2id too (tests/unit/test_package_kdf.py)

# The bundle key file of every server the tests start and of the `xunren-server bundle` commands
# they run: one server, one bundle key, as in life (its enrolment answer gives the public part,
# which the station pins and holds any --bundle-key to). One per test process, never the test
# user's own data folder.
SERVER_BUNDLE_KEYS = Path(tempfile.mkdtemp(prefix="xr-bundle-")) / "bundle_keys.json"
os.environ["XUNREN_BUNDLE_KEYS"] = str(SERVER_BUNDLE_KEYS)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT.parent / "shared" / "examples"
if not EXAMPLES.exists():  # CI lays shared/ beside the clone
    EXAMPLES = ROOT / ".." / "shared" / "examples"
PASSWORD = "Station-Admin-2026!"
STATION_CODE = "370783001"
STATION_NAME = "寿光市公安局圣城派出所"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: half as many workers again as cores (3 on CI's 2). Many tests wait on what
    they drive (a server process starting, a fault proxy's stall, a child process's exit), so
    a worker per core leaves the cores idle part of the time."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(2, cores + cores // 2)


@dataclass
class CliResult:
    code: int
    out: str
    err: str


class Station:
    """A station data folder and a way to run `xunren` against it, in process or as a process."""

    def __init__(
        self, root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.root = root
        self.data_dir = root / "data"
        self._mp = monkeypatch
        self._capsys = capsys
        self.env = {
            "XUNREN_DATA_DIR": str(self.data_dir),
            "XUNREN_USER": "admin",
            "XUNREN_PASSWORD": PASSWORD,
            "XUNREN_CONFIG_DIR": str(root / "config"),
            "XUNREN_LANG": "zh_CN",
            "XUNREN_TEST_WEAK_KDF": "1",
        }
        for k, v in self.env.items():
            monkeypatch.setenv(k, v)
        monkeypatch.delenv("XUNREN_NEW_PASSWORD", raising=False)

    def run(self, *args: str, **env: str) -> CliResult:
        """`xunren ARGS` in this process (fast); *env* overrides variables for this call only."""
        from app.cli import main

        self._capsys.readouterr()
        with pytest.MonkeyPatch.context() as mp:
            for k, v in env.items():
                mp.setenv(k, v)
            code = main(list(args))
        captured = self._capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    def spawn(self, *args: str, timeout: float = 120, **env: str) -> CliResult:
        """`xunren ARGS` as a real process."""
        proc = subprocess.run(
            [sys.executable, "-m", "app", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, **self.env, **env},
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    def init(self) -> str:
        r = self.run(
            "init", "--station-code", STATION_CODE, "--station-name", STATION_NAME, "--admin", "admin"
        )
        assert r.code == 0, r.err
        return r.out.strip().splitlines()[-1]

    def add_examples(self) -> list[str]:
        numbers = []
        for name in ("missing_child", "found_child", "trafficking"):
            r = self.run("case", "add", "--file", str(EXAMPLES / f"{name}.json"))
            assert r.code == 0, r.err
            numbers += r.out.split()
        return numbers


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Station:
    return Station(tmp_path, monkeypatch, capsys)


@pytest.fixture
def ready_station(station: Station) -> Station:
    station.init()
    return station


@pytest.fixture
def session(tmp_path: Path) -> Iterator[object]:
    """A logged-on admin session on a fresh station (service level)."""
    from app.services.session import init_station

    s = init_station(tmp_path / "data", STATION_CODE, STATION_NAME, "admin", PASSWORD)
    try:
        yield s
    finally:
        s.close()


def example_bytes(name: str) -> bytes:
    return (EXAMPLES / f"{name}.json").read_bytes()


_EXAMPLE_OF = {"missing": "missing_child", "found": "found_child", "trafficking": "trafficking"}


def station_case_payload(
    case_type: str = "missing",
    *,
    status: str = "open",
    review: str = "pending",
    verification_hash: str = "0" * 64,
    phone: str = "0536-5221110",
    **more: Any,
) -> dict[str, Any]:
    """A case record as a station of this release pushes it, built by the protocol's own builder
    from the shared example of *case_type*; *more* replaces top-level keys of the payload."""
    from app.core.casejson import case_to_json
    from app.core.lifecycle import CaseStatus, ReviewState
    from app.core.model import CaseType
    from app.core.validation import read_stored_case
    from app.sync.protocol.cases import CaseRecord, StationContact

    raw = json.loads((EXAMPLES / f"{_EXAMPLE_OF[case_type]}.json").read_bytes())
    document = case_to_json(read_stored_case(raw[0] if isinstance(raw, list) else raw))
    record = CaseRecord(
        type=CaseType(case_type), document=document, status=CaseStatus(status), review=ReviewState(review),
        officer="li", created_at="2026-11-20T00:00:00Z", verification_hash=verification_hash,
        station_contact=StationContact(phone, "山东省寿光市圣城街道"),
    )  # fmt: skip
    return {**record.to_payload(), **more}
