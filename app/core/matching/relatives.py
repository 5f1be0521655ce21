"""Relation-aware kinship: a child's STR profile against a relative's, the hypothesis chosen by
the relative's recorded relation (``relations.py``), θ and the mutation model applied
(``likelihood.py``), and the verdict of the standard that applies (``verdicts.py``).

- :func:`compare_relative` — one relative (mother, father, brother, grandmother, uncle…);
- :func:`compare_parents` — both alleged parents (trio);
- :func:`compare_with_known_parent` — a parent known to be the child's, the other alleged.

Pure functions on profiles (locus → two alleles); callable from any thread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from app.core.matching.frequencies import AlleleTable, default_table
from app.core.matching.genotypes import GenotypeRow
from app.core.matching.kinship import DEFAULT_MUTATION_RATE, DnaResult, LocusIndex, Profile, common_loci
from app.core.matching.likelihood import (
    DEFAULT_THETA,
    F64,
    Hypothesis,
    identity_ratios,
    pair_lr,
    trio_with_mutations,
)
from app.core.matching.relations import Relation, hypothesis_of, relation_of
from app.core.matching.verdicts import VERDICTS, AgeFit, Doubt, exclusion_power, verdict_codes

__all__ = ["KinshipModel", "compare_pair", "compare_parents", "compare_relative", "compare_with_known_parent"]


@dataclass(frozen=True, slots=True)
class KinshipModel:
    """θ and μ for every comparison of a run (the station's setting, or the server's)."""

    theta: float = DEFAULT_THETA
    mu: float = DEFAULT_MUTATION_RATE


def _plain(profile: Profile) -> Profile:
    if isinstance(profile, GenotypeRow):
        return profile.as_dict()
    return profile if type(profile) is dict else dict(profile)


class _Loci:
    """The loci two or three profiles share, as arrays (alleles, the child's frequencies)."""

    def __init__(self, table: AlleleTable, child: Profile, others: tuple[Profile, ...]) -> None:
        # each profile read once as a plain dict: a stored row (GenotypeRow) decodes a locus on
        # every look-up, and the loci below are looked up some ten times each
        child, others = _plain(child), tuple(_plain(p) for p in others)
        self.names, self.skipped, self.notes = common_loci(table, (child, *others))
        self.child = self.pair(child)
        self.others = [self.pair(p) for p in others]
        self.freqs = (
            np.array([table.p(n, child[n][0]) for n in self.names]),
            np.array([table.p(n, child[n][1]) for n in self.names]),
        )
        self.duo_power = np.array([table.mean_exclusion_duo(n) for n in self.names])
        self.trio_power = np.array([table.mean_exclusion_trio(n) for n in self.names])

    def pair(self, profile: Profile) -> tuple[F64, F64]:
        return (
            np.array([profile[n][0] for n in self.names], dtype=np.float64),
            np.array([profile[n][1] for n in self.names], dtype=np.float64),
        )

    def result(
        self,
        kind: str,
        hypothesis: Hypothesis,
        lr: F64,
        bad: npt.NDArray[np.bool_] | F64,
        steps: F64,
        relation: str | None,
        theta: float,
    ) -> tuple[DnaResult, float]:
        loci = tuple(
            LocusIndex(n, float(v), bool(b), int(s))
            for n, v, b, s in zip(self.names, lr, bad, steps, strict=True)
        )
        log_lr = float(np.log10(lr).sum()) if len(lr) else -math.inf
        ci = 10.0**log_lr if len(lr) else 0.0
        return (
            DnaResult(kind, ci, int(np.sum(bad)), len(lr), "inconclusive", loci, tuple(self.skipped),
                      tuple(self.notes), hypothesis.value, relation, theta=theta),
            log_lr,
        )  # fmt: skip


def _decide(
    result: DnaResult,
    log_lr: float,
    log_fs: float | None = None,
    log_sd: float | None = None,
    ages: AgeFit | None = None,
    *,
    power: float = 1.0,
) -> DnaResult:
    fit = ages or AgeFit()
    verdict, doubt = verdict_codes(
        Hypothesis(result.hypothesis),
        log_lr,
        result.inconsistent_loci,
        log_full_sibling=log_fs,
        log_second_degree=log_sd,
        parent_possible=fit.parent is not False,
        sibling_possible=fit.sibling is not False,
        power=power,
    )
    reason = Doubt(int(doubt))
    words = {Doubt.FULL_SIBLING: "full_sibling", Doubt.SECOND_DEGREE: "second_degree", Doubt.AGES: "ages",
             Doubt.LOCI: "loci"}  # fmt: skip
    return replace(result, verdict=VERDICTS[int(verdict)], doubt=words.get(reason))


def compare_pair(
    child: Profile,
    relative: Profile,
    hypothesis: Hypothesis,
    table: AlleleTable | None = None,
    *,
    relation: str | None = None,
    theta: float = DEFAULT_THETA,
    mu: float = DEFAULT_MUTATION_RATE,
    ages: AgeFit | None = None,
    rivals: bool = True,
) -> DnaResult:
    """*relative* against *child* under a pairwise *hypothesis* (parent, full sibling, second
    degree). A parent is weighed against the full-sibling and second-degree rivals unless
    *rivals* is False; *ages* (from the recorded birth dates) settle what they can."""
    if hypothesis not in (Hypothesis.PARENT, Hypothesis.FULL_SIBLING, Hypothesis.SECOND_DEGREE):
        raise ValueError(f"not a pairwise hypothesis: {hypothesis}")
    loci = _Loci(table or default_table(), child, (relative,))
    x, y = loci.others[0], loci.child
    ratios = identity_ratios(
        x[0], x[1], y[0], y[1], loci.freqs[0], loci.freqs[1], theta
    )  # shared by the rivals
    lr, bad, steps = pair_lr(hypothesis, x, y, loci.freqs, theta, mu, loci.duo_power, ratios=ratios)
    kind = "duo"
    result, log_lr = loci.result(kind, hypothesis, lr, bad, steps, relation=relation, theta=theta)
    power = exclusion_power(loci.duo_power)
    if hypothesis is not Hypothesis.PARENT or not rivals or not len(lr):
        return _decide(result, log_lr, ages=ages, power=power)
    log_fs = float(
        np.log10(pair_lr(Hypothesis.FULL_SIBLING, x, y, loci.freqs, theta, ratios=ratios)[0]).sum()
    )
    log_sd = float(
        np.log10(pair_lr(Hypothesis.SECOND_DEGREE, x, y, loci.freqs, theta, ratios=ratios)[0]).sum()
    )
    result = replace(result, rivals=(("full_sibling", 10.0**log_fs), ("second_degree", 10.0**log_sd)))
    return _decide(result, log_lr, log_fs, log_sd, ages, power=power)


def compare_relative(
    child: Profile,
    relative: Profile,
    relation: Relation | str,
    table: AlleleTable | None = None,
    *,
    theta: float = DEFAULT_THETA,
    mu: float = DEFAULT_MUTATION_RATE,
    ages: AgeFit | None = None,
) -> DnaResult:
    """*relative* against *child* under the hypothesis their recorded *relation* calls for
    (a :class:`Relation` or a word such as ``"哥哥"``)."""
    rel = relation if isinstance(relation, Relation) else relation_of(relation)
    hypothesis = hypothesis_of(rel)
    if hypothesis is None:
        raise ValueError(f"no kinship test for relation {relation!r}")
    return compare_pair(child, relative, hypothesis, table, relation=rel.value, theta=theta, mu=mu, ages=ages)


def _trio(
    child: Profile,
    first: Profile,
    second: Profile,
    table: AlleleTable | None,
    theta: float,
    mu: float,
    *,
    first_known: bool,
) -> tuple[_Loci, F64, F64, F64, list[str]]:
    """Per-locus LR, inconsistency and mutation steps of a trio (``trio_with_mutations``)."""
    loci = _Loci(table or default_table(), child, (first, second))
    (m, f), c = loci.others, loci.child
    lr, bad, steps = trio_with_mutations(
        c, m, f, loci.freqs, theta, mu, loci.duo_power, loci.trio_power, mother_known=first_known
    )
    notes: list[str] = []
    if first_known:
        fits = pair_lr(Hypothesis.PARENT, m, c, loci.freqs, theta, mu, loci.duo_power)[1]
        notes = [
            f"{loci.names[i]}: the known parent does not fit the child here" for i in np.flatnonzero(fits)
        ]
    return loci, lr, bad.astype(np.float64), steps, notes


def compare_parents(
    child: Profile,
    mother: Profile,
    father: Profile,
    table: AlleleTable | None = None,
    *,
    theta: float = DEFAULT_THETA,
    mu: float = DEFAULT_MUTATION_RATE,
) -> DnaResult:
    """Both alleged parents against a child (trio): P(C | M, F) / P(C | unrelated to both)."""
    loci, lr, bad, steps, notes = _trio(child, mother, father, table, theta, mu, first_known=False)
    result, log_lr = loci.result("trio", Hypothesis.PARENTS, lr, bad, steps, relation="parents", theta=theta)
    return _decide(_with_notes(result, notes), log_lr, power=exclusion_power(loci.trio_power))


def compare_with_known_parent(
    child: Profile,
    known: Profile,
    alleged: Profile,
    table: AlleleTable | None = None,
    *,
    relation: str = "father",
    theta: float = DEFAULT_THETA,
    mu: float = DEFAULT_MUTATION_RATE,
) -> DnaResult:
    """An alleged parent against a child whose other parent is known (AABB trio, θ applied)."""
    loci, lr, bad, steps, notes = _trio(child, known, alleged, table, theta, mu, first_known=True)
    result, log_lr = loci.result(
        "trio", Hypothesis.PARENT_GIVEN_OTHER, lr, bad, steps, relation=relation, theta=theta
    )
    return _decide(_with_notes(result, notes), log_lr, power=exclusion_power(loci.trio_power))


def _with_notes(result: DnaResult, notes: list[str]) -> DnaResult:
    return replace(result, notes=(*result.notes, *notes)) if notes else result
