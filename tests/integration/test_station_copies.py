"""The load bench's large-station builder (bench/station_copies.py): the copies are real cases the
station matcher's first load reads, each under its own number, with their DNA profiles."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("XUNREN_TEST_WEAK_KDF", "1")

from app.core.model import AccountRole, StationInfo
from app.services import matching
from app.services.session import Session
from app.storage.store import StationStore
from bench.bench_station import _station
from bench.station_copies import multiply


def test_copies_are_loaded_as_cases_of_their_own() -> None:
    folder = _station(60)
    try:
        store = StationStore(folder / "station.db", bytes(32))
        session = Session(folder, store, "admin", AccountRole.ADMIN, StationInfo("370783001", "bench"))
        first = matching._load_pools(session)
        store.close()
        assert len(first.by_case) == 60
        total = multiply(folder, 3)
        store = StationStore(folder / "station.db", bytes(32))
        session = Session(folder, store, "admin", AccountRole.ADMIN, StationInfo("370783001", "bench"))
        pools = matching._load_pools(session)
        with store.reader() as conn:
            numbers = [r[0] for r in conn.exec_driver_sql("SELECT case_no FROM cases")]
            profiles = conn.exec_driver_sql("SELECT count(*) FROM samples WHERE profile IS NOT NULL").one()[0]
        store.close()
        assert len(pools.by_case) == 180 and total == len(numbers) == len(set(numbers))
        assert {n[10:14] for n in pools.by_case} == {"2026", "2025", "2024"}
        assert profiles % 3 == 0 and profiles > 0
        assert len(pools.missing) == 3 * len(first.missing)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
