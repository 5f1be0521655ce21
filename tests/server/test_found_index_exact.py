"""The national found-side index finds each shortlisted pair's facts once and words only the
candidates it delivers: its answer is :func:`rank_found`'s over the same shortlist — the same
found persons in the same order, scores to the bit, reasons, DNA results with their LR, rank,
screened size and expected random matches — with the deferred DNA exclusions or without."""

from __future__ import annotations

import dataclasses
import random

import numpy as np

from app.core.matching import MatchSubject, rank_found
from app.core.matching.evalset import generate
from app.core.matching.subject import Candidate
from app.core.matching.topk import top_k
from server.services.matching_found import FoundIndex


def _shortlist(index: FoundIndex, missing: MatchSubject, exact_k: int) -> list[MatchSubject]:
    """The found persons the index sends to the exact stage (the coarse best and the DNA
    screen's plausible), in row order."""
    rows, coarse = index.coarse(missing)
    if len(rows) > exact_k:
        rows = rows[top_k(coarse, exact_k, lambda i: index.subjects[int(rows[i])].key)]
    plausible, _logs, _excluded = index._dna_rows(missing, exact_k)
    return [index.subjects[r] for r in sorted(set(rows.tolist()) | plausible)]


def _bits(candidates: list[Candidate]) -> list[tuple[object, ...]]:
    return [(c.key, c.case_no, np.float64(c.score).tobytes(), c.reasons, c.dna) for c in candidates]


def _register(seed: int) -> tuple[list[MatchSubject], list[MatchSubject]]:
    """A random register with nameless persons, tied copies and found children's own parents."""
    data = generate(seed=seed, pairs=80, extra_missing=40, lone_found=300)
    rng = random.Random(seed)
    mother = next(p for m in data.missing for p in m.profiles if p.relation == "mother")
    found: list[MatchSubject] = []
    for i, f in enumerate(data.found):
        roll = rng.random()
        if roll < 0.1:
            f = dataclasses.replace(f, name="", nicknames=(), former_names=())
        elif roll < 0.15:
            f = dataclasses.replace(f, profiles=(*f.profiles, dataclasses.replace(mother, relation="mother")))
        found.append(f)
        if i % 17 == 0:  # a copy under another key: the same score, ranked by key
            found.append(dataclasses.replace(f, key=f"{f.key}-copy", case_no=f"{f.case_no}-copy"))
    missing = [
        dataclasses.replace(m, name="", nicknames=(), former_names=()) if n % 9 == 0 else m
        for n, m in enumerate(data.missing)
    ]
    return found, missing


def test_the_index_answers_as_rank_found_over_its_shortlist() -> None:
    delivered = with_dna = 0
    for seed in (3, 4):
        found, missing = _register(seed)
        index = FoundIndex(found)
        for n, person in enumerate(missing):
            exact_k = 200 if n % 5 == 0 else 40
            expected = _bits(
                rank_found(person, _shortlist(index, person, exact_k), limit=20, model=index.model)
            )
            for lazy in (True, False):
                assert _bits(index.rank(person, limit=20, exact_k=exact_k, lazy_dna=lazy)) == expected
            delivered += len(expected)
            with_dna += sum(c[4] is not None for c in expected)
    assert delivered > 1000 and with_dna > 20  # the registers exercise ranking and DNA
