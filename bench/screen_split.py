"""Where the national in-memory screen's time goes (issue 15): one process, no database.

    python -m bench.screen_split 500000 [--sizes 100000,500000] [--cprofile]

Makes *missing* missing persons with ``bench_national``'s generator (same seed; a third with a
mother's DNA profile) and its 200 found children (a third with DNA, one in ten a registered
mother's child), builds a :class:`MissingIndex` over the first *size* of them for each size,
and times :meth:`MissingIndex.rank` (limit 20, exact_k 50, the worker's settings) split into
the coarse stage over the sex / birth-window slices (with the rows the slices cover), the
relatives' DNA screen over every family, and the rest (the exact stage). To compare two versions
in the same window, export the older tree (``git archive COMMIT | tar -x -C DIR``) and run this
file from both, alternately: the machine is shared, only same-window figures compare.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections import defaultdict
from typing import Any

from app.core.matching.from_document import subjects_from_document
from app.core.matching.genotypes import GenotypeStore
from app.core.matching.index import MissingIndex
from app.core.matching.subject import MatchSubject
from bench.bench_national import Registry


def register(missing: int) -> tuple[list[MatchSubject], list[MatchSubject]]:
    """(missing persons, found children) as ``bench_national._exact_stage`` makes them."""
    registry, store = Registry(15), GenotypeStore()
    subjects: list[MatchSubject] = []
    for n in range(missing):
        number = f"450305100-2025-{n:06d}"
        subjects += subjects_from_document(number, registry.missing(number, n % 3 == 0), (), store)
    queries: list[MatchSubject] = []
    for i in range(200):
        family = registry.rng.choice(registry.mothers) if i % 10 == 0 else None
        doc = registry.found(i % 3 == 0, family)
        queries += [s for s in subjects_from_document(f"450305900-2026-{i:06d}", doc) if s.side == "found"]
    return [s for s in subjects if s.side == "missing"], queries


def split(index: MissingIndex, queries: list[MatchSubject]) -> dict[str, float]:
    """ms per query of each stage, and the rows the slices cover per query."""
    took: dict[str, float] = defaultdict(float)
    covered = [0]
    coarse, dna, slices = index.coarse, index._dna_rows, index._slices

    def timed(name: str, fn: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                took[name] += time.perf_counter() - started

        return call

    def counted(found: MatchSubject) -> list[tuple[int, int]]:
        out = slices(found)
        covered[0] += sum(b - a for a, b in out)
        return out

    index.coarse, index._dna_rows, index._slices = timed("coarse", coarse), timed("dna", dna), counted  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        for q in queries:
            index.rank(q, limit=20, exact_k=50)
        total = time.perf_counter() - started
    finally:
        del index.coarse, index._dna_rows, index._slices
    n = len(queries)
    return {
        "total_ms": total * 1000 / n,
        "coarse_ms": took["coarse"] * 1000 / n,
        "dna_ms": took["dna"] * 1000 / n,
        "exact_ms": (total - took["coarse"] - took["dna"]) * 1000 / n,
        "slice_rows": covered[0] / n,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("missing", type=int)
    ap.add_argument("--sizes", default="")
    ap.add_argument("--cprofile", action="store_true")
    args = ap.parse_args()
    missing, queries = register(args.missing)
    with_dna = sum(q.profile("self") is not None for q in queries)
    print(f"{len(missing):,} missing, {len(queries)} found children ({with_dna} with DNA)", flush=True)
    for size in [int(s) for s in args.sizes.split(",")] if args.sizes else [args.missing]:
        index = MissingIndex(missing[:size])
        f = split(index, queries)
        print(f"{size:,} missing ({len(index.families):,} families): {f['total_ms']:.2f} ms/query = coarse "
              f"{f['coarse_ms']:.2f} (slices cover {f['slice_rows']:,.0f} rows) + DNA screen {f['dna_ms']:.2f} "
              f"+ exact stage {f['exact_ms']:.2f}", flush=True)  # fmt: skip
        if args.cprofile:
            profile = cProfile.Profile()
            profile.enable()
            for q in queries:
                index.rank(q, limit=20, exact_k=50)
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
