"""The sync fault suite's world: one real server process per backend (for the whole session) and
a template station store; each schedule puts its own fault proxy in front of the server.

``XUNREN_SYNC_SCHEDULES`` sets the number of in-process schedules per backend (default 100: 200
with PostgreSQL, the floor every CI run keeps; the long mode runs thousands),
``XUNREN_SYNC_KILL_SCHEDULES`` the SIGKILL ones (default 10), ``XUNREN_SYNC_PARALLEL`` how many
schedules run at once (default 4), and ``XUNREN_SYNC_SEED`` replays one seed alone."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.harness import PG_ENV, ServerUnderTest, fresh_server_db, make_template

SCHEDULES = int(os.environ.get("XUNREN_SYNC_SCHEDULES", "100"))
KILL_SCHEDULES = int(os.environ.get("XUNREN_SYNC_KILL_SCHEDULES", "10"))
PARALLEL = int(os.environ.get("XUNREN_SYNC_PARALLEL", "4"))
ONLY_SEED = os.environ.get("XUNREN_SYNC_SEED")
BLOCK = 10


def blocks(count: int) -> list[range]:
    """Seeds in blocks of ten (one test each); just the replayed seed when one is given."""
    if ONLY_SEED is not None:
        return [range(int(ONLY_SEED), int(ONLY_SEED) + 1)]
    return [range(b, min(b + BLOCK, count)) for b in range(0, count, BLOCK)]


def run_block(seeds: range, schedule: Callable[[int], None]) -> None:
    """Run a block of schedules, PARALLEL at a time (several stations at once, as in life);
    every failing seed is printed for replay with XUNREN_SYNC_SEED."""
    failures: list[str] = []
    with ThreadPoolExecutor(max(1, PARALLEL)) as pool:
        futures = {seed: pool.submit(schedule, seed) for seed in seeds}
        for seed, future in futures.items():
            exc = future.exception()
            if exc is not None:
                where = "".join(traceback.format_exception(exc)[-4:])
                failures.append(f"seed {seed}: {type(exc).__name__}: {exc}\n{where}")
    if failures:
        replay = failures[0].split(":")[0].split()[1]
        pytest.fail(
            f"{len(failures)} schedule(s) failed (replay: XUNREN_SYNC_SEED={replay}):\n" + "\n".join(failures)
        )


@dataclass
class World:
    kind: str
    server: ServerUnderTest
    template: Path
    key: bytes
    workdir: Path


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from world_of(request, tmp_path_factory, "sync")


def world_of(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str
) -> Iterator[World]:
    """A server process and a station template of their own, on the backend the fixture's param
    names (a fault suite's module: no other test's deliveries in its feeds)."""
    kind = str(request.param)
    if kind == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    workdir = tmp_path_factory.mktemp(f"{name}-{kind}")
    url, drop = fresh_server_db(kind, workdir)
    server = ServerUnderTest(url)
    template, key = make_template(workdir)
    try:
        yield World(kind, server, template, key, workdir)
    finally:
        server.stop()
        drop()


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerUnderTest]:
    """A real server process on an SQLite file of this test's own."""
    server = ServerUnderTest(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield server
    server.stop()
