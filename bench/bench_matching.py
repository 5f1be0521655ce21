"""Matching at national scale: one found person against 1,000,000 missing persons (attributes,
names included), one STR profile against 1,000,000 profiles, and the memory the profiles take.

`python -m bench --only matching [--quick]`. Quick mode uses 100,000 of each.
The population is synthetic (children lost 1995–2025 anywhere in China, names from common
surnames and given-name characters, marks and dialects from small pools); build time is
reported, the goals are on the per-query wall time (p95 over the queries, in process). The
thread's CPU time is reported beside it: on a shared machine the wall time also counts waiting.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import numpy as np

from app.core.matching.evalset import DIALECT, GIVEN, SURNAMES, _counties
from app.core.matching.frequencies import default_table
from app.core.matching.index import MissingIndex
from app.core.matching.strindex import ProfileIndex
from app.core.matching.subject import MatchSubject
from bench.harness import Figure, at_most, p95, reported, stopwatch

_MARKS = [
    "左耳后有一颗黑痣",
    "右手背有烫伤疤痕",
    "额头有一道疤痕",
    "后背有一块青色胎记",
    "左手臂有胎记",
    "右小腿有疤",
    "",
]


def _population(n: int, rng: random.Random) -> list[MatchSubject]:
    counties = _counties()
    start = dt.date(1995, 1, 1).toordinal()
    out = []
    for i in range(n):
        birth = dt.date.fromordinal(start + rng.randrange(0, 30 * 365))
        lost = dt.date.fromordinal(
            min(birth.toordinal() + rng.randrange(365, 14 * 365), dt.date(2026, 10, 1).toordinal())
        )
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        place = rng.choice(counties)
        out.append(
            MatchSubject(
                f"m{i}", f"M-{i}", "missing", rng.choice("MF"), birth, None, None, lost, place, place,
                name=rng.choice(SURNAMES) + given, nicknames=(given[-1] * 2,),
                marks=rng.choice(_MARKS), dialect=DIALECT.get(place[:2], ""),
            )
        )  # fmt: skip
    return out


def _found(rng: random.Random) -> MatchSubject:
    age = rng.randrange(3, 12)
    return MatchSubject(
        "f", "F-1", "found", rng.choice("MF"), None, (age - 1, age + 1), (90 + 5 * age, 100 + 5 * age),
        dt.date(2026, 11, 1), "450305", name=rng.choice(GIVEN) * 2, marks="左耳后黑痣", dialect="山东口音",
        origin="家在寿光",
    )  # fmt: skip


def _profiles(n: int, seed: int) -> tuple[ProfileIndex, dict[str, tuple[float, float]]]:
    table = default_table()
    gen = np.random.default_rng(seed)
    loci = sorted(table.freqs)
    values = [[0.0, *table.alleles(locus)] for locus in loci]
    genotypes = np.zeros((len(loci), n), dtype=np.uint16)
    for li, locus in enumerate(loci):
        k = len(values[li])
        p = np.array([table.freqs[locus][a] for a in values[li][1:]])
        a = gen.choice(np.arange(1, k), size=n, p=p / p.sum())
        b = gen.choice(np.arange(1, k), size=n, p=p / p.sum())
        genotypes[li] = (a * k + b).astype(np.uint16)
    index = ProfileIndex.from_codes([f"p{i}" for i in range(n)], genotypes, values, table)
    parent = index.profile(n // 2)
    child = {locus: (g[0], parent[locus][1]) for locus, g in index.profile(n // 3).items()}
    return index, child


def run(quick: bool) -> list[Figure]:
    n = 100_000 if quick else 1_000_000
    rng = random.Random(11)
    with stopwatch() as elapsed:
        index = MissingIndex(_population(n, rng))
    build = elapsed()
    times, cpu = [], []
    for _ in range(5 if quick else 20):
        found = _found(rng)
        started = time.thread_time()
        with stopwatch() as elapsed:
            index.rank(found, limit=20)
        times.append(elapsed() * 1000)
        cpu.append((time.thread_time() - started) * 1000)
    with stopwatch() as elapsed:
        profiles, child = _profiles(n, 5)
    str_build = elapsed()
    str_times, str_cpu = [], []
    for _ in range(5 if quick else 20):
        started = time.thread_time()
        with stopwatch() as elapsed:
            hits = profiles.screen(child, query_is_child=True, limit=20)
        str_times.append(elapsed() * 1000)
        str_cpu.append((time.thread_time() - started) * 1000)
    assert any(h.key == f"p{n // 2}" for h in hits), "the planted parent was not found"
    keys_mb = sum(len(k) + 49 for k in profiles.keys) / 1e6  # str objects, list pointers aside
    label = f"{n:,}"
    return [
        at_most(f"one found vs {label} missing (p95)", p95(times), "ms", 100),
        reported(f"one found vs {label} missing, CPU time (p95)", p95(cpu), "ms"),
        reported(f"missing index build, {label}", build, "s"),
        reported(f"missing index columns, {label}", index.nbytes() / 1e6, "MB"),
        at_most(f"one STR profile vs {label} profiles (p95)", p95(str_times), "ms", 150),
        reported(f"one STR profile vs {label}, CPU time (p95)", p95(str_cpu), "ms"),
        reported(f"STR genotypes for {label} profiles", profiles.nbytes() / 1e6, "MB"),
        reported(f"STR index with keys, {label} profiles", profiles.nbytes() / 1e6 + keys_mb, "MB"),
        reported(f"STR index build, {label}", str_build, "s"),
    ]
