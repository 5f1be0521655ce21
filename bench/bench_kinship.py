"""Kinship verdicts on simulated families: does each relation's test say "supports" when it
should, and never when it should not? `python -m bench --only kinship [--quick]`.

Families are simulated from the shipped Han allele table (``app/core/matching/families.py``:
Hardy–Weinberg founders, single-step mutations at μ = 0.002, relatives' ages), and every
relative is run through the product's own kernel and verdict rules at θ = 0.01 — 100,000
families (10,000 quick) and 1,000,000 unrelated pairs (100,000 quick). "Today" is the parentage
duo as SF/Z JD0105001-2016 alone calls it (CPI ≥ 10,000, fewer than 3 inconsistent loci), the
verdict every donor got before issue 15; it is run on the same pairs in the same process.

A CPI of 10,000 over 20 loci is reached by about one unrelated pair in a million with no
inconsistent locus at all (an independent 3,000,000-pair run found 4, every one consistent at all
20 loci, CPI 10^4.2–10^5.2): no rule on those loci can tell them from a parent, so "never in a
million" is a matter of the seed at 20 loci; the 24-locus figure shows what more loci do.
"""

from __future__ import annotations

import numpy as np

from app.core.matching.families import simulate, unrelated_supports, verdicts_against_child
from app.core.matching.frequencies import default_table
from app.core.matching.loci import KIT_LOCI
from app.core.matching.verdicts import Doubt
from bench.harness import Figure, at_least, at_most, reported, stopwatch

THETA = 0.01
KIT = "PowerPlex 21"


def _share(codes: np.ndarray) -> float:
    return float((codes == 1).mean())


def _true_parent_losses(mother: dict[str, np.ndarray]) -> list[Figure]:
    """Where the true parents whose age is recorded lose "supports", as shares of all duos: the
    standard's own threshold (no rule can give those back), then each rival and the loci rule."""
    reach = mother["parent_plain"] == 1
    held = reach & (mother["parent"] != 1)
    doubt, mutated = mother["parent_doubt"], mother["inconsistent"] > 0
    return [
        reported("true parents below the standard's CPI 10,000 (no rule can pass them)", float((~reach).mean()), "share"),
        reported("… of which with a locus against Mendel's rules (mutation)", float((~reach & mutated).mean()), "share"),
        reported("true parents held back by a second-degree rival, age recorded", float((held & (doubt == Doubt.SECOND_DEGREE)).mean()), "share"),
        reported("… of which with one inconsistent locus (mutation)", float((held & (doubt == Doubt.SECOND_DEGREE) & mutated).mean()), "share"),
        reported("true parents held back by a full-sibling rival (donor 12-20 years older)", float((held & (doubt == Doubt.FULL_SIBLING)).mean()), "share"),
        reported("true parents held back by the loci rule (power, two inconsistent loci)", float((held & (doubt == Doubt.LOCI)).mean()), "share"),
    ]  # fmt: skip


def run(quick: bool) -> list[Figure]:
    table = default_table()
    n, pairs = (10_000, 100_000) if quick else (100_000, 1_000_000)
    rng = np.random.default_rng(2026)
    figures: list[Figure] = []
    with stopwatch() as elapsed:
        families = simulate(table, KIT_LOCI[KIT], n, rng)
        aged = verdicts_against_child(families, table, theta=THETA, ages=True)
        unaged = verdicts_against_child(families, table, theta=THETA, ages=False)
    plain = _share(aged["mother"]["parent_plain"])
    now = _share(aged["mother"]["parent"])
    figures += [
        at_least(f"true parents keeping 'supports', donor's age recorded ({n:,} duos)", now / plain, "share", 0.98),
        reported("true parents 'supports', age recorded (of all duos)", now, "share"),
        reported("true parents 'supports', no age recorded (of all duos)", _share(unaged["mother"]["parent"]), "share"),
        reported("true parents 'supports' today (plain duo)", plain, "share"),
        *_true_parent_losses(aged["mother"]),
        reported("both parents (trio) 'supports'", _share(aged["mother"]["parents"]), "share"),
        at_most("full sibling called a 'supports' parent, ages recorded", _share(aged["sibling"]["parent"]), "share", 0.02),
        at_most("full sibling called a 'supports' parent, no ages", _share(unaged["sibling"]["parent"]), "share", 0.02),
        reported("full sibling called a 'supports' parent today", _share(aged["sibling"]["parent_plain"]), "share"),
    ]  # fmt: skip
    for role, label in (
        ("half_sibling", "half sibling"),
        ("grandmother", "grandparent"),
        ("aunt", "aunt/uncle"),
    ):
        figures += [
            at_most(f"{label} called a 'supports' parent, ages recorded", _share(aged[role]["parent"]), "share", 0.005),
            at_most(f"{label} called a 'supports' parent, no ages", _share(unaged[role]["parent"]), "share", 0.005),
            reported(f"{label} called a 'supports' parent today", _share(aged[role]["parent_plain"]), "share"),
            reported(f"{label} 'supports' second degree", _share(aged[role]["second_degree"]), "share"),
        ]  # fmt: skip
    figures.append(
        at_least(
            f"true full siblings 'supports', {KIT} (20 loci)",
            _share(aged["sibling"]["full_sibling"]),
            "share",
            0.70,
        )
    )
    for kit in ("Identifiler", "GlobalFiler", "PowerPlex 21 + GlobalFiler"):
        per_kit = simulate(table, KIT_LOCI[kit], n // 5, rng)
        per_kit_codes = verdicts_against_child(per_kit, table, theta=THETA)
        codes = per_kit_codes["sibling"]["full_sibling"]
        loci = len(KIT_LOCI[kit])
        figures.append(
            reported(f"true full siblings 'supports', {kit} ({loci} loci)", _share(codes), "share")
        )
        parents = per_kit_codes["mother"]
        figures += [
            reported(f"true parents 'supports', age recorded, {kit} ({loci} loci)", _share(parents["parent"]), "share"),
            reported(f"true parents 'supports' today (plain duo), {kit} ({loci} loci)", _share(parents["parent_plain"]), "share"),
        ]  # fmt: skip
    families_time = elapsed()
    counts = {"parent": 0, "parent_aged": 0, "parent_plain": 0, "full_sibling": 0, "second_degree": 0}
    wide = dict(counts)
    with stopwatch() as elapsed:
        for _ in range(pairs // 100_000):
            for key, value in unrelated_supports(table, KIT_LOCI[KIT], 100_000, rng, theta=THETA).items():
                counts[key] += value
            union = KIT_LOCI["PowerPlex 21 + GlobalFiler"]
            for key, value in unrelated_supports(table, union, 100_000, rng, theta=THETA).items():
                wide[key] += value
    sibling_name = f"unrelated 'supports' full sibling in {pairs:,} pairs"
    figures += [
        # the goal is set per million pairs: the quick run only reports
        reported(sibling_name, counts["full_sibling"], "pairs")
        if quick
        else at_most(sibling_name, counts["full_sibling"], "pairs", 5),
        at_most(f"unrelated 'supports' parent in {pairs:,} pairs", counts["parent"], "pairs", 0),
        reported(f"unrelated 'supports' parent in {pairs:,} pairs, ages recorded", counts["parent_aged"], "pairs"),
        reported(f"unrelated 'supports' parent today in {pairs:,} pairs", counts["parent_plain"], "pairs"),
        reported(f"unrelated 'supports' second degree in {pairs:,} pairs", counts["second_degree"], "pairs"),
        reported(f"unrelated 'supports' parent in {pairs:,} pairs, 24 loci", wide["parent"], "pairs"),
        reported(f"unrelated 'supports' full sibling in {pairs:,} pairs, 24 loci", wide["full_sibling"], "pairs"),
        reported("simulation time (families, unrelated pairs)", families_time + elapsed(), "s"),
    ]  # fmt: skip
    return figures
