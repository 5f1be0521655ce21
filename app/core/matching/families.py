"""Simulated families from an allele table, for the kinship tests and benchmarks.

Founders draw their alleles from the table (Hardy–Weinberg); children inherit one allele from
each parent, which mutates with probability μ by one repeat step up or down (the single-step
model the mutation index assumes). One call makes *n* independent families, each with: the
child, mother, father, a full sibling, a maternal half sibling, the maternal grandmother, the
mother's full sister (an aunt), and an unrelated person — and their ages relative to the child
(years the relative is older: parents 18–40, siblings ±10, half siblings ±15, grandmother 38–75,
aunt −5–25, uniform), so the age rules can be weighed as a station would see them — each
relative as if recorded as the child's mother (the father as father), the confusion the rules
must catch.

:func:`verdicts_against_child` then runs every relative through the hypothesis a recorded
relation would call for — the kernel and the verdict rules of the product, vectorised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.core.matching.frequencies import AlleleTable
from app.core.matching.kinship import DEFAULT_MUTATION_RATE
from app.core.matching.likelihood import F64, Hypothesis, pair_lr, trio_with_mutations
from app.core.matching.verdicts import (
    EXCLUDE_AT,
    PARENT_MAX_GAP,
    PARENT_MIN_GAP,
    REFUTE_AT,
    SIBLING_MAX_GAP,
    SUPPORT_AT,
    exclusion_power,
    verdict_codes,
)

__all__ = ["ROLES", "Families", "simulate", "unrelated_supports", "verdicts_against_child"]

ROLES = ("mother", "father", "sibling", "half_sibling", "grandmother", "aunt", "unrelated")
_AGE_GAPS = {  # years older than the child, uniform
    "mother": (18.0, 40.0),
    "father": (18.0, 40.0),
    "sibling": (-10.0, 10.0),
    "half_sibling": (-15.0, 15.0),
    "grandmother": (38.0, 75.0),
    "aunt": (-5.0, 25.0),
    "unrelated": (-30.0, 50.0),
}


@dataclass(frozen=True)
class Families:
    """Genotypes per role and locus, ``(allele 1, allele 2)`` arrays of length n; age gaps."""

    loci: tuple[str, ...]
    child: dict[str, tuple[F64, F64]]
    relatives: dict[str, dict[str, tuple[F64, F64]]]
    gaps: dict[str, F64]
    n: int


def simulate(
    table: AlleleTable,
    loci: Sequence[str],
    n: int,
    rng: np.random.Generator,
    mu: float = DEFAULT_MUTATION_RATE,
) -> Families:
    """*n* families over *loci* (each a locus of *table*)."""
    child: dict[str, tuple[F64, F64]] = {}
    relatives: dict[str, dict[str, tuple[F64, F64]]] = {r: {} for r in ROLES}
    for locus in loci:
        alleles = np.asarray(table.alleles(locus), dtype=np.float64)
        p = np.array([table.freqs[locus][a] for a in table.alleles(locus)])
        p = p / p.sum()

        def founder(alleles: F64 = alleles, p: F64 = p) -> tuple[F64, F64]:
            g = alleles[rng.choice(len(alleles), size=(n, 2), p=p)]
            return g[:, 0], g[:, 1]

        def gamete(g: tuple[F64, F64]) -> F64:
            allele = np.where(rng.random(n) < 0.5, g[0], g[1])
            step = np.where(rng.random(n) < 0.5, -1.0, 1.0)
            return np.where(rng.random(n) < mu, allele + step, allele)

        def offspring(a: tuple[F64, F64], b: tuple[F64, F64]) -> tuple[F64, F64]:
            x, y = gamete(a), gamete(b)
            return np.minimum(x, y), np.maximum(x, y)

        grandmother, grandfather, father, stranger = founder(), founder(), founder(), founder()
        mother = offspring(grandmother, grandfather)
        child[locus] = offspring(mother, father)
        for role, genotype in (
            ("mother", mother),
            ("father", father),
            ("sibling", offspring(mother, father)),
            ("half_sibling", offspring(mother, founder())),
            ("grandmother", grandmother),
            ("aunt", offspring(grandmother, grandfather)),
            ("unrelated", stranger),
        ):
            relatives[role][locus] = genotype
    gaps = {role: rng.uniform(lo, hi, n) for role, (lo, hi) in _AGE_GAPS.items()}
    return Families(tuple(loci), child, relatives, gaps, n)


def _sums(
    families: Families, relative: dict[str, tuple[F64, F64]], hypothesis: Hypothesis, table: AlleleTable,
    theta: float, mu: float,
) -> tuple[F64, F64]:  # fmt: skip
    """(Σ log10 LR, inconsistent loci) of *relative* against the child under *hypothesis*."""
    log_lr = np.zeros(families.n)
    bad = np.zeros(families.n)
    for locus in families.loci:
        c = families.child[locus]
        pc = (_freqs(table, locus, c[0]), _freqs(table, locus, c[1]))
        lr, inconsistent, _ = pair_lr(
            hypothesis, relative[locus], c, pc, theta, mu, table.mean_exclusion_duo(locus)
        )
        log_lr += np.log10(lr)
        bad += inconsistent
    return log_lr, bad


def _freqs(table: AlleleTable, locus: str, alleles: F64) -> F64:
    values, inverse = np.unique(alleles, return_inverse=True)
    return np.array([table.p(locus, float(v)) for v in values])[inverse]


def _plain_duo(log_lr: F64, bad: F64) -> npt.NDArray[np.int8]:
    """The duo as SF/Z JD0105001-2016 alone called it before issue 15: CPI ≥ 10,000 supports,
    3 inconsistent loci or CPI ≤ 0.0001 exclude (no loci floor, no rivals, no ages)."""
    excludes = (bad >= EXCLUDE_AT) | (log_lr <= np.log10(REFUTE_AT))
    return np.where(excludes, 2, np.where(log_lr >= np.log10(SUPPORT_AT), 1, 0)).astype(np.int8)


def verdicts_against_child(
    families: Families,
    table: AlleleTable,
    *,
    theta: float,
    mu: float = DEFAULT_MUTATION_RATE,
    ages: bool = True,
) -> dict[str, dict[str, npt.NDArray[np.int8]]]:
    """Verdict codes (``verdicts.VERDICTS`` index) of every role under every test: ``parent``
    (duo, rivals weighed, ages when *ages*; ``parent_doubt`` its :class:`~verdicts.Doubt` codes,
    ``inconsistent`` the duo's loci against Mendel's rules), ``parent_plain`` (the duo as SF/Z
    alone would call it), ``full_sibling``, ``second_degree``; and ``parents`` (trio) for the
    true parents."""
    out: dict[str, dict[str, npt.NDArray[np.int8]]] = {}
    duo_power = exclusion_power([table.mean_exclusion_duo(locus) for locus in families.loci])
    trio_power = exclusion_power([table.mean_exclusion_trio(locus) for locus in families.loci])
    for role in ROLES:
        relative = families.relatives[role]
        po, bad = _sums(families, relative, Hypothesis.PARENT, table, theta, mu)
        fs, _ = _sums(families, relative, Hypothesis.FULL_SIBLING, table, theta, mu)
        sd, _ = _sums(families, relative, Hypothesis.SECOND_DEGREE, table, theta, mu)
        gap = families.gaps[role]
        # every relative but the father is on the mother's side: recorded as a "mother"
        oldest = PARENT_MAX_GAP["father" if role == "father" else "mother"]
        parent_possible = (gap >= PARENT_MIN_GAP) & (gap <= oldest) if ages else True
        sibling_possible = gap < SIBLING_MAX_GAP if ages else True
        parent, doubt = verdict_codes(Hypothesis.PARENT, po, bad, log_full_sibling=fs, log_second_degree=sd,
                                      parent_possible=parent_possible, sibling_possible=sibling_possible,
                                      power=duo_power)  # fmt: skip
        out[role] = {
            "parent": parent,
            "parent_doubt": doubt,
            "inconsistent": np.minimum(bad, 127).astype(np.int8),
            "parent_plain": _plain_duo(po, bad),
            "full_sibling": verdict_codes(Hypothesis.FULL_SIBLING, fs)[0],
            "second_degree": verdict_codes(Hypothesis.SECOND_DEGREE, sd)[0],
        }  # fmt: skip
    trio = np.zeros(families.n)
    bad = np.zeros(families.n)
    for locus in families.loci:
        c = families.child[locus]
        pc = (_freqs(table, locus, c[0]), _freqs(table, locus, c[1]))
        lr, inconsistent, _ = trio_with_mutations(
            c, families.relatives["mother"][locus], families.relatives["father"][locus], pc, theta, mu,
            table.mean_exclusion_duo(locus), table.mean_exclusion_trio(locus),
        )  # fmt: skip
        trio += np.log10(lr)
        bad += inconsistent
    out["mother"]["parents"] = verdict_codes(Hypothesis.PARENTS, trio, bad, power=trio_power)[0]
    return out


def unrelated_supports(
    table: AlleleTable, loci: Sequence[str], n: int, rng: np.random.Generator, *, theta: float,
    mu: float = DEFAULT_MUTATION_RATE,
) -> dict[str, int]:  # fmt: skip
    """How many of *n* pairs of unrelated persons each test calls "supports" (no ages known;
    ``parent_aged``: the duo with the donor's and the child's ages recorded)."""
    child: dict[str, tuple[F64, F64]] = {}
    other: dict[str, tuple[F64, F64]] = {}
    for locus in loci:
        alleles = np.asarray(table.alleles(locus), dtype=np.float64)
        p = np.array([table.freqs[locus][a] for a in table.alleles(locus)])
        for people in (child, other):
            g = np.sort(alleles[rng.choice(len(alleles), size=(n, 2), p=p / p.sum())], axis=1)
            people[locus] = (g[:, 0], g[:, 1])
    families = Families(tuple(loci), child, {"unrelated": other}, {}, n)
    po, bad = _sums(families, other, Hypothesis.PARENT, table, theta, mu)
    fs, _ = _sums(families, other, Hypothesis.FULL_SIBLING, table, theta, mu)
    sd, _ = _sums(families, other, Hypothesis.SECOND_DEGREE, table, theta, mu)
    power = exclusion_power([table.mean_exclusion_duo(locus) for locus in loci])
    parent = verdict_codes(
        Hypothesis.PARENT, po, bad, log_full_sibling=fs, log_second_degree=sd, power=power
    )[0]
    # the same pairs with the donor recorded as the child's mother, both ages known (gaps drawn
    # as a family's stranger's, from their own generator: the genotype stream stays the same)
    lo, hi = _AGE_GAPS["unrelated"]
    gap = np.random.default_rng([n, 15]).uniform(lo, hi, n)
    aged = verdict_codes(
        Hypothesis.PARENT, po, bad, log_full_sibling=fs, log_second_degree=sd, power=power,
        parent_possible=(gap >= PARENT_MIN_GAP) & (gap <= PARENT_MAX_GAP["mother"]),
        sibling_possible=gap < SIBLING_MAX_GAP,
    )[0]  # fmt: skip
    return {
        "parent": int((parent == 1).sum()),
        "parent_aged": int((aged == 1).sum()),
        "parent_plain": int((_plain_duo(po, bad) == 1).sum()),
        "full_sibling": int((verdict_codes(Hypothesis.FULL_SIBLING, fs)[0] == 1).sum()),
        "second_degree": int((verdict_codes(Hypothesis.SECOND_DEGREE, sd)[0] == 1).sum()),
    }
