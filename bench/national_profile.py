"""One process, one national matching job at a time: where a job's time goes (issue 15).

    python -m bench.national_profile 20000 [--pushes 6] [--cprofile] [--loads 3]

Writes *persons* active cases with ``bench_national``'s generator (same seed) into a fresh
PostgreSQL database, loads a :class:`NationalIndex` (timed), then pushes batches of 100 found
children in-process and times each ``match_cases`` job alone (the catch-up before it excluded).
With ``--cprofile`` the jobs after the first are profiled and the top of the profile printed.
``--loads N`` loads the index N times (a fresh one each time) and prints each load's wall time
and this process's CPU time per person — the figure to compare on a shared machine, where the
wall time mostly says how busy the other processes were; ``--pushes 0`` then skips the jobs.
The load runs in one REPEATABLE READ snapshot, as the worker's does, so from ``--split-at``
cases (default ``load_part.SPLIT_AT``; a number past the register's size: one process) a second
process reads part of the register (``server/services/load_part.py``): its CPU time is not in the
figure printed, so compare wall times then, on a machine as quiet as can be had.
To compare two versions in the same window (the machine is shared: only same-window figures
compare), export the older tree (``git archive COMMIT | tar -x -C DIR``) and run this file from
both, alternately. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import resource
import sys
import threading
import time
import uuid

from sqlalchemy import select

from app.sync import protocol
from bench.bench_national import PER_PUSH, RELATED, Registry, _fill, _payload
from bench.scratch_db import admin_url, scratch_database
from server.services import credentials, push
from server.services.load_part import SPLIT_AT
from server.services.matching import MatchCases
from server.services.matching_index import NationalIndex
from server.services.meta import in_transaction
from server.settings import Settings, normalize_db_url
from server.storage.engine import make_engine, session_factory
from server.storage.tables import Station

STATION = "450305900"


def _children_cpu() -> float:
    """CPU seconds of this process's ended children (the loads' second processes)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


class _PartMemory(threading.Thread):
    """The largest resident size the load's second process reaches (sampled: its own VmHWM
    would count the loading process's pages it was forked from, before its exec)."""

    def __init__(self, index: NationalIndex) -> None:
        super().__init__(daemon=True)
        self.index, self.peak, self.stop = index, 0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self.stop.wait(0.1):
            part = getattr(self.index, "part", None)
            if part is None:
                continue
            try:
                with open(f"/proc/{part.process_id}/status") as status:
                    for line in status:
                        if line.startswith("VmRSS:"):
                            self.peak = max(self.peak, int(line.split()[1]))
            except OSError:
                pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("persons", type=int)
    parser.add_argument("--pushes", type=int, default=6)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--loads", type=int, default=1)
    parser.add_argument("--split-at", type=int, default=SPLIT_AT, help="cases from which two processes read")
    args = parser.parse_args(argv)
    admin = admin_url()
    with scratch_database(admin, "xunren_national_profile") as url:
        engine = None
        try:
            registry = Registry(15)
            _fill(url, args.persons, registry)
            engine = make_engine(Settings(db_url=normalize_db_url(url)))
            sessions = session_factory(engine)
            with sessions() as session:
                in_transaction(session, lambda s: credentials.add_station(s, STATION, "推送派出所", 7))
                sid = session.scalar(select(Station.id).where(Station.code == STATION))
            assert sid is not None
            for _n in range(args.loads):
                index = NationalIndex()
                watch = _PartMemory(index)
                started, cpu, apart = time.perf_counter(), time.process_time(), _children_cpu()
                with sessions() as session, session.begin():
                    session.connection(
                        execution_options={"isolation_level": "REPEATABLE READ"}
                    )  # as the worker
                    index.load(session, split_at=args.split_at)
                cpu, apart = time.process_time() - cpu, _children_cpu() - apart
                watch.stop.set()
                print(f"first load: {time.perf_counter() - started:.2f} s, {len(index):,} persons, CPU {cpu:.2f} s "
                      f"({cpu / max(1, len(index)) * 1e6:.1f} µs a person in this process; "
                      f"{getattr(index, 'read_apart', 0):,} cases read by a second one, CPU {apart:.2f} s)",
                      file=sys.stderr)  # fmt: skip
                own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
                print(f"peak memory: this process {own:.2f} GiB (VmHWM), its second loading process "
                      f"{watch.peak / 2**20:.2f} GiB (VmRSS sampled every 0.1 s)", file=sys.stderr)  # fmt: skip
            job, profile, took = MatchCases(index), cProfile.Profile(), []
            for k in range(args.pushes):
                changes = []
                for i in range(PER_PUSH):
                    family = (
                        registry.rng.choice(registry.mothers) if i < RELATED and registry.mothers else None
                    )
                    doc = registry.found(i % 3 == 0, family)
                    record_id = f"{STATION}-2026-{k * PER_PUSH + i + 1:06d}"
                    now = dt.datetime.now(dt.UTC).isoformat()
                    changes.append(
                        protocol.Change(str(uuid.uuid4()), "case", record_id, 0, _payload(doc), now)
                    )
                with sessions() as session:
                    in_transaction(session, lambda s, c=changes: push.push_batch(s, sid, STATION, c))  # type: ignore[misc]
                with sessions() as session, session.begin():
                    index.catch_up(session)
                with sessions() as session, session.begin():
                    started = time.perf_counter()
                    if args.cprofile and k:
                        profile.enable()
                    (report,) = job.batch(session, [{"cases": sorted(c.record_id for c in changes)}])
                    profile.disable()
                    took.append(time.perf_counter() - started)
                print(f"job {k}: {took[-1] * 1000:.0f} ms, {report.touched} touched, {report.candidates} candidates",
                      file=sys.stderr)  # fmt: skip
            later = took[1:] or took
            if later:
                print(
                    f"mean of jobs after the first: {sum(later) / len(later) * 1000:.0f} ms", file=sys.stderr
                )
            if args.cprofile:
                pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        finally:
            if engine is not None:
                engine.dispose()


if __name__ == "__main__":
    main()
