"""Found persons in numpy columns: a touched missing person screened against a nation's found.

The mirror of :class:`app.core.matching.MissingIndex` for the other direction. Rows are held as
columns (sex, widened birth window, found date, name codes); a missing person's query keeps the
rows of a compatible sex whose birth window meets the missing person's and that were found after
they were last seen, scores them coarsely (shared name characters or syllables, surname, age
fit) and sends the best few hundred — plus every found child whose own DNA the vectorised
screen finds plausible against the missing person's tested relative — to the exact stage,
which answers as :func:`app.core.matching.rank_found` over them (reasons, DNA, re-ranked), each
pair's facts found once and only the delivered candidates' reasons worded.

Neither screen reads every row: the coarse best are found from the rows holding a name code,
tier by tier, and from the rows nearest in age (:meth:`FoundIndex.shortlist`, the every-row
stage's rows exactly), and the DNA screen drops a profile once its first loci exclude it
(:meth:`app.core.matching.strindex.ProfileIndex.scores_below`, the full screen's sums).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from app.core import regions
from app.core.matching import KinshipModel, MatchSubject, ProfileIndex
from app.core.matching.ages import birth_window
from app.core.matching.coarse_query import flat_rows
from app.core.matching.dnastats import Screen
from app.core.matching.familyindex import choose_test
from app.core.matching.features import CORE_SLOTS, name_codes, query_name_sets
from app.core.matching.frequencies import default_table
from app.core.matching.kinship import EXCLUDE_AT, DnaResult, Genotype
from app.core.matching.likelihood import Hypothesis
from app.core.matching.places import DistanceFn
from app.core.matching.postings import NamePostings
from app.core.matching.rank import annotate, explain_candidate, score_candidate
from app.core.matching.score import PairFacts, pair_facts
from app.core.matching.subject import Candidate
from app.core.matching.topk import top_k

__all__ = ["FoundIndex"]

_SEX = {"M": 1, "F": 2}
_OPEN = 1e9  # a birth window nothing bounds


class DnaHits(NamedTuple):
    """One query's vectorised DNA screen: the found children it finds plausible (rows), what it
    screened them against (the tested relative's genotypes, by the pairwise hypothesis), and
    whether that test is the exact stage's (*duo*: a single parent tested)."""

    plausible: set[int]
    relative: Mapping[str, Genotype]
    hypothesis: Hypothesis
    duo: bool


class FoundIndex:
    """Found persons as columns; :meth:`rank` answers one missing person."""

    def __init__(self, subjects: Sequence[MatchSubject], model: KinshipModel | None = None) -> None:
        self.model = model or KinshipModel()
        self.subjects = list(subjects)
        self.sex = np.array([_SEX.get(s.sex, 0) for s in subjects], dtype=np.int8)
        windows = [birth_window(s, widen=True) or (-_OPEN, _OPEN) for s in subjects]
        self.birth = flat_rows(windows, 2, np.float64).T.copy()
        self.middle = (self.birth[0] + self.birth[1]) / 2  # each birth window's middle day
        # the rows by that middle: the age term falls as a row's middle moves from the query's
        self.by_middle = np.argsort(self.middle, kind="stable")
        self.middle_sorted = self.middle[self.by_middle]
        self.sortable = not bool(np.isnan(self.middle).any())
        self.found_on = np.array(
            [s.event_date.toordinal() if s.event_date else np.nan for s in subjects], dtype=np.float64
        )
        names = [name_codes(s) for s in subjects]
        self.surname = np.array([c[0] for c in names], dtype=np.int32)
        self.chars = flat_rows([c[1] for c in names], CORE_SLOTS, np.int32).T.copy()
        self.sylls = flat_rows([c[2] for c in names], CORE_SLOTS, np.int32).T.copy()
        own = [(row, s.profile("self")) for row, s in enumerate(subjects)]
        typed = [(row, p.loci) for row, p in own if p is not None]
        self.dna_rows = np.array([row for row, _p in typed], dtype=np.int64)
        self.profiles = ProfileIndex.of([(str(row), loci) for row, loci in typed]) if typed else None
        self.names = NamePostings(self.surname, self.chars, self.sylls)  # the coarse name term's rows
        self.with_parents = np.array(
            [s.profile("mother") is not None or s.profile("father") is not None for s in subjects], dtype=bool
        )

    def __len__(self) -> int:
        return len(self.subjects)

    def nbytes(self) -> int:
        arrays = (
            self.sex,
            self.birth,
            self.middle,
            self.by_middle,
            self.middle_sorted,
            self.found_on,
            self.surname,
            self.chars,
            self.sylls,
            self.dna_rows,
        )
        extra = self.names.nbytes() + (self.profiles.genotypes.nbytes if self.profiles is not None else 0)
        return sum(a.nbytes for a in arrays) + extra

    def coarse(self, missing: MatchSubject) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """(rows that survive the vectorised exclusions, their coarse scores)."""
        keep = np.ones(len(self.subjects), dtype=bool)
        if missing.sex in _SEX:
            keep &= (self.sex == 0) | (self.sex == _SEX[missing.sex])
        if missing.event_date is not None:
            keep &= ~(self.found_on < missing.event_date.toordinal() - 1)  # found before last seen
        window = birth_window(missing, widen=True)
        if window is not None:
            keep &= (self.birth[0] <= window[1]) & (self.birth[1] >= window[0])
        rows = np.flatnonzero(keep)
        # the terms on the surviving rows only: the same element-wise arithmetic, row by row
        score = np.zeros(len(rows), dtype=np.float64)
        if window is not None:
            middle = (window[0] + window[1]) / 2
            score += 0.3 / (1.0 + np.abs(self.middle[rows] - middle) / 365.0)
        surname, chars, sylls, ncore = query_name_sets(missing)
        if ncore and len(rows):
            hits = self.names.slot_counts(chars, sylls, 0, len(self.subjects))[rows].astype(np.float64)
            same = (self.surname[rows] == surname) & (surname != 0)
            score += 0.5 * np.minimum(1.0, hits / ncore) + 0.2 * same
        return rows.astype(np.int64), score

    def shortlist(self, missing: MatchSubject, exact_k: int) -> npt.NDArray[np.int64]:
        """The rows the exact stage scores besides the DNA screen's: the *exact_k* best of
        :meth:`coarse` (those tied at the cut taken by key, :func:`top_k`), or all its rows when
        there are no more — the same rows, without a pass over every row's columns.

        A row holding none of the query's name codes scores the age term alone, which falls as
        the row's birth-window middle moves away from the query's. So the rows holding a name
        code (from the postings) are scored, then the others walked outward from the query's
        middle (in :attr:`by_middle` order) in growing windows until the age term of every row
        outside the window is below the *exact_k*-th best score found so far: no row left out
        could reach the cut, nor tie with it. Scores are the coarse stage's, element by element.
        Without a birth window to walk from, every row is scored (:meth:`coarse`)."""
        window = birth_window(missing, widen=True)
        middle = (window[0] + window[1]) / 2 if window is not None else math.nan
        if window is None or exact_k <= 0 or not self.sortable or not math.isfinite(middle):
            rows, coarse = self.coarse(missing)
            return rows[top_k(coarse, exact_k, self._key_of(rows))] if len(rows) > exact_k else rows
        n = len(self.subjects)
        surname, chars, sylls, ncore = query_name_sets(missing)
        hits = same = named = None
        found: list[npt.NDArray[np.int64]] = []
        scores: list[npt.NDArray[np.float64]] = []
        if ncore:
            hits = self.names.slot_counts(chars, sylls, 0, n)
            same = self.names.same_surname(surname, 0, n)
            named = (hits > 0) | same
            for tier in self._name_tiers(np.flatnonzero(named), hits, same, ncore, exact_k, scores):
                found.append(self._surviving(tier, missing, window))
                scores.append(self._coarse_score(found[-1], middle, ncore, hits, same))
        pos = int(np.searchsorted(self.middle_sorted, middle))
        lo, hi, width = pos, pos, max(exact_k, 64)
        while lo > 0 or hi < n:
            cut = _cut(scores, exact_k)
            if cut is not None:
                edges = self.middle_sorted[[i for i in (lo - 1, hi) if 0 <= i < n]]
                if self._age_term(edges, middle).max() < cut:
                    break
            wider_lo, wider_hi = max(0, pos - width), min(n, pos + width)
            walked = np.concatenate([self.by_middle[wider_lo:lo], self.by_middle[hi:wider_hi]])
            if named is not None:
                walked = walked[~named[walked]]
            found.append(self._surviving(walked, missing, window))
            scores.append(self._coarse_score(found[-1], middle, ncore, hits, same))
            lo, hi, width = wider_lo, wider_hi, width * 4
        rows = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        score = np.concatenate(scores) if scores else np.zeros(0)
        if len(rows) > exact_k:
            rows = rows[top_k(score, exact_k, self._key_of(rows))]
        return rows.astype(np.int64)

    @staticmethod
    def _name_tiers(
        named: npt.NDArray[np.intp],
        hits: npt.NDArray[np.uint8],
        same: npt.NDArray[np.bool_],
        ncore: int,
        exact_k: int,
        scores: list[npt.NDArray[np.float64]],
    ) -> Iterator[npt.NDArray[np.int64]]:
        """The *named* rows (holding a name code) by their name term, the highest first, while
        a tier could still reach the cut: a row's score is its age term (at most 0.3) plus its
        name term, so a tier whose 0.3 + name term is below the *exact_k*-th best of the
        *scores* found so far (the caller appends each tier's) holds no row that could reach
        the cut or tie with it, nor does any lower tier."""
        code = hits[named].astype(np.int64) * 2 + same[named]  # (slots hit, same surname)
        present = np.flatnonzero(np.bincount(code))
        # each tier's name term, with the score's own arithmetic
        terms = 0.5 * np.minimum(1.0, (present // 2).astype(np.float64) / ncore) + 0.2 * (present % 2 == 1)
        for i in np.argsort(-terms, kind="stable").tolist():
            cut = _cut(scores, exact_k)
            if cut is not None and np.float64(0.3) + terms[i] < cut:
                return
            yield named[code == present[i]].astype(np.int64)

    def _key_of(self, rows: npt.NDArray[np.int64]) -> Callable[[int], str]:
        return lambda i: self.subjects[int(rows[i])].key

    def _surviving(
        self, rows: npt.NDArray[np.int64], missing: MatchSubject, window: tuple[float, float]
    ) -> npt.NDArray[np.int64]:
        """Those of *rows* the coarse stage keeps (its exclusions, on these rows only)."""
        keep = np.ones(len(rows), dtype=bool)
        if missing.sex in _SEX:
            sex = self.sex[rows]
            keep &= (sex == 0) | (sex == _SEX[missing.sex])
        if missing.event_date is not None:
            keep &= ~(self.found_on[rows] < missing.event_date.toordinal() - 1)
        keep &= (self.birth[0][rows] <= window[1]) & (self.birth[1][rows] >= window[0])
        return rows[keep].astype(np.int64)

    @staticmethod
    def _age_term(middles: npt.NDArray[np.float64], middle: float) -> npt.NDArray[np.float64]:
        return 0.3 / (1.0 + np.abs(middles - middle) / 365.0)

    def _coarse_score(
        self,
        rows: npt.NDArray[np.int64],
        middle: float,
        ncore: int,
        hits: npt.NDArray[np.uint8] | None,
        same: npt.NDArray[np.bool_] | None,
    ) -> npt.NDArray[np.float64]:
        """:meth:`coarse`'s scores of *rows* (a query with a birth window), the same arithmetic."""
        score = np.zeros(len(rows), dtype=np.float64)
        score += self._age_term(self.middle[rows], middle)
        if ncore and len(rows) and hits is not None and same is not None:
            score += 0.5 * np.minimum(1.0, hits[rows].astype(np.float64) / ncore) + 0.2 * same[rows]
        return score

    def _dna_rows(self, missing: MatchSubject, limit: int) -> DnaHits | None:
        """The vectorised screen of every found child's own profile against the missing
        person's tested relative (None without one, or without profiles)."""
        test = choose_test(missing.profiles)
        if test is None or self.profiles is None:
            return None
        hypothesis, donors = test
        pairwise = Hypothesis.PARENT if hypothesis is Hypothesis.PARENTS else hypothesis
        # the profiles with fewer than EXCLUDE_AT inconsistent loci (SF/Z JD0105001-2016), at
        # a log10 LR of 2 or more
        at, logs, _bad = self.profiles.scores_below(
            donors[0].loci, False, hypothesis=pairwise, theta=self.model.theta, mu=self.model.mu
        )
        strong = logs >= 2.0
        keep, logs = at[strong], logs[strong]
        if len(keep) > limit:
            keep = keep[top_k(logs, limit, lambda i: self.subjects[int(self.dna_rows[keep[i]])].key)]
        plausible = {int(self.dna_rows[i]) for i in keep.tolist()}
        return DnaHits(plausible, donors[0].loci, pairwise, hypothesis is Hypothesis.PARENT)

    def _deferrable(self, hits: DnaHits, chosen: list[int]) -> tuple[dict[int, float], set[int]]:
        """(each of *chosen*'s screened log10 LR, where it has a profile; those of *chosen*
        whose duo parentage test the screen already excludes: 3 or more inconsistent loci,
        SF/Z JD0105001-2016, and no parent of their own on file — with one the exact test is a
        trio, about which the duo screen says nothing). Read for *chosen* only."""
        rows = np.asarray(chosen, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.dna_rows, rows), max(0, len(self.dna_rows) - 1))
        typed = self.dna_rows[at] == rows
        screened: dict[int, float] = {}
        excluded: set[int] = set()
        if self.profiles is None or not typed.any():
            return screened, excluded
        logs, bad = self.profiles.scores_at(
            hits.relative,
            at[typed],
            False,
            hypothesis=hits.hypothesis,
            theta=self.model.theta,
            mu=self.model.mu,
        )
        for r, log, inconsistent in zip(rows[typed].tolist(), logs.tolist(), bad.tolist(), strict=True):
            screened[r] = log
            if inconsistent >= EXCLUDE_AT and not self.with_parents[r]:
                excluded.add(r)
        return screened, excluded

    def rank(
        self, missing: MatchSubject, limit: int = 20, exact_k: int = 200, lazy_dna: bool = True
    ) -> list[Candidate]:
        """Found persons that could be *missing*, best first (exact scores and reasons).

        The answer is :func:`rank_found`'s over the shortlist; each pair's facts are found once
        (places through a per-query cache) and only the delivered candidates' reasons worded
        (``tests/server/test_found_index_exact.py``). With *lazy_dna* (as
        :meth:`app.core.matching.MissingIndex.rank`), a found child whose duo test the
        vectorised screen already excludes is ranked at the score that exclusion gives (its
        attribute score × 0.3) without the exact kinship test, which runs only if it is
        delivered or its screened LR is too close to a delivered one's to rank it; should an
        exact test disagree, the query is ranked again in full. The answer is the same either
        way (``tests/server/test_found_index_lazy.py``); only the work differs."""
        rows = self.shortlist(missing, exact_k)
        hits = self._dna_rows(missing, exact_k)
        chosen = sorted(set(rows.tolist()) | (hits.plausible if hits is not None else set()))
        near = lru_cache(maxsize=4096)(regions.distance_km)  # the shortlist shares few places
        facts = {r: pair_facts(self.subjects[r], missing, near) for r in chosen}
        if lazy_dna and hits is not None and hits.duo:  # a duo: the screen's test is the exact one
            screened, excluded = self._deferrable(hits, chosen)
            if excluded:
                answer = self._rank_deferred(missing, chosen, screened, excluded, limit, facts, near)
                if answer is not None:
                    return answer
        return self._rank_all(missing, chosen, limit, facts, near)

    def _score(
        self,
        r: int,
        missing: MatchSubject,
        facts: dict[int, PairFacts],
        near: DistanceFn,
        with_dna: bool = True,
    ) -> tuple[float, Candidate, bool]:
        """:func:`score_candidate` of row *r* from its facts, no reasons worded."""
        found = self.subjects[r]
        return score_candidate(
            found, missing, near, with_dna=with_dna, explain=False, model=self.model, facts=facts[r]
        )

    def _delivered(
        self, r: int, missing: MatchSubject, facts: dict[int, PairFacts], cand: Candidate
    ) -> Candidate:
        """Row *r*'s candidate with its reasons worded, seen from the missing side."""
        found = self.subjects[r]
        return _seen_from_missing(found, explain_candidate(found, missing, facts[r], cand))

    def _rank_all(
        self,
        missing: MatchSubject,
        chosen: list[int],
        limit: int,
        facts: dict[int, PairFacts],
        near: DistanceFn,
    ) -> list[Candidate]:
        """:func:`rank_found` over *chosen*: every pair tested exactly, the delivered worded."""
        scored: list[tuple[float, str, Candidate, int]] = []
        logs: list[float] = []
        for r in chosen:
            score, cand, is_excluded = self._score(r, missing, facts, near)
            if cand.dna is not None:
                logs.append(_log(cand.dna))
            if not is_excluded:
                scored.append((score, self.subjects[r].key, cand, r))
        scored.sort(key=lambda t: (-t[0], t[1]))
        top = [self._delivered(r, missing, facts, c) for _s, _k, c, r in scored[:limit]]
        test = choose_test(missing.profiles)
        if not logs or test is None:
            return top
        donors = [p.loci for p in test[1]]
        return annotate(top, Screen(logs, default_table(), self.model, donors=donors))

    def _rank_deferred(
        self,
        missing: MatchSubject,
        chosen: list[int],
        screened: dict[int, float],
        excluded: set[int],
        limit: int,
        facts: dict[int, PairFacts],
        near: DistanceFn,
    ) -> list[Candidate] | None:
        """:meth:`_rank_all` over *chosen* with the screen's exclusions taken at their word
        until delivered; None when an exact test disagrees (the caller ranks in full)."""
        scored: list[tuple[float, str, Candidate | None, int]] = []
        logs: dict[int, float] = {}  # row → log10 LR on the exact scale (or the screen's, deferred)
        for r in chosen:
            found = self.subjects[r]
            if r in excluded:
                attr, _c, is_excluded = self._score(r, missing, facts, near, with_dna=False)
                logs[r] = screened[r]
                if not is_excluded:
                    scored.append((attr * 0.3, found.key, None, r))  # what "excludes" makes of it
                continue
            score, cand, is_excluded = self._score(r, missing, facts, near)
            if cand.dna is not None:
                logs[r] = _log(cand.dna)
            if not is_excluded:
                scored.append((score, found.key, cand, r))
        scored.sort(key=lambda t: (-t[0], t[1]))
        top: list[Candidate] = []
        exact_rows = {r for _s, _k, c, r in scored if c is not None}
        for score, _key, maybe, r in scored[:limit]:
            if maybe is None:
                maybe, logs[r] = self._exact(missing, r, score, facts, near)
                if maybe is None:
                    return None
                exact_rows.add(r)
            top.append(self._delivered(r, missing, facts, maybe))
        # a deferred row's screened LR stands in for its exact one in the ranks only while it is
        # clearly on one side of every delivered result's (rank_of's 1e-4 tie band, with room)
        marks = np.array([_log(c.dna) + 1e-4 for c in top if c.dna is not None])
        for r in [r for r in logs if r not in exact_rows]:
            if len(marks) and np.min(np.abs(marks - logs[r])) < 1e-2:
                _s, cand, _x = self._score(r, missing, facts, near)
                if cand.dna is None or cand.dna.verdict != "excludes":
                    return None
                logs[r] = _log(cand.dna)
        test = choose_test(missing.profiles)
        if not logs or test is None:
            return top
        donors = [p.loci for p in test[1]]
        return annotate(top, Screen(list(logs.values()), default_table(), self.model, donors=donors))

    def _exact(
        self, missing: MatchSubject, r: int, deferred: float, facts: dict[int, PairFacts], near: DistanceFn
    ) -> tuple[Candidate | None, float]:
        """The exact test of deferred row *r*: (its unworded candidate, log10 LR), or (None, 0)
        when it does not give the deferred score (the screen's exclusion did not hold)."""
        score, cand, is_excluded = self._score(r, missing, facts, near)
        if is_excluded or score != deferred or cand.dna is None or cand.dna.verdict != "excludes":
            return None, 0.0
        return cand, _log(cand.dna)


def _cut(scores: list[npt.NDArray[np.float64]], k: int) -> float | None:
    """The *k*-th best of *scores* (None while there are fewer)."""
    if sum(len(s) for s in scores) < k:
        return None
    return float(-np.partition(-np.concatenate(scores), k - 1)[k - 1])


def _log(result: DnaResult) -> float:
    return math.log10(result.lr) if result.lr > 0 else -math.inf


def _seen_from_missing(found: MatchSubject, cand: Candidate) -> Candidate:
    """The candidate seen from the missing side names the found case (as rank_found does)."""
    return Candidate(found.key, found.case_no, cand.score, cand.reasons, cand.dna)
