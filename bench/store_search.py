"""Search over a million persons: every query kind through the service layer, encrypted vs plain.

The register is filled by direct inserts of realistic persons and their search keys (the same
key builder as registration), because the figure is about search, not intake.
"""

from __future__ import annotations

import random
import time
from typing import Any

from bench.harness import Figure, at_most, p95, reported

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红小宇浩然子轩梓涵一诺欣怡佳豪俊思远晓东文博雨桐春秋冬梅玉珍凤"


def fill(session: Any, persons: int, seed: int = 11) -> dict[str, list[str]]:
    """Insert *persons* persons (three per case) with their keys; return sample queries per kind."""
    from app.core import idnumber, searchkeys

    rng = random.Random(seed)
    queries: dict[str, list[str]] = {
        k: [] for k in ("case_no", "name", "pinyin", "initials", "id_number", "phone")
    }
    with session.store.unit_of_work() as uow:
        cur = uow.cursor
        cases_rows, person_rows, key_rows = [], [], []
        pid = 0
        for case_id in range(1, persons // 3 + 1):
            case_no = (
                f"370783001-2026-{case_id:06d}"
                if case_id < 1_000_000
                else f"370783001-2027-{case_id - 999_999:06d}"
            )
            names = []
            for pos in range(3):
                pid += 1
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
                first17 = f"370783{rng.randint(1950, 2020)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
                id_no = first17 + idnumber.check_digit(first17)
                phone = f"13{rng.randint(0, 10**9 - 1):09d}"
                person_rows.append((pid, case_id, pos, "missing" if pos == 0 else "relative", name, "M"))
                for kind, key in searchkeys.person_keys([name], id_no, phone):
                    key_rows.append((key, int(kind), case_id))
                names.append(name)
                if rng.random() < 0.002:
                    queries["name"].append(name)
                    queries["pinyin"].append(
                        "".join(searchkeys.query_pinyin(name) and sorted(searchkeys.query_pinyin(name))[:1])
                    )
                    queries["initials"].append(
                        next(k for kd, k in searchkeys.name_keys(name) if kd is searchkeys.KeyKind.INITIALS)
                    )
                    queries["id_number"].append(id_no)
                    queries["phone"].append(phone)
                    queries["case_no"].append(case_no)
            cases_rows.append(
                (
                    case_id,
                    case_no,
                    "missing",
                    "open",
                    "pending",
                    "admin",
                    "2026-01-01T00:00:00Z",
                    "2026-01-01T00:00:00Z",
                    "2026-01-01T00:00:00Z",
                    1,
                    "X",
                    "、".join(names[:1]),
                    "{}",
                )
            )
            if len(key_rows) > 200_000:
                _flush(cur, cases_rows, person_rows, key_rows)
        _flush(cur, cases_rows, person_rows, key_rows)
        uow.commit()
    return queries


def _flush(cur: Any, cases_rows: list[Any], person_rows: list[Any], key_rows: list[Any]) -> None:
    cur.executemany(
        "INSERT INTO cases (id, case_no, type, status, review, officer, reported_at, created_at, updated_at,"
        " revision, verification_code, names, document) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        cases_rows,
    )
    cur.executemany(
        "INSERT INTO persons (id, case_id, position, role, name, sex) VALUES (?,?,?,?,?,?)", person_rows
    )
    cur.executemany("INSERT INTO search_keys (key, kind, case_id) VALUES (?,?,?)", key_rows)
    cases_rows.clear()
    person_rows.clear()
    key_rows.clear()


def measure(
    sessions: dict[str, Any], queries: dict[str, list[str]], rounds: int = 3
) -> dict[str, dict[str, float]]:
    """p95 per query kind for each store. The stores take turns query by query, so a neighbour
    that loads the machine for a while slows both alike and the ratio stays honest."""
    from app.services.cases import search

    samples: dict[str, dict[str, list[float]]] = {name: {k: [] for k in queries} for name in sessions}
    for _ in range(rounds):
        for kind, items in queries.items():
            for q in items[:200]:
                for name, session in sessions.items():
                    start = time.perf_counter()
                    hits = search(session, q, audit=False)
                    samples[name][kind].append((time.perf_counter() - start) * 1000)
                    assert hits, f"{kind} query found nothing"
    return {name: {k: p95(v) for k, v in per.items()} for name, per in samples.items()}


def search_figures(quick: bool) -> list[Figure]:
    from bench.bench_store import station

    persons = 100_000 if quick else 1_000_000
    with station("encrypted") as enc, station("plain") as plain, station("system") as system:
        queries = fill(enc, persons)
        fill(plain, persons)  # same seed: the same persons and queries
        fill(system, persons)
        sessions = {"encrypted": enc, "plain": plain, "system": system}
        measure(sessions, queries, rounds=1)  # warm the page caches, as a running station has them
        results = measure(sessions, queries)
    figures = []
    for q, value in results["encrypted"].items():
        figures.append(at_most(f"search p95 by {q}, {persons:,} persons, encrypted", value, "ms", 5))
        ratio = value / max(results["plain"][q], 1e-6)
        figures.append(at_most(f"search p95 by {q}, encrypted/plain", ratio, "x", 1.5))
    figures.append(reported("search p95 worst kind, plain", max(results["plain"].values()), "ms"))
    for q, value in results["system"].items():
        ratio = results["encrypted"][q] / max(value, 1e-6)
        figures.append(reported(f"search p95 by {q}, encrypted/plain system sqlite3", ratio, "x"))
    return figures
