"""Match decisions and national summaries under the sync suite's faults (issue 14): the national
matcher pairs Shouguang's missing boy with Guilin's found boy; Guilin pulls the candidate and the
summary of Shouguang's case, then confirms, all through the real fault proxy (drops, stalls,
answers cut after the commit, duplicates, 500/503/429) with the client crashing at the engine's
injected points. In the end Guilin holds the summary and the candidate once, the server applied
the decision exactly once (one revision up), Shouguang receives it, and counts and digest agree.

Replay one seed: ``XUNREN_SYNC_SEED=3 pytest tests/e2e/test_decisions_faults.py -k sqlite``.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from app.core.lifecycle import MatchState
from app.core.validation import parse_case_file
from app.services import cases, national_cases
from app.services.match_review import review_candidate, review_queue
from app.services.sync import sync_now
from app.sync.protocol.matches import MatchDecision
from server.storage.tables import JournalEntry, Match
from tests.conftest import EXAMPLES
from tests.e2e.conftest import World, world_of
from tests.e2e.faultproxy import FaultProxy
from tests.e2e.harness import (
    ServerUnderTest,
    Station,
    check_end_state,
    enrol_directly,
    settle,
)
from tests.e2e.test_child_alerts_faults import _faulty_sync

SEEDS = [int(os.environ["XUNREN_SYNC_SEED"])] if os.environ.get("XUNREN_SYNC_SEED") else list(range(8))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def decision_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    yield from world_of(request, tmp_path_factory, "decision-faults")


def _pair(server: ServerUnderTest, missing: str, found: str) -> tuple[str, int]:
    with server.sessions() as s:
        match = s.scalars(select(Match).where(Match.missing_case == missing, Match.found_case == found)).one()
        return match.state, match.revision


@pytest.mark.parametrize("seed", SEEDS)
def test_summary_and_decision_survive_faults(decision_world: World, seed: int) -> None:
    rng = random.Random(seed)
    world = decision_world
    server = world.server
    shouguang = Station.from_template(
        world.template, world.key, world.workdir / f"s{seed}", f"370783{seed:03d}"
    )
    guilin = Station.from_template(world.template, world.key, world.workdir / f"g{seed}", f"450305{seed:03d}")
    proxy = FaultProxy(server.process.port, client_timeout=1.0)
    waits: list[float] = []
    try:
        enrol_directly(server, shouguang)
        enrol_directly(server, guilin)
        guilin.set_server(proxy.url)
        (missing,) = cases.register_cases(
            shouguang.session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
        )
        (found,) = cases.register_cases(
            guilin.session, parse_case_file((EXAMPLES / "found_child.json").read_bytes())
        )
        assert settle(lambda: sync_now(shouguang.session)).equal
        proxy.schedule(seed, rng.choice((0.25, 0.4, 0.6)))
        for _ in range(rng.randint(1, 3)):
            _faulty_sync(guilin, rng, waits)  # Guilin's case goes up through the faults
        proxy.calm()
        assert settle(lambda: sync_now(guilin.session)).equal
        server.run_jobs()

        proxy.schedule(seed + 1000, rng.choice((0.25, 0.4, 0.6)))
        for _ in range(rng.randint(1, 3)):
            _faulty_sync(guilin, rng, waits)  # the candidate and the summary come down through them
        proxy.calm()
        assert settle(lambda: sync_now(guilin.session)).equal
        summary = national_cases.national_case(guilin.session, missing.case_no)
        assert summary is not None and summary.station.code == shouguang.code
        mine = [e for e in review_queue(guilin.session) if e.item.missing_case == missing.case_no]
        assert len(mine) == 1, "the candidate is held once"
        state, revision = _pair(server, missing.case_no, found.case_no)
        assert state == "potential"

        review_candidate(guilin.session, found.case_no, missing.case_no, "confirm")
        proxy.schedule(seed + 2000, rng.choice((0.25, 0.4, 0.6)))
        for _ in range(rng.randint(1, 3)):
            _faulty_sync(guilin, rng, waits)  # the decision goes up through the faults
        proxy.calm()
        assert settle(lambda: sync_now(guilin.session)).equal
        check_end_state(server, guilin)
        assert _pair(server, missing.case_no, found.case_no) == ("confirmed", revision + 1)
        with server.sessions() as s:
            applied = s.scalar(
                select(func.count()).where(
                    JournalEntry.record_type == MatchDecision.RECORD_TYPE,
                    JournalEntry.station_id.is_not(None),
                    JournalEntry.record_id.like(f"{found.case_no}/%"),
                )
            )
        assert applied == 1, "the decision was applied exactly once"

        assert settle(lambda: sync_now(shouguang.session)).equal
        (held,) = [
            e
            for e in review_queue(shouguang.session, states=(MatchState.CONFIRMED,))
            if e.item.found_case == found.case_no
        ]
        assert held.item.state is MatchState.CONFIRMED
        print(f"decision schedule seed={seed} faults={dict(proxy.stats)}")
    except BaseException:
        print(f"FAILED decision schedule seed={seed} faults={dict(proxy.stats)}")
        raise
    finally:
        shouguang.close()
        guilin.close()
        proxy.close()
