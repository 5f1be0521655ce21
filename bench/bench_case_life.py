"""The life of a case (issue 13): the duplicate check at intake over a large register, and edits
(revision, outbox entry and audit entry in one transaction), encrypted vs plain SQLite.

The register for the duplicate check is filled by direct inserts of cases with the keys the
check reads (each subject's ID number and name + birth date + reporter's phone, plus name keys
so the index has a realistic size), because the figure is about the look-up, not intake. Edits
go through ``edit_case`` on cases registered through ``register_cases``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from pathlib import Path
from typing import Any

from bench.harness import Figure, at_least, at_most, p95, reported
from bench.store_search import GIVEN, SURNAMES

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"


def fill(session: Any, cases: int, seed: int = 13) -> list[dict[str, Any]]:
    """*cases* missing-person cases with their duplicate keys; returns a few of them as case files."""
    from app.core import idnumber, searchkeys
    from app.core.searchkeys import Holder, KeyKind, stored_kind

    rng = random.Random(seed)
    picked: list[dict[str, Any]] = []
    with session.store.unit_of_work() as uow:
        cur = uow.cursor
        case_rows: list[tuple[Any, ...]] = []
        key_rows: list[tuple[str, int, int]] = []
        for case_id in range(1, cases + 1):
            year, seq = 2025 + case_id // 1_000_000, case_id % 1_000_000
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
            born = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000))
            first17 = f"370783{born:%Y%m%d}{rng.randint(0, 999):03d}"
            id_no = first17 + idnumber.check_digit(first17)
            phone = f"13{rng.randint(0, 10**9 - 1):09d}"
            intake = searchkeys.intake_key(name, born.isoformat(), phone)
            assert intake is not None
            key_rows += [(id_no, stored_kind(KeyKind.ID_NUMBER, Holder.SUBJECT), case_id),
                         (intake, stored_kind(KeyKind.INTAKE, Holder.SUBJECT), case_id),
                         (name, stored_kind(KeyKind.NAME, Holder.SUBJECT), case_id),
                         (phone, stored_kind(KeyKind.PHONE, Holder.REPORTER), case_id)]  # fmt: skip
            case_rows.append((case_id, f"370783001-{year}-{seq:06d}", "missing", "open", "pending", "admin",
                              "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 1, "X",
                              name, "{}"))  # fmt: skip
            if rng.random() < 200 / cases:
                picked.append({"id_number": id_no, "name": name, "born": born.isoformat(), "phone": phone})
            if len(case_rows) >= 50_000:
                _flush(cur, case_rows, key_rows)
        _flush(cur, case_rows, key_rows)
        uow.commit()
    return picked


def _flush(cur: Any, case_rows: list[Any], key_rows: list[Any]) -> None:
    cur.executemany(
        "INSERT INTO cases (id, case_no, type, status, review, officer, reported_at, created_at, updated_at,"
        " revision, verification_code, names, document) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        case_rows,
    )
    cur.executemany("INSERT INTO search_keys (key, kind, case_id) VALUES (?,?,?)", key_rows)
    case_rows.clear()
    key_rows.clear()


def _new_case(template: dict[str, Any], person: dict[str, Any], repeat: bool) -> Any:
    """A new report of a missing child: the same child as *person* when *repeat*, else another."""
    from app.core.validation import parse_case

    doc = json.loads(json.dumps(template))
    child = doc["persons"][0]
    if repeat and person.get("id_number"):
        child["id_number"] = person["id_number"]
        child.pop("birth_date", None)
        child["sex"] = "U"
    else:
        child["name"], child["birth_date"] = person["name"] + "某", person["born"]
    for p in [doc["reporter"], *doc["persons"]]:
        p.pop("samples", None)
    return parse_case(doc)


def duplicate_figures(quick: bool) -> list[Figure]:
    from app.services.duplicates import find_duplicates
    from bench.bench_store import station

    n = 100_000 if quick else 1_000_000
    template = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
    samples: dict[str, list[float]] = {"encrypted": [], "plain": []}
    with station("encrypted") as enc, station("plain") as plain:
        people = fill(enc, n)
        fill(plain, n)
        sessions = {"encrypted": enc, "plain": plain}
        checks = [(_new_case(template, p, i % 2 == 0), i % 2 == 0) for i, p in enumerate(people)]
        for rnd in range(3):
            for case, repeat in checks:
                for name, session in sessions.items():
                    start = time.perf_counter()
                    found = find_duplicates(session, case)
                    if rnd:  # the first round warms the page cache, as a working station has it
                        samples[name].append((time.perf_counter() - start) * 1000)
                    assert bool(found) == repeat
    enc_p95, plain_p95 = p95(samples["encrypted"]), p95(samples["plain"])
    return [
        at_most(f"duplicate check at intake, {n:,} cases, encrypted (p95)", enc_p95, "ms", 20),
        reported(f"duplicate check at intake, {n:,} cases, plain (p95)", plain_p95, "ms"),
        at_most("duplicate check, encrypted/plain", enc_p95 / max(plain_p95, 1e-6), "x", 1.3),
    ]


def edit_figures(quick: bool) -> list[Figure]:
    """Edits per second: each a revision, an outbox entry and an audit entry in one transaction
    (and the document, persons and search keys rewritten). The stores take turns edit by edit."""
    from app.services.case_edit import edit_case
    from app.services.cases import register_cases
    from bench.bench_store import _cases, station

    n = 300 if quick else 2000
    cases = _cases(n)
    spent = {"encrypted": 0.0, "plain": 0.0}
    with station("encrypted") as enc, station("plain") as plain:
        sessions = {"encrypted": enc, "plain": plain}
        numbers = {
            name: [r.case_no for r in register_cases(s, cases, check=False)] for name, s in sessions.items()
        }
        for i in range(n):
            patch = {
                "summary": f"补充情况第 {i} 次：家属提供了新的线索。",
                "persons": [{"marks": f"右手腕有疤痕 {i}"}],
            }
            for name, session in sessions.items():
                start = time.perf_counter()
                edit_case(session, numbers[name][i], patch, "家属补充情况")
                spent[name] += time.perf_counter() - start
        commits, pages = _commits_per_edit(enc, numbers["encrypted"][:50])
        ceiling = commit_rate()
    enc_rate, plain_rate = n / spent["encrypted"], n / spent["plain"]
    return [
        at_most("commits (fsyncs of the WAL) per edit", commits, "", 1),
        # a guard against the rewrite-everything edit (22.2 pages): 17.3 at 300 cases, 18.3 at 2,000
        # (a deeper B-tree)
        at_most("pages written to the WAL per edit (each is encrypted, written and synced)", pages, "", 20),
        at_least("edit (revision + outbox + audit in one transaction), encrypted", enc_rate, "edits/s", 300),
        reported("edit, plain SQLite", plain_rate, "edits/s"),
        at_most("edit time, encrypted/plain", plain_rate / enc_rate, "x", 1.3),
        reported("one-row commit, same run (the fsync floor: WAL, synchronous=FULL)", ceiling, "commits/s"),
        reported("edit rate / one-row commit rate", enc_rate / ceiling, "x"),
    ]


def _commits_per_edit(session: Any, numbers: list[str]) -> tuple[float, float]:
    """Edit *numbers* once more with every statement traced: how many COMMITs one edit makes
    (the document, revision, thread, outbox and audit all belong in one), and how many pages
    each edit writes to the WAL (automatic checkpoints are held off meanwhile, so the WAL's
    frame count is every page the edits wrote)."""
    from sqlalchemy import event

    from app.services.case_edit import edit_case

    statements: list[str] = []

    def traced(dbapi: Any, _record: Any) -> None:
        dbapi.set_trace_callback(statements.append)
        dbapi.execute("PRAGMA wal_autocheckpoint = 0")

    engine = session.store.engine
    event.listen(engine, "connect", traced)
    engine.dispose()  # new connections, each traced
    try:
        with session.store.reader() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        for i, case_no in enumerate(numbers):
            edit_case(session, case_no, {"summary": f"再次补充 {i}"}, "家属补充情况")
        with session.store.reader() as conn:
            row = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").first()
        frames = int(row[1]) if row else 0
    finally:
        event.remove(engine, "connect", traced)
        engine.dispose()
    commits = sum(1 for s in statements if s.strip().upper().startswith("COMMIT")) / len(numbers)
    return commits, frames / len(numbers)


def commit_ceiling() -> Figure:
    """One-row transactions per second on this disk with the store's durability (WAL,
    synchronous=FULL): no transaction, an edit included, can go faster than this here."""
    return reported(
        "one-row commit on this disk (WAL, synchronous=FULL): the ceiling", commit_rate(), "commits/s"
    )


def commit_rate() -> float:
    """One-row transactions per second (plain SQLite, WAL, synchronous=FULL) on the bench's disk."""
    import os
    import shutil
    import tempfile

    import sqlcipher3

    folder = tempfile.mkdtemp(prefix="xunren-bench-commit-", dir=os.environ.get("XUNREN_BENCH_DIR"))
    conn = sqlcipher3.connect(os.path.join(folder, "c.db"), isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE t (a)")
    n = 300
    start = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?)", (i,))
        conn.execute("COMMIT")
    rate = n / (time.perf_counter() - start)
    conn.close()
    shutil.rmtree(folder, ignore_errors=True)
    return rate


def run(quick: bool) -> list[Figure]:
    return [*duplicate_figures(quick), *edit_figures(quick), commit_ceiling()]
