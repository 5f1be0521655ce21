"""Schedules that SIGKILL a real `xunren sync` process at a random moment, again and again,
through the fault proxy, then let one run finish and check the end state."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from app.services.enrolment import enroll
from app.services.session import init_station, logon
from tests.conftest import PASSWORD, ROOT
from tests.e2e.conftest import KILL_SCHEDULES, World
from tests.e2e.harness import Station, check_end_state, local_changes


def _command() -> list[str]:
    from app.cli import _Parser
    from app.cli.parser import build_parser

    try:
        build_parser(_Parser, "test").parse_args(["sync"])
        return [sys.executable, "-m", "app", "sync"]
    except Exception:
        return [sys.executable, "-m", "tests.e2e.sync_child"]


def _spawn(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        _command(), cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize("seed", [pytest.param(s, id=f"kill{s}") for s in range(KILL_SCHEDULES)])
def test_sigkill_schedule(world: World, seed: int) -> None:
    rng = random.Random(1000 + seed)
    server, proxy = world.server, world.proxy
    code = f"370783{rng.randrange(1000):03d}"  # init wants a real county; the server a free code
    with server.sessions() as s:
        from server.services import credentials
        from server.services.meta import in_transaction

        try:
            token = in_transaction(s, lambda x: credentials.add_station(x, code, "派出所", 1))
        except Exception:
            pytest.skip("station code collision")
    data = world.workdir / f"k{seed}"
    session = init_station(data, code, "测试派出所", "admin", PASSWORD)
    enroll(session, server.url, token)
    station = Station(data / "station.db", b"", code, session)
    station.set_server(proxy.url)
    env = {**os.environ, "XUNREN_DATA_DIR": str(data), "XUNREN_USER": "admin", "XUNREN_PASSWORD": PASSWORD,
           "XUNREN_LANG": "en", "XUNREN_TEST_WEAK_KDF": "1", "PYTHONPATH": str(ROOT)}  # fmt: skip
    kills = 0
    try:
        proxy.schedule(1000 + seed, 0.3)
        for _ in range(rng.randint(2, 3)):
            local_changes(station, rng)
            session.close()
            child = _spawn(env)
            time.sleep(rng.uniform(0.8, 3.0))
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                kills += 1
            child.communicate(timeout=60)
            session = logon(data, "admin", PASSWORD)
            station.session = session
        proxy.calm()
        session.close()
        done = subprocess.run(_command(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        session = logon(data, "admin", PASSWORD)
        station.session = session
        check_end_state(server, station)
    except BaseException:
        print(f"FAILED kill schedule: backend={world.kind} seed={seed} kills={kills} faults={dict(proxy.stats)}")
        raise
    finally:
        session.close()
