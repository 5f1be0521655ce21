"""The transfer records under the sync suite's faults (issue 14): the receiving station syncs
through the real fault proxy (drops, stalls, answers cut after the commit, duplicates,
500/503/429) and crashes at the engine's injected points, while it receives the request,
accepts it, takes the case over and changes it. In the end it holds the case once, the server
applied one acceptance and moved the case once, the old station is told, and both stations'
counts and digests agree with the server's.

Replay one seed: ``XUNREN_SYNC_SEED=3 pytest tests/e2e/test_case_transfer_faults.py -k sqlite``.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from app.core.model import AccountRole
from app.core.transfer import TransferState
from app.core.validation import parse_case_file
from app.services import cases, transfers
from app.services.case_edit import edit_case
from app.services.sync import sync_now
from server.storage.tables import JournalEntry, Record
from server.storage.transfer_tables import CaseTransfer
from tests.conftest import EXAMPLES
from tests.e2e.conftest import World, world_of
from tests.e2e.faultproxy import FaultProxy
from tests.e2e.harness import (
    Station,
    enrol_directly,
    settle,
)
from tests.e2e.test_child_alerts_faults import _faulty_sync

SEEDS = [int(os.environ["XUNREN_SYNC_SEED"])] if os.environ.get("XUNREN_SYNC_SEED") else list(range(8))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def transfer_world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    yield from world_of(request, tmp_path_factory, "transfer-faults")


def _faults(station: Station, proxy: FaultProxy, rng: random.Random, seed: int, waits: list[float]) -> None:
    proxy.schedule(seed, rng.choice((0.25, 0.4, 0.6)))
    for _ in range(rng.randint(1, 3)):
        _faulty_sync(station, rng, waits)
    proxy.calm()
    assert settle(lambda: sync_now(station.session)).equal


def _pair(w: World, sending: str, receiving: str) -> tuple[Station, Station, FaultProxy]:
    """Two enrolled stations of the world, the receiving one reaching the server through a fault
    proxy (both closed by the caller, with the proxy)."""
    sender = Station.from_template(w.template, w.key, w.workdir / sending, sending)
    receiver = Station.from_template(w.template, w.key, w.workdir / receiving, receiving)
    enrol_directly(w.server, sender)
    enrol_directly(w.server, receiver)
    proxy = FaultProxy(w.server.process.port, client_timeout=1.0)
    receiver.set_server(proxy.url)
    return sender, receiver, proxy


def _asked(sender: Station, receiver: Station) -> cases.Registration:
    """A found child registered at the sending station, its transfer to the receiving one sent."""
    (reg,) = cases.register_cases(
        sender.session, parse_case_file((EXAMPLES / "found_child.json").read_bytes())
    )
    transfers.request_transfer(sender.session, reg.case_no, receiver.code, "孩子的户籍地在桂林")
    assert settle(lambda: sync_now(sender.session)).equal
    return reg


@pytest.mark.parametrize("seed", SEEDS)
def test_a_transfer_survives_faults(transfer_world: World, seed: int) -> None:
    rng = random.Random(seed)
    w = transfer_world
    sender, receiver, proxy = _pair(w, f"371102{seed:03d}", f"450304{seed:03d}")
    waits: list[float] = []
    try:
        reg = _asked(sender, receiver)
        _faults(receiver, proxy, rng, seed, waits)
        (incoming,) = transfers.list_transfers(receiver.session)
        boss = replace(receiver.session, user="zhao", role=AccountRole.SUPERVISOR)
        transfers.approve_transfer(boss, incoming.short_id)
        _faults(receiver, proxy, rng, seed + 1000, waits)
        assert cases.show_case(receiver.session, reg.case_no).verification_code == reg.verification_code
        edit_case(boss, reg.case_no, {"summary": "桂林所接办后补充：孩子会说桂林话"}, "接办补充")
        _faults(receiver, proxy, rng, seed + 2000, waits)
        print(f"transfer schedule seed={seed} faults={dict(proxy.stats)}")

        assert settle(lambda: sync_now(sender.session)).equal
        assert transfers.held_elsewhere(sender.session, reg.case_no) is not None
        (done,) = transfers.list_transfers(receiver.session)
        assert done.state is TransferState.COMPLETED
        with receiver.session.store.reader() as conn:
            held = conn.exec_driver_sql(
                "SELECT count(*) FROM cases WHERE case_no = ?", (reg.case_no,)
            ).scalar()
            states = {r[0] for r in conn.exec_driver_sql("SELECT state FROM outbox").all()}
        assert held == 1 and states <= {"sent"}
        with w.server.sessions() as s:
            accepted = s.scalar(
                select(func.count()).where(
                    JournalEntry.record_type == "transfer_accept",
                    JournalEntry.record_id.like(f"{reg.case_no}/%"),
                )
            )
            moved = s.scalar(select(func.count()).where(CaseTransfer.case_no == reg.case_no))
            case = s.get(Record, reg.case_no)
            assert case is not None
            assert (accepted, moved, case.revision) == (1, 1, 2) and "桂林话" in case.payload
    finally:
        proxy.close()
        sender.close()
        receiver.close()


@pytest.mark.parametrize("seed", SEEDS[:4])
def test_a_declined_transfer_survives_faults(transfer_world: World, seed: int) -> None:
    """The receiving station receives the request and declines it through the faults: the server
    applies one end, the case never moves, and the sending station is told who and why."""
    rng = random.Random(seed + 500)
    w = transfer_world
    sender, receiver, proxy = _pair(w, f"371103{seed:03d}", f"450305{seed:03d}")
    waits: list[float] = []
    try:
        reg = _asked(sender, receiver)
        _faults(receiver, proxy, rng, seed, waits)
        transfers.decline_transfer(receiver.session, reg.case_no, "户籍地核实不在本辖区")
        _faults(receiver, proxy, rng, seed + 1000, waits)
        print(f"decline schedule seed={seed} faults={dict(proxy.stats)}")

        assert settle(lambda: sync_now(sender.session)).equal
        (told,) = transfers.list_transfers(sender.session)
        assert (told.state, told.end_reason) == (TransferState.DECLINED, "户籍地核实不在本辖区")
        assert transfers.held_elsewhere(sender.session, reg.case_no) is None
        (mine,) = transfers.list_transfers(receiver.session)
        assert mine.state is TransferState.DECLINED
        with receiver.session.store.reader() as conn:
            states = {r[0] for r in conn.exec_driver_sql("SELECT state FROM outbox").all()}
        assert states <= {"sent"}
        with w.server.sessions() as s:
            ended = s.scalar(
                select(func.count()).where(
                    JournalEntry.record_type == "transfer_end",
                    JournalEntry.record_id.like(f"{reg.case_no}/%"),
                )
            )
            transfer = s.scalar(select(CaseTransfer).where(CaseTransfer.case_no == reg.case_no))
            case = s.get(Record, reg.case_no)
            assert case is not None and transfer is not None
            assert (ended, transfer.state, case.owner_station_id != transfer.to_station_id) == (
                1,
                "declined",
                True,
            )
    finally:
        proxy.close()
        sender.close()
        receiver.close()
