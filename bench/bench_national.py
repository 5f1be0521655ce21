"""National matching at the scale of a country (issue 15), on PostgreSQL with real processes.

For each register size (100,000 and 300,000 active persons by default; ``XUNREN_BENCH_NATIONAL``
= ``100000,1000000`` for others; ``--quick``: 20,000), a third of them with DNA profiles (a
missing child's mother, a found child's own), the records are written with ``COPY``; then a real
``xunren-server worker`` loads its national index and a real ``serve`` process takes 20 pushes of
100 new found children (a busy station's day; some of them the children of registered missing
persons, so candidates are delivered). Figures per size:

- first load: from starting the worker to its "national index loaded" line (goal ≤ 60 s);
- the worker's memory after the load and at the end (VmRSS / VmHWM; goal ≤ 3 GB at 1,000,000);
- delivery: from the push's answer (its commit) to the job's ``finished_at`` with the candidates
  stored and journalled for both stations' pull — p95 over 20 pushes (goal ≤ 5 s);
- rows read per job (journal entries and records, counted by the index): the same at every size;
- the job's time per touched person (its whole time: the in-memory screen plus reading the
  touched cases and writing candidates);
- the in-memory screen per touched person, from the worker's own figure in the job's row
  (``jobs.screen_ms``: ranking each touched person against the whole loaded register, no
  database in it; goal ≤ 10 ms at every size).

Before the sizes, in one process, no database: the in-memory screen alone in both directions
(goal ≤ 10 ms each), a found child against 100,000 missing persons (``--quick``: 20,000) and a
missing person against the found children of the largest register (a third of it: 333,333 at
1,000,000; ``bench/national_found.py``).

The database is made for the run (its name carries ``XUNREN_BENCH_DB_TAG``) and dropped after.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

import httpx
import psycopg

from app.core.matching.frequencies import default_table
from bench.harness import Figure, at_most, p95, reported
from bench.scratch_db import admin_url, scratch_database
from server.settings import Settings
from server.storage.engine import make_engine, migrate, session_factory

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT.parent / "shared" / "examples"
PUSHES, PER_PUSH, RELATED = 20, 100, 10  # RELATED of each push are registered children's
COUNTIES = ["450305", "370783", "440106", "510107", "420106", "330106", "110105", "530102", "610113"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = "明华强军平伟芳娜敏静丽艳勇杰涛磊超鹏辉刚健宇浩欣怡子轩梓涵一诺雨桐佳琪"
STATIONS = 60
TODAY = dt.date(2026, 12, 1)


def _writable(freqs: Mapping[float, float]) -> tuple[list[float], list[float]]:
    """The alleles a case file may carry (1–99, micro-variants .1–.3) with their frequencies."""
    kept = {a: f for a, f in freqs.items() if 1 <= a <= 99 and round(a % 1, 1) in (0.0, 0.1, 0.2, 0.3)}
    return list(kept), list(kept.values())


class Registry:
    """Generates valid case files: names, sexes, ages, places, and STR profiles from the table."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        table = default_table()
        self.loci = sorted(table.freqs)
        self.alleles = {k: _writable(v) for k, v in table.freqs.items()}
        self.missing_doc = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
        self.found_doc = json.loads((EXAMPLES / "found_child.json").read_text("utf-8"))
        self.mothers: list[tuple[str, str, dt.date, dict[str, list[float]]]] = []  # DNA families

    def _allele(self, locus: str) -> float:
        values, weights = self.alleles[locus]
        return self.rng.choices(values, weights)[0]

    def profile(self) -> dict[str, list[float]]:
        return {k: sorted([self._allele(k), self._allele(k)]) for k in self.loci}

    def child_of(self, mother: dict[str, list[float]]) -> dict[str, list[float]]:
        return {k: sorted([self.rng.choice(mother[k]), self._allele(k)]) for k in self.loci}

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2))))

    def missing(self, case_no: str, with_dna: bool) -> dict[str, Any]:
        sex, born = self.rng.choice("MF"), TODAY - dt.timedelta(days=self.rng.randrange(365, 365 * 20))
        seen = born + dt.timedelta(days=self.rng.randrange(180, max(181, (TODAY - born).days)))
        county = self.rng.choice(COUNTIES)
        person = {**self.missing_doc["persons"][0], "name": self.name(), "sex": sex}
        person.update(
            {"birth_date": born.isoformat(), "nicknames": [], "household_address": {"code": county}}
        )
        person.pop("height_cm", None)
        mother = self.profile() if with_dna else None
        reporter: dict[str, Any] = {
            "name": self.name(),
            "sex": "F",
            "relation": "mother",
            "phone": "13853612345",
        }
        if mother is not None:
            sample = {
                **self.missing_doc["reporter"]["samples"][0],
                "profile": {"kit": "PowerPlex 21", "loci": mother},
            }
            reporter["samples"] = [sample]
            if len(self.mothers) < 5000:
                self.mothers.append((case_no, sex, born, mother))
        at = f"{seen.isoformat()}T17:10:00+08:00"
        return {**self.missing_doc, "reported_at": at, "last_seen": {"at": at, "place_code": county, "place": "街道"},
                "reporter": reporter, "persons": [person]}  # fmt: skip

    def found(
        self, with_dna: bool, family: tuple[str, str, dt.date, dict[str, list[float]]] | None = None
    ) -> dict[str, Any]:
        if family is not None:
            _case, sex, born, mother = family
            loci: dict[str, list[float]] | None = self.child_of(mother)
        else:
            sex, born = self.rng.choice("MF"), TODAY - dt.timedelta(days=self.rng.randrange(365, 365 * 20))
            loci = self.profile() if with_dna else None
        age = max(0, (TODAY - born).days // 365)
        person = {
            **self.found_doc["persons"][0],
            "name": self.name(),
            "sex": sex,
            "estimated_age": [max(0, age - 1), age + 2],
        }
        person.pop("height_cm", None)
        sample = {**self.found_doc["persons"][0]["samples"][0]}
        if loci is not None:
            sample["profile"] = {"kit": "PowerPlex 21", "loci": loci}
            person["samples"] = [sample]
        else:
            person.pop("samples", None)
        at = f"{TODAY.isoformat()}T11:40:00+08:00"
        return {**self.found_doc, "reported_at": at, "found": {"at": at, "place_code": self.rng.choice(COUNTIES), "place": "车站"},
                "persons": [person]}  # fmt: skip


def _payload(doc: dict[str, Any]) -> dict[str, Any]:
    return {"type": doc["type"], "case": doc, "status": "open", "review": "pending"}


def _fill(db_url: str, persons: int, registry: Registry) -> list[str]:
    """Stations and *persons* active cases (two thirds missing), written with COPY; returns the
    station codes."""
    engine = make_engine(Settings(db_url=db_url))
    migrate(engine)
    engine.dispose()
    codes = [f"{COUNTIES[i % len(COUNTIES)]}{i + 100:03d}" for i in range(STATIONS)]
    now = dt.datetime.now(dt.UTC)
    with psycopg.connect(db_url) as conn:
        with conn.cursor().copy("COPY stations (id, code, name, created_at) FROM STDIN") as copy:
            for i, code in enumerate(codes):
                copy.write_row((i + 1, code, "派出所", now))
        columns = "record_id, record_type, case_no, owner_station_id, revision, payload, case_type, status, updated_at"
        with conn.cursor().copy(f"COPY records ({columns}) FROM STDIN") as copy:
            for n in range(persons):
                station = n % STATIONS
                case_no = f"{codes[station]}-2025-{n // STATIONS + 1:06d}"
                doc = registry.missing(case_no, n % 3 == 0) if n % 3 != 2 else registry.found(n % 9 == 2)
                text = json.dumps(_payload(doc), ensure_ascii=False)
                copy.write_row((case_no, "case", case_no, station + 1, 1, text, doc["type"], "open", now))
        conn.execute("SELECT setval(pg_get_serial_sequence('stations', 'id'), %s)", (STATIONS,))
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE records")
    return codes


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Lines:
    """A process's stderr, read on a thread; ``wait_for`` blocks until a line says *words*."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.lines: list[tuple[float, str]] = []
        self._cond = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        for raw in stream:
            with self._cond:
                self.lines.append((time.monotonic(), raw.decode(errors="replace").rstrip()))
                self._cond.notify_all()

    def wait_for(self, words: str, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        with self._cond:
            while time.monotonic() < deadline:
                for at, line in self.lines:
                    if words in line:
                        return at
                self._cond.wait(1.0)
        raise TimeoutError(f"never said {words!r}: {self.lines[-5:]}")


def _memory(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024 / 1024  # GiB
    return fields


def _serve(db_url: str) -> tuple[str, subprocess.Popen[bytes]]:
    port = _port()
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


def _station_token(db_url: str, code: str) -> str:
    from server.services import credentials
    from server.services.meta import in_transaction

    engine = make_engine(Settings(db_url=db_url))
    try:
        with session_factory(engine)() as session:
            token: str = in_transaction(session, lambda s: credentials.add_station(s, code, "推送派出所", 7))
            return token
    finally:
        engine.dispose()


def _push_and_wait(
    client: httpx.Client, db_url: str, registry: Registry, code: str, push: int
) -> dict[str, float]:
    changes = []
    for i in range(PER_PUSH):
        family = registry.rng.choice(registry.mothers) if i < RELATED and registry.mothers else None
        doc = registry.found(i % 3 == 0, family)
        changes.append({
            "change_id": str(uuid.uuid4()), "record_type": "case", "record_id": f"{code}-2026-{push * PER_PUSH + i + 1:06d}",
            "base_revision": 0, "payload": _payload(doc), "created_at": dt.datetime.now(dt.UTC).isoformat(),
        })  # fmt: skip
    with psycopg.connect(db_url, autocommit=True) as conn:
        last = conn.execute("SELECT coalesce(max(id), 0) FROM jobs").fetchone()[0]  # type: ignore[index]
        answer = client.post("/sync/push", json={"changes": changes})
        committed = dt.datetime.now(dt.UTC)
        assert answer.status_code == 200, answer.text
        while True:
            row = conn.execute(
                "SELECT state, finished_at, touched, took_ms, rows_read, candidates, screen_ms FROM jobs WHERE id > %s",
                (last,),
            ).fetchone()
            if row is not None and row[0] == "done":
                break
            time.sleep(0.02)
    _state, finished, touched, took_ms, rows_read, candidates, screen_ms = row
    return {
        "delivered": (finished - committed).total_seconds(),
        "per_person_ms": took_ms / max(1, touched),
        "screen_per_person_ms": screen_ms / max(1, touched),
        "rows_read": float(rows_read),
        "candidates": float(candidates),
    }


def _one_size(admin: str, persons: int) -> list[Figure]:
    tag = os.environ.get("XUNREN_BENCH_DB_TAG", "run")
    with scratch_database(admin, f"xunren_bench_national_{tag}") as db_url:
        worker = server = None
        try:
            registry = Registry(15)
            _fill(db_url, persons, registry)
            started = time.monotonic()
            worker = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "worker", "--db", db_url, "--poll", "0.05"],
                cwd=ROOT,
                env={**os.environ, "XUNREN_LANG": "en"},
                stderr=subprocess.PIPE,
            )
            assert worker.stderr is not None
            lines = _Lines(worker.stderr)
            loaded = lines.wait_for("national index loaded", 3600) - started
            after_load = _memory(worker.pid)
            url, server = _serve(db_url)
            code = "450305900"
            token = _station_token(db_url, code)
            credential = httpx.post(f"{url}/enroll", json={"token": token}).json()["credential"]
            runs = []
            with httpx.Client(
                base_url=url, headers={"Authorization": f"Bearer {credential}"}, timeout=120
            ) as client:
                for push in range(PUSHES):
                    runs.append(_push_and_wait(client, db_url, registry, code, push))
            end = _memory(worker.pid)
            size = f"{persons:,}"
            return [
                at_most(f"first load of the national index, {size} persons", loaded, "s", 60),
                reported(f"worker memory after the load, {size} persons", after_load["VmRSS"], "GiB"),
                at_most(f"worker peak memory, {size} persons", end["VmHWM"], "GiB", 3),
                at_most(f"push of {PER_PUSH} found children delivered, p95 of {PUSHES}, {size}", p95([r["delivered"] for r in runs]), "s", 5),
                reported(f"job time per touched person (screen, reads, writes), p95, {size}", p95([r["per_person_ms"] for r in runs]), "ms"),
                at_most(f"in-memory screen per touched person, p95, {size}", p95([r["screen_per_person_ms"] for r in runs]), "ms", 10),
                reported(f"rows read per job (journal + records), mean, {size}", sum(r["rows_read"] for r in runs) / len(runs), "rows"),
                reported(f"candidates stored per job, mean, {size}", sum(r["candidates"] for r in runs) / len(runs), "pairs"),
            ]  # fmt: skip
        finally:
            for proc in (server, worker):
                if proc is not None and proc.poll() is None:
                    proc.terminate()
                    proc.wait(30)


def _exact_stage(missing: int) -> list[Figure]:
    """The in-memory screen alone, same run: a found child (a third with DNA, one in ten the
    child of a registered mother) against *missing* missing persons, with the exact stage in
    full and with the screen's DNA exclusions deferred (the same answer, checked here too)."""
    from app.core.matching import MissingIndex
    from app.core.matching.from_document import subjects_from_document
    from app.core.matching.genotypes import GenotypeStore

    registry, store = Registry(15), GenotypeStore()
    subjects = []
    for n in range(missing):
        number = f"450305100-2025-{n:06d}"
        subjects += subjects_from_document(number, registry.missing(number, n % 3 == 0), (), store)
    index = MissingIndex([s for s in subjects if s.side == "missing"])
    queries = []
    for i in range(200):
        family = registry.rng.choice(registry.mothers) if i % 10 == 0 else None
        doc = registry.found(i % 3 == 0, family)
        queries += [s for s in subjects_from_document(f"450305900-2026-{i:06d}", doc) if s.side == "found"]
    took: dict[bool, float] = {}
    full: list[list[Any]] = []
    for lazy in (False, True, False, True):  # interleaved: the shared machine's load hits both
        started = time.perf_counter()
        answers = [index.rank(q, limit=20, exact_k=50, lazy_dna=lazy) for q in queries]
        took[lazy] = took.get(lazy, 0.0) + (time.perf_counter() - started) * 1000 / len(queries) / 2
        keys = [[(c.key, c.score, c.dna) for c in a] for a in answers]
        if lazy:
            assert keys == full, "the deferred exact stage must answer as the full one"
        else:
            full = keys
    size = f"{missing:,} missing"
    return [
        reported(f"in-memory screen per found child, full exact stage, {size}", took[False], "ms"),
        at_most(f"in-memory screen per found child, screen's DNA exclusions deferred, {size}", took[True], "ms", 10),
        reported("in-memory screen, deferred / full (same run)", took[True] / took[False], "×"),
    ]  # fmt: skip


def run(quick: bool) -> list[Figure]:
    from bench.national_found import found_exact_stage

    sizes_env = os.environ.get("XUNREN_BENCH_NATIONAL")
    sizes = (
        [int(s) for s in sizes_env.split(",")] if sizes_env else ([20_000] if quick else [100_000, 300_000])
    )
    figures = _exact_stage(20_000 if quick else 100_000)
    figures += found_exact_stage(max(sizes) // 3)  # the largest register's found (a third of it)
    print("\n".join(f.line() for f in figures), file=sys.stderr, flush=True)
    for persons in sizes:
        figures += _one_size(admin_url(), persons)
        print("\n".join(f.line() for f in figures[-8:]), file=sys.stderr, flush=True)
    rows = [f.value for f in figures if f.name.startswith("rows read per job")]
    if len(rows) > 1:
        figures.append(reported("rows read per job, largest register / smallest", rows[-1] / rows[0], "×"))
    return figures
