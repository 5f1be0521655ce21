"""The supervisor's desk (issue 16) over a large register: the dashboard, the review queue, the
weekly report.

    python -m bench --only desk [--quick]

Goals: the dashboard over 100,000 demo cases opens in ≤ 500 ms; the review queue of 1,000 items
(read and put in the desk's table) in ≤ 200 ms; the weekly report for 100,000 cases in ≤ 5 s.
The register is 100,000 demo cases registered through ``register_cases`` by three officers over
two years; then a history by direct updates (15% closed over the two years, 3% voided, every
review decided but the last 1,000), because the figures are about reading it, not making it.
Beside each figure, the same run's plain full scan of the cases table (``SELECT COUNT(*)``,
``MAX(updated_at)``) as a yardstick: the dashboard reads the register in that many scans' time.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from app.storage.cursor import one
from bench.harness import Figure, at_most, reported

NOW = dt.datetime(2026, 12, 6, 4, tzinfo=dt.UTC)
QUEUE = 1000


def _station(n: int) -> tuple[Path, Any]:
    from app.core.model import AccountRole, StationInfo
    from app.services.cases import bulk_import, register_cases
    from app.services.demo import demo_cases
    from app.services.session import Session
    from app.storage import station_repository
    from app.storage.store import StationStore

    folder = Path(tempfile.mkdtemp(prefix="xunren-bench-desk-", dir=os.environ.get("XUNREN_BENCH_DIR")))
    store = StationStore(folder / "station.db", bytes(32), create=True)
    info = StationInfo("370783001", "寿光市公安局圣城派出所")
    officers = ("li.ming", "wang.fang", "chen.jie")
    with store.unit_of_work() as uow:
        station_repository.create_station(uow.conn, info, "bench")
        station_repository.add_account(uow.conn, "admin", AccountRole.ADMIN, "admin")
        for name in officers:
            station_repository.add_account(uow.conn, name, AccountRole.OFFICER, "admin")
        uow.commit()
    session = Session(folder, store, "admin", AccountRole.ADMIN, info)
    cases = sorted(demo_cases(n, seed=16, now=NOW, days=730), key=lambda c: c.reported_at)
    with bulk_import(session):
        for k, start in enumerate(range(0, n, 1000)):
            chunk = cases[start : start + 1000]
            clerk = Session(folder, store, officers[k % 3], AccountRole.OFFICER, info)
            created = min(NOW, max(c.reported_at for c in chunk) + dt.timedelta(hours=2))
            register_cases(clerk, chunk, now=created, check=False)
    with store.unit_of_work() as uow:
        cur = uow.cursor
        # 15% closed (their closure two weeks after registration), 3% voided, 20% reassigned.
        cur.execute("UPDATE cases SET status = 'closed', closure_outcome = 'reunited',"
                    " closed_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+14 days') WHERE id % 20 < 3")  # fmt: skip
        cur.execute("UPDATE cases SET status = 'voided' WHERE id % 100 = 7")
        cur.execute("INSERT INTO case_thread (case_no, at, actor, event, text)"
                    " SELECT case_no, updated_at, 'admin', 'voided', '' FROM cases WHERE status = 'voided'")  # fmt: skip
        cur.execute("UPDATE cases SET assigned_to = 'chen.jie' WHERE id % 5 = 1")
        last = one(cur.execute("SELECT MAX(id) FROM review_items"))[0]
        cur.execute(
            "UPDATE review_items SET state = 'approved', decided_by = 'admin' WHERE id <= ?", (last - QUEUE,)
        )
        cur.execute("UPDATE cases SET review = 'approved' WHERE case_no IN"
                    " (SELECT case_no FROM review_items WHERE state = 'approved')")  # fmt: skip
        uow.commit()
    return folder, session


def _best(fn: Any, runs: int) -> tuple[float, float, Any]:
    """(first, median of the next runs) in seconds, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times[0], statistics.median(times[1:] or times), result


def _scan(session: Any) -> float:
    def run() -> None:
        with session.store.reader() as conn:
            conn.exec_driver_sql("SELECT COUNT(*), MAX(updated_at) FROM cases").one()

    return _best(run, 5)[1]


def _queue_with_table(session: Any) -> Any:
    from app.services.review_desk import review_queue

    items = review_queue(session)
    try:
        from PySide6.QtWidgets import QApplication

        from app.ui.desk.table import fill_table, make_table
    except ImportError:  # a server-only install: the read alone
        return items
    QApplication.instance() or QApplication([])
    table = make_table(None)  # type: ignore[arg-type]
    fill_table(table, ["id", "kind", "case", "names", "officer", "waited", "reason"],
               [[i.id, i.kind.value, i.case_no, i.names, i.officer, "1", i.reason] for i in items],
               [i.id for i in items])  # fmt: skip
    table.deleteLater()
    return items


def run(quick: bool) -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.core.dashboard import IsoWeek
    from app.services.dashboard import dashboard
    from app.services.weekly import render_weekly_report

    n = 10_000 if quick else 100_000
    started = time.perf_counter()
    folder, session = _station(n)
    built = time.perf_counter() - started
    try:
        scan = _scan(session)
        board_first, board, result = _best(lambda: dashboard(session, NOW), 5)
        assert result.open_cases > 0
        queue_first, queue, items = _best(lambda: _queue_with_table(session), 5)
        assert len(items) == QUEUE, len(items)
        week = IsoWeek.parse("2026-W48")
        weekly_first, weekly, pdf = _best(lambda: render_weekly_report(session, week), 2)
        assert pdf.startswith(b"%PDF")
    finally:
        session.store.close()
        shutil.rmtree(folder, ignore_errors=True)
    label = f"{n:,} cases"
    return [
        reported(f"desk register built ({label})", built, "s"),
        at_most(f"dashboard opened the first time, {label}", board_first, "s", 0.5),
        at_most(f"dashboard, {label} (median of 4 warm)", board, "s", 0.5),
        reported("dashboard / one full scan of the cases table", board / scan, "x"),
        at_most(f"review queue of {QUEUE:,} items, read and tabled ({label})", queue, "s", 0.2),
        reported(
            f"review queue of {QUEUE:,} items, first (creating the QApplication included)", queue_first, "s"
        ),
        at_most(f"weekly report PDF, {label}", max(weekly, weekly_first), "s", 5.0),
        reported(f"weekly report PDF size, {label}", len(pdf) / 1e6, "MB"),
    ]
