"""The station matcher's first load: a register of N active missing and found cases read into
matching's memory after logon. `python -m bench --only station [--quick]`.

A real encrypted station is filled with demo cases (100,000 active; 10,000 quick) and each
measurement runs in a fresh child process, so its memory growth is its own: the columnar load
the station uses (documents read straight into match subjects, every profile in one column
store through a one-look-up path, the register streamed a window at a time through a small page
cache so that it does not grow the process by SQLCipher's 64 MB cache, ``app/services/matching.py``
and ``match_repository.iter_sources``) and, in the same run on the same file and through the same
pools, the way subjects were made before issue 15 (every document validated again with
``parse_case``, subjects from the parsed case, profiles as dicts). Times are wall and CPU (the machine is shared: CPU is the steadier figure);
"with index" adds the columnar index of the missing persons the first found person needs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.harness import Figure, at_most, reported

_CHILD = r"""
import gc, json, sys, time
from pathlib import Path
from app.core.model import AccountRole, StationInfo
from app.services.session import Session
from app.storage.store import StationStore
import app.services.matching as matching
from app.core.matching.index import MissingIndex
from app.core.matching import subjects_from_case

def rss():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS"))

folder, mode = Path(sys.argv[1]), sys.argv[2]
store = StationStore(folder / "station.db", bytes(32))
session = Session(folder, store, "admin", AccountRole.ADMIN, StationInfo("370783001", "bench"))
with store.reader() as conn:
    conn.exec_driver_sql("SELECT count(*) FROM cases").one()
from app.core.matching.features import coords, syllable_id
coords("370783"), syllable_id("明")  # the index's tables (regions, pinyin) load before the clock starts
gc.collect()
before, wall, cpu = rss(), time.perf_counter(), time.process_time()
if mode == "validated":  # before issue 15: every document validated again, profiles as dicts
    def put(self, source):
        self.digests[source.case_no] = source.digest()
        self.by_case[source.case_no] = subjects_from_case(source.case_no, source.to_case())
        self.types[source.case_no] = source.type
    matching._Pools._put = put
pools = matching._load_pools(session)
missing = pools.missing
load = (time.perf_counter() - wall, time.process_time() - cpu, rss() - before)
MissingIndex(missing)
ready = (time.perf_counter() - wall, time.process_time() - cpu, rss() - before)
print(json.dumps({"load": load, "ready": ready, "missing": len(missing), "cases": len(pools.by_case)}))
"""


def _station(n_active: int) -> Path:
    """A station folder holding *n_active* active missing and found demo cases (key: 32 zeros)."""
    from app.core.model import AccountRole, StationInfo
    from app.services.cases import bulk_import, register_cases
    from app.services.demo import demo_cases
    from app.services.session import Session
    from app.storage import station_repository
    from app.storage.store import StationStore

    folder = Path(tempfile.mkdtemp(prefix="xunren-bench-station-", dir=os.environ.get("XUNREN_BENCH_DIR")))
    store = StationStore(folder / "station.db", bytes(32), create=True)
    info = StationInfo("370783001", "寿光市公安局圣城派出所")
    with store.unit_of_work() as uow:
        station_repository.create_station(uow.conn, info, "bench")
        station_repository.add_account(uow.conn, "admin", AccountRole.ADMIN, "admin")
        uow.commit()
    session = Session(folder, store, "admin", AccountRole.ADMIN, info)
    batch: list[Any] = []
    active = 0
    with bulk_import(session):
        for case in demo_cases(4 * n_active, seed=7, now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)):
            batch.append(case)
            active += case.type.value in ("missing", "found")
            if len(batch) == 1000 or active >= n_active:
                register_cases(session, batch)
                batch = []
            if active >= n_active:
                break
    store.close()
    return folder


def _measure(folder: Path, mode: str) -> dict[str, Any]:
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(folder), mode], cwd=root, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise RuntimeError(f"station load ({mode}) failed: {out.stderr.strip()[-2000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run(quick: bool) -> list[Figure]:
    """Building 100,000 cases takes most of an hour on a shared 2-core machine:
    ``XUNREN_BENCH_STATION=FOLDER`` measures a station folder built before (key: 32 zeros,
    e.g. by ``_station``), and keeps it."""
    n = 10_000 if quick else 100_000
    kept = os.environ.get("XUNREN_BENCH_STATION")
    folder = Path(kept) if kept else _station(n)
    try:
        new, old = _measure(folder, "columnar"), _measure(folder, "validated")
    finally:
        if not kept:
            shutil.rmtree(folder, ignore_errors=True)
    label = f"{new['cases']:,} active cases"
    return [
        at_most(f"first load, {label} (wall)", new["load"][0], "s", 5.0),
        reported(f"first load, {label} (CPU)", new["load"][1], "s"),
        at_most(f"first load, {label}, process growth", new["load"][2], "MB", 150.0),
        reported(f"first load with the missing index, {label} (wall)", new["ready"][0], "s"),
        reported(f"first load with the missing index, {label} (CPU)", new["ready"][1], "s"),
        reported(f"first load with the missing index, {label}, process growth", new["ready"][2], "MB"),
        reported(f"first load before issue 15, {label} (wall)", old["load"][0], "s"),
        reported(f"first load before issue 15, {label} (CPU)", old["load"][1], "s"),
        reported(f"first load before issue 15, {label}, process growth", old["load"][2], "MB"),
        reported("first load CPU, columnar / before", new["load"][1] / old["load"][1], "x"),
        reported("first load growth, columnar / before", new["load"][2] / old["load"][2], "x"),
    ]
