"""A station's backlog pushed on statistics that have not caught up with it (issue 14), on
PostgreSQL, in process.

Run: ``python -m bench --only backlog [--quick]``. PostgreSQL from ``XUNREN_BENCH_DATABASE_URL``
or ``XUNREN_TEST_DATABASE_URL`` (default postgresql://root@127.0.0.1:5432/test); a fresh database
is made for the run and dropped after.

A station back after years offline, or a new station on a busy server, sends its whole register
in batches of 500 faster than PostgreSQL's statistics follow: they were made before any of its
rows (here: analysed on the empty tables, autovacuum off for the run). Each batch looks up its
change ids and its records; when the planner read the station's rows instead, each batch read
more than the last (a third of a second a batch after 8,000 changes, splitting the batch's ids
again for each row). Held to: the last quarter of the batches at least 0.8 of the first
quarter's rate, in the same run.
"""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.sync import protocol
from bench.case_payloads import ADULT_DOCUMENT, missing_case_payload
from bench.harness import Figure, at_least, reported, stopwatch
from bench.scratch_db import migrated_sessions
from server.services import credentials, push
from server.services.meta import in_transaction

BATCH = 500
STATION = "370783001"
PAYLOAD = missing_case_payload(ADULT_DOCUMENT)  # read in full with the station's rules, no alert


def _batch(first: int) -> list[protocol.Change]:
    return [
        protocol.Change(
            str(uuid.uuid4()), "case", f"{STATION}-2026-{n:06d}", 0, PAYLOAD, "2026-11-29T08:00:00+08:00"
        )
        for n in range(first, first + BATCH)
    ]


def run(quick: bool) -> list[Figure]:
    batches = 32 if quick else 120
    with migrated_sessions("xunren_bench_backlog") as sessions:
        with sessions() as session:
            in_transaction(
                session, lambda s: credentials.add_station(s, STATION, "寿光市公安局圣城派出所", 1)
            )
            sid = session.scalar(text("SELECT id FROM stations WHERE code = :c"), {"c": STATION})
            for table in ("journal", "records", "refusals"):
                session.execute(text(f"ALTER TABLE {table} SET (autovacuum_enabled = false)"))
                session.execute(text(f"ANALYZE {table}"))
            session.commit()
        work = [_batch(1 + k * BATCH) for k in range(batches)]
        seconds: list[float] = []
        with sessions() as session:
            for changes in work:

                def apply(s: Session, batch: list[protocol.Change] = changes) -> list[protocol.ChangeResult]:
                    return push.push_batch(s, int(sid), STATION, batch)

                with stopwatch() as elapsed:
                    results = in_transaction(session, apply)
                    seconds.append(elapsed())
                assert all(r.status == "applied" for r in results), results[:1]
    quarter = batches // 4
    first = quarter * BATCH / sum(seconds[:quarter])
    last = quarter * BATCH / sum(seconds[-quarter:])
    return [
        reported(f"backlog push, first {quarter} batches of {BATCH} (statistics made on empty tables)",
                 first, "changes/s"),
        reported(f"backlog push, last {quarter} batches of {BATCH} ({batches * BATCH:,} changes in all)",
                 last, "changes/s"),
        at_least("backlog push: last quarter's rate / first quarter's", last / first, "ratio", 0.8),
    ]  # fmt: skip
