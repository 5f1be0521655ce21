"""The found-side exact stage (issue 15), same run: a missing person screened against a nation's
found children (:class:`server.services.matching_found.FoundIndex`), the exact stage in full and
with the found children whose duo test the vectorised DNA screen already excludes deferred. The
answers are checked equal; part of ``python -m bench --only national``.

It is measured the way the worker ranks (``server/services/matching_index.py``: ``rank`` with
its default ``lazy_dna=True`` and ``exact_k=EXACT_K``), so the deferred figure is held to the
goal (≤ 10 ms per touched person), at the found count of the bench's largest register.

The families are a country's, not a test bench's: one found child in fifty is the child of a
registered mother, but most of those mothers are families the bench does not query (their
children are just more profiles in the database), and each queried missing person whose mother
gave DNA has one found child of her own (one in ten has two: siblings found apart). Drawing
every related child from the queried mothers instead (as this bench did) gave each of the 67
queried mothers some 30 found children at 100,000 found and 90 at 300,000, each a "supports"
that the exact stage must test: a cost that grows with the register and that no country has.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from bench.bench_national import TODAY, Registry
from bench.harness import Figure, at_most, reported

Family = tuple[str, str, dt.date, dict[str, list[float]]]
RELATED_EVERY = 50  # one found child in fifty is the child of a registered mother
SECOND_CHILD_EVERY = 10  # one queried mother in ten has a second found child


class Families:
    """Whose child the *n*-th related found child is: each queried mother's first (a second
    for one in ten of them), then background families the bench does not query (a new mother
    each time, or one in ten times the last one's again: a few families with two or three)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.queried = list(registry.mothers)
        self.seconds = self.queried[::SECOND_CHILD_EVERY]
        self.last: Family | None = None

    def of(self, n: int) -> Family:
        if n < len(self.queried):
            return self.queried[n]
        if n - len(self.queried) < len(self.seconds):
            return self.seconds[n - len(self.queried)]
        rng = self.registry.rng
        if self.last is None or rng.random() >= 0.1:
            born = TODAY - dt.timedelta(days=rng.randrange(365, 365 * 20))
            self.last = ("", rng.choice("MF"), born, self.registry.profile())
        return self.last


def found_exact_stage(found: int, queries: int = 200) -> list[Figure]:
    """*found* found children (a third with their own profile, one in fifty a registered
    mother's child, see :class:`Families`) and *queries* missing persons (a third with the
    mother's profile)."""
    from app.core.matching.from_document import subjects_from_document
    from app.core.matching.genotypes import GenotypeStore
    from server.services.matching_found import FoundIndex
    from server.services.matching_index import EXACT_K

    registry, store = Registry(16), GenotypeStore()
    asked = []
    for n in range(queries):
        number = f"450305100-2025-{n:06d}"
        doc = registry.missing(number, n % 3 == 0)
        asked += [s for s in subjects_from_document(number, doc, (), store) if s.side == "missing"]
    families = Families(registry)
    subjects = []
    for i in range(found):
        family = families.of(i // RELATED_EVERY) if i % RELATED_EVERY == 0 else None
        number = f"450305900-2026-{i:06d}"
        subjects += subjects_from_document(number, registry.found(i % 3 == 0, family), (), store)
    index = FoundIndex([s for s in subjects if s.side == "found"])
    took: dict[bool, float] = {}
    full: list[list[Any]] = []
    for lazy in (False, True, False, True):  # interleaved: the shared machine's load hits both
        started = time.perf_counter()
        answers = [index.rank(q, limit=20, exact_k=EXACT_K, lazy_dna=lazy) for q in asked]
        took[lazy] = took.get(lazy, 0.0) + (time.perf_counter() - started) * 1000 / len(asked) / 2
        keys = [[(c.key, c.score, c.reasons, c.dna) for c in a] for a in answers]
        if lazy:
            assert keys == full, "the deferred exact stage must answer as the full one"
        else:
            full = keys
    size = f"{found:,} found"
    return [
        reported(f"in-memory screen per missing person, full exact stage, {size}", took[False], "ms"),
        at_most(f"in-memory screen per missing person, screen's DNA exclusions deferred (as the worker), {size}", took[True], "ms", 10),
        reported("found side: deferred / full (same run)", took[True] / took[False], "×"),
    ]  # fmt: skip
