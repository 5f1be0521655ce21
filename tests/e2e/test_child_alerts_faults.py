"""The alert records under the sync suite's faults: a station pulls a missing-child alert, an
officer acknowledges it and the case is later closed, all through the real fault proxy (drops,
stalls, answers cut after the commit, duplicates, 500/503/429) with the client crashing at the
engine's injected points. In the end the station holds the alert once (cancelled), the server
holds the acknowledgement once, and counts and digest agree.

Replay one seed: ``XUNREN_SYNC_SEED=3 pytest tests/e2e/test_child_alerts_faults.py -k sqlite``.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from app.core.lifecycle import ClosureOutcome
from app.core.model import AccountRole
from app.core.validation import parse_case_file
from app.services import case_life, cases, child_alerts, review_desk
from app.services.enrolment import SyncError
from app.services.sync import sync_now
from server.storage.alert_tables import ChildAlertAck
from server.storage.tables import JournalEntry
from tests.conftest import EXAMPLES
from tests.e2e.conftest import World, world_of
from tests.e2e.faultproxy import FaultProxy
from tests.e2e.harness import (
    Station,
    check_end_state,
    enrol_directly,
    settle,
)
from tests.e2e.test_sync_faults import CRASH_POINTS, FAST, Crasher, SimulatedCrash, _sleeper, _writer

SEEDS = [int(os.environ["XUNREN_SYNC_SEED"])] if os.environ.get("XUNREN_SYNC_SEED") else list(range(16))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def alert_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from world_of(request, tmp_path_factory, "alert-faults")


def _faulty_sync(station: Station, rng: random.Random, waits: list[float]) -> None:
    crash = Crasher(rng.choice((*CRASH_POINTS, None, None)), rng.randint(1, 3))
    try:
        sync_now(station.session, tuning=FAST, rng=random.Random(rng.random()), sleep=_sleeper(waits),
                 crash=crash, writer=_writer(station, crash), timeout=1.0)  # fmt: skip
    except SimulatedCrash:
        station.reopen()
    except SyncError:
        pass  # gave up for now: the queue is intact and the next run resumes


@pytest.mark.parametrize("seed", SEEDS)
def test_alert_ack_and_cancel_survive_faults(alert_world: World, seed: int) -> None:
    rng = random.Random(seed)
    server = alert_world.server
    # Each seed its own pair of stations: 潍城 owns the case, 寿光 (where the child was last seen) is alerted.
    owner = Station.from_template(
        alert_world.template, alert_world.key, alert_world.workdir / f"o{seed}", f"370702{seed:03d}"
    )
    near = Station.from_template(
        alert_world.template, alert_world.key, alert_world.workdir / f"n{seed}", f"370783{seed:03d}"
    )
    proxy = FaultProxy(server.process.port, client_timeout=1.0)
    waits: list[float] = []
    try:
        enrol_directly(server, owner)
        enrol_directly(server, near)
        near.set_server(proxy.url)
        proxy.schedule(seed, rng.choice((0.25, 0.4, 0.6)))
        (reg,) = cases.register_cases(
            owner.session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
        )
        assert settle(lambda: sync_now(owner.session)).equal
        for _ in range(rng.randint(1, 3)):
            _faulty_sync(near, rng, waits)
        proxy.calm()
        settle(lambda: sync_now(near.session))
        assert child_alerts.acknowledge(near.session, reg.case_no)
        proxy.schedule(seed + 1000, rng.choice((0.25, 0.4, 0.6)))
        for _ in range(rng.randint(1, 3)):
            _faulty_sync(near, rng, waits)
        case_life.close_case(owner.session, reg.case_no, ClosureOutcome.FOUND_BY_FAMILY, "已找到")
        supervisor = replace(owner.session, user="suozhang", role=AccountRole.SUPERVISOR)  # a second person
        waiting = [q.id for q in review_desk.review_queue(supervisor) if q.case_no == reg.case_no]
        review_desk.approve_items(supervisor, waiting)  # the registration and its closure
        assert settle(lambda: sync_now(owner.session)).equal
        for _ in range(rng.randint(1, 2)):
            _faulty_sync(near, rng, waits)
        proxy.calm()
        assert settle(lambda: sync_now(near.session)).equal
        check_end_state(server, near)
        print(f"alert schedule seed={seed} faults={dict(proxy.stats)}")
        (held,) = child_alerts.list_alerts(near.session, active_only=False)
        assert (held.case_no, held.state, held.acknowledged_by) == (reg.case_no, "cancelled", ("admin",))
        with server.sessions() as s:
            acks = s.scalar(
                select(func.count()).select_from(ChildAlertAck).where(ChildAlertAck.case_no == reg.case_no)
            )
            applied = s.scalar(
                select(func.count()).where(
                    JournalEntry.record_type == "alert_ack", JournalEntry.record_id.like(f"{reg.case_no}/%")
                )
            )
        assert (acks, applied) == (1, 1)
    except BaseException:
        print(f"FAILED alert schedule seed={seed} faults={dict(proxy.stats)}")
        raise
    finally:
        owner.close()
        near.close()
        proxy.close()
