"""Hundreds of seeded fault schedules: the real sync engine in this process, a real server
process behind the fault proxy, crashes of the client at injected points (the store is then
reopened, as after a power cut) and restarts of the server process.

Replay one failing schedule: ``XUNREN_SYNC_SEED=17 pytest tests/e2e/test_sync_faults.py -k sqlite``.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

import pytest

from app.services.enrolment import SyncError
from app.services.sync import sync_now
from app.storage.store import UnitOfWork
from app.sync.engine import SyncReport, Tuning
from tests.e2e.conftest import SCHEDULES, World, blocks, run_block
from tests.e2e.faultproxy import FaultProxy
from tests.e2e.harness import Station, check_end_state, enrol_directly, local_changes, settle

CRASH_POINTS = (
    "before_push", "after_push", "after_mark", "before_pull", "after_pull", "after_pull_apply",
    "before_state", "before_commit",
)  # fmt: skip
FAST = Tuning(
    batch_bytes=12_000, page_rows=10, pull_limit=3, max_attempts=60, base_delay=0.005, max_delay=0.1
)


class SimulatedCrash(Exception):
    """The client process 'dies' here: nothing after this point happens."""


class Crasher:
    """Raises at the n-th time the engine passes the chosen point (or never)."""

    def __init__(self, point: str | None, nth: int) -> None:
        self.point, self.nth, self.seen = point, nth, 0

    def __call__(self, point: str) -> None:
        if point == self.point:
            self.seen += 1
            if self.seen == self.nth:
                raise SimulatedCrash(point)


def _writer(station: Station, crash: Crasher) -> Callable[[Callable[[UnitOfWork], Any]], Any]:
    def write(work: Callable[[UnitOfWork], Any]) -> Any:
        with station.session.store.unit_of_work() as uow:
            result = work(uow)
            crash("before_commit")  # dies with the transaction open: it must roll back
            uow.commit()
        return result

    return write


def _sleeper(waits: list[float]) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        waits.append(seconds)  # what the engine asked for (Retry-After honoured) ...
        threading.Event().wait(min(seconds, 0.05))  # ... and what the test can afford

    return sleep


def _sync(station: Station, crash: Crasher, waits: list[float]) -> SyncReport:
    return sync_now(
        station.session, tuning=FAST, rng=random.Random(crash.nth), sleep=_sleeper(waits), crash=crash,
        writer=_writer(station, crash), timeout=1.0,
    )  # fmt: skip


def run_schedule(world: World, seed: int) -> None:
    rng = random.Random(seed)
    server = world.server
    proxy = FaultProxy(server.process.port, client_timeout=1.0)
    code, _token = server.new_station()
    station = Station.from_template(world.template, world.key, world.workdir / f"s{seed}", code)
    try:
        enrol_directly(server, station)
        station.set_server(proxy.url)
        proxy.schedule(seed, rng.choice((0.1, 0.25, 0.4, 0.6)))
        waits: list[float] = []
        restart_at = rng.randrange(4) if seed % 23 == 5 else -1
        for step in range(rng.randint(2, 4)):
            local_changes(station, rng)
            if rng.random() < 0.2:
                server.run_jobs()  # national matching: gives the station something to pull
            point = rng.choice((*CRASH_POINTS, None, None))
            crash = Crasher(point, rng.randint(1, 3))
            timer = None
            if step == restart_at:
                timer = threading.Timer(rng.uniform(0.0, 0.3), server.restart)
                timer.start()
            try:
                _sync(station, crash, waits)
            except SimulatedCrash:
                station.reopen()
            except SyncError:
                pass  # gave up for now: the queue is intact and the next run resumes
            if timer is not None:
                timer.join()
        proxy.calm()
        server.run_jobs()
        with server.quiet.reading():  # no delivery from national matching until checked
            report = settle(lambda: _sync(station, Crasher(None, 1), waits))
            assert report.equal, report
            check_end_state(server, station)
        if proxy.stats["e429"]:
            assert max(waits) >= 1.0, "Retry-After was not honoured"
    except BaseException:
        print(
            f"FAILED schedule: backend={world.kind} seed={seed} faults={dict(proxy.stats)} log={station.log}"
        )
        raise
    finally:
        station.close()
        proxy.close()


@pytest.mark.parametrize(
    "seeds", [pytest.param(b, id=f"seeds{b.start}-{b.stop - 1}") for b in blocks(SCHEDULES)]
)
def test_fault_schedules(world: World, seeds: range) -> None:
    run_block(seeds, lambda seed: run_schedule(world, seed))
