"""Station sync: queued changes through the real engine into a real server on PostgreSQL, the
server's raw push rate in the same run, gzip on loopback, and client memory with a long queue.

Run: ``python -m bench --only bench_sync [--quick]``. PostgreSQL from
``XUNREN_BENCH_DATABASE_URL`` or ``XUNREN_TEST_DATABASE_URL`` (default
postgresql://root@127.0.0.1:5432/test); a fresh database is made for the run and dropped after.

- sync: N changes queued in an encrypted station store (100,000; quick 20,000), synced by
  ``SyncEngine.run`` (push, pull, state check) over loopback; changes per second.
- raw push: the same number of prepared batches of 1,000 posted straight to /sync/push by a
  bare HTTP client for another station, plain and with gzip level 1, then one pull (which
  takes the pushed children's alerts to their first radius, as the sync's pull does for its
  own); changes per second.
- memory: a child process with 1,000,000 queued changes (quick 200,000) pushes for a while
  through the engine; its peak resident memory.
"""

from __future__ import annotations

import gzip
import json
import os
import secrets
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import requests

from bench.bench_server import widening_pull
from bench.case_payloads import missing_case_payload
from bench.harness import Figure, at_least, at_most, reported, stopwatch

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = missing_case_payload()  # what registration queues; the server reads it by the station's rules


def fill_outbox(store: object, station: str, count: int) -> None:
    """Queue *count* new-case changes straight into the outbox (what registration would queue)."""
    body = json.dumps(PAYLOAD, ensure_ascii=False, separators=(",", ":"))
    step = 50_000
    for first in range(0, count, step):
        rows = [
            (str(uuid.uuid4()), "case", f"{station}-{2000 + n // 1_000_000}-{n % 1_000_000:06d}", 0, body,
             "2026-11-29T00:00:00Z")
            for n in range(first, min(count, first + step))
        ]  # fmt: skip
        with store.unit_of_work() as uow:  # type: ignore[attr-defined]
            uow.cursor.executemany(
                "INSERT INTO outbox (change_id, record_type, record_id, base_revision, payload, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            uow.commit()


def _raw_bodies(station: str, count: int, offset: int) -> list[bytes]:
    out = []
    for first in range(offset, offset + count, 1000):
        changes = [
            {"change_id": str(uuid.uuid4()), "record_type": "case",
             "record_id": f"{station}-{2000 + n // 1_000_000}-{n % 1_000_000:06d}", "base_revision": 0,
             "payload": PAYLOAD, "created_at": "2026-11-29T00:00:00Z"}
            for n in range(first, min(first + 1000, offset + count))
        ]  # fmt: skip
        out.append(json.dumps({"changes": changes, "audit_head": None}, ensure_ascii=False).encode())
    return out


def _raw_push(url: str, credential: str, bodies: list[bytes], *, compress: bool) -> tuple[float, float]:
    """Changes a second (the bodies posted, then one pull; the bodies alone): the sync engine
    pulls after its push, and every case is a missing child whose alert takes its first step
    before the next pull page (issue 14). The raw push with its pull pays for its own alerts as
    the sync does, and leaves the sync's pull only the sync's own."""
    headers = {"Authorization": f"Bearer {credential}", "Content-Type": "application/json"}
    if compress:
        headers["Content-Encoding"] = "gzip"
    n = 0
    with requests.Session() as http, stopwatch() as elapsed:
        for body in bodies:
            data = gzip.compress(body, compresslevel=1) if compress else body
            answer = http.post(url + "/sync/push", data=data, headers=headers, timeout=300)
            if answer.status_code != 200 or '"refused"' in answer.text:
                raise RuntimeError(f"raw push failed: {answer.status_code} {answer.text[:200]}")
            n += body.count(b'"change_id"')
        pushed = elapsed()
        widening_pull(url, credential)
        return n / elapsed(), n / pushed


def _child_memory(db_url: str, server_url: str, count: int, seconds: float, workdir: Path) -> float:
    """Peak RSS (MB) of a fresh process that opens a store with *count* queued changes (filled
    here, beforehand) and syncs it for *seconds*: the engine's own footprint, not the filler's."""
    code = f"{100000000 + secrets.randbelow(800000000)}"
    key = secrets.token_bytes(32)
    session = station_session(workdir / "mem", code, server_url, _add_station(db_url, code), key=key)
    fill_outbox(session.store, code, count)  # type: ignore[attr-defined]
    session.store.close()  # type: ignore[attr-defined]
    script = f"""
import resource, sys, time
from pathlib import Path
from app.core.model import AccountRole, StationInfo
from app.services.session import Session
from app.services.sync import engine_for
from app.storage.store import StationStore
store = StationStore(Path({str(workdir / "mem" / "station.db")!r}), bytes.fromhex(sys.stdin.readline().strip()))
session = Session(Path({str(workdir)!r}), store, "admin", AccountRole.ADMIN, StationInfo({code!r}, "bench"))
start = time.monotonic()
def stop(point):
    if time.monotonic() - start > {seconds}:
        raise SystemExit(0)
try:
    engine_for(session, crash=stop).run()
finally:
    # VmHWM: this process's own peak. ru_maxrss would report the parent's peak on Linux (it is
    # carried over an exec from the forking process's memory), i.e. the filler's, not ours.
    hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
    print(int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    out = subprocess.run(
        [sys.executable, "-c", script], input=key.hex() + "\n", cwd=ROOT, capture_output=True, text=True,
        timeout=1800,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return float(out.stdout.strip().splitlines()[-1])


def _add_station(db_url: str, code: str) -> str:
    from server.services import credentials
    from server.services.meta import in_transaction
    from server.settings import Settings
    from server.storage.engine import make_engine, session_factory

    engine = make_engine(Settings(db_url=db_url))
    with session_factory(engine)() as s:
        token = in_transaction(s, lambda x: credentials.add_station(x, code, "基准派出所", 1))
    engine.dispose()
    return str(token)


def station_session(
    workdir: Path, code: str, server_url: str, token: str, *, key: bytes | None = None
) -> object:
    """A fresh encrypted station store enrolled with the server (no accounts: bench only)."""
    from app.core.model import AccountRole, StationInfo
    from app.services.enrolment import enroll
    from app.services.session import Session
    from app.storage.store import StationStore

    workdir.mkdir(parents=True, exist_ok=True)
    store = StationStore(workdir / "station.db", key or secrets.token_bytes(32), create=True)
    session = Session(workdir, store, "admin", AccountRole.ADMIN, StationInfo(code, "基准派出所"))
    enroll(session, server_url, token)
    return session


def run(quick: bool) -> list[Figure]:
    from bench.scratch_db import admin_url, scratch_database
    from server.settings import Settings
    from server.storage.engine import make_engine, migrate
    from tests.server.realserver import ServerProcess

    queued = 20_000 if quick else 100_000
    memory_queue = 200_000 if quick else 1_000_000
    tag = os.environ.get("XUNREN_BENCH_DB_TAG", "")
    figures: list[Figure] = []
    with scratch_database(admin_url(), f"xunren_bench_sync_{tag}") as db_url:
        engine = make_engine(Settings(db_url=db_url))
        migrate(engine)
        engine.dispose()
        server = ServerProcess(db_url).start()
        try:
            with tempfile.TemporaryDirectory() as tmp:
                work = Path(tmp)
                raw_code = f"{100000000 + secrets.randbelow(800000000)}"
                raw_cred = _enrol_raw(server.url, _add_station(db_url, raw_code))
                raw_rate, bare_rate = _raw_push(
                    server.url, raw_cred, _raw_bodies(raw_code, queued, 0), compress=False
                )
                gz_rate, _gz_bare = _raw_push(
                    server.url, raw_cred, _raw_bodies(raw_code, queued // 4, queued), compress=True
                )
                code = f"{100000000 + secrets.randbelow(800000000)}"
                session = station_session(work / "sync", code, server.url, _add_station(db_url, code))
                fill_outbox(session.store, code, queued)  # type: ignore[attr-defined]
                from app.services.sync import sync_now

                with stopwatch() as elapsed:
                    report = sync_now(session)  # type: ignore[arg-type]
                    seconds = elapsed()
                session.store.close()  # type: ignore[attr-defined]
                if report.pushed != queued or not report.equal:
                    raise RuntimeError(f"sync incomplete: {report}")
                rate = queued / seconds
                figures += [
                    at_least(f"sync {queued:,} queued changes into PostgreSQL", rate, "changes/s", 5000),
                    at_least(
                        "sync rate / raw push rate with its pull (same run)", rate / raw_rate, "ratio", 0.5
                    ),  # issue 14
                    reported(
                        "raw push rate with its pull (batches of 1,000, no gzip; the alerts' first step)",
                        raw_rate,
                        "changes/s",
                    ),
                    reported(
                        "raw push rate, the posts alone (the first step left to the pull)",
                        bare_rate,
                        "changes/s",
                    ),
                    reported("sync rate / the raw posts alone", rate / bare_rate, "ratio"),
                    reported(
                        "raw push with gzip level 1 / without, on loopback (each with its pull)",
                        gz_rate / raw_rate,
                        "ratio",
                    ),
                ]
                peak = _child_memory(db_url, server.url, memory_queue, 15.0 if quick else 30.0, work)
                figures.append(
                    at_most(f"client peak memory with {memory_queue:,} changes queued", peak, "MB", 200)
                )
        finally:
            server.stop()
    return figures


def _enrol_raw(url: str, token: str) -> str:
    answer = requests.post(url + "/enroll", json={"token": token}, timeout=30)
    answer.raise_for_status()
    return str(answer.json()["credential"])
