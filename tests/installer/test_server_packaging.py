"""The national server's packaging, tested where it can be without a container engine.

The wheel (with [server]) installs into a fresh virtual environment; the command the
Containerfile runs (its ENTRYPOINT and CMD, its ENV) serves from that install and takes a real
station's case, so the wheel carries everything the server reads (GB/T 2260 table, growth and
allele tables, migrations); the systemd units pass ``systemd-analyze verify`` against it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.server.realserver import free_port

pytestmark = pytest.mark.installer
ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "installer" / "server"
PASSWORD = "Wheel-Station-2026!"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, cwd=out,
    )  # fmt: skip
    return next(out.glob("xunren-*-py3-none-any.whl"))


@pytest.fixture(scope="module")
def server_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("server") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", f"{wheel}[server]"], check=True, capture_output=True
    )
    return venv


def test_wheel_carries_the_tables_fonts_and_migrations(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    data = "xunren-0.1.0.data/data/share/xunren-resources/"
    for rel in ("regions/gb2260.tsv", "growth/china_height_for_age.tsv", "kinship/han_str_frequencies.tsv",
                "fonts/wqy-microhei.ttc", "translations/xunren_zh_CN.qm"):  # fmt: skip
        assert data + rel in names, rel
    assert "server/storage/migrations/versions/0001_initial_schema.py" in names
    assert "app/storage/migrations/versions/0001_initial.py" in names


def container_command() -> tuple[list[str], dict[str, str]]:
    """The Containerfile's ENTRYPOINT + CMD and its ENV of the final stage."""
    text = (SERVER / "Containerfile").read_text().replace("\\\n", " ")
    final = text.rsplit("\nFROM ", 1)[1]
    entry = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", final, re.M).group(1))  # type: ignore[union-attr]
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", final, re.M).group(1))  # type: ignore[union-attr]
    env_line = re.search(r"^ENV (.*)$", final, re.M).group(1)  # type: ignore[union-attr]
    env = dict(pair.split("=", 1) for pair in env_line.split())
    return entry + cmd, env


def test_container_command_serves_a_station_from_the_wheel(server_venv: Path, tmp_path: Path) -> None:
    argv, env_vars = container_command()
    assert argv[:2] == ["xunren-server", "serve"]
    port = free_port()
    argv = [str(server_venv / "bin" / argv[0]), *argv[1:]]
    argv[argv.index("--host") + 1] = "127.0.0.1"  # the container's 0.0.0.0 stays inside its network
    argv[argv.index("--port") + 1] = str(port)
    home = tmp_path / "server-home"
    home.mkdir()
    env = {
        "PATH": f"{server_venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "XUNREN_BUNDLE_KEYS": str(home / Path(env_vars["XUNREN_BUNDLE_KEYS"]).name),
        "XUNREN_SERVER_DB": f"sqlite:///{tmp_path / 'server.db'}",
    }
    server = subprocess.Popen(argv, env=env, cwd=tmp_path, stderr=subprocess.PIPE)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/health", server)
        admin = [str(server_venv / "bin" / "xunren-server")]
        out = subprocess.run([*admin, "station", "add", "370783001", "寿光市公安局圣城派出所"],
                             env=env, capture_output=True, text=True, check=True).stdout  # fmt: skip
        token = out.strip().splitlines()[-1]
        station = _station(tmp_path / "station")
        station(
            "init",
            "--station-code",
            "370783001",
            "--station-name",
            "寿光市公安局圣城派出所",
            "--admin",
            "admin",
        )
        station("enroll", "--server", f"http://127.0.0.1:{port}", "--token", token)
        examples = ROOT.parent / "shared" / "examples"
        missing = station("case", "add", "--file", str(examples / "missing_child.json")).strip()
        found = station("case", "add", "--file", str(examples / "found_child.json")).strip()
        station("sync")
        listed = json.loads(subprocess.run([*admin, "case", "list", "--json"], env=env, capture_output=True,
                                           text=True, check=True).stdout)  # fmt: skip
        assert sorted(c["case_no"] for c in listed) == sorted([missing, found])
        # The worker unit's command: national matching reads the GB/T 2260, growth and allele
        # tables, which only the wheel's data files bring.
        worker = subprocess.run([*admin, "worker", "--once"], env=env, capture_output=True, text=True)
        assert worker.returncode == 0, worker.stderr[-2000:]
        matches = json.loads(subprocess.run([*admin, "match", "list", "--json"], env=env, capture_output=True,
                                            text=True, check=True).stdout)  # fmt: skip
        assert [(m["missing"], m["found"]) for m in matches] == [(missing, found)]
        assert matches[0]["dna_verdict"] == "supports"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        assert server.stderr is not None
        server.stderr.close()


def _wait_healthy(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(proc.stderr.read().decode() if proc.stderr else "server died")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("the server never answered /health")


def _station(folder: Path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "XUNREN_DATA_DIR": str(folder), "XUNREN_CONFIG_DIR": str(folder.parent / "config"),
           "XUNREN_TEST_WEAK_KDF": "1", "XUNREN_USER": "admin", "XUNREN_PASSWORD": PASSWORD}  # fmt: skip

    def run(*args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "app", *args], env=env, cwd=ROOT, capture_output=True,
                                text=True, timeout=120)  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not on this machine")
@pytest.mark.parametrize("unit", ["xunren-server.service", "xunren-server-worker.service"])
def test_systemd_unit_verifies(unit: str, server_venv: Path, tmp_path: Path) -> None:
    text = (SERVER / unit).read_text().replace("/opt/xunren-server/bin/", f"{server_venv}/bin/")
    (tmp_path / unit).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / unit)], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
