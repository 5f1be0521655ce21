"""Station store benchmarks (issue 3): registration, search and opening, encrypted vs plain SQLite.

Every figure runs the same service path twice in one process: once on the real SQLCipher store
and once on a plain-SQLite engine (the baseline), so the ratio isolates the cost of encryption.

The baseline is plain SQLite from the same library build (sqlcipher3 opened without a key: an
ordinary, unencrypted SQLite file). Python's own ``sqlite3`` links the system's SQLite, an older
release with other compile options, which on its own answers single-row look-ups up to twice as
fast on the same file; comparing with it would charge that build difference to encryption. The
search figures also report the system build (``plain, system sqlite3``) so it stays visible.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from bench.harness import Figure, at_least, at_most, p95, reported
from bench.store_search import search_figures

os.environ.setdefault("XUNREN_TEST_WEAK_KDF", "1")  # Argon2id is excluded from every figure here


def plain_engine(path: Path, library: Any = sqlcipher3) -> Engine:
    """The baseline: plain SQLite (no key) with the same pragmas and transaction handling as the
    store; *library* is sqlcipher3 (the same SQLite build as the store) or the system's sqlite3."""

    def connect() -> Any:
        conn = library.connect(str(path), isolation_level=None, check_same_thread=False)
        for pragma in ("temp_store = MEMORY", "cache_size = -65536", "foreign_keys = ON", "busy_timeout = 10000",
                       "journal_mode = WAL", "synchronous = FULL"):  # fmt: skip
            conn.execute(f"PRAGMA {pragma}")
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool, pool_size=4, pool_use_lifo=True)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql(
            "BEGIN IMMEDIATE" if conn.get_execution_options().get("xunren_write") else "BEGIN"
        )

    return engine


@contextmanager
def station(kind: str) -> Iterator[Any]:
    """A logged-on admin session on a fresh store: ``kind`` is "encrypted", "plain" (same SQLite
    build, no key) or "system" (the system's SQLite through Python's sqlite3)."""
    from app.core.model import AccountRole, StationInfo
    from app.services.session import Session
    from app.storage import station_repository
    from app.storage.store import StationStore

    folder = Path(tempfile.mkdtemp(prefix=f"xunren-bench-{kind}-", dir=os.environ.get("XUNREN_BENCH_DIR")))
    path = folder / "station.db"
    key = os.urandom(32)
    engine = {"plain": plain_engine(path), "system": plain_engine(path, sqlite3)}.get(kind)
    store = StationStore(path, key, create=True, engine=engine)
    info = StationInfo("370783001", "寿光市公安局圣城派出所")
    with store.unit_of_work() as uow:
        station_repository.create_station(uow.conn, info, "bench")
        station_repository.add_account(uow.conn, "admin", AccountRole.ADMIN, "admin")
        uow.commit()
    session = Session(folder, store, "admin", AccountRole.ADMIN, info)
    try:
        yield session
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


def _cases(n: int) -> list[Any]:
    from app.services.demo import demo_cases

    return list(demo_cases(n, seed=7, now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)))


def bulk_rates(cases: list[Any], batch: int = 1000) -> dict[str, float]:
    """Cases per second through register_cases inside bulk_import, for the encrypted store and
    the plain baseline. The two take turns batch by batch (each store's time is its own batches,
    plus its index build at the end), so load from elsewhere slows both alike."""
    from app.services.cases import bulk_import as bulk
    from app.services.cases import register_cases

    spent = {"encrypted": 0.0, "plain": 0.0}
    with station("encrypted") as enc, station("plain") as plain:
        sessions = {"encrypted": enc, "plain": plain}
        imports = {name: bulk(s) for name, s in sessions.items()}
        for name, ctx in imports.items():
            start = time.perf_counter()
            ctx.__enter__()
            spent[name] += time.perf_counter() - start
        for i in range(0, len(cases), batch):
            for name, session in sessions.items():
                start = time.perf_counter()
                register_cases(session, cases[i : i + batch], check=False)  # as demo data: no warnings
                spent[name] += time.perf_counter() - start
        for name, ctx in imports.items():
            start = time.perf_counter()
            ctx.__exit__(None, None, None)
            spent[name] += time.perf_counter() - start
    return {name: len(cases) / seconds for name, seconds in spent.items()}


def single_rate(kind: str, cases: list[Any]) -> float:
    from app.services.cases import register_cases

    with station(kind) as session:
        start = time.perf_counter()
        for case in cases:
            register_cases(session, [case])
        return len(cases) / (time.perf_counter() - start)


def run(quick: bool) -> list[Figure]:
    n_bulk = 10_000 if quick else 100_000
    cases = _cases(n_bulk)
    figures: list[Figure] = []
    rates = bulk_rates(cases)
    enc, plain = rates["encrypted"], rates["plain"]
    figures.append(at_least(f"bulk registration, {n_bulk:,} cases, encrypted", enc, "cases/s", 2000))
    figures.append(reported(f"bulk registration, {n_bulk:,} cases, plain SQLite", plain, "cases/s"))
    figures.append(at_most("bulk registration time, encrypted/plain", plain / enc, "x", 1.3))
    single = single_rate("encrypted", cases[: 500 if quick else 2000])
    figures.append(at_least("one case per transaction, encrypted", single, "cases/s", 300))
    figures.extend(search_figures(quick))
    figures.append(open_figure())
    return figures


def open_figure() -> Figure:
    """Opening the store with the derived key: connect, prove the key, check the schema version."""
    from app.storage.store import StationStore

    folder = Path(tempfile.mkdtemp(prefix="xunren-bench-open-"))
    key = os.urandom(32)
    StationStore(folder / "station.db", key, create=True).close()
    samples = []
    for _ in range(20):
        start = time.perf_counter()
        store = StationStore(folder / "station.db", key)
        samples.append((time.perf_counter() - start) * 1000)
        store.close()
    shutil.rmtree(folder, ignore_errors=True)
    return at_most("open store with the derived key (p95)", p95(samples), "ms", 50)
