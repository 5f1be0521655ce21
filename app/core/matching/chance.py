"""How many unrelated profiles would reach a likelihood ratio by chance in a database of size N.

A screen compares one profile (the fixed side) with N stored ones; among unrelated stored
profiles, the LR is a random variable whose distribution follows from the allele table alone.
Per locus it is enumerated exactly (every genotype of the random person, Hardy–Weinberg
proportions, the same kernel as the comparison); across loci the log10 LRs add, and their sum's
distribution is built by convolution on a grid of 0.01 (each locus's value rounded *up*, so the
tail is never under-stated). Then

    expected_random = N · P(LR of an unrelated profile ≥ the observed LR),

which the Turing bound caps at N / LR whatever the population (Taroni, Aitken, Garbolino &
Biedermann, *Bayesian Networks and Probabilistic Inference in Forensic Science*, 2nd ed. 2014,
§7.3; I. W. Evett & B. S. Weir, *Interpreting DNA Evidence*, 1998, ch. 7). Loci that need a
mutation take the mutation index (for a random parent of a trio, as one repeat step: the
likeliest, so the figure stays an upper bound).

:class:`ChanceModel` holds one fixed side and answers :meth:`~ChanceModel.tail` for any LR; it
is cheap (milliseconds) and cached per fixed profile and loci by the callers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from app.core.matching.frequencies import AlleleTable
from app.core.matching.kinship import DEFAULT_MUTATION_RATE, Genotype
from app.core.matching.likelihood import F64, Hypothesis, pair_lr, trio_with_mutations

__all__ = ["STEP", "ChanceModel"]

STEP = 0.01  # log10 units of the grid


def _genotypes(table: AlleleTable, locus: str, extra: Sequence[float]) -> tuple[F64, F64, F64]:
    """Every unordered genotype at *locus* (table alleles plus *extra*) with its HWE probability."""
    alleles = sorted(set(table.alleles(locus)) | set(extra))
    p = np.array([table.p(locus, a) for a in alleles])
    p = p / p.sum()
    i, j = np.triu_indices(len(alleles))
    vals = np.asarray(alleles, dtype=np.float64)
    prob = np.where(i == j, p[i] * p[j], 2 * p[i] * p[j])
    return vals[i], vals[j], prob


def _classes(c: Genotype, p1: float, p2: float) -> tuple[F64, F64, F64]:
    """A random parent's genotype reduced to what a trio LR reads: how many copies of the
    child's two alleles it holds. Any other allele is stood for by one half-repeat off the
    child's, so a needed mutation is weighed as one step, the likeliest (an over-estimate)."""
    other = max(0.0, 1.0 - p1 - (p2 if c[0] != c[1] else 0.0))
    a, b = c
    x = min(a, b) + 0.5  # never a real allele (those end in .0–.3)
    if a == b:
        rows = [((a, a), p1 * p1), ((a, x), 2 * p1 * other), ((x, x), other * other)]
    else:
        rows = [
            ((a, a), p1 * p1), ((b, b), p2 * p2), ((a, b), 2 * p1 * p2),
            ((a, x), 2 * p1 * other), ((b, x), 2 * p2 * other), ((x, x), other * other),
        ]  # fmt: skip
    return (
        np.array([g[0] for g, _ in rows]),
        np.array([g[1] for g, _ in rows]),
        np.array([w for _, w in rows]),
    )


def _convolve(total: F64, pmf: F64) -> F64:
    """*total* ∗ *pmf*, where *pmf* has only a few non-zero entries (a locus takes few values)."""
    out = np.zeros(len(total) + len(pmf) - 1)
    for k in np.flatnonzero(pmf).tolist():
        out[k : k + len(total)] += total * pmf[k]
    return out


def _pmf(values: F64, probs: F64) -> tuple[int, F64]:
    """(offset, pmf) of one locus on the grid, values rounded up."""
    idx = np.ceil(np.log10(np.maximum(values, 1e-300)) / STEP - 1e-9).astype(np.int64)
    lo = int(idx.min())
    pmf = np.zeros(int(idx.max()) - lo + 1)
    np.add.at(pmf, idx - lo, probs)
    return lo, pmf / pmf.sum()


_PMFS_KEPT = 10_000  # one locus's distribution per fixed genotype(s), about 6 KB each: 60 MB at most
_pmfs: dict[tuple[object, ...], tuple[AlleleTable, int, F64]] = {}


def _locus_pmf(
    hypothesis: Hypothesis,
    table: AlleleTable,
    locus: str,
    child: dict[str, Genotype] | None,
    relatives: Sequence[dict[str, Genotype]],
    theta: float,
    mu: float,
) -> tuple[int, F64]:
    """(offset, pmf) of *locus* (:meth:`ChanceModel._locus` on the grid), kept: it depends only
    on the fixed genotypes at that locus, which repeat from one screened profile to the next
    (the same arrays, read-only, so a model built from kept ones is the same to the bit)."""
    key = (
        id(table), hypothesis, locus, None if child is None else tuple(child[locus]),
        tuple(None if locus not in r else tuple(r[locus]) for r in relatives), theta, mu,
    )  # fmt: skip
    kept = _pmfs.get(key)
    if kept is not None and kept[0] is table:
        return kept[1], kept[2]
    lo, pmf = _pmf(*ChanceModel._locus(hypothesis, table, locus, child, relatives, theta, mu))
    pmf.flags.writeable = False
    if len(_pmfs) >= _PMFS_KEPT:
        _pmfs.clear()
    _pmfs[key] = (table, lo, pmf)  # the table kept with it: its id is not reused meanwhile
    return lo, pmf


class ChanceModel:
    """The LR distribution of unrelated profiles against one fixed side, over given loci.

    ``child`` fixed (the screen holds relatives): pass the child's genotypes; a random relative
    (or a random pair of parents for ``PARENTS``) is enumerated. ``relatives`` fixed (the screen
    holds children): pass the relative's genotypes (mother's and father's for ``PARENTS``); a
    random child is enumerated.
    """

    def __init__(
        self,
        hypothesis: Hypothesis,
        table: AlleleTable,
        loci: Sequence[str],
        *,
        child: dict[str, Genotype] | None = None,
        relatives: Sequence[dict[str, Genotype]] = (),
        theta: float = 0.0,
        mu: float = DEFAULT_MUTATION_RATE,
    ) -> None:
        known = hypothesis is Hypothesis.PARENT_GIVEN_OTHER
        if (child is None) == (not relatives) and not (known and child is not None and len(relatives) == 1):
            raise ValueError("fix either the child or the relatives (a known parent: both)")
        self.offset = 0
        self.pmf = np.ones(1)
        for locus in loci:
            lo, pmf = _locus_pmf(hypothesis, table, locus, child, relatives, theta, mu)
            self.offset += lo
            self.pmf = _convolve(self.pmf, pmf)
        # tail[k] = P(sum ≥ offset + k)
        self.tails = np.minimum(1.0, np.cumsum(self.pmf[::-1])[::-1])

    @staticmethod
    def _locus(
        hypothesis: Hypothesis,
        table: AlleleTable,
        locus: str,
        child: dict[str, Genotype] | None,
        relatives: Sequence[dict[str, Genotype]],
        theta: float,
        mu: float,
    ) -> tuple[F64, F64]:
        power, trio = table.mean_exclusion_duo(locus), table.mean_exclusion_trio(locus)
        if child is not None:
            c = child[locus]
            cy = (np.array([c[0]]), np.array([c[1]]))
            py = (np.array([table.p(locus, c[0])]), np.array([table.p(locus, c[1])]))
            if hypothesis is Hypothesis.PARENTS:  # a random pair of parents
                m1, m2, wm = _classes(c, float(py[0][0]), float(py[1][0]))
                n = len(wm)
                mi, fi = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
                lr = trio_with_mutations(cy, (m1[mi], m2[mi]), (m1[fi], m2[fi]), py, theta, mu, power, trio)[
                    0
                ]
                return lr, wm[mi] * wm[fi]
            if hypothesis is Hypothesis.PARENT_GIVEN_OTHER:  # the known parent fixed, a random other
                k = relatives[0][locus]
                f1, f2, wf = _classes(c, float(py[0][0]), float(py[1][0]))
                known = (np.full_like(f1, k[0]), np.full_like(f1, k[1]))
                lr = trio_with_mutations(cy, known, (f1, f2), py, theta, mu, power, trio, mother_known=True)[
                    0
                ]
                return lr, wf
            x1, x2, prob = _genotypes(table, locus, c)
            return pair_lr(hypothesis, (x1, x2), cy, py, theta, mu, power)[0], prob
        alleles = [a for r in relatives for a in r[locus]]
        y1, y2, prob = _genotypes(table, locus, alleles)
        py = (np.array([table.p(locus, a) for a in y1]), np.array([table.p(locus, a) for a in y2]))
        if hypothesis in (Hypothesis.PARENTS, Hypothesis.PARENT_GIVEN_OTHER):
            m, f = relatives[0][locus], relatives[1][locus]
            lr = trio_with_mutations(
                (y1, y2),
                (np.full_like(y1, m[0]), np.full_like(y1, m[1])),
                (np.full_like(y1, f[0]), np.full_like(y1, f[1])),
                py,
                theta,
                mu,
                power,
                trio,
                mother_known=hypothesis is Hypothesis.PARENT_GIVEN_OTHER,
            )[0]
            return lr, prob
        r = relatives[0][locus]
        x = (np.full_like(y1, r[0]), np.full_like(y1, r[1]))
        return pair_lr(hypothesis, x, (y1, y2), py, theta, mu, power)[0], prob

    def tail(self, lr: float) -> float:
        """P(an unrelated profile's LR ≥ *lr*)."""
        if lr <= 0 or not math.isfinite(math.log10(lr)):
            return 1.0
        k = math.ceil(math.log10(lr) / STEP - 1e-9) - self.offset
        if k <= 0:
            return 1.0
        return float(self.tails[k]) if k < len(self.tails) else 0.0

    def expected(self, lr: float, database: int) -> float:
        """Unrelated profiles expected to reach *lr* in a database of *database* profiles."""
        return database * self.tail(lr)
