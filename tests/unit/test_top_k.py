"""The coarse cut keeps the same rows whatever order the index holds them in: ties with the
k-th score are broken by the person's key (what a split index needs to merge its parts)."""

from __future__ import annotations

import dataclasses
import random

import numpy as np

from app.core.matching.evalset import generate
from app.core.matching.index import MissingIndex
from app.core.matching.topk import top_k


def test_ties_at_the_cut_are_taken_in_key_order_whatever_the_row_order() -> None:
    keys = [f"k{n:03d}" for n in range(40)]
    scores = np.array([0.9] * 5 + [0.5] * 30 + [0.1] * 5)
    chosen = {keys[i] for i in top_k(scores, 10, keys.__getitem__)}
    assert chosen == {f"k{n:03d}" for n in range(10)}  # the five above, then the first five tied
    for seed in range(20):
        order = list(range(40))
        random.Random(seed).shuffle(order)
        shuffled = scores[order]
        picked = {keys[order[i]] for i in top_k(shuffled, 10, lambda i, o=order: keys[o[i]])}  # type: ignore[misc]
        assert picked == chosen


def test_fewer_rows_than_k_are_all_kept() -> None:
    assert top_k(np.array([0.2, 0.1]), 5, str).tolist() == [0, 1]


def test_two_indexes_over_the_same_persons_in_another_order_answer_alike() -> None:
    """A freshly loaded worker and one whose rows came in another order (changes applied since)
    score the same shortlist, so they deliver the same candidates even where coarse scores tie."""
    data = generate(seed=21, pairs=40, extra_missing=200, lone_found=10)
    found = data.found[0]
    twin = data.missing[0]
    twins = [  # thirty missing persons alike in all but their case numbers: their scores tie
        dataclasses.replace(twin, key=f"450305100-2025-{n:06d}#0", case_no=f"450305100-2025-{n:06d}")
        for n in range(30)
    ]
    persons = data.missing + twins
    shuffled = list(persons)
    random.Random(3).shuffle(shuffled)
    one, other = MissingIndex(persons), MissingIndex(shuffled)
    for query in [found, *data.found[1:10]]:
        a = one.rank(query, limit=5, exact_k=5)
        b = other.rank(query, limit=5, exact_k=5)
        assert [(c.key, c.score) for c in a] == [(c.key, c.score) for c in b]


def test_the_cut_keeps_what_sorting_every_score_keeps() -> None:
    rng = np.random.default_rng(4)
    for n, k in ((1000, 50), (5000, 20), (300, 299)):
        scores = np.round(rng.random(n), 2)  # many ties
        keys = [f"k{rng.integers(10**6):07d}-{i}" for i in range(n)]
        order = sorted(range(n), key=lambda i: (-scores[i], keys[i]))
        assert set(top_k(scores, k, keys.__getitem__).tolist()) == set(order[:k])
