"""Verdicts of a kinship comparison: the national standards' thresholds, rivals and ages.

**Thresholds.**

- Parentage (SF/Z JD0105001-2016, and GB/T 37223-2018 which supersedes it as a national
  standard): a combined index (CPI) ≥ 10,000 supports parentage; 3 or more loci that break
  Mendel's rules, or a CPI < 0.0001 after the mutation model, exclude it; anything between asks
  for more loci or the other parent.
- Full siblings (SF/T 0117-2021, and GB/T 43641-2024 which succeeds it): a cumulative full
  sibling index (CFSI) ≥ 10,000 supports, ≤ 0.0001 refutes, between asks for more loci. Siblings
  may share no allele at a locus, so no locus is "inconsistent".
- Second degree (half sibling, grandparent, aunt/uncle): no national standard gives thresholds;
  the same likelihood-ratio convention (≥ 10,000 / ≤ 0.0001) is applied. Twenty loci rarely
  reach it: such a result mostly asks for more loci or a closer relative.

**Rivals of a parent (duo only).** SF/T 0117-2021 warns that its test only separates full
siblings from unrelated persons; the parentage duo has the mirror problem: a child's full
sibling, grandparent, aunt, uncle or half sibling shares alleles with the child at most loci and
passes CPI ≥ 10,000 surprisingly often (simulated on the shipped Han table, 20 loci: about 27 %
of full siblings and 1.3 % of second-degree relatives). So a duo "supports" only when the parent
hypothesis also explains the profiles at least :data:`RIVAL_RATIO` times better than each rival
still possible — LR(parent) / LR(rival), the two hypotheses' likelihoods compared directly.
Otherwise the verdict is "inconclusive", naming the rival and asking for the other parent or
more loci. A trio (both parents) needs the child to fit two people at once and has no rival here.
A duo with one inconsistent locus almost never passes the second-degree rival: a relative with
k0 = ½ explains that locus with 0.5, the parent's mutation index with μ/A ≈ 0.003–0.01, and the
other loci rarely make up that and the margin (README, "Why true parents with a recorded age lose
'supports'"); it asks for more loci, as the standards do for a duo with inconsistent loci.

**What a parentage "supports" also needs** (SF/Z JD0105001-2016 and GB/T 37223-2018, as their
rules read for a screening hit):

- *enough loci*: the loci actually compared must give the test a cumulative power of exclusion
  (CPE = 1 − Π(1 − A_locus), A the locus's mean exclusion power for the case type, duo or trio)
  of at least :data:`MIN_POWER` = 0.9999, the standards' floor for a parentage test system.
  A partial profile, or a duo on a 15-locus kit (Identifiler: 0.99982 for a duo on the Han
  table), cannot "support" whatever its CPI: it asks for more loci (doubt ``loci``);
- *few inconsistencies*: 3 or more loci against Mendel's rules exclude; with 1 or 2 the standards
  weigh each by the mutation model and have more loci typed. A duo here "supports" with at most
  :data:`DUO_MUTATIONS` = 1 inconsistent locus (its mutation index counted in the CPI, see
  ``likelihood.py``); with 2 it asks for more loci or the other parent (two mutations in one
  20-locus duo happen about once in 1,300 true pairs at μ = 0.002). A trio, where the other
  parent pins down the obligate allele, keeps the standards' plain rule.

**What no rule can do.** For "parent" against "unrelated", the CPI is the whole evidence
(Neyman–Pearson: the likelihood ratio is sufficient), so an unrelated person whose alleles happen
to fit the child at every locus with a CPI of 10^4.5 looks exactly like a true parent with that
CPI; only more loci, the other parent or the ages tell them apart. On the Han table at 20
loci that is 1–3 unrelated pairs in a million (``bench/bench_kinship.py``); at 24 loci none
were seen.

**Ages settle most of it.** A parent is a generation older than the child and a full sibling is
not: when both birth windows are known, a donor less than :data:`PARENT_MIN_GAP` years older
cannot be a parent, nor a "mother" more than 55 years older (two generations: a grandmother;
:data:`PARENT_MAX_GAP`) — the verdict says the ages do not fit — and one at least
:data:`SIBLING_MAX_GAP` years older is not weighed as a full-sibling rival. Second-degree
relatives span every age (a half sibling may be a child, a grandparent sixty years older), so
ages never dismiss them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from app.core.matching.likelihood import Hypothesis

__all__ = [
    "DUO_MUTATIONS",
    "EXCLUDE_AT",
    "MIN_POWER",
    "PARENT_MAX_GAP",
    "PARENT_MIN_GAP",
    "REFUTE_AT",
    "RIVAL_RATIO",
    "SIBLING_MAX_GAP",
    "SUPPORT_AT",
    "AgeFit",
    "Doubt",
    "age_fit",
    "exclusion_power",
    "verdict_codes",
]

SUPPORT_AT = 10_000.0  # CPI / CFSI that supports the relationship
REFUTE_AT = 1e-4  # CPI / CFSI at or below which the relationship is not supported
EXCLUDE_AT = 3  # parentage: loci against Mendel's rules that exclude
MIN_POWER = 0.9999  # parentage: cumulative power of exclusion the loci compared must reach
DUO_MUTATIONS = 1  # a duo "supports" with at most this many inconsistent loci
RIVAL_RATIO = 10.0  # a duo's parent hypothesis must beat each possible rival by this factor
PARENT_MIN_GAP = 12.0  # years: a parent is at least this much older than the child
#: years: and at most this much (a mother gives birth by her mid-fifties; a father may be older)
PARENT_MAX_GAP = {"mother": 55.0, "father": 75.0}
SIBLING_MAX_GAP = 20.0  # years: full siblings this far apart are not weighed as rivals

VERDICTS = ("inconclusive", "supports", "excludes")


class Doubt(IntEnum):
    """Why a duo that reached the threshold is not "supports"."""

    NONE = 0
    FULL_SIBLING = 1  # about as well explained by a full sibling
    SECOND_DEGREE = 2  # … by a half sibling, grandparent, aunt or uncle
    AGES = 3  # the recorded ages do not allow a parent
    LOCI = 4  # too few loci compared, or too many inconsistent ones, for the standards


@dataclass(frozen=True, slots=True)
class AgeFit:
    """What the recorded birth windows allow: None where an age is not known."""

    parent: bool | None = None
    sibling: bool | None = None


def age_fit(
    child: tuple[float, float] | None, donor: tuple[float, float] | None, relation: str | None = None
) -> AgeFit:
    """From birth windows in ordinal days (earliest, latest) of the child and the donor, whose
    recorded *relation* ("mother", "father"…) bounds how much older a parent may be."""
    if child is None or donor is None:
        return AgeFit()
    year = 365.2425
    least, most = (child[0] - donor[1]) / year, (child[1] - donor[0]) / year  # donor older by
    oldest = PARENT_MAX_GAP.get(relation or "", PARENT_MAX_GAP["father"])
    return AgeFit(parent=most >= PARENT_MIN_GAP and least <= oldest, sibling=least < SIBLING_MAX_GAP)


def exclusion_power(powers: npt.ArrayLike) -> float:
    """The cumulative power of exclusion of loci with mean exclusion powers *powers*."""
    return float(1.0 - np.prod(1.0 - np.asarray(powers, dtype=np.float64)))


Codes = npt.NDArray[np.int8]
_PARENTAGE = (Hypothesis.PARENT, Hypothesis.PARENTS, Hypothesis.PARENT_GIVEN_OTHER)


def verdict_codes(
    hypothesis: Hypothesis,
    log_lr: npt.ArrayLike,
    inconsistent: npt.ArrayLike = 0,
    *,
    log_full_sibling: npt.ArrayLike | None = None,
    log_second_degree: npt.ArrayLike | None = None,
    parent_possible: npt.ArrayLike = True,
    sibling_possible: npt.ArrayLike = True,
    power: npt.ArrayLike = 1.0,
) -> tuple[Codes, Codes]:
    """(verdict, doubt) codes, element-wise: verdict indexes :data:`VERDICTS`, doubt is a
    :class:`Doubt`. Rivals are weighed only for a duo when their log10 LRs are given; *power*
    is the parentage test's cumulative power of exclusion over the loci compared."""
    lr = np.asarray(log_lr, dtype=np.float64)
    bad = np.asarray(inconsistent)
    reaches = lr >= np.log10(SUPPORT_AT)
    excludes = lr <= np.log10(REFUTE_AT)
    doubt = np.zeros(lr.shape, dtype=np.int8)
    if hypothesis not in _PARENTAGE:
        return np.where(excludes, 2, np.where(reaches, 1, 0)).astype(np.int8), doubt
    excludes = excludes | (bad >= EXCLUDE_AT)
    open_ = reaches & ~excludes
    ages = np.zeros(lr.shape, dtype=bool)
    if hypothesis is Hypothesis.PARENT:
        ages = open_ & ~np.asarray(parent_possible, dtype=bool)
        doubt[ages] = Doubt.AGES  # the most useful thing to say: check the relation and ages
    short = np.asarray(power, dtype=np.float64) < MIN_POWER
    if hypothesis is Hypothesis.PARENT:
        short = short | (bad > DUO_MUTATIONS)
    doubt[open_ & short & (doubt == 0)] = Doubt.LOCI
    if hypothesis is Hypothesis.PARENT:
        margin = np.log10(RIVAL_RATIO)
        if log_full_sibling is not None:
            rival = open_ & ~ages & np.asarray(sibling_possible, dtype=bool)
            rival &= lr - np.asarray(log_full_sibling) < margin
            doubt[rival & (doubt == 0)] = Doubt.FULL_SIBLING
        if log_second_degree is not None:
            rival = open_ & (lr - np.asarray(log_second_degree) < margin)
            doubt[rival & (doubt == 0)] = Doubt.SECOND_DEGREE
    verdict = np.where(excludes, 2, np.where(reaches & (doubt == 0), 1, 0)).astype(np.int8)
    return verdict, doubt
