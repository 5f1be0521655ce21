"""Schedules that SIGKILL a real `xunren sync` process at a random moment, again and again,
through the fault proxy, then let one run finish and check the end state."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time

import pytest

from app.services.session import init_station, logon
from tests.conftest import PASSWORD, ROOT
from tests.e2e.conftest import KILL_SCHEDULES, World, blocks, run_block
from tests.e2e.faultproxy import FaultProxy
from tests.e2e.harness import Station, check_end_state, enrol_directly, local_changes

_INIT = threading.Lock()


def _command() -> list[str]:
    return [sys.executable, "-m", "app", "sync"]  # the real `xunren sync`


def _spawn(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        _command(),
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def run_kill_schedule(world: World, seed: int) -> None:
    rng = random.Random(1000 + seed)
    server = world.server
    proxy = FaultProxy(server.process.port)
    code = f"370783{seed % 1000:03d}"  # init wants a real county; one station per seed
    data = world.workdir / f"k{seed}"
    with _INIT:  # Alembic's migration context is process-global: one new station at a time
        session = init_station(data, code, "测试派出所", "admin", PASSWORD)
    station = Station(data / "station.db", b"", code, session)
    kills = 0
    try:
        enrol_directly(server, station)
        station.set_server(proxy.url)
        env = {**os.environ, "XUNREN_DATA_DIR": str(data), "XUNREN_USER": "admin", "XUNREN_PASSWORD": PASSWORD,
               "XUNREN_LANG": "en", "XUNREN_TEST_WEAK_KDF": "1", "PYTHONPATH": str(ROOT)}  # fmt: skip
        proxy.schedule(1000 + seed, 0.3)
        for _ in range(rng.randint(2, 3)):
            local_changes(station, rng)
            station.session.close()
            child = _spawn(env)
            time.sleep(rng.uniform(0.8, 3.0))
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                kills += 1
            child.communicate(timeout=120)
            station.session = logon(data, "admin", PASSWORD)
        proxy.calm()
        station.session.close()

        def finish() -> subprocess.CompletedProcess[str]:
            return subprocess.run(_command(), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

        with server.quiet.reading():  # no delivery from national matching until checked
            done = finish()
            for _ in range(10):  # another schedule may be restarting the server right now
                if done.returncode == 0:
                    break
                time.sleep(0.5)
                done = finish()
            assert done.returncode == 0, done.stderr
            station.session = logon(data, "admin", PASSWORD)
            check_end_state(server, station)
    except BaseException:
        print(
            f"FAILED kill schedule: backend={world.kind} seed={seed} kills={kills} faults={dict(proxy.stats)}"
        )
        raise
    finally:
        station.session.close()
        proxy.close()


@pytest.mark.parametrize(
    "seeds", [pytest.param(b, id=f"kills{b.start}-{b.stop - 1}") for b in blocks(KILL_SCHEDULES)]
)
def test_sigkill_schedules(world: World, seeds: range) -> None:
    run_block(seeds, lambda seed: run_kill_schedule(world, seed))
