"""Where the national in-memory screen's time goes (issue 15): one process, no database.

    python -m bench.screen_split 500000 [--sizes 100000,500000] [--cprofile] [--as-bench]
        [--dump FILE] [--rounds N] [--together]

Makes *missing* missing persons with ``bench_national``'s generator (same seed; a third with a
mother's DNA profile) and its 200 found children (a third with DNA, one in ten a registered
mother's child), builds a :class:`MissingIndex` over the first *size* of them for each size,
and times :meth:`MissingIndex.rank` (limit 20, exact_k 50, the worker's settings) split into
the coarse stage over the sex / birth-window slices (with the rows the slices cover), the
relatives' DNA screen over every family (and per found child with a profile), and the rest
(the exact stage: how many candidates it scores, and the DNA results placed in the screen).

``--as-bench``: *missing* and the sizes count the register's persons as ``bench_national``
fills its database (two thirds missing persons, half of them with a mother's profile, a third
found children that are not loaded here): ``--as-bench 1000000`` is the 1,000,000-person run's
666,667 missing persons and 333,334 families. ``--dump FILE`` writes every answer (candidates,
scores, reasons, DNA results) as text, to compare two trees' answers bit for bit.
``--together``: the queries in batches of 32, as the worker screens a job's touched persons
(``MissingIndex.rank_many``; a tree without it answers one at a time).

To compare two versions in the same window, export the older tree (``git archive COMMIT | tar
-x -C DIR``), copy this file into it and run it from both, alternately: the machine is shared,
only same-window figures compare.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import time
from collections import defaultdict
from typing import Any

import app.core.matching.index as index_module
from app.core.matching.from_document import subjects_from_document
from app.core.matching.genotypes import GenotypeStore
from app.core.matching.index import MissingIndex
from app.core.matching.subject import Candidate, MatchSubject
from bench.bench_national import Registry


def register(missing: int, as_bench: bool = False) -> tuple[list[MatchSubject], list[MatchSubject]]:
    """(missing persons, found children) as ``bench_national._exact_stage`` makes them (with
    *as_bench*: as ``bench_national._fill`` fills a register of *missing* persons)."""
    registry, store = Registry(15), GenotypeStore()
    subjects: list[MatchSubject] = []
    for n in range(missing):
        number = f"450305100-2025-{n:06d}"
        if as_bench and n % 3 == 2:
            registry.found(n % 9 == 2)  # the bench's found child: drawn, not loaded here
            continue
        subjects += subjects_from_document(number, registry.missing(number, n % 3 == 0), (), store)
    queries: list[MatchSubject] = []
    for i in range(200):
        family = registry.rng.choice(registry.mothers) if i % 10 == 0 else None
        doc = registry.found(i % 3 == 0, family)
        queries += [s for s in subjects_from_document(f"450305900-2026-{i:06d}", doc) if s.side == "found"]
    return [s for s in subjects if s.side == "missing"], queries


def answer_text(answers: list[list[Candidate]]) -> str:
    """Every answer as text (reprs: floats to the last bit)."""
    return "\n".join(repr(c) for a in answers for c in [*a, "--"])


BATCH = [32]  # the worker's batch (server.services.matching.SCREEN_TOGETHER); --batch sets it


def answers_of(index: MissingIndex, queries: list[MatchSubject], together: bool) -> list[list[Candidate]]:
    """Every query's answer as the worker asks: one at a time, or *together* in batches."""
    many = getattr(index, "rank_many", None)
    if not together or many is None:
        return [index.rank(q, limit=20, exact_k=50) for q in queries]
    out: list[list[Candidate]] = []
    for at in range(0, len(queries), BATCH[0]):
        out += many(queries[at : at + BATCH[0]], limit=20, exact_k=50)
    return out


def split(
    index: MissingIndex, queries: list[MatchSubject], together: bool = False
) -> tuple[dict[str, float], list[list[Candidate]]]:
    """ms per query of each stage, the rows the slices cover per query; and the answers."""
    took: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    coarse, dna, slices = index.coarse, index._dna_rows, index._slices
    scorer = getattr(index_module, "score_candidate")  # noqa: B009 (not exported: wrapped to count)

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
        counts["rows"] += sum(b - a for a, b in out)
        return out

    def scored(*args: Any, **kwargs: Any) -> Any:
        counts["dna" if kwargs.get("with_dna", True) else "attr"] += 1
        return scorer(*args, **kwargs)

    index.coarse, index._dna_rows, index._slices = timed("coarse", coarse), timed("dna", dna), counted  # type: ignore[method-assign]
    index_module.score_candidate = timed("scoring", scored)  # type: ignore[attr-defined]
    families = index.families
    many = getattr(families, "scores_many", None)
    if many is not None:
        families.scores_many = timed("dna", many)  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        answers = answers_of(index, queries, together)
        total = time.perf_counter() - started
    finally:
        del index.coarse, index._dna_rows, index._slices
        if many is not None:
            del families.scores_many
        index_module.score_candidate = scorer  # type: ignore[attr-defined]
    n, with_dna = len(queries), sum(q.profile("self") is not None for q in queries)
    return {
        "total_ms": total * 1000 / n,
        "coarse_ms": took["coarse"] * 1000 / n,
        "dna_ms": took["dna"] * 1000 / n,
        "dna_child_ms": took["dna"] * 1000 / max(1, with_dna),
        "exact_ms": (total - took["coarse"] - took["dna"]) * 1000 / n,
        "scoring_ms": took["scoring"] * 1000 / n,
        "attr_scorings": counts["attr"] / n,
        "full_scorings": counts["dna"] / n,
        "slice_rows": counts["rows"] / n,
    }, answers


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("missing", type=int)
    ap.add_argument("--sizes", default="")
    ap.add_argument("--cprofile", action="store_true")
    ap.add_argument("--as-bench", action="store_true")
    ap.add_argument("--dump", default="")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument(
        "--together", action="store_true", help="batches of 32 queries, as the worker screens a job"
    )
    ap.add_argument("--batch", type=int, default=32, help="queries per batch with --together")
    args = ap.parse_args()
    BATCH[0] = args.batch
    started = time.perf_counter()
    missing, queries = register(args.missing, args.as_bench)
    with_dna = sum(q.profile("self") is not None for q in queries)
    print(f"{len(missing):,} missing, {len(queries)} found children ({with_dna} with DNA), "
          f"made in {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    dumps: list[str] = []
    for size in [int(s) for s in args.sizes.split(",")] if args.sizes else [args.missing]:
        rows = sum(1 for s in missing if int(s.case_no.rsplit("-", 1)[1]) < size) if args.as_bench else size
        started = time.perf_counter()
        index = MissingIndex(missing[:rows])
        built = time.perf_counter() - started
        for _round in range(args.rounds):
            f, answers = split(index, queries, args.together)
            print(f"{size:,} ({len(index):,} missing, {len(index.families):,} families, built in {built:.1f} s): "
                  f"{f['total_ms']:.2f} ms/query = coarse {f['coarse_ms']:.2f} (slices cover "
                  f"{f['slice_rows']:,.0f} rows) + DNA screen {f['dna_ms']:.2f} ({f['dna_child_ms']:.2f} per child "
                  f"with a profile) + exact stage {f['exact_ms']:.2f} (scorings {f['scoring_ms']:.2f} ms: "
                  f"{f['attr_scorings']:.1f} attribute-only, {f['full_scorings']:.1f} full)", flush=True)  # fmt: skip
        text = answer_text(answers)
        dumps.append(f"== {size}\n{text}")
        print(f"  answers sha256 {hashlib.sha256(text.encode()).hexdigest()[:16]}", flush=True)
        if args.cprofile:
            profile = cProfile.Profile()
            profile.enable()
            answers_of(index, queries, args.together)
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            fh.write("\n".join(dumps))


if __name__ == "__main__":
    main()
