"""A kinship test reads each profile once, whether it is a plain dict or a row of the register's
genotype store: the result (LR, per-locus indices, inconsistent loci, notes, verdict) is the
same either way, an allele the frequency table lacks included."""

from __future__ import annotations

import random

from app.core.matching.genotypes import GenotypeStore
from app.core.matching.likelihood import Hypothesis
from app.core.matching.relatives import compare_pair, compare_parents, compare_with_known_parent


def _profile(
    rng: random.Random, store: GenotypeStore, parent: dict[str, tuple[float, float]] | None = None
) -> dict[str, tuple[float, float]]:
    profile: dict[str, tuple[float, float]] = {}
    for locus in rng.sample(store.loci, 18):
        alleles = store.values[store.slot[locus]][1:]
        given = (
            rng.choice(parent[locus])
            if parent and locus in parent and rng.random() < 0.9
            else rng.choice(alleles)
        )
        a, b = sorted((given, rng.choice(alleles)))
        profile[locus] = (a, b)
    if rng.random() < 0.2:
        profile[store.loci[0]] = (101.3, 102.3)  # alleles the table lacks
    return profile


def test_stored_rows_give_the_results_plain_profiles_give() -> None:
    rng = random.Random(11)
    store = GenotypeStore()
    for _ in range(60):
        mother = _profile(rng, store)
        father = _profile(rng, store)
        child = _profile(rng, store, mother if rng.random() < 0.5 else None)
        rows = [store.add(p) for p in (child, mother, father)]
        plain = (child, mother, father)
        for hypothesis in (Hypothesis.PARENT, Hypothesis.FULL_SIBLING, Hypothesis.SECOND_DEGREE):
            assert compare_pair(rows[0], rows[1], hypothesis, relation="mother") == compare_pair(
                plain[0], plain[1], hypothesis, relation="mother"
            )
        assert compare_parents(*rows) == compare_parents(*plain)
        assert compare_with_known_parent(*rows) == compare_with_known_parent(*plain)


def test_a_stored_row_reads_as_the_plain_profile_it_stores() -> None:
    rng = random.Random(12)
    store = GenotypeStore()
    for _ in range(200):
        profile = _profile(rng, store)
        row = store.add(profile)
        assert list(row.as_dict().items()) == list(dict(row).items())
        assert row.as_dict() == profile
