"""The referral records under the sync suite's faults (issue 14): station A sends a referral, B
pulls it, accepts and answers, A pulls both steps, each station through the real fault proxy
(drops, stalls, answers cut after the commit, duplicates, 500/503/429) with the client crashing
at the engine's injected points. In the end the server holds the referral once with exactly two
answers, both stations show the same three-revision referral, and counts and digest agree.

Replay one seed: ``XUNREN_SYNC_SEED=3 pytest tests/e2e/test_referral_faults.py -k sqlite``.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from app.core.referral import ReferralRequest, ReferralState
from app.core.validation import parse_case_file
from app.services import cases
from app.services.referrals import answer_referral, list_referrals, send_referral
from app.services.sync import sync_now
from server.storage.referral_tables import Referral
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
from tests.e2e.test_child_alerts_faults import _faulty_sync

SEEDS = [int(os.environ["XUNREN_SYNC_SEED"])] if os.environ.get("XUNREN_SYNC_SEED") else list(range(12))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def referral_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    yield from world_of(request, tmp_path_factory, "referral-faults")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_referral_and_its_answers_survive_faults(referral_world: World, seed: int) -> None:
    rng = random.Random(seed)
    world = referral_world
    asker = Station.from_template(world.template, world.key, world.workdir / f"a{seed}", f"370702{seed:03d}")
    asked = Station.from_template(world.template, world.key, world.workdir / f"b{seed}", f"450305{seed:03d}")
    proxy = FaultProxy(world.server.process.port, client_timeout=1.0)
    waits: list[float] = []

    def faulty(station: Station, schedule: int) -> None:
        proxy.schedule(schedule, rng.choice((0.25, 0.4, 0.6)))
        for _ in range(rng.randint(1, 3)):
            _faulty_sync(station, rng, waits)
        proxy.calm()
        assert settle(lambda: sync_now(station.session)).equal

    try:
        for station in (asker, asked):
            enrol_directly(world.server, station)
            station.set_server(proxy.url)
        (reg,) = cases.register_cases(
            asker.session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
        )
        sent = send_referral(
            asker.session, reg.case_no, asked.code, "请采集外婆口腔拭子", ReferralRequest.DNA_SAMPLE
        )
        faulty(asker, seed)
        faulty(asked, seed + 1000)
        (incoming,) = list_referrals(asked.session)
        assert incoming.id == sent.id
        answer_referral(asked.session, sent.short, "已受理", ReferralState.ACCEPTED)
        answer_referral(asked.session, sent.short, "已采集，寄省厅实验室")
        faulty(asked, seed + 2000)
        faulty(asker, seed + 3000)
        check_end_state(world.server, asker)
        check_end_state(world.server, asked)
        print(f"referral schedule seed={seed} faults={dict(proxy.stats)}")
        for station in (asker, asked):
            (held,) = list_referrals(station.session)
            assert held.state is ReferralState.ANSWERED, station.code
            assert [a.note for a in held.answers] == ["已受理", "已采集，寄省厅实验室"], station.code
            assert all(a.received_at for a in held.answers)
        with world.server.sessions() as s:
            row = s.get(Referral, sent.id)
            assert row is not None and (row.state, row.revision) == ("answered", 3)
            assert len(json.loads(row.payload)["answers"]) == 2
            answers = s.scalar(
                select(func.count()).where(
                    JournalEntry.record_type == "referral_answer", JournalEntry.kind == "record",
                    JournalEntry.record_id.like(f"{reg.case_no}/a/%"),
                )
            )  # fmt: skip
        assert answers == 2
    except BaseException:
        print(f"FAILED referral schedule seed={seed} faults={dict(proxy.stats)}")
        raise
    finally:
        asker.close()
        asked.close()
        proxy.close()
