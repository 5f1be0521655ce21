"""The found-side exact stage (issue 15), same run: a missing person screened against a nation's
found children (:class:`server.services.matching_found.FoundIndex`), the exact stage in full and
with the found children whose duo test the vectorised DNA screen already excludes deferred. The
answers are checked equal; part of ``python -m bench --only national``."""

from __future__ import annotations

import time
from typing import Any

from bench.harness import Figure, reported


def found_exact_stage(found: int, queries: int = 200) -> list[Figure]:
    """*found* found children (a third with their own profile, some the children of registered
    mothers) and *queries* missing persons (a third with the mother's profile)."""
    from app.core.matching.from_document import subjects_from_document
    from app.core.matching.genotypes import GenotypeStore
    from bench.bench_national import Registry
    from server.services.matching_found import FoundIndex

    registry, store = Registry(16), GenotypeStore()
    asked = []
    for n in range(queries):
        number = f"450305100-2025-{n:06d}"
        doc = registry.missing(number, n % 3 == 0)
        asked += [s for s in subjects_from_document(number, doc, (), store) if s.side == "missing"]
    subjects = []
    for i in range(found):
        family = registry.rng.choice(registry.mothers) if i % 50 == 0 and registry.mothers else None
        number = f"450305900-2026-{i:06d}"
        subjects += subjects_from_document(number, registry.found(i % 3 == 0, family), (), store)
    index = FoundIndex([s for s in subjects if s.side == "found"])
    took: dict[bool, float] = {}
    full: list[list[Any]] = []
    for lazy in (False, True, False, True):  # interleaved: the shared machine's load hits both
        started = time.perf_counter()
        answers = [index.rank(q, limit=20, exact_k=200, lazy_dna=lazy) for q in asked]
        took[lazy] = took.get(lazy, 0.0) + (time.perf_counter() - started) * 1000 / len(asked) / 2
        keys = [[(c.key, c.score, c.reasons, c.dna) for c in a] for a in answers]
        if lazy:
            assert keys == full, "the deferred exact stage must answer as the full one"
        else:
            full = keys
    size = f"{found:,} found"
    return [
        reported(f"in-memory screen per missing person, full exact stage, {size}", took[False], "ms"),
        reported(f"in-memory screen per missing person, screen's DNA exclusions deferred, {size}", took[True], "ms"),
        reported("found side: deferred / full (same run)", took[True] / took[False], "×"),
    ]  # fmt: skip
