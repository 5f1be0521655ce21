"""Parentage indices against published worked formulas, and the shipped example family.

Duo formulas: Goodwin, Linacre & Hadi, *An Introduction to Forensic Genetics* (2nd ed., Wiley
2011), Table 11.3 (no mother tested). Trio formulas with the mother typed: the AABB paternity
index table (e.g. mother AB, child AB, alleged father AB → 1/(p+q); mother AC, child AB, father BD
→ 1/2q). Mutation: PI = μ / A (AABB, as set out by C. Brenner, "Mutations in paternity",
dna-view.com/mudisc.htm), A = the locus's mean exclusion power.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.matching.frequencies import AlleleTable, default_table
from app.core.matching.kinship import (
    compare_duo,
    compare_trio,
    duo_locus,
    known_mother_locus,
    verdict,
)
from app.core.matching.loci import normalise_locus

P, Q, R, S = 0.1, 0.2, 0.3, 0.4  # frequencies of alleles 10, 11, 12, 13
TABLE = AlleleTable({"X": {10.0: P, 11.0: Q, 12.0: R, 13.0: S}}, sample_size=10**7)
MU = 0.002


@pytest.mark.parametrize(
    ("child", "parent", "expected"),
    [
        ((10, 10), (10, 10), 1 / P),  # homozygous child, homozygous parent
        ((10, 10), (10, 11), 1 / (2 * P)),
        ((10, 11), (10, 10), 1 / (2 * P)),
        ((10, 11), (11, 11), 1 / (2 * Q)),
        ((10, 11), (10, 11), (P + Q) / (4 * P * Q)),
        ((10, 11), (10, 12), 1 / (4 * P)),
    ],
)
def test_duo_matches_textbook_table(
    child: tuple[float, float], parent: tuple[float, float], expected: float
) -> None:
    got = duo_locus("X", child, parent, TABLE)
    assert not got.inconsistent
    assert got.index == pytest.approx(expected)


@pytest.mark.parametrize(
    ("mother", "child", "father", "expected"),
    [
        ((10, 12), (10, 11), (11, 13), 1 / (2 * Q)),
        ((10, 12), (10, 11), (11, 11), 1 / Q),
        ((10, 11), (10, 11), (10, 11), 1 / (P + Q)),
        ((10, 11), (10, 11), (11, 11), 1 / (P + Q)),
        ((10, 11), (10, 11), (11, 12), 1 / (2 * (P + Q))),
        ((10, 10), (10, 10), (10, 12), 1 / (2 * P)),  # homozygous trio
    ],
)
def test_known_mother_trio_matches_aabb_formulas(
    mother: tuple[float, float], child: tuple[float, float], father: tuple[float, float], expected: float
) -> None:
    got = known_mother_locus("X", child, mother, father, TABLE)
    assert got.index == pytest.approx(expected)


def test_single_step_mutation_uses_mu_over_mean_exclusion() -> None:
    got = duo_locus("X", (10, 11), (12, 13), TABLE, MU)
    assert got.inconsistent and got.steps == 1
    assert got.index == pytest.approx(MU / TABLE.mean_exclusion_duo("X"))
    two_steps = duo_locus("X", (10, 10), (12, 13), TABLE, MU)
    assert two_steps.steps == 2 and two_steps.index == pytest.approx(got.index / 10)


def test_trio_mutation_on_father_uses_trio_exclusion_power() -> None:
    got = known_mother_locus("X", (10, 11), (10, 12), (12, 13), TABLE, MU)
    assert got.inconsistent and got.steps == 1
    assert got.index == pytest.approx(MU / TABLE.mean_exclusion_trio("X"))


def test_mean_exclusion_power_by_enumeration_matches_closed_form() -> None:
    # Closed form for the duo: Σ p_i²(1-p_i)² + Σ_{i<j} 2 p_i p_j (1-p_i-p_j)²
    ps = [P, Q, R, S]
    duo = sum(p * p * (1 - p) ** 2 for p in ps) + sum(
        2 * ps[i] * ps[j] * (1 - ps[i] - ps[j]) ** 2 for i in range(4) for j in range(i + 1, 4)
    )
    assert TABLE.mean_exclusion_duo("X") == pytest.approx(duo)
    # Trio: Σ p_i(1-p_i)² − ½ Σ_{i≠j} p_i² p_j² (4 − 3p_i − 3p_j)
    # (Garber & Morris 1983; compared in Jamieson & Taylor, Animal Genetics 1997;28:397-400)
    trio = sum(p * (1 - p) ** 2 for p in ps) - 0.5 * sum(
        ps[i] ** 2 * ps[j] ** 2 * (4 - 3 * ps[i] - 3 * ps[j]) for i in range(4) for j in range(4) if i != j
    )
    assert TABLE.mean_exclusion_trio("X") == pytest.approx(trio)


def test_missing_locus_is_skipped_and_reported() -> None:
    table = AlleleTable({"X": {10.0: P, 11.0: Q}, "Y": {10.0: 0.5, 11.0: 0.5}}, sample_size=10**7)
    result = compare_duo({"X": (10, 11), "Y": (10, 10)}, {"X": (10, 10)}, table)
    assert result.loci_compared == 1 and result.skipped == ("Y",)
    assert result.combined_index == pytest.approx(1 / (2 * P))


def test_unseen_allele_gets_minimum_frequency_and_a_note() -> None:
    table = AlleleTable({"X": {10.0: 0.5, 11.0: 0.5}}, sample_size=100)
    result = compare_duo({"X": (10, 14)}, {"X": (14, 14)}, table)
    assert result.combined_index == pytest.approx(1 / (2 * 5 / 200))
    assert result.notes and "minimum frequency" in result.notes[0]


def test_trio_with_both_parents_alleged_factors_into_duo_times_known_mother() -> None:
    child, mother, father = {"X": (10, 11)}, {"X": (10, 12)}, {"X": (11, 13)}
    result = compare_trio(child, mother, father, TABLE)
    assert result.combined_index == pytest.approx((1 / (4 * P)) * (1 / (2 * Q)))


def test_verdict_thresholds() -> None:
    assert verdict(1e9, 3) == "excludes"
    assert verdict(10_000, 2) == "supports"
    assert verdict(9_999, 0) == "inconclusive"


def _profile(person: dict[str, object]) -> dict[str, tuple[float, float]]:
    loci = person["samples"][0]["profile"]["loci"]  # type: ignore[index]
    return {normalise_locus(k): (float(v[0]), float(v[1])) for k, v in loci.items()}


def test_example_family_supports() -> None:
    root = Path(__file__).resolve().parents[3] / "shared" / "examples"
    if not root.exists():
        root = Path("/work/shared/examples")
    found = json.loads((root / "found_child.json").read_text(encoding="utf-8"))
    missing = json.loads((root / "missing_child.json").read_text(encoding="utf-8"))
    child = _profile(found["persons"][0])
    mother = _profile(missing["reporter"])
    father = _profile(missing["persons"][1])
    for result in (
        compare_duo(child, mother),
        compare_duo(child, father),
        compare_trio(child, mother, father),
    ):
        assert result.verdict == "supports", result
        assert result.loci_compared == 20 and result.inconsistent_loci == 0
    assert compare_duo(mother, father).verdict == "excludes"


def test_shipped_table_covers_the_powerplex_21_loci() -> None:
    from app.core.matching.loci import KIT_LOCI

    table = default_table()
    assert all(table.has_locus(locus) for locus in KIT_LOCI["PowerPlex 21"])
    for locus in KIT_LOCI["PowerPlex 21"]:
        assert sum(table.freqs[locus].values()) == pytest.approx(1.0, abs=5e-4)
