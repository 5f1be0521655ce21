"""The national found-side index (a missing child screened against the nation's found children)
defers the exact kinship test of found children whose duo test the vectorised DNA screen already
excludes, as the missing-side index does (``tests/unit/test_exact_stage.py``): the delivered
candidates, scores, DNA results (LR, rank, screened size) and reasons equal the full path's."""

from __future__ import annotations

import dataclasses

from app.core.matching.evalset import generate
from app.core.matching.kinship import EXCLUDE_AT
from app.core.matching.subject import MatchProfile
from server.services.matching_found import FoundIndex


def _same(a: list, b: list) -> None:  # type: ignore[type-arg]
    assert [(c.key, c.score) for c in a] == [(c.key, c.score) for c in b]
    assert [c.reasons for c in a] == [c.reasons for c in b]
    assert [c.dna for c in a] == [c.dna for c in b]


def test_deferring_excluded_found_children_delivers_what_the_full_exact_stage_delivers() -> None:
    data = generate(seed=15, pairs=120, extra_missing=100, lone_found=500)
    index = FoundIndex(data.found)
    deferred = delivered_dna = 0
    for n, missing in enumerate(data.missing):
        hits = index._dna_rows(missing, 200)
        if (
            hits is not None and hits.duo and index.profiles is not None
        ):  # the screen excludes, no parent on file
            _logs, bad = index.profiles.scores(
                hits.relative, False, hypothesis=hits.hypothesis, theta=index.model.theta, mu=index.model.mu
            )
            deferred += int(((bad >= EXCLUDE_AT) & ~index.with_parents[index.dna_rows]).sum())
        for exact_k in (50, 200) if n % 4 == 0 else (50,):  # the wider shortlist on a quarter
            lazy = index.rank(missing, limit=20, exact_k=exact_k)
            full = index.rank(missing, limit=20, exact_k=exact_k, lazy_dna=False)
            _same(lazy, full)
            delivered_dna += sum(c.dna is not None for c in lazy)
    assert deferred > 1000  # the set exercises the deferral
    assert delivered_dna > 0


def test_a_found_child_with_its_own_parent_on_file_is_tested_in_full() -> None:
    """A found child whose registered mother is on file is tested with her (not a duo): the
    screen's exclusion says nothing about that test, so it is never deferred."""
    data = generate(seed=16, pairs=60, extra_missing=20, lone_found=200)
    mother = next(p for m in data.missing for p in m.profiles if p.relation == "mother")
    found = [
        dataclasses.replace(f, profiles=(*f.profiles, MatchProfile("mother", mother.loci)))
        if i % 3 == 0
        else f
        for i, f in enumerate(data.found)
    ]
    index = FoundIndex(found)
    for missing in data.missing[:40]:
        _same(
            index.rank(missing, limit=20, exact_k=50),
            index.rank(missing, limit=20, exact_k=50, lazy_dna=False),
        )
