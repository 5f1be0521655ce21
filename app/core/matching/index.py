"""A columnar index of missing persons: vectorised exclusions and coarse scores, exact top-K.

Missing persons are held as numpy columns sorted by sex and then by the earliest possible birth
date. A found person's query touches only the rows of a compatible sex whose birth window can
fit the found person's (widened) age: two binary searches per sex group. On those rows the
exclusions (order of dates, age) and a coarse score (names by character / pinyin / look-alike
codes, age fit, distance, marks bitmask, origin provinces) are computed with numpy; the best
``exact_k`` go through the exact scorer (:func:`app.core.matching.rank.score_candidate`),
which adds reasons and DNA and re-ranks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from app.core import regions
from app.core.matching.ages import YEAR_DAYS, age_interval, estimation_error
from app.core.matching.coarse_query import UNKNOWN_BIRTH, CoarseQuery, birth_bounds, flat_rows
from app.core.matching.dnastats import Screen
from app.core.matching.familyindex import FamilyIndex
from app.core.matching.features import (
    CORE_SLOTS,
    coords,
    marks_mask,
    name_codes,
    province_mask,
)
from app.core.matching.frequencies import AlleleTable
from app.core.matching.kinship import EXCLUDE_AT
from app.core.matching.places import DistanceFn
from app.core.matching.postings import NamePostings
from app.core.matching.rank import DEFAULT_LIMIT, annotate, score_candidate
from app.core.matching.relatives import KinshipModel
from app.core.matching.score import WEIGHTS, PairFacts, pair_facts
from app.core.matching.subject import Candidate, MatchSubject
from app.core.matching.topk import top_k

__all__ = ["MissingIndex"]

F64 = npt.NDArray[np.float64]
_SEX = {"M": 1, "F": 2}
# one found child's screen of every family: (family rows, log10 LR, inconsistent loci)
_Screened = tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.float32]]


class MissingIndex:
    """Missing persons in numpy columns; :meth:`rank` answers one found person."""

    # index_distinct(): the distinct places (3 × n unit vectors), marks and province masks,
    # each row's value among them, and each row's position among the families' screened values
    _places: F64
    _place_ids: npt.NDArray[np.intp]
    _marks_values: npt.NDArray[np.uint64]
    _marks_ids: npt.NDArray[np.intp]
    _provs_values: npt.NDArray[np.uint64]
    _provs_ids: npt.NDArray[np.intp]
    _family_at: npt.NDArray[np.int64]
    _names: NamePostings  # the rows holding each name code, per slot (the coarse name term)

    def __init__(self, subjects: Sequence[MatchSubject]) -> None:
        sex = np.array([_SEX.get(s.sex, 0) for s in subjects], dtype=np.int8)
        windows = flat_rows([birth_bounds(s) for s in subjects], 2, np.float64)
        order = np.lexsort((windows[:, 0], sex))
        self.subjects = [subjects[i] for i in order]
        self.sex = sex[order]
        self.birth_lo, self.birth_hi = windows[order, 0].copy(), windows[order, 1].copy()
        self.event = np.array(
            [s.event_date.toordinal() if s.event_date else np.nan for s in self.subjects], dtype=np.float64
        )
        # each distinct place once: a register has a few thousand (the coarse score's place
        # term is also taken once per distinct place, see index_distinct)
        codes: dict[str | None, int] = {}
        place_ids = np.fromiter(
            (codes.setdefault(s.place_code or s.home_code, len(codes)) for s in self.subjects),
            dtype=np.intp,
            count=len(self.subjects),
        )
        latlon = np.radians(flat_rows([coords(c) for c in codes], 2, np.float64))
        # unit vectors: a great-circle distance is then one dot product and one arccos
        places = np.stack(
            [
                np.cos(latlon[:, 0]) * np.cos(latlon[:, 1]),
                np.cos(latlon[:, 0]) * np.sin(latlon[:, 1]),
                np.sin(latlon[:, 0]),
            ]
        )
        self.xyz = places[:, place_ids]
        names = [name_codes(s) for s in self.subjects]
        self.surname = np.array([c[0] for c in names], dtype=np.int32)
        self.chars = flat_rows([c[1] for c in names], CORE_SLOTS, np.int32).T.copy()
        self.sylls = flat_rows([c[2] for c in names], CORE_SLOTS, np.int32).T.copy()
        self.marks = np.array([marks_mask(s.marks) for s in self.subjects], dtype=np.uint64)
        self.provs = np.array([province_mask(s, "missing") for s in self.subjects], dtype=np.uint64)
        # relatives' profiles, each family's primary test screened vectorised against a found child
        self.families = FamilyIndex([(row, s.profiles) for row, s in enumerate(self.subjects) if s.profiles])
        # per sex group: [start, end) and the widest birth window (bounds the binary search)
        self.groups: dict[int, tuple[int, int, float]] = {}
        for code in (0, 1, 2):
            lo, hi = np.searchsorted(self.sex, code, "left"), np.searchsorted(self.sex, code, "right")
            known = (self.birth_lo[lo:hi] > UNKNOWN_BIRTH) if hi > lo else np.zeros(0, bool)
            width = (
                float((self.birth_hi[lo:hi][known] - self.birth_lo[lo:hi][known]).max())
                if known.any()
                else 0.0
            )
            self.groups[code] = (int(lo), int(hi), width)
        self.index_distinct(place_ids, places)

    def __len__(self) -> int:
        return len(self.subjects)

    def nbytes(self) -> int:
        arrays = (self.sex, self.birth_lo, self.birth_hi, self.event, self.xyz, self.surname)
        return (
            sum(a.nbytes for a in arrays)
            + self.chars.nbytes
            + self.sylls.nbytes
            + self.marks.nbytes
            + self.provs.nbytes
            + self._place_ids.nbytes
            + self._marks_ids.nbytes
            + self._provs_ids.nbytes
            + self._family_at.nbytes
            + self._names.nbytes()
        )

    def _slices(self, found: MatchSubject) -> list[tuple[int, int]]:
        """Contiguous row ranges that can hold the found person: compatible sex, birth window."""
        est = age_interval(found, found.event_date)
        codes = [0, 1, 2] if found.sex not in _SEX else [0, _SEX[found.sex]]
        out: list[tuple[int, int]] = []
        for code in codes:
            lo, hi, width = self.groups[code]
            if hi <= lo:
                continue
            unknown = lo + int(np.searchsorted(self.birth_lo[lo:hi], UNKNOWN_BIRTH, "right"))
            out.append((lo, unknown))
            if est is None or found.event_date is None:
                out.append((unknown, hi))
                continue
            err = 2 * estimation_error((est[0] + est[1]) / 2)
            day = found.event_date.toordinal()
            earliest, latest = day - (est[1] + err) * YEAR_DAYS, day - (est[0] - err) * YEAR_DAYS
            a = lo + int(np.searchsorted(self.birth_lo[lo:hi], earliest - width, "left"))
            b = lo + int(np.searchsorted(self.birth_lo[lo:hi], latest, "right"))
            out.append((max(a, unknown), b))
        return [(a, b) for a, b in out if b > a]

    def coarse(self, found: MatchSubject, k: int | None = None) -> tuple[npt.NDArray[np.int64], F64]:
        """(rows that survive the vectorised exclusions, their coarse scores). With *k*, only
        enough of them for the best *k* (ties included: every row scoring at least the *k*-th
        best score), when a bound proves the others cannot reach it (:meth:`_named_coarse`)."""
        query = CoarseQuery(found)
        slices = self._slices(found)
        if slices:
            query.place_terms, query.marks_terms, query.origin_terms = self._distinct_terms(query)
        if k is not None and query.ncore and slices:
            named = self._named_coarse(query, slices, k)
            if named is not None:
                return named
        rows: list[npt.NDArray[np.int64]] = []
        scores: list[F64] = []
        for a, b in slices:
            keep, score = self._coarse_slice(query, slice(a, b))
            rows.append(a + np.flatnonzero(keep))
            scores.append(score[keep])
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0)
        return np.concatenate(rows), np.concatenate(scores)

    def _named_coarse(
        self, q: CoarseQuery, slices: list[tuple[int, int]], k: int
    ) -> tuple[npt.NDArray[np.int64], F64] | None:
        """The surviving rows whose name slots share a character or syllable with the query and
        their coarse scores, when the *k*-th best of them scores above every other row could
        reach — else None (the caller scores every row).

        A row sharing no slot has a name term of at most the surname's (0.0 or, same surname,
        the weight × 0.25), so its score is at most the sum, in the same order, of that, the
        age term's best (its weight: the fit is at most 1) and the largest place, marks and
        origin terms of the index, over the same weight; IEEE rounding is monotone, so that
        sum computed in floats bounds the row's computed score.
        Every row scoring at least the *k*-th best is then a named row, and the best *k* (ties
        broken by key) are the same rows the full screen would choose."""
        rows: list[npt.NDArray[np.int64]] = []
        scores: list[F64] = []
        for a, b in slices:
            named, hits, same_surname = self._named_rows(q, a, b)
            if len(named):
                keep, score = self._coarse_at(q, named, (hits, same_surname))
                rows.append(named[keep])
                scores.append(score[keep])
        found = np.concatenate(scores) if scores else np.zeros(0)
        if len(found) < k:
            return None
        kth = -np.partition(-found, k - 1)[k - 1]
        if not kth > self._unnamed_bound(q):
            return None
        return np.concatenate(rows), found

    def _unnamed_bound(self, q: CoarseQuery) -> float:
        """The highest coarse score a row sharing no name slot with *q* can be computed at."""
        bound = np.zeros(1)
        if q.ncore:  # no slot shared; the surname may be
            hits, same_surname = np.zeros(1), np.full(1, q.surname != 0)
            bound += WEIGHTS["name"] * (0.75 * np.minimum(1.0, hits / q.ncore) + 0.25 * same_surname)
        if q.est is not None and q.day is not None:
            bound += WEIGHTS["age"] * np.ones(1)
        for terms in (q.place_terms, q.marks_terms, q.origin_terms):
            if terms is not None and len(terms):
                bound += terms.max()
        return float((bound / q.weight if q.weight else bound)[0])

    def _coarse_slice(self, q: CoarseQuery, sl: slice) -> tuple[npt.NDArray[np.bool_], F64]:
        """Vectorised exclusions and the coarse score on one contiguous range (views, no copies)."""
        return self._coarse_at(q, sl, self._name_hits(q, sl.start, sl.stop) if q.ncore else None)

    def _coarse_at(
        self,
        q: CoarseQuery,
        at: slice | npt.NDArray[np.int64],
        names: tuple[F64, npt.NDArray[np.bool_]] | None,
    ) -> tuple[npt.NDArray[np.bool_], F64]:
        """Vectorised exclusions and the coarse score of the rows *at* (a contiguous range, or
        rows), with their *names*' slot hits and same surname: the same element-wise arithmetic
        whichever rows are taken, so a row's score is the same to the bit."""
        n = at.stop - at.start if isinstance(at, slice) else len(at)
        keep = np.ones(n, dtype=bool)
        score = np.zeros(n, dtype=np.float64)
        if q.day is not None:
            keep &= ~(self.event[at] - q.day > 1)  # found before last seen
        if q.ncore and names is not None:
            hits, same_surname = names
            score += WEIGHTS["name"] * (0.75 * np.minimum(1.0, hits / q.ncore) + 0.25 * same_surname)
        if q.est is not None and q.day is not None:
            lo = self.birth_lo[at]
            old, young = (q.day - lo) / YEAR_DAYS, (q.day - self.birth_hi[at]) / YEAR_DAYS
            gap = np.maximum(0.0, np.maximum(q.est[0] - old, young - q.est[1]))
            gap[lo <= UNKNOWN_BIRTH] = 0.0
            fit = 1.0 - gap / (2 * estimation_error((q.est[0] + q.est[1]) / 2))
            keep &= fit > 0
            score += WEIGHTS["age"] * np.maximum(fit, 0.0)
        # place, marks, origin: each distinct value's term once per query (coarse()), gathered here
        if q.place_terms is not None:
            score += q.place_terms[self._place_ids[at]]
        if q.marks_terms is not None:
            score += q.marks_terms[self._marks_ids[at]]
        if q.origin_terms is not None:
            score += q.origin_terms[self._provs_ids[at]]
        return keep, score / q.weight if q.weight else score

    def _name_hits(self, q: CoarseQuery, a: int, b: int) -> tuple[F64, npt.NDArray[np.bool_]]:
        """On rows [a, b): how many name slots hold one of the query's characters or syllables
        (a slot with no character never counts), and whether the surname is the query's — read
        from the rows' postings (``_names``): only the rows that hold a code are touched."""
        count = self._names.slot_counts(q.chars, q.sylls, a, b)
        return count.astype(np.float64), self._names.same_surname(q.surname, a, b)

    def _named_rows(
        self, q: CoarseQuery, a: int, b: int
    ) -> tuple[npt.NDArray[np.int64], F64, npt.NDArray[np.bool_]]:
        """The rows of [a, b) whose name slots share a character or syllable with *q*
        (ascending), with :meth:`_name_hits`'s counts and surname flags for them."""
        count = self._names.slot_counts(q.chars, q.sylls, a, b)
        at = np.flatnonzero(count)
        rows = a + at
        same_surname = (self.surname[rows] == q.surname) & (q.surname != 0)
        return rows, count[at].astype(np.float64), same_surname

    def index_distinct(
        self, place_ids: npt.NDArray[np.intp] | None = None, places: F64 | None = None
    ) -> None:
        """Each row's distinct place, marks and origin value, and its family's position (once the
        columns are set; offline_index() sets them by hand). *places* (3 × n) with each row's
        *place_ids* when the caller has them, else places are compared by their bytes (the
        unknown ones, NaN, are one value)."""
        if place_ids is None or places is None:
            xyz = np.ascontiguousarray(self.xyz.T)
            unique, place_ids = np.unique(xyz.view(np.dtype((np.void, 24))).ravel(), return_inverse=True)
            places = unique.view(np.float64).reshape(-1, 3).T
        self._places, self._place_ids = np.ascontiguousarray(places), place_ids
        self._marks_values, self._marks_ids = np.unique(self.marks, return_inverse=True)
        self._provs_values, self._provs_ids = np.unique(self.provs, return_inverse=True)
        # each row's position among the families' screened values (-1: no family)
        self._family_at = np.full(len(self.subjects), -1, dtype=np.int64)
        self._family_at[self.families.rows()] = np.arange(len(self.families))
        self._names = NamePostings(self.surname, self.chars, self.sylls)

    def _distinct_terms(self, q: CoarseQuery) -> tuple[F64 | None, F64 | None, F64 | None]:
        """The place, marks and origin terms of the coarse score for every distinct value of the
        index (a register has a few thousand places, few marks patterns and province pairs):
        the same element-wise arithmetic as on every row, done once per value and gathered."""
        place = marks = origin = None
        if q.unit is not None:
            xyz = self._places
            dot = xyz[0] * q.unit[0] + xyz[1] * q.unit[1] + xyz[2] * q.unit[2]
            km = 6371.0 * np.arccos(np.clip(dot, -1.0, 1.0))
            place = WEIGHTS["place"] * np.nan_to_num(np.maximum(0.15, np.exp(-km / 850.0)), nan=0.4)
        if q.marks:
            m = self._marks_values
            shared = np.bitwise_count(m & q.marks).astype(np.float64)
            total = np.bitwise_count(m).astype(np.float64) + float(int(q.marks).bit_count())
            marks = WEIGHTS["marks"] * np.where(m == 0, 0.3, 2 * shared / total)
        if q.provs:
            pr = self._provs_values
            origin = WEIGHTS["origin"] * np.where(pr == 0, 0.3, (pr & q.provs) != 0)
        return place, marks, origin

    def rank(
        self,
        found: MatchSubject,
        limit: int = DEFAULT_LIMIT,
        exact_k: int = 200,
        distance: DistanceFn = regions.distance_km,
        table: AlleleTable | None = None,
        model: KinshipModel | None = None,
        lazy_dna: bool = True,
        _screened: _Screened | None = None,
    ) -> list[Candidate]:
        """Missing persons that could be *found*: coarse over all, exact over the best *exact_k*;
        DNA results placed in the screen of every family's profile against the found child.

        With *lazy_dna*, a candidate whose family the vectorised screen already excludes by its
        parentage test (3 or more inconsistent loci) is ranked at the score that exclusion gives
        (its attribute score × 0.3) without the exact kinship test, which runs only if it is
        delivered; should the exact test disagree, the query is ranked again in full. The
        answer is the same either way (``test_exact_stage.py``); only the work differs."""
        kinship = model or KinshipModel()
        rows, coarse = self.coarse(found, exact_k)
        if len(rows) > exact_k:  # ties at the cut broken by key: the same shortlist in any worker
            rows = rows[top_k(coarse, exact_k, lambda i: self.subjects[int(rows[i])].key)]
        dna_rows, screen, logs, bad = self._dna_rows(found, exact_k, kinship, _screened)
        near = lru_cache(maxsize=4096)(distance)  # candidates share few places
        first: list[tuple[float, int]] = []
        facts: dict[int, PairFacts] = {}  # kept for the finalists' second scoring
        for r in set(rows.tolist()) | dna_rows:
            facts[r] = pair_facts(found, self.subjects[r], near)
            score, _cand, is_excluded = score_candidate(
                found,
                self.subjects[r],
                near,
                table,
                with_dna=False,
                explain=False,
                model=kinship,
                facts=facts[r],
            )
            if not is_excluded or r in dna_rows:
                first.append((score, r))
        first.sort(key=lambda t: (-t[0], self.subjects[t[1]].key))
        # a found child with a registered parent is tested as a trio: the screen says nothing
        parents = found.profile("mother") or found.profile("father")
        lazy = None
        if lazy_dna and bad is not None and not parents:
            lazy = self._excluded_rows([r for _s, r in first], bad)
        final = self._finish(found, first, dna_rows, lazy, limit, near, table, kinship, facts)
        if final is None:
            final = self._finish(found, first, dna_rows, None, limit, near, table, kinship, facts)
        assert final is not None
        best = [c for _s, _k, c, _r in final[:limit]]
        if screen is None or logs is None:
            return best
        # only the delivered candidates' screened values: a dict over every family would cost
        # the register's size on every query
        at = {r: int(self._family_at[r]) for _s, _k, _c, r in final[:limit]}
        mine = {
            k: float(logs[at[r]])
            for _s, k, _c, r in final[:limit]
            if at[r] >= 0 and not np.isnan(logs[at[r]])
        }
        return annotate(best, screen, found, mine)

    def rank_many(
        self,
        queries: Sequence[MatchSubject],
        limit: int = DEFAULT_LIMIT,
        exact_k: int = 200,
        model: KinshipModel | None = None,
    ) -> list[list[Candidate]]:
        """:meth:`rank` of each of *queries*, the families' DNA screened for all the found
        children with a profile together (``FamilyIndex.scores_many``): the same answers."""
        kinship = model or KinshipModel()
        screened: dict[int, _Screened] = {}
        children = [(i, q.profile("self")) for i, q in enumerate(queries)]
        tested = [(i, p) for i, p in children if p is not None]
        if len(tested) > 1 and len(self.families):
            many = self.families.scores_many([p.loci for _i, p in tested], theta=kinship.theta, mu=kinship.mu)
            screened = {i: scores for (i, _p), scores in zip(tested, many, strict=True)}
        return [
            self.rank(q, limit=limit, exact_k=exact_k, model=kinship, _screened=screened.get(i))
            for i, q in enumerate(queries)
        ]

    def _excluded_rows(self, rows: list[int], bad: npt.NDArray[np.float32]) -> set[int]:
        """Those of *rows* whose family's parentage test the screen excludes (*bad*: each
        family's inconsistent loci, in the screen's order)."""
        if not rows:
            return set()
        wanted = np.array(rows, dtype=np.int64)
        at = self._family_at[wanted]
        has = at >= 0
        hit = np.zeros(len(wanted), dtype=bool)
        hit[has] = (bad[at[has]] >= EXCLUDE_AT) & self.families.parentage[at[has]]
        return set(wanted[hit].tolist())

    def _finish(
        self,
        found: MatchSubject,
        first: list[tuple[float, int]],
        dna_rows: set[int],
        lazy: set[int] | None,
        limit: int,
        near: DistanceFn,
        table: AlleleTable | None,
        kinship: KinshipModel,
        facts: dict[int, PairFacts],
    ) -> list[tuple[float, str, Candidate, int]] | None:
        """The exact stage over *first* (attribute score, row), best first; rows in *lazy* are
        taken at their excluded score (*lazy*: the screen's exclusions by row) and tested only
        if delivered. None when a delivered lazy
        row's exact test does not exclude it (the caller ranks again without *lazy*)."""
        # DNA (exact, trio where both parents are on file), in attribute order. DNA can lift a
        # candidate only when the vectorised screen found it (those rows are always done); for
        # the others it can only keep or lower the score, so once `limit` finished candidates
        # score at least the next attribute score, nothing further down can overtake them.
        final: list[tuple[float, str, Candidate | None, int]] = []
        for pos, (attr, r) in enumerate(first):
            done = sorted(t[0] for t in final)[-limit:] if len(final) >= limit else []
            if done and done[0] >= attr and r not in dna_rows:
                if not any(t[1] in dna_rows for t in first[pos:]):
                    break
                continue
            missing = self.subjects[r]
            if lazy is not None and r in lazy and r not in dna_rows:
                final.append((attr * 0.3, missing.key, None, r))  # what "excludes" makes of it
                continue
            score, cand, is_excluded = score_candidate(
                found, missing, near, table, model=kinship, facts=facts[r]
            )
            if not is_excluded:
                final.append((score, missing.key, cand, r))
        final.sort(key=lambda t: (-t[0], t[1]))
        out: list[tuple[float, str, Candidate, int]] = []
        for score, key, maybe, r in final[:limit]:
            if maybe is None:
                exact, maybe, is_excluded = score_candidate(
                    found, self.subjects[r], near, table, model=kinship, facts=facts[r]
                )
                if is_excluded or exact != score:
                    return None
            out.append((score, key, maybe, r))
        return out

    def _dna_rows(
        self, found: MatchSubject, limit: int, model: KinshipModel, screened: _Screened | None = None
    ) -> tuple[set[int], Screen | None, npt.NDArray[np.float32] | None, npt.NDArray[np.float32] | None]:
        """(rows whose family the vectorised screen finds plausible — fewer than 3 inconsistent
        loci and LR ≥ 100 —, the screen of every family, every family's screened log10 LR and
        inconsistent loci in the order of ``families.rows()`` (``_family_at`` maps a row there))."""
        child = found.profile("self")
        if child is None or not len(self.families):
            return set(), None, None, None
        rows, logs, bad = screened or self.families.scores(child.loci, theta=model.theta, mu=model.mu)
        keep = np.flatnonzero((bad < EXCLUDE_AT) & (logs >= 2.0))
        if len(keep) > limit:
            keep = keep[top_k(logs[keep], limit, lambda i: self.subjects[int(rows[keep[i]])].key)]
        screen = Screen(logs, self.families.table, model, child=child.loci)
        return {int(rows[i]) for i in keep.tolist()}, screen, logs, bad
