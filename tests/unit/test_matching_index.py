"""The vectorised paths give what the exact scorer gives."""

from __future__ import annotations

import math
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.matching.evalset import generate
from app.core.matching.frequencies import default_table
from app.core.matching.index import MissingIndex
from app.core.matching.kinship import compare_duo
from app.core.matching.loci import KIT_LOCI
from app.core.matching.rank import rank
from app.core.matching.strindex import ProfileIndex

LOCI = KIT_LOCI["PowerPlex 21"]


def _random_profile(rng: random.Random) -> dict[str, tuple[float, float]]:
    table = default_table()
    out = {}
    for locus in LOCI:
        alleles = table.alleles(locus)
        out[locus] = (rng.choice(alleles), rng.choice(alleles))
    return out


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.booleans())
def test_str_screen_agrees_with_exact(seed: int, as_child: bool) -> None:
    rng = random.Random(seed)
    stored = [(f"p{i}", _random_profile(rng)) for i in range(30)]
    query = _random_profile(rng)
    # plant a relative: half the query's alleles
    parent = {loc: (query[loc][0], stored[0][1][loc][1]) for loc in LOCI}
    stored.append(("rel", parent))
    index = ProfileIndex(stored)
    hits = {
        h.key: h.result for h in index.screen(query, query_is_child=as_child, limit=100, min_log10_index=-99)
    }
    for key, profile in stored:
        child, par = (query, profile) if as_child else (profile, query)
        exact = compare_duo(child, par)
        if exact.inconsistent_loci >= 3:
            assert key not in hits
        else:
            assert key in hits
            assert math.isclose(
                math.log10(hits[key].combined_index), math.log10(exact.combined_index), abs_tol=1e-3
            )
    assert hits["rel"].verdict == "supports"


def test_missing_index_matches_exact_ranking() -> None:
    data = generate(seed=3, pairs=40, extra_missing=200, lone_found=5)
    index = MissingIndex(data.missing)
    for f in data.found[:25]:
        fast = [c.key for c in index.rank(f, limit=5, exact_k=len(data.missing))]
        slow = [c.key for c in rank(f, data.missing, limit=5)]
        assert fast == slow
