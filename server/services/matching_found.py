"""Found persons in numpy columns: a touched missing person screened against a nation's found.

The mirror of :class:`app.core.matching.MissingIndex` for the other direction. Rows are held as
columns (sex, widened birth window, found date, name codes); a missing person's query keeps the
rows of a compatible sex whose birth window meets the missing person's and that were found after
they were last seen, scores them coarsely (shared name characters or syllables, surname, age
fit) and sends the best few hundred — plus every found child whose own DNA the vectorised
screen finds plausible against the missing person's tested relative — to the exact matcher
(:func:`app.core.matching.rank_found`), which adds reasons and DNA and re-ranks.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from app.core.matching import KinshipModel, MatchSubject, ProfileIndex, rank_found
from app.core.matching.ages import birth_window
from app.core.matching.familyindex import choose_test
from app.core.matching.features import name_codes, query_name_sets
from app.core.matching.kinship import EXCLUDE_AT
from app.core.matching.likelihood import Hypothesis
from app.core.matching.subject import Candidate
from app.core.matching.topk import top_k

__all__ = ["FoundIndex"]

_SEX = {"M": 1, "F": 2}
_OPEN = 1e9  # a birth window nothing bounds


class FoundIndex:
    """Found persons as columns; :meth:`rank` answers one missing person."""

    def __init__(self, subjects: Sequence[MatchSubject], model: KinshipModel | None = None) -> None:
        n = len(subjects)
        self.model = model or KinshipModel()
        self.subjects = list(subjects)
        self.sex = np.array([_SEX.get(s.sex, 0) for s in subjects], dtype=np.int8)
        windows = [birth_window(s, widen=True) or (-_OPEN, _OPEN) for s in subjects]
        self.birth = np.array(windows, dtype=np.float64).reshape(n, 2).T.copy()
        self.found_on = np.array(
            [s.event_date.toordinal() if s.event_date else np.nan for s in subjects], dtype=np.float64
        )
        names = [name_codes(s) for s in subjects]
        self.surname = np.array([c[0] for c in names], dtype=np.int32)
        self.chars = np.array([c[1] for c in names], dtype=np.int32).reshape(n, -1).T.copy()
        self.sylls = np.array([c[2] for c in names], dtype=np.int32).reshape(n, -1).T.copy()
        own = [(row, s.profile("self")) for row, s in enumerate(subjects)]
        typed = [(row, p.loci) for row, p in own if p is not None]
        self.dna_rows = np.array([row for row, _p in typed], dtype=np.int64)
        self.profiles = ProfileIndex.of([(str(row), loci) for row, loci in typed]) if typed else None

    def __len__(self) -> int:
        return len(self.subjects)

    def nbytes(self) -> int:
        arrays = (self.sex, self.birth, self.found_on, self.surname, self.chars, self.sylls, self.dna_rows)
        extra = self.profiles.genotypes.nbytes if self.profiles is not None else 0
        return sum(a.nbytes for a in arrays) + extra

    def coarse(self, missing: MatchSubject) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """(rows that survive the vectorised exclusions, their coarse scores)."""
        keep = np.ones(len(self.subjects), dtype=bool)
        if missing.sex in _SEX:
            keep &= (self.sex == 0) | (self.sex == _SEX[missing.sex])
        if missing.event_date is not None:
            keep &= ~(self.found_on < missing.event_date.toordinal() - 1)  # found before last seen
        window = birth_window(missing, widen=True)
        score = np.zeros(len(self.subjects), dtype=np.float64)
        if window is not None:
            keep &= (self.birth[0] <= window[1]) & (self.birth[1] >= window[0])
            middle = (window[0] + window[1]) / 2
            score += 0.3 / (1.0 + np.abs((self.birth[0] + self.birth[1]) / 2 - middle) / 365.0)
        rows = np.flatnonzero(keep)
        surname, chars, sylls, ncore = query_name_sets(missing)
        if ncore and len(rows):
            hits = np.zeros(len(rows), dtype=np.float64)
            for k in range(self.chars.shape[0]):
                c, s = self.chars[k, rows], self.sylls[k, rows]
                hit = np.zeros(len(rows), dtype=bool)
                for code in chars:
                    hit |= c == code
                for code in sylls:
                    hit |= s == code
                hits += hit & (c != 0)
            same = (self.surname[rows] == surname) & (surname != 0)
            score[rows] += 0.5 * np.minimum(1.0, hits / ncore) + 0.2 * same
        return rows.astype(np.int64), score[rows]

    def _dna_rows(self, missing: MatchSubject, limit: int) -> set[int]:
        """Found children whose own profile the screen finds plausible against the relative."""
        test = choose_test(missing.profiles)
        if test is None or self.profiles is None:
            return set()
        hypothesis, donors = test
        pairwise = Hypothesis.PARENT if hypothesis is Hypothesis.PARENTS else hypothesis
        logs, bad = self.profiles.scores(
            donors[0].loci, False, hypothesis=pairwise, theta=self.model.theta, mu=self.model.mu
        )
        keep = np.flatnonzero((bad < EXCLUDE_AT) & (logs >= 2.0))
        if len(keep) > limit:
            keep = keep[top_k(logs[keep], limit, lambda i: self.subjects[int(self.dna_rows[keep[i]])].key)]
        return {int(self.dna_rows[i]) for i in keep.tolist()}

    def rank(self, missing: MatchSubject, limit: int = 20, exact_k: int = 200) -> list[Candidate]:
        """Found persons that could be *missing*, best first (exact scores and reasons)."""
        rows, coarse = self.coarse(missing)
        if len(rows) > exact_k:
            rows = rows[top_k(coarse, exact_k, lambda i: self.subjects[int(rows[i])].key)]
        chosen = set(rows.tolist()) | self._dna_rows(missing, exact_k)
        pool = [self.subjects[r] for r in sorted(chosen)]
        return rank_found(missing, pool, limit=limit, model=self.model)
