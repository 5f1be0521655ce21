"""Families' DNA screened against one child: every family's primary kinship test, vectorised.

A family is what one missing person's file holds of their relatives' STR profiles. Its primary
test is the strongest the relations allow (:func:`choose_test`): both parents → trio; one parent
→ parent–child duo; else a full sibling; else a second-degree relative (half sibling,
grandparent, aunt/uncle). :class:`FamilyIndex` keeps one :class:`ProfileIndex` per pairwise
hypothesis plus the mothers and fathers of the trio families, and :meth:`FamilyIndex.scores`
gives every family's log10 LR against a found child's profile with θ and mutations — the same
kernel as the exact comparison (``likelihood.py``), float32 — so a screen can say how many
families it compared and where a result ranks among them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from app.core.matching.frequencies import AlleleTable, default_table
from app.core.matching.kinship import DEFAULT_MUTATION_RATE, Genotype
from app.core.matching.likelihood import F64, Hypothesis, pair_lr, trio_with_mutations
from app.core.matching.relations import Relation, hypothesis_of
from app.core.matching.strindex import ProfileIndex, split_scores
from app.core.matching.subject import MatchProfile

__all__ = ["FamilyIndex", "choose_test"]

_PAIRWISE = (Hypothesis.PARENT, Hypothesis.FULL_SIBLING, Hypothesis.SECOND_DEGREE)


def choose_test(profiles: Sequence[MatchProfile]) -> tuple[Hypothesis, tuple[MatchProfile, ...]] | None:
    """The family's primary test and the donor profiles it uses (mother first in a trio)."""
    mother = next((p for p in profiles if p.relation == Relation.MOTHER), None)
    father = next((p for p in profiles if p.relation == Relation.FATHER), None)
    if mother and father:
        return Hypothesis.PARENTS, (mother, father)
    parent = mother or father
    if parent is not None:
        return Hypothesis.PARENT, (parent,)
    for hypothesis in (Hypothesis.FULL_SIBLING, Hypothesis.SECOND_DEGREE):
        for p in profiles:
            if p.relation != Relation.SELF and hypothesis_of(p.relation) is hypothesis:
                return hypothesis, (p,)
    return None


class FamilyIndex:
    """Families (caller's row numbers and their relatives' profiles), screened per child."""

    def __init__(
        self, families: Sequence[tuple[int, Sequence[MatchProfile]]], table: AlleleTable | None = None
    ) -> None:
        self.table = table or default_table()
        pairs: dict[Hypothesis, list[tuple[int, Mapping[str, Genotype]]]] = {h: [] for h in _PAIRWISE}
        trios: list[tuple[int, Mapping[str, Genotype], Mapping[str, Genotype]]] = []
        for row, profiles in families:
            test = choose_test(profiles)
            if test is None:
                continue
            hypothesis, donors = test
            if hypothesis is Hypothesis.PARENTS:
                trios.append((row, donors[0].loci, donors[1].loci))
            else:
                pairs[hypothesis].append((row, donors[0].loci))
        self.pairs = {
            h: (np.array([r for r, _ in rows], dtype=np.int64), self._index(rows))
            for h, rows in pairs.items()
            if rows
        }
        self.trio_rows = np.array([r for r, _m, _f in trios], dtype=np.int64)
        self.mothers = self._index([(r, m) for r, m, _f in trios]) if trios else None
        self.fathers = self._index([(r, f) for r, _m, f in trios]) if trios else None
        self.parentage = self.parentage_of_tests()

    def parentage_of_tests(self) -> npt.NDArray[np.bool_]:
        """In the order scores() answers: True where the family's test is parentage (a parent or
        both), where 3 or more inconsistent loci exclude whatever the LR (SF/Z JD0105001-2016).
        Call again after setting ``pairs`` and ``trio_rows`` by hand (the national screen does)."""
        return np.concatenate(
            [np.full(len(rows), h is Hypothesis.PARENT) for h, (rows, _i) in self.pairs.items()]
            + [np.ones(len(self.trio_rows), dtype=bool)]
        ).astype(bool)

    def rows(self) -> npt.NDArray[np.int64]:
        """Every family's row, in the order scores() answers."""
        return np.concatenate([rows for rows, _i in self.pairs.values()] + [self.trio_rows], dtype=np.int64)

    def _index(self, rows: Sequence[tuple[int, Mapping[str, Genotype]]]) -> ProfileIndex:
        """A screening index of these profiles (straight from the columns of one store, when
        they are its rows: the station's load)."""
        return ProfileIndex.of([(str(r), p) for r, p in rows], self.table)

    def __len__(self) -> int:
        return len(self.trio_rows) + sum(len(rows) for rows, _ in self.pairs.values())

    def nbytes(self) -> int:
        indexes = [idx for _rows, idx in self.pairs.values()] + [i for i in (self.mothers, self.fathers) if i]
        return sum(i.nbytes() for i in indexes) + self.trio_rows.nbytes

    def scores(
        self, child: Mapping[str, Genotype], *, theta: float, mu: float = DEFAULT_MUTATION_RATE
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """(family rows, log10 LR, inconsistent loci) of every family against *child*."""
        rows, logs, bad = [], [], []
        for hypothesis, (family_rows, index) in self.pairs.items():
            log_lr, inconsistent = index.scores(child, True, hypothesis=hypothesis, theta=theta, mu=mu)
            rows.append(family_rows)
            logs.append(log_lr)
            bad.append(inconsistent)
        if self.mothers is not None and self.fathers is not None:
            log_lr, inconsistent = split_scores(self._trio_totals(child, theta, mu))
            rows.append(self.trio_rows)
            logs.append(log_lr)
            bad.append(inconsistent)
        if not rows:
            empty = np.zeros(0, dtype=np.float32)
            return np.zeros(0, dtype=np.int64), empty, empty
        return np.concatenate(rows), np.concatenate(logs), np.concatenate(bad)

    def scores_many(
        self, children: Sequence[Mapping[str, Genotype]], *, theta: float, mu: float = DEFAULT_MUTATION_RATE
    ) -> list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.float32]]]:
        """:meth:`scores` of each of *children*, the pairwise tests' profiles screened for all
        of them together (``ProfileIndex.scores_many``: the same values to the bit)."""
        if len(children) == 1:
            return [self.scores(children[0], theta=theta, mu=mu)]
        rows: list[list[npt.NDArray[np.int64]]] = [[] for _ in children]
        logs: list[list[npt.NDArray[np.float32]]] = [[] for _ in children]
        bad: list[list[npt.NDArray[np.float32]]] = [[] for _ in children]
        for hypothesis, (family_rows, index) in self.pairs.items():
            many = index.scores_many(children, True, hypothesis=hypothesis, theta=theta, mu=mu)
            for j, (log_lr, inconsistent) in enumerate(many):
                rows[j].append(family_rows)
                logs[j].append(log_lr)
                bad[j].append(inconsistent)
        if self.mothers is not None and self.fathers is not None:
            for j, child in enumerate(children):
                log_lr, inconsistent = split_scores(self._trio_totals(child, theta, mu))
                rows[j].append(self.trio_rows)
                logs[j].append(log_lr)
                bad[j].append(inconsistent)
        if not rows[0]:
            empty = np.zeros(0, dtype=np.float32)
            return [(np.zeros(0, np.int64), empty, empty) for _ in children]
        # the same rows for every child; a single part needs no copy (the values are the same)
        every = np.concatenate(rows[0])

        def joined(parts: list[npt.NDArray[np.float32]]) -> npt.NDArray[np.float32]:
            return parts[0] if len(parts) == 1 else np.concatenate(parts)

        return [(every, joined(lg), joined(b)) for lg, b in zip(logs, bad, strict=True)]

    def _trio_totals(self, child: Mapping[str, Genotype], theta: float, mu: float) -> npt.NDArray[np.float32]:
        """Σ over loci of the trio's log10 LR (+1000 per inconsistency), rows of the trio families."""
        assert self.mothers is not None and self.fathers is not None
        total = np.zeros(len(self.trio_rows), dtype=np.float64)
        for li, locus in enumerate(self.mothers.loci):
            if locus not in child:
                continue
            m, typed_m = _alleles(self.mothers, li)
            f, typed_f = _alleles(self.fathers, li)
            c = (np.full(len(total), child[locus][0]), np.full(len(total), child[locus][1]))
            pc = (
                np.full(len(total), self.table.p(locus, c[0][0])),
                np.full(len(total), self.table.p(locus, c[1][0])),
            )
            duo, trio = self.table.mean_exclusion_duo(locus), self.table.mean_exclusion_trio(locus)
            lr, bad, _ = trio_with_mutations(c, m, f, pc, theta, mu, duo, trio)
            m_lr, m_bad, _ = pair_lr(Hypothesis.PARENT, m, c, pc, theta, mu, duo)
            f_lr, f_bad, _ = pair_lr(Hypothesis.PARENT, f, c, pc, theta, mu, duo)

            def part(value: F64, flag: npt.NDArray[np.bool_]) -> F64:
                return np.asarray(np.log10(value) + 1000.0 * flag, dtype=np.float64)

            total += np.where(
                typed_m & typed_f,
                part(lr, bad),
                np.where(typed_m, part(m_lr, m_bad), np.where(typed_f, part(f_lr, f_bad), 0.0)),
            )
        return total.astype(np.float32)


def _alleles(index: ProfileIndex, li: int) -> tuple[tuple[F64, F64], npt.NDArray[np.bool_]]:
    """Both alleles of every stored profile at locus *li* (0 where untyped) and who is typed."""
    codes = index.genotypes[li].astype(np.int64)
    values = np.asarray(index.values[li], dtype=np.float64)
    k = len(values)
    return (values[codes // k], values[codes % k]), codes > 0
