"""National server: push and pull rates over loopback into PostgreSQL, and server memory.

Run: ``python -m bench --only bench_server [--quick]``. PostgreSQL from
``XUNREN_BENCH_DATABASE_URL`` or ``XUNREN_TEST_DATABASE_URL`` (default
postgresql://root@127.0.0.1:5432/test); a fresh database is made for the run and dropped after.

- push: real ``xunren-server serve`` process, batches of 500 new records (a case number, a
  realistic payload), several stations pushing at once; compared with inserting the same rows
  straight into PostgreSQL (psycopg, one transaction per 500, same concurrency) in the same run.
  ``XUNREN_BENCH_SERVER_WORKERS`` sets ``serve --workers`` (default 2, the figure's name says how
  many); with more than one, a second ``serve`` without ``--workers`` on the same database is
  measured beside it (every other round).
- bare endpoint: the same bodies posted the same way to a process with the server's HTTP stack
  and body validation that stores nothing (``python -m bench.bench_server bare --port P --workers N``):
  what the machine allows a Python HTTP server at all, beside the push it is the ceiling of
  (every other round, the rounds the single process is not measured).
- what each pushed change writes: every bench case is a new missing child (under 14) last seen in
  寿光 (370783), so each change stores its ``records`` row, its ``journal`` row and an alert
  (``child_alerts``, due at once): three rows. The alert's first step, a delivery
  (``child_alert_deliveries``) and a pullable journal item for each of the three other stations
  (all within 100 km), is written by the next widening, which runs before every pull page: after
  each round of children one station pulls (an empty page past its end) and that pull's time is
  the widening's, reported per alert and with the push as "push + first widening" (nine rows a
  change), compared with the direct insert of all nine rows (same indexes and foreign keys as the
  server's tables). The realistic mix's and the single process's alerts are widened untimed.
- missing adults only (issue 14's own comparison): the same push where every case is a missing
  adult (born 1985, no alert), so each change stores what the direct insert of the records +
  journal rows stores, every case still read in full by the station's rules; through the same
  server processes in the same rounds, held to the issue's goals (>= 10,000 changes/s, >= 0.5
  of that direct insert), with its own CPU per change.
- realistic mix: the same push where one case in ten is a missing child and the others missing
  adults, through the same server processes in the same rounds.
- pull: 100,000 items for one station, pulled in pages of 1,000.
- memory: the server's RSS after warm-up and after every change has gone through.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import psycopg
from fastapi import APIRouter, FastAPI, Response

from app.sync import protocol
from bench import cpu_use
from bench.case_payloads import ADULT_DOCUMENT, missing_case_payload
from bench.direct_insert import direct_insert_rate
from bench.harness import Figure, at_once, stopwatch
from bench.scratch_db import admin_url, scratch_database
from bench.server_figures import figures as _figures
from server.api.bodies import BoundedBodyRoute
from server.api.schemas import PushCreate
from server.services import credentials
from server.services.meta import in_transaction
from server.settings import Settings, normalize_db_url
from server.storage.engine import make_engine, migrate, session_factory

ROOT = Path(__file__).resolve().parents[1]
BATCH = 500
CLIENTS = int(os.environ.get("XUNREN_BENCH_SERVER_CLIENTS", 4))
# Server processes (`serve --workers`): one per core of this two-core machine, as a PostgreSQL
# deployment runs it; the figure names the number, and one process is measured beside it.
WORKERS = int(os.environ.get("XUNREN_BENCH_SERVER_WORKERS", 2))
PAYLOAD = missing_case_payload()  # read by the server with the station's rules, as in service
ADULT = missing_case_payload(ADULT_DOCUMENT)  # a missing adult: no alert
MIX_CHILDREN_EVERY = 10  # the realistic mix: one case in ten is a missing child
ADULTS_ONLY = 0  # children_every for a push of missing adults only (issue 14's own comparison)


def bare_app() -> FastAPI:
    """``POST /sync/push`` with the server's own body route and model, answering one result per
    change in the server's shape, and storing nothing."""
    router = APIRouter(route_class=BoundedBodyRoute)

    @router.post("/sync/push")
    def push(body: PushCreate) -> Response:
        results = [
            {"change_id": c.change_id, "record_id": c.record_id, "status": "applied", "revision": 1}
            for c in body.changes
        ]
        answer = {"epoch": "bare", "server_time": "", "results": results}
        return Response(json.dumps(answer, separators=(",", ":")), media_type="application/json")

    @router.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app = FastAPI()
    app.state.settings = Settings(db_url="sqlite:///:memory:")
    app.include_router(router)
    return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children (the uvicorn workers), in MB."""
    return cpu_use.tree_sum(pid, _own_rss_mb)


def _own_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _bodies(station: str, start: int, count: int, children_every: int = 1) -> list[bytes]:
    """Push bodies of BATCH new cases each, encoded before the clock starts; every
    ``children_every``-th case a missing child, the others missing adults (ADULTS_ONLY: none a
    child)."""
    now = "2026-11-29T08:00:00+08:00"
    out = []
    for first in range(start, start + count, BATCH):
        changes = [
            {
                "change_id": str(uuid.uuid4()),
                "record_type": "case",
                "record_id": f"{station}-{2000 + n // 1_000_000}-{n % 1_000_000:06d}",
                "base_revision": 0,
                "payload": PAYLOAD if children_every and n % children_every == 0 else ADULT,
                "created_at": now,
            }
            for n in range(first, min(first + BATCH, start + count))
        ]
        out.append(json.dumps({"changes": changes}, ensure_ascii=False).encode())
    return out


def _push_all(
    url: str,
    credentials_by_station: dict[str, str],
    per_station: int,
    offset: int,
    children_every: int = 1,
    client_cpu: list[float] | None = None,
) -> float:
    """Every station pushes ``per_station`` changes at once; returns changes per second. The
    stations' CPU seconds while they push (the bodies are encoded before) go to ``client_cpu``."""
    work = {code: _bodies(code, offset, per_station, children_every) for code in credentials_by_station}
    errors: list[str] = []

    def push(code: str) -> None:
        headers = {
            "Authorization": f"Bearer {credentials_by_station[code]}",
            "Content-Type": "application/json",
        }
        with httpx.Client(base_url=url, timeout=120) as http:
            for body in work[code]:
                answer = http.post("/sync/push", content=body, headers=headers)
                if answer.status_code != 200 or '"refused"' in answer.text:
                    errors.append(f"{answer.status_code} {answer.text[:200]}")

    before = time.process_time()
    seconds = at_once(push, work)
    if client_cpu is not None:
        client_cpu.append(time.process_time() - before)
    if errors:
        raise RuntimeError(f"push failed: {errors[0]}")
    return per_station * len(work) / seconds


def widening_pull(url: str, credential: str) -> float:
    """One pull of an empty page (a cursor past the station's end): the server runs the widening
    step first, taking every alert due to its radius. Returns the seconds it took."""
    with httpx.Client(base_url=url, timeout=600) as http, stopwatch() as elapsed:
        answer = http.get(
            "/sync/pull",
            params={"cursor": 2**62, "limit": 1},
            headers={"Authorization": f"Bearer {credential}"},
        )
        seconds = elapsed()
    if answer.status_code != 200 or answer.json()["items"]:
        raise RuntimeError(f"widening pull failed: {answer.status_code} {answer.text[:200]}")
    return seconds


def _pull_rate(url: str, db: str, credential: str, station: str, items: int) -> tuple[float, int]:
    """(items pulled a second, the alert items that were waiting besides the ``items`` added)."""
    with psycopg.connect(db, autocommit=True) as conn:
        sid = conn.execute("SELECT id FROM stations WHERE code = %s", (station,)).fetchone()
        assert sid is not None
        # What the station has to pull already (the missing-child alerts of the pushed cases).
        waiting = conn.execute("SELECT count(*) FROM journal WHERE audience_station_id = %s", sid).fetchone()
        assert waiting is not None
        conn.execute(
            "INSERT INTO journal (audience_station_id, kind, record_type, record_id, revision, payload, received_at)"
            " SELECT %s, 'match', 'match', 'm' || g, 1, %s, now() FROM generate_series(1, %s) g",
            (
                sid[0],
                json.dumps({"missing": "x", "found": "y", "score": 0.9, "reasons": ["年龄相符"]}),
                items,
            ),
        )
    got, cursor = 0, 0
    with httpx.Client(base_url=url, timeout=120) as http, stopwatch() as elapsed:
        while True:
            page = http.get(
                "/sync/pull",
                params={"cursor": cursor, "limit": 1000},
                headers={"Authorization": f"Bearer {credential}"},
            ).json()
            got += len(page["items"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        seconds = elapsed()
    if got != items + waiting[0]:
        raise RuntimeError(f"pulled {got} of {items + waiting[0]}")
    return got / seconds, int(waiting[0])


def _add_station(session: Any, *, code: str) -> str:
    token: str = credentials.add_station(session, code, "派出所", 1)
    return token


def run(quick: bool) -> list[Figure]:
    tag = os.environ.get("XUNREN_BENCH_DB_TAG", "")
    with scratch_database(admin_url(), f"xunren_bench_{tag}server") as db:
        name = db.rsplit("/", 1)[1]  # PostgreSQL's backends are counted by their database
        started: list[subprocess.Popen[bytes]] = []
        try:
            codes, tokens = _stations(db)
            url, proc = _start(["server.cli", "serve", "--db", db], WORKERS, started)
            # The same push through one server process too, when the figure is for several: the
            # single-process rate is what one `serve` without --workers gives.
            single_url = _start(["server.cli", "serve", "--db", db], 1, started)[0] if WORKERS > 1 else None
            bare_url = _start(["bench.bench_server", "bare"], WORKERS, started)[0]
            creds = {
                code: httpx.post(f"{url}/enroll", json={"token": tok}).json()["credential"]
                for code, tok in tokens.items()
            }
            total = int(os.environ.get("XUNREN_BENCH_SERVER_TOTAL", 100_000 if quick else 1_000_000))
            measured = min(total, 40_000 if quick else 200_000)
            _push_all(url, creds, 2_500, 0)  # warm-up
            if single_url is not None:
                _push_all(single_url, creds, 2_500, 2_500)
            _push_all(bare_url, creds, 2_500, 0)
            puller = creds[codes[0]]
            widening_pull(url, puller)  # the warm-up's alerts
            rss_start = _rss_mb(proc.pid)
            # Push and direct insert alternate in rounds, so a busy neighbour on the machine slows
            # both alike instead of whichever happened to run at the wrong moment.
            rounds = 4 if quick else 10
            per_round = measured // rounds // CLIENTS
            batch = per_round * CLIENTS  # changes each stream pushes or inserts in a round
            streams = (
                "push",
                "widen",
                "adults",
                "single",
                "mix",
                "direct",
                "alerted",
                "every",
                "plain",
                "bare",
            )
            seconds = dict.fromkeys(streams, 0.0)
            counted = dict.fromkeys(streams, 0)
            done = 5_000
            direct = partial(direct_insert_rate, db, codes, per_round, payload=PAYLOAD)
            cpu = dict.fromkeys(
                (
                    "server",
                    "postgres",
                    "client",
                    "adults_server",
                    "adults_postgres",
                    "widen_server",
                    "widen_postgres",
                ),
                0.0,
            )

            def timed(stream: str, rate: float) -> None:
                seconds[stream] += batch / rate
                counted[stream] += batch

            def charged(prefix: str, work: Callable[[], float]) -> float:
                """``work()``, its CPU added to the server's and PostgreSQL's counts (``prefix``)."""
                server, postgres = cpu_use.process_tree(proc.pid), cpu_use.postgres_backends(name)
                result = work()
                cpu[f"{prefix}server"] += cpu_use.process_tree(proc.pid) - server
                cpu[f"{prefix}postgres"] += cpu_use.postgres_backends(name) - postgres
                return result

            for r in range(rounds):
                spent: list[float] = []
                timed("push", charged("", partial(_push_all, url, creds, per_round, done, client_cpu=spent)))
                cpu["client"] += sum(spent)
                done += per_round
                # the round's alerts to their first radius
                seconds["widen"] += charged("widen_", partial(widening_pull, url, puller))
                counted["widen"] += batch
                timed(
                    "adults", charged("adults_", partial(_push_all, url, creds, per_round, done, ADULTS_ONLY))
                )
                done += per_round
                # The single process and the bare endpoint take turns, a round each: the bench
                # takes about the time it took before the adults' push was added.
                if single_url is not None and r % 2 == 0:
                    timed("single", _push_all(single_url, creds, per_round, done))
                    done += per_round
                timed("mix", _push_all(url, creds, per_round, done, MIX_CHILDREN_EVERY))
                done += per_round
                widening_pull(url, puller)  # the single process's and the mix's alerts, untimed
                timed("direct", direct(mode="stored", round_no=r))
                timed("alerted", direct(mode="alerted", round_no=r))
                timed("every", direct(mode="every", round_no=r))
                timed("plain", direct(mode="plain", round_no=r))
                if single_url is None or r % 2 == 1:
                    timed("bare", _push_all(bare_url, creds, per_round, 0))
            rates = {k: counted[k] / v for k, v in seconds.items() if v}
            for extra in started[1:]:
                _stop(extra)
            rest = total - measured
            while rest > 0:  # the rest of the million, in rounds, only for memory
                chunk = min(rest, 200_000)
                _push_all(url, creds, chunk // CLIENTS, done)
                widening_pull(url, puller)
                done += chunk // CLIENTS
                rest -= chunk
            rss_end = _rss_mb(proc.pid)
            pulled = _pull_rate(url, db, creds[codes[0]], codes[0], 100_000)
            per_change = {k: v / (batch * rounds) * 1e6 for k, v in cpu.items()}
            return _figures(
                rates,
                pulled,
                total,
                rss_start,
                rss_end,
                per_change,
                batch=BATCH,
                clients=CLIENTS,
                workers=WORKERS,
                mix_every=MIX_CHILDREN_EVERY,
            )
        finally:
            for server in started:
                _stop(server)


def _stations(db: str) -> tuple[list[str], dict[str, str]]:
    """The benchmark's stations on a freshly migrated database, and their enrolment tokens."""
    engine = make_engine(Settings(db_url=normalize_db_url(db)))
    migrate(engine)
    codes = [f"{370786001 + i}" for i in range(CLIENTS)]
    tokens: dict[str, str] = {}
    with session_factory(engine)() as session:
        for code in codes:
            tokens[code] = in_transaction(session, partial(_add_station, code=code))
    engine.dispose()
    return codes, tokens


def _start(
    command: list[str], workers: int, started: list[subprocess.Popen[bytes]]
) -> tuple[str, subprocess.Popen[bytes]]:
    """``python -m COMMAND --port P --workers N`` on a free port, once it answers /health."""
    port = _free_port()
    argv = [sys.executable, "-m", *command, "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(argv, cwd=ROOT)
    started.append(proc)
    url = f"http://127.0.0.1:{port}"
    _wait(url, proc)
    return url, proc


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is not None and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180  # a busy shared machine starts a process slowly
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the server process exited")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise TimeoutError("server did not start")


__all__ = ["bare_app", "protocol", "run", "widening_pull"]


if __name__ == "__main__" and sys.argv[1:2] == ["bare"]:  # bare --port P --workers N
    import uvicorn

    uvicorn.run(
        "bench.bench_server:bare_app",
        factory=True,
        host="127.0.0.1",
        port=int(sys.argv[sys.argv.index("--port") + 1]),
        workers=int(sys.argv[sys.argv.index("--workers") + 1]),
        log_level="warning",
    )
