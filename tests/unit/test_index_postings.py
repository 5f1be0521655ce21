"""The coarse stage's name term read from the rows' postings (rows by name code) gives the
scores the row-by-row comparison gave, bit for bit: on registers with shared and look-alike
names, empty names, ties, persons added and removed before a rebuild, and the offline
index's syllable-only names. Scoring only the rows that share a name code with the query,
when the bound on the others holds (a shared surname included), gives the full screen's shortlist (rows and scores)."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import numpy.typing as npt

from app.core.matching.coarse_query import CoarseQuery
from app.core.matching.evalset import generate
from app.core.matching.index import MissingIndex
from app.core.matching.national_screen import offline_index
from app.core.matching.postings import Postings
from app.core.matching.score import WEIGHTS
from app.core.matching.screening import ScreeningTable
from app.core.matching.subject import MatchSubject
from app.core.matching.topk import top_k

_NAMES = [
    "王伟",
    "王玮",
    "王芳",
    "李娜",
    "李强",
    "李那",
    "张伟",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄丽",
    "黄明",
    "周杰",
    "吴敏",
    "",
    "王",
]


def _plain_name_term(index: MissingIndex, q: CoarseQuery, a: int, b: int) -> npt.NDArray[np.float64]:
    """The name term compared slot by slot on every row, as the index did before."""
    n = b - a
    hits = np.zeros(n, dtype=np.float64)
    for k in range(index.chars.shape[0]):
        c, s = index.chars[k, a:b], index.sylls[k, a:b]
        hit = np.zeros(n, dtype=bool)
        for code in q.chars:
            hit |= c == code
        for code in q.sylls:
            hit |= s == code
        hits += hit & (c != 0)
    same_surname = (index.surname[a:b] == q.surname) & (q.surname != 0)
    return WEIGHTS["name"] * (0.75 * np.minimum(1.0, hits / q.ncore) + 0.25 * same_surname)


def _renamed(subjects: list[MatchSubject], seed: int) -> list[MatchSubject]:
    """*subjects* given names from a small pool (many shared, some look-alike, some empty)."""
    rng = random.Random(seed)
    return [dataclasses.replace(s, name=rng.choice(_NAMES)) for s in subjects]


def _assert_same_terms(index: MissingIndex, queries: list[MatchSubject]) -> int:
    """Every query's name term on every slice, postings against rows; the rows compared."""
    compared = 0
    for found in queries:
        q = CoarseQuery(found)
        if not q.ncore:
            continue
        for a, b in index._slices(found) + [(0, len(index)), (0, 1), (len(index) - 1, len(index))]:
            hits, same = index._name_hits(q, a, b)
            mine = WEIGHTS["name"] * (0.75 * np.minimum(1.0, hits / q.ncore) + 0.25 * same)
            assert mine.tobytes() == _plain_name_term(index, q, a, b).tobytes()
            compared += b - a
    return compared


def test_postings_name_term_equals_the_row_by_row_term() -> None:
    data = generate(seed=33, pairs=80, extra_missing=700, lone_found=30)
    missing = _renamed(data.missing, 1)
    found = _renamed(data.found, 2) + data.found
    index = MissingIndex(missing)
    assert _assert_same_terms(index, found) > 10 * len(index)


def test_scores_tie_and_persons_added_and_removed_before_a_rebuild() -> None:
    data = generate(seed=34, pairs=40, extra_missing=300, lone_found=20)
    missing = _renamed(data.missing, 3)
    found = _renamed(data.found, 4)
    twins = [dataclasses.replace(missing[0], case_no=f"{missing[0].case_no[:-3]}{i:03d}") for i in range(5)]
    index = MissingIndex(missing + twins)
    _assert_same_terms(index, found)
    # a rebuilt base after changes: some removed, some renamed, some added without a name
    changed = [dataclasses.replace(s, name="") for s in missing[:30]] + missing[60:] + twins[:2]
    rebuilt = MissingIndex(changed)
    _assert_same_terms(rebuilt, found)
    answers = [rebuilt.rank(f, limit=20, exact_k=50) for f in found]
    assert any(answers)


def test_syllable_only_names_of_the_offline_index() -> None:
    data = generate(seed=35, pairs=40, extra_missing=200, lone_found=20)
    index = offline_index(ScreeningTable.from_subjects(_renamed(data.missing, 5)))
    assert (index.chars == -1).any() and (index.chars == 0).any()
    found = _renamed(data.found, 6)
    _assert_same_terms(index, found)
    for f in found:
        for k in (1, 5, 20):
            assert _shortlist(index, f, k, True) == _shortlist(index, f, k, False)


def test_postings_find_exactly_the_rows_holding_a_code() -> None:
    rng = np.random.default_rng(8)
    column = rng.integers(0, 6, 500).astype(np.int32)
    named = np.flatnonzero(rng.random(500) < 0.8)
    postings = Postings(column, named)
    for a, b in ((0, 500), (10, 11), (100, 350), (499, 500), (200, 200)):
        codes = [0, 2, 5, 9, -1]
        runs = postings.runs(codes, a, b)
        got = np.sort(np.concatenate(runs)) if runs else np.zeros(0, np.int32)
        expected = [r for r in named.tolist() if a <= r < b and column[r] in codes]
        assert got.tolist() == expected
        assert all(np.all(np.diff(run) > 0) for run in runs)
    assert Postings(np.zeros(0, np.int32)).runs([1], 0, 0) == []


def _shortlist(index: MissingIndex, found: MatchSubject, k: int, bounded: bool) -> tuple[list[int], bytes]:
    """The best *k* rows of the coarse screen (rank's cut) and their scores' bytes."""
    rows, scores = index.coarse(found, k if bounded else None)
    at = top_k(scores, k, lambda i: index.subjects[int(rows[i])].key)
    return rows[at].tolist(), scores[at].tobytes()


def test_the_named_rows_under_the_bound_give_the_full_screens_shortlist() -> None:
    data = generate(seed=36, pairs=120, extra_missing=2500, lone_found=40)
    missing = _renamed(data.missing, 7)
    twins = [dataclasses.replace(missing[5], case_no=f"{missing[5].case_no[:-3]}{i:03d}") for i in range(8)]
    found = _renamed(data.found, 8) + data.found[:20]
    taken = 0
    for index in (MissingIndex(missing + twins), MissingIndex(missing[200:] + twins[:3])):
        for f in found:
            q = CoarseQuery(f)
            for k in (1, 3, 10, 50):
                assert _shortlist(index, f, k, True) == _shortlist(index, f, k, False)
                slices = index._slices(f)
                q.place_terms, q.marks_terms, q.origin_terms = index._distinct_terms(q)
                taken += bool(q.ncore and slices and index._named_coarse(q, slices, k) is not None)
    assert taken > 100  # the bound held often enough to be tested


def test_a_row_sharing_no_name_slot_never_scores_above_the_bound() -> None:
    data = generate(seed=37, pairs=60, extra_missing=1500, lone_found=30)
    index = MissingIndex(_renamed(data.missing, 9))
    surnamed = 0
    for f in _renamed(data.found, 10):
        q = CoarseQuery(f)
        if not q.ncore:
            continue
        q.place_terms, q.marks_terms, q.origin_terms = index._distinct_terms(q)
        keep, score = index._coarse_slice(q, slice(0, len(index)))
        hits, same = index._name_hits(q, 0, len(index))
        unnamed = keep & (hits == 0)
        assert unnamed.any()
        assert score[unnamed].max() <= index._unnamed_bound(q)
        surnamed += int((unnamed & same).sum())
    assert surnamed  # rows of the same surname and no shared slot were among them
