"""The public gallery of found children at national size (issue 18): 10,000 published children on
PostgreSQL, served by a real ``xunren-server serve`` process over HTTP.

Figures: the page's p95 (first page, later pages, pages with each filter), the JSON's p95, and
both as a ratio to ``/health`` (one database round trip) measured in the same run against the
same process, so a busy machine moves both alike. Goal (issue 18): the page ≤ 50 ms p95.
The database is made for the run (its name carries ``XUNREN_BENCH_DB_TAG``) and dropped after.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import insert

from app.core.gallery import reference_of
from bench.harness import Figure, at_most, p95, reported
from bench.scratch_db import admin_url, scratch_database
from server.settings import Settings
from server.storage.engine import make_engine, migrate, session_factory
from server.storage.public_tables import PUBLISHED, GalleryEntry
from server.storage.tables import Station

ROOT = Path(__file__).resolve().parents[1]
CHILDREN = 10_000
COUNTIES = [
    "450305",
    "370783",
    "440106",
    "510107",
    "420106",
    "330106",
    "110105",
    "530102",
    "610113",
    "210102",
]


def _fill(db_url: str, children: int) -> None:
    from app.core import regions
    from app.sync import gallery_records, protocol

    engine = make_engine(Settings(db_url=db_url))
    migrate(engine)
    rng = random.Random(18)
    now = dt.datetime.now(dt.UTC)
    with session_factory(engine)() as session, session.begin():
        stations = [Station(code=f"{c}001", name="派出所", created_at=now) for c in COUNTIES]
        session.add_all(stations)
        session.flush()
        rows = []
        for n in range(children):
            station = stations[n % len(stations)]
            county = COUNTIES[n % len(COUNTIES)]
            low = rng.randint(0, 15)
            case_no = f"{station.code}-2026-{n + 1:06d}"
            province = regions.province_of(county)
            rows.append(
                {
                    "reference": reference_of(case_no), "case_no": case_no, "station_id": station.id,
                    "record_id": protocol.child_id(case_no, gallery_records.RECORD_TYPE),
                    "state": PUBLISHED, "sex": rng.choice("MMF"), "age_min": low, "age_max": low + 2,
                    "found_on": dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2500)),
                    "county_code": county, "province_code": province.code if province else county,
                    "station_phone": "0773-2825110", "photo_sha256": "0" * 64, "legal_basis": "依法公开",
                    "requested_by": "zhang", "requested_at": now, "updated_at": now,
                    "published_at": now - dt.timedelta(seconds=n),
                }
            )  # fmt: skip
        session.execute(insert(GalleryEntry), rows)
    engine.dispose()
    with psycopg.connect(db_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE gallery_entries")  # what autovacuum does to a table this size


def _serve(db_url: str) -> tuple[str, subprocess.Popen[bytes]]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--db", db_url, "--port", str(port)],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return url, proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def _times(client: httpx.Client, paths: list[str]) -> list[float]:
    out = []
    for path in paths:
        start = time.perf_counter()
        answer = client.get(path)
        out.append(time.perf_counter() - start)
        assert answer.status_code == 200, (path, answer.status_code)
    return out


def run(quick: bool) -> list[Figure]:
    tag = os.environ.get("XUNREN_BENCH_DB_TAG", "")
    with scratch_database(admin_url(), f"xunren_bench_{tag}gallery") as db:
        proc = None
        try:
            _fill(db, CHILDREN)
            url, proc = _serve(db)
            rng = random.Random(7)
            rounds = 100 if quick else 400
            pages = CHILDREN // 24
            provinces = ["450000", "370000", "440000", "510000", "420000"]
            kinds = {
                "first page": ["/gallery"] * rounds,
                "random page": [f"/gallery?page={rng.randint(2, pages)}" for _ in range(rounds)],
                "filtered": [
                    f"/gallery?province={rng.choice(provinces)}&sex={rng.choice('MF')}&age_from={a}&age_to={a + 3}"
                    f"&page={rng.randint(1, 5)}"
                    for a in (rng.randint(0, 12) for _ in range(rounds))
                ],
                "json": [f"/gallery.json?page={rng.randint(1, pages)}" for _ in range(rounds)],
            }
            figures: list[Figure] = []
            with httpx.Client(base_url=url, timeout=30) as client:
                _times(client, ["/gallery", "/gallery.json", "/health"] * 20)  # warm-up
                health = _times(client, ["/health"] * rounds)
                samples = {k: _times(client, v) for k, v in kinds.items()}
            base = p95(health)
            figures.append(reported("gallery: /health p95 (one database round trip)", base * 1000, "ms"))
            for kind, seconds in samples.items():
                label = "JSON" if kind == "json" else f"page, {kind}"
                figures.append(
                    at_most(f"gallery {label} p95, {CHILDREN:,} published", p95(seconds) * 1000, "ms", 50)
                )
                figures.append(reported(f"gallery {label} p95 / health p95", p95(seconds) / base, "x"))
            return figures
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(10)
