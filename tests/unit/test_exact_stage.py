"""The cheaper exact stage gives the same answer: candidates whose family the vectorised DNA
screen already excludes are ranked at their excluded score and tested exactly only if they are
delivered — the delivered candidates, scores, DNA results and reasons equal the full path's."""

from __future__ import annotations

import dataclasses

from app.core.matching.evalset import generate
from app.core.matching.index import MissingIndex
from app.core.matching.subject import MatchProfile


def _same(a: list, b: list) -> None:  # type: ignore[type-arg]
    assert [(c.key, c.score) for c in a] == [(c.key, c.score) for c in b]
    assert [c.reasons for c in a] == [c.reasons for c in b]
    assert [c.dna for c in a] == [c.dna for c in b]


def test_lazy_dna_delivers_what_the_full_exact_stage_delivers() -> None:
    data = generate(seed=15, pairs=100, extra_missing=600, lone_found=20)
    index = MissingIndex(data.missing)
    with_dna = [f for f in data.found if f.profile("self") is not None]
    assert len(with_dna) > 60  # the set exercises the DNA path
    delivered_dna = 0
    for found in data.found:
        for exact_k in (50,):
            lazy = index.rank(found, limit=20, exact_k=exact_k)
            full = index.rank(found, limit=20, exact_k=exact_k, lazy_dna=False)
            _same(lazy, full)
            delivered_dna += sum(c.dna is not None for c in lazy)
    assert delivered_dna > 0


def test_a_found_child_with_a_registered_parent_is_tested_in_full() -> None:
    """A found child whose own mother is on file is tested as a trio: the screen's duo says
    nothing about that test, so nothing is deferred — and the answer is still the full one."""
    data = generate(seed=16, pairs=60, extra_missing=400, lone_found=10)
    index = MissingIndex(data.missing)
    for found in data.found[:40]:
        child = found.profile("self")
        if child is None:
            continue
        mother = next(p for m in data.missing for p in m.profiles if p.relation == "mother")
        with_parent = dataclasses.replace(
            found, profiles=(*found.profiles, MatchProfile("mother", mother.loci))
        )
        _same(
            index.rank(with_parent, limit=20, exact_k=50),
            index.rank(with_parent, limit=20, exact_k=50, lazy_dna=False),
        )
