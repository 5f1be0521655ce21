"""The seeded synthetic evaluation set (app/core/matching/evalset.py) against the issue's bars.

Attributes: recall@5 ≥ 0.95 and recall@1 ≥ 0.85 over found persons with a true counterpart.
DNA: every true family's trio (both parents) "supports"; no true parent–child duo "excludes";
no unrelated duo or trio "supports". True duos may be "inconclusive": with 20 loci a small share
of real parent–child duos stays under 10,000, which is what the standard's "more loci needed"
verdict is for (the share is reported below and in the issue note).
"""

from __future__ import annotations

import pytest

from app.core.matching.evalset import EvalSet, evaluate, generate
from app.core.matching.kinship import compare_duo, compare_trio


@pytest.fixture(scope="module")
def data() -> EvalSet:
    return generate(seed=7)


def test_attribute_recall(data: EvalSet) -> None:
    figures = evaluate(data)
    print(figures)
    assert figures["recall@5"] >= 0.95
    assert figures["recall@1"] >= 0.85
    assert figures["unrelated_supports"] == 0


def test_true_families(data: EvalSet) -> None:
    duo_supports = duo_total = 0
    for _key, child, mother, father in data.families:
        assert compare_trio(child, mother, father).verdict == "supports"
        for parent in (mother, father):
            verdict = compare_duo(child, parent).verdict
            assert verdict != "excludes"
            duo_total += 1
            duo_supports += verdict == "supports"
    print(f"true duos supported: {duo_supports}/{duo_total}")
    assert duo_supports / duo_total >= 0.97
