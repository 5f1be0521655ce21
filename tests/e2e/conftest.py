"""The sync fault suite's world: one real server process per backend, a fault proxy in front of
it, and a template station store. ``XUNREN_SYNC_SCHEDULES`` sets the number of in-process
schedules per backend (default 110; the long mode runs thousands)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.faultproxy import FaultProxy
from tests.e2e.harness import PG_ENV, ServerUnderTest, fresh_server_db, make_template

SCHEDULES = int(os.environ.get("XUNREN_SYNC_SCHEDULES", "110"))
KILL_SCHEDULES = int(os.environ.get("XUNREN_SYNC_KILL_SCHEDULES", "10"))


@dataclass
class World:
    kind: str
    server: ServerUnderTest
    proxy: FaultProxy
    template: Path
    key: bytes
    workdir: Path


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    kind = str(request.param)
    if kind == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    workdir = tmp_path_factory.mktemp(f"sync-{kind}")
    url, drop = fresh_server_db(kind, workdir)
    server = ServerUnderTest(url)
    proxy = FaultProxy(server.process.port)
    template, key = make_template(workdir)
    try:
        yield World(kind, server, proxy, template, key, workdir)
    finally:
        proxy.close()
        server.stop()
        drop()
