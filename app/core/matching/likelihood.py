"""Kinship likelihood ratios per locus, with the subpopulation correction θ, vectorised.

One kernel serves one comparison (arrays over its loci), the screening tables (arrays over every
genotype a locus can hold) and the simulations in ``bench/`` (arrays over a million pairs).

**Pairwise relationships.** Two persons X (the relative, typed first) and Y (the child) share
0, 1 or 2 alleles identical by descent with probabilities k0, k1, k2 (Cotterman coefficients:
parent–child 0, 1, 0; full siblings ¼, ½, ¼; half siblings, grandparent–grandchild and
aunt/uncle–niece/nephew — the second degree — ½, ½, 0; Lange, *Applied Probability*, Table 5.1).
With R1 = P(Y | X, one allele IBD) / P(Y | X, none) and R2 = P(Y | X, both) / P(Y | X, none),

    LR = k0 + k1·R1 + k2·R2

(the "ITO" method). Without θ this reproduces the published tables: full sibling index
AA/AA (1+p)²/4p², AA/AB (1+p)/4p, AB/AB (1+p+q+2pq)/8pq, AB/AC (1+2p)/8p, nothing shared ¼
(Wenk & Chiafari 2000; SF/T 0117-2021 §4.3 and GB/T 43641-2024 compute the FSI this way), and
second-degree indices ½ + ½·PI (the unified algorithm of 法医学杂志 2011;27(5):330-333).

**θ (NRC II, 1996, equations 4.10a/b).** Probabilities of alleles not shared by descent come
from the Balding–Nichols sampling formula: having seen n alleles of which m are A, the next is A
with probability (mθ + (1−θ)p_A) / (1 + (n−1)θ). Conditioning on the relative's two alleles
gives the θ-corrected indices, e.g. parent–child AA/AA (1+2θ)/(3θ+(1−θ)p) and AA/AB
(1+2θ)/(2(2θ+(1−θ)p)) (Balding & Nichols, Forensic Sci Int 1995;73:149–154), and 1/R2 is
exactly NRC II 4.10's conditional match probability. θ = 0 gives the plain formulas.

**Mutation** (parent–child only; a sibling or second-degree relative may share nothing, k0 > 0):
a locus where the child cannot have inherited from the parent is an inconsistency, weighed
PI = μ / A · 10^(1−steps) (AABB, as set out by C. Brenner, "Mutations in paternity",
dna-view.com/mudisc.htm; A = the locus's mean exclusion power), see ``kinship.py``.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import numpy.typing as npt

__all__ = [
    "DEFAULT_THETA",
    "IBD",
    "Hypothesis",
    "identity_ratios",
    "mutation_index",
    "pair_lr",
    "repeat_steps",
    "trio_lr",
    "trio_with_mutations",
]

F64 = npt.NDArray[np.float64]
Arr = F64 | float

DEFAULT_THETA = 0.01  # NRC II recommends 0.01 for most populations, 0.03 for small isolated ones


class Hypothesis(StrEnum):
    """What a DNA comparison weighs against "unrelated"."""

    PARENT = "parent"  # one alleged parent and the child (duo)
    PARENTS = "parents"  # both alleged parents and the child (trio)
    PARENT_GIVEN_OTHER = "parent_given_other"  # one parent known to be the child's, the other alleged
    FULL_SIBLING = "full_sibling"
    SECOND_DEGREE = "second_degree"  # half sibling, grandparent, aunt or uncle


#: (k0, k1, k2): the chance that two relatives share 0, 1 or 2 alleles identical by descent
IBD: dict[Hypothesis, tuple[float, float, float]] = {
    Hypothesis.PARENT: (0.0, 1.0, 0.0),
    Hypothesis.FULL_SIBLING: (0.25, 0.5, 0.25),
    Hypothesis.SECOND_DEGREE: (0.5, 0.5, 0.0),
}


def _draw(count: Arr, freq: Arr, seen: int, theta: float) -> Arr:
    """Balding–Nichols: P(next allele is A | *seen* alleles, *count* of them A)."""
    return (count * theta + (1.0 - theta) * freq) / (1.0 + (seen - 1) * theta)


def identity_ratios(x1: F64, x2: F64, y1: F64, y2: F64, py1: F64, py2: F64, theta: float) -> tuple[F64, F64]:
    """(R1, R2) for relative X = (x1, x2) and child Y = (y1, y2); p* are Y's allele frequencies.

    Element-wise over arrays of any shape. R1 = 0 where Y shares no allele with X.
    """
    c1 = (x1 == y1).astype(np.float64) + (x2 == y1)
    c2 = (x1 == y2).astype(np.float64) + (x2 == y2)
    het = y1 != y2
    first = _draw(c1, py1, 2, theta)  # P(y1 | X)
    second = _draw(c2 + (~het), py2, 3, theta)  # P(y2 | X, y1)
    p0 = np.where(het, 2.0, 1.0) * first * second
    p1 = np.where(het, c1 / 2 * _draw(c2, py2, 2, theta) + c2 / 2 * first, c1 / 2 * first)
    same = ((x1 == y1) & (x2 == y2)) | ((x1 == y2) & (x2 == y1))
    return p1 / p0, same / p0


def repeat_steps(sources: tuple[F64, ...], targets: tuple[F64, ...]) -> F64:
    """Whole repeat steps from the nearest source allele to a target; partial repeats round up,
    capped at 8 (beyond, it is not a mutation)."""
    gap = np.minimum.reduce([np.abs(s - t) for s in sources for t in targets])
    return np.asarray(np.clip(np.ceil(np.round(gap, 1) - 1e-9), 1, 8), dtype=np.float64)


def mutation_index(mu: float, power: Arr, steps: Arr) -> Arr:
    """PI of an inconsistent locus: μ / A, a tenth for each further repeat step."""
    return mu / power * 10.0 ** (1 - np.asarray(steps))


def pair_lr(
    hypothesis: Hypothesis,
    x: tuple[F64, F64],
    y: tuple[F64, F64],
    py: tuple[F64, F64],
    theta: float,
    mu: float = 0.0,
    power: Arr = 1.0,
    ratios: tuple[F64, F64] | None = None,
) -> tuple[F64, npt.NDArray[np.bool_], F64]:
    """(LR, inconsistent, steps) of relative *x* and child *y* under a pairwise *hypothesis*.

    For PARENT an inconsistent locus takes the mutation index (*mu*, *power* = the locus's duo
    exclusion power); the other hypotheses never call a locus inconsistent. *ratios*: the
    pair's :func:`identity_ratios` when the caller already has them (one pair weighed under
    several hypotheses shares them).
    """
    k0, k1, k2 = IBD[hypothesis]
    r1, r2 = ratios if ratios is not None else identity_ratios(x[0], x[1], y[0], y[1], py[0], py[1], theta)
    lr = k0 + k1 * r1 + k2 * r2
    bad = lr <= 0.0
    # the steps only where a locus is inconsistent (none: the zeros np.where would give)
    steps = np.where(bad, repeat_steps(x, y), 0.0) if bad.any() else np.zeros(np.shape(bad))
    if bad.any():
        lr = np.where(bad, mutation_index(mu, power, np.maximum(steps, 1.0)), lr)
    return np.asarray(lr, dtype=np.float64), bad, steps


def trio_lr(
    child: tuple[F64, F64],
    mother: tuple[F64, F64],
    father: tuple[F64, F64],
    pc: tuple[F64, F64],
    theta: float,
    *,
    mother_known: bool = False,
) -> F64:
    """The LR of a trio where both parents transmit without mutation (0 where they cannot).

    Both alleged: P(C | M, F) / P(C | M, F typed, unrelated to C) — C's two alleles drawn after
    the parents' four. Mother known: P(C | M, F) / P(C | M, a random man), the paternal allele
    drawn after the four alleles of M and F (the AABB trio formulas when θ = 0).
    """
    (c1, c2), (m1, m2), (f1, f2) = child, mother, father
    het = c1 != c2

    def share(a: F64, b: F64, allele: F64) -> F64:
        return np.asarray(((a == allele).astype(np.float64) + (b == allele)) / 2, dtype=np.float64)

    tm1, tm2, tf1, tf2 = share(m1, m2, c1), share(m1, m2, c2), share(f1, f2, c1), share(f1, f2, c2)
    # splits: mother gives c1 and father c2, or (heterozygous child only) the other way round
    both = tm1 * tf2 + np.where(het, tm2 * tf1, 0.0)
    n1 = 2 * (tm1 + tf1)  # copies of c1 among the parents' four alleles
    n2 = 2 * (tm2 + tf2)
    if mother_known:
        # the paternal allele of a random man, after M's and F's four alleles
        denom = tm1 * _draw(n2, pc[1], 4, theta) + np.where(het, tm2 * _draw(n1, pc[0], 4, theta), 0.0)
        return np.where(denom > 0, both / np.where(denom > 0, denom, 1.0), 0.0)
    first = _draw(n1, pc[0], 4, theta)
    second = _draw(n2 + (~het), pc[1], 5, theta)
    return np.asarray(both / (np.where(het, 2.0, 1.0) * first * second), dtype=np.float64)


def trio_with_mutations(
    child: tuple[F64, F64],
    mother: tuple[F64, F64],
    father: tuple[F64, F64],
    pc: tuple[F64, F64],
    theta: float,
    mu: float,
    duo_power: Arr,
    trio_power: Arr,
    *,
    mother_known: bool = False,
) -> tuple[F64, npt.NDArray[np.bool_], F64]:
    """(LR, inconsistent, steps) of a trio, mutations included, element-wise.

    Where no pair of transmissions explains the child: if the (alleged or known) mother cannot
    have given either allele, her mutation index times the father's duo index (for a known
    mother: the father's duo index alone, she is taken as given); otherwise the father lacks
    the allele left for him, and his index is μ / A_trio for the steps to that allele (AABB).
    """
    lr = trio_lr(child, mother, father, pc, theta, mother_known=mother_known)
    bad = lr <= 0
    steps = np.zeros(np.shape(lr))
    if not bad.any():
        return lr, bad, steps
    m_lr, m_bad, m_steps = pair_lr(Hypothesis.PARENT, mother, child, pc, theta, mu, duo_power)
    f_lr, _f_bad, f_steps = pair_lr(Hypothesis.PARENT, father, child, pc, theta, mu, duo_power)
    (c1, c2), (m1, m2) = child, mother
    has1, has2 = (m1 == c1) | (m2 == c1), (m1 == c2) | (m2 == c2)
    to1, to2 = repeat_steps(father, (c1,)), repeat_steps(father, (c2,))
    # the father must give c2 where the mother gives c1, and c1 where she gives c2
    obligate = np.minimum(np.where(has1, to2, 99.0), np.where(has2, to1, 99.0))
    f_mut = mutation_index(mu, trio_power, np.minimum(obligate, 8.0))
    if mother_known:
        fallback = np.where(m_bad, f_lr, f_mut)
        fallback_steps = np.where(m_bad, f_steps, obligate)
        fallback_bad = np.where(m_bad, f_steps > 0, True)
    else:
        fallback = np.where(m_bad, m_lr * f_lr, m_lr * f_mut)
        fallback_steps = np.where(m_bad, np.maximum(m_steps, f_steps), obligate)
        fallback_bad = np.ones(np.shape(lr), dtype=bool)
    return (
        np.where(bad, fallback, lr),
        np.where(bad, fallback_bad, False),
        np.where(bad, fallback_steps, 0.0),
    )
