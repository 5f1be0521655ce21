"""Case transfers (issue 14): what they cost a station's sync state check, measured against the
same check in the same run.

Run: ``python -m bench --only t14 [--quick]``. No server needed.

- state check: ``outgoing.local_state`` (the counts and digest a sync compares with the server's)
  over N acknowledged records (200,000; quick 20,000): as before any transfer (the plain query),
  and once the station holds a case taken over and has handed one away (the query that adds the
  received records and leaves out the case held elsewhere). Ratio of the two; goal ≤ 2.
"""

from __future__ import annotations

import secrets
import tempfile
import uuid
from pathlib import Path

from app.storage.cursor import cursor_of
from app.storage.store import StationStore
from app.sync import outgoing
from bench.harness import Figure, at_most, reported, stopwatch

STATION = "370783001"


def _fill(store: StationStore, count: int) -> None:
    step = 50_000
    for first in range(0, count, step):
        rows = [
            (str(uuid.uuid4()), "case", f"{STATION}-{2000 + n // 1_000_000}-{n % 1_000_000:06d}", 0, "{}",
             "2026-11-29T00:00:00Z", "sent")
            for n in range(first, min(count, first + step))
        ]  # fmt: skip
        with store.unit_of_work() as uow:
            uow.cursor.executemany(
                "INSERT INTO outbox (change_id, record_type, record_id, base_revision, payload, created_at, state)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            uow.commit()


def _state_seconds(store: StationStore, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        with store.reader() as conn, stopwatch() as took:
            outgoing.local_state(cursor_of(conn))
        best = min(best, took())
    return best


def _transfers(store: StationStore) -> None:
    """One case handed away (completed) and one taken over (its records at the server's revision)."""
    away = f"{STATION}-2000-000001"
    taken = "450304001-2026-000001"
    with store.unit_of_work() as uow:
        c = uow.cursor
        c.execute(
            "INSERT INTO case_transfers (id, case_no, direction, state, from_station, to_station, reason,"
            " requested_by, requested_at, completed_at) VALUES (?, ?, 'out', 'completed', ?, '450304001', 'x',"
            " 'li', '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')",
            (f"{away}/t/{uuid.uuid4()}", away, STATION),
        )
        rows = [("case", taken, 3)] + [("person", f"{taken}/p/{uuid.uuid4()}", 1) for _ in range(40)]
        c.executemany(
            "INSERT INTO received_records (record_type, record_id, revision) VALUES (?, ?, ?)", rows
        )
        uow.commit()


def run(quick: bool) -> list[Figure]:
    count = 20_000 if quick else 200_000
    with tempfile.TemporaryDirectory() as work:
        store = StationStore(Path(work) / "station.db", secrets.token_bytes(32), create=True)
        try:
            _fill(store, count)
            plain = _state_seconds(store)
            _transfers(store)
            with_transfers = _state_seconds(store)
        finally:
            store.close()
    return [
        reported(f"state check, {count:,} records, before any transfer", plain * 1000, "ms"),
        reported(f"state check, {count:,} records, with transfers", with_transfers * 1000, "ms"),
        at_most("state check with transfers / without (same run)", with_transfers / plain, "x", 2.0),
    ]
