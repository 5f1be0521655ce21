"""The in-memory screen's shortcuts answer what the plain computation answers, bit for bit:
the coarse score's place, marks and origin terms taken once per distinct value,
a screen's rank counted without sorting, a profile index's query tables kept between queries,
the families screened for several found children together, the chance model's per-locus
distributions kept between queries, and a pair's facts kept between its two scorings."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping
from typing import Any

import numpy as np

from app.core import regions
from app.core.matching import chance
from app.core.matching.chance import ChanceModel
from app.core.matching.coarse_query import CoarseQuery
from app.core.matching.dnastats import Screen
from app.core.matching.evalset import generate
from app.core.matching.features import coords
from app.core.matching.frequencies import default_table
from app.core.matching.index import MissingIndex
from app.core.matching.kinship import Genotype
from app.core.matching.likelihood import Hypothesis
from app.core.matching.rank import score_candidate
from app.core.matching.relatives import KinshipModel
from app.core.matching.score import WEIGHTS, pair_facts
from app.core.matching.strindex import ProfileIndex
from app.core.matching.subject import MatchProfile, MatchSubject


def _plain_terms(
    index: MissingIndex,
    q: CoarseQuery,
    sl: slice,
    score: np.ndarray | None = None,  # type: ignore[type-arg]
) -> np.ndarray:  # type: ignore[type-arg]
    """The place, marks and origin terms computed on every row, as the index did before (added
    to *score*, one after the other)."""
    score = np.zeros(sl.stop - sl.start) if score is None else score
    if q.unit is not None:
        xyz = index.xyz[:, sl]
        dot = xyz[0] * q.unit[0] + xyz[1] * q.unit[1] + xyz[2] * q.unit[2]
        km = 6371.0 * np.arccos(np.clip(dot, -1.0, 1.0))
        score += WEIGHTS["place"] * np.nan_to_num(np.maximum(0.15, np.exp(-km / 850.0)), nan=0.4)
    if q.marks:
        m = index.marks[sl]
        shared = np.bitwise_count(m & q.marks).astype(np.float64)
        total = np.bitwise_count(m).astype(np.float64) + float(int(q.marks).bit_count())
        score += WEIGHTS["marks"] * np.where(m == 0, 0.3, 2 * shared / total)
    if q.provs:
        pr = index.provs[sl]
        score += WEIGHTS["origin"] * np.where(pr == 0, 0.3, (pr & q.provs) != 0)
    return score


def test_distinct_value_terms_equal_the_per_row_terms() -> None:
    data = generate(seed=21, pairs=60, extra_missing=500, lone_found=20)
    nowhere = [dataclasses.replace(m, place_code=None, home_code=None) for m in data.missing[:40]]
    index = MissingIndex(nowhere + data.missing[40:])
    assert np.isnan(index._places).any()  # an unknown place is one distinct value too
    assert len(index._places[0]) < len(index) - 39
    # each row's unit vector, computed per row as the index did before
    latlon = np.radians(np.array([coords(s.place_code or s.home_code) for s in index.subjects]))
    plain = [np.cos(latlon[:, 0]) * np.cos(latlon[:, 1]), np.cos(latlon[:, 0]) * np.sin(latlon[:, 1]),
             np.sin(latlon[:, 0])]  # fmt: skip
    assert np.array_equal(index.xyz, np.stack(plain), equal_nan=True)
    for found in data.found:
        q = CoarseQuery(found)
        q.place_terms, q.marks_terms, q.origin_terms = index._distinct_terms(q)
        whole = slice(0, len(index))
        mine = np.zeros(len(index))
        for terms, ids in ((q.place_terms, index._place_ids), (q.marks_terms, index._marks_ids),
                           (q.origin_terms, index._provs_ids)):  # fmt: skip
            if terms is not None:
                mine += terms[ids]
        assert np.array_equal(mine, _plain_terms(index, q, whole))


def _sorted_rank(logs: np.ndarray, log_lr: float) -> int:  # type: ignore[type-arg]
    ordered = np.sort(logs.astype(np.float64))
    return 1 + int(len(ordered) - np.searchsorted(ordered, log_lr + 1e-4, "right"))


def test_a_counted_rank_equals_the_sorted_rank() -> None:
    rng = np.random.default_rng(15)
    logs = (rng.normal(0, 4, 5000)).astype(np.float32)
    logs[:50] = np.round(logs[:50])  # ties
    logs[50:60], logs[60:63] = -np.inf, np.nan
    asked = [float(v) for v in logs[:30]] + [-np.inf, 0.0, 2.0, 99.0, -99.0, float(np.float32(1.5)) - 1e-4]
    screen = Screen(logs, default_table(), KinshipModel(), child={})
    for value in asked:  # past _SORT_AFTER the screen sorts: both ways are checked
        assert screen.rank_of(value) == _sorted_rank(logs, value)
    assert len(screen) == len(logs)
    assert np.array_equal(screen.logs, np.sort(logs.astype(np.float64)), equal_nan=True)


def test_kept_query_tables_give_the_same_scores() -> None:
    rng = random.Random(7)
    table = default_table()

    def profile() -> dict[str, tuple[float, float]]:
        return {k: (rng.choice(table.alleles(k)), rng.choice(table.alleles(k))) for k in sorted(table.freqs)}

    stored = [(f"p{i}", profile()) for i in range(300)]
    queries = [profile() for _ in range(5)]
    kept = ProfileIndex(stored)
    for query in queries + queries:  # the second round reads kept tables
        fresh = ProfileIndex(stored)
        for as_child in (True, False):
            a = kept.scores(query, as_child, theta=0.01)
            b = fresh.scores(query, as_child, theta=0.01)
            assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def _mixed_families() -> tuple[list[MatchSubject], list[MatchSubject]]:
    """The evaluation set with every kind of family test (trio, one parent, full sibling, second
    degree) and profiles missing loci on both sides."""
    data = generate(seed=44, pairs=90, extra_missing=300, lone_found=20)
    rng = random.Random(9)

    def thinned(loci: Mapping[str, Genotype]) -> dict[str, Genotype]:
        return {k: g for k, g in loci.items() if rng.random() > 0.15}

    missing = []
    for i, m in enumerate(data.missing):
        if m.profiles and i % 4:
            mother = m.profiles[0]
            relation = ("mother", "full_sibling", "half_sibling")[i % 4 - 1]
            m = dataclasses.replace(m, profiles=(MatchProfile(relation, thinned(mother.loci)),))
        missing.append(m)
    found = []
    for i, f in enumerate(data.found):
        child = f.profile("self")
        if child is not None and i % 3 == 0:
            f = dataclasses.replace(f, profiles=(MatchProfile("self", thinned(child.loci)),))
        found.append(f)
    return missing, found


def test_screening_together_gives_each_query_its_own_answer() -> None:
    missing, found = _mixed_families()
    index = MissingIndex(missing)
    assert len(index.families.pairs) == 3 and len(index.families.trio_rows) > 0
    children = [f.profile("self") for f in found]
    tested = [c.loci for c in children if c is not None]
    assert len(tested) > 40
    many = index.families.scores_many(tested, theta=0.01)
    for child, (rows, logs, bad) in zip(tested, many, strict=True):
        one = index.families.scores(child, theta=0.01)
        assert np.array_equal(rows, one[0])
        assert logs.tobytes() == one[1].tobytes() and bad.tobytes() == one[2].tobytes()
    for at in range(0, len(found), 32):
        batch = found[at : at + 32]
        together = index.rank_many(batch, limit=20, exact_k=50)
        alone = [index.rank(f, limit=20, exact_k=50) for f in batch]
        assert [repr(a) for a in together] == [repr(a) for a in alone]


def test_kept_locus_distributions_give_the_same_chance_model() -> None:
    rng = random.Random(3)
    table = default_table()
    loci = sorted(table.freqs)

    def profile() -> dict[str, Genotype]:
        return {k: (rng.choice(table.alleles(k)), rng.choice(table.alleles(k))) for k in loci}

    def plain(hypothesis: Hypothesis, **fixed: Any) -> tuple[int, np.ndarray]:  # type: ignore[type-arg]
        """The model's offset and distribution computed locus by locus, nothing kept."""
        offset, pmf = 0, np.ones(1)
        for locus in loci:
            lo, one = chance._pmf(*ChanceModel._locus(hypothesis, table, locus, fixed.get("child"),
                                                       fixed.get("relatives", ()), 0.01, 0.002))  # fmt: skip
            offset, pmf = offset + lo, chance._convolve(pmf, one)
        return offset, pmf

    children = [profile() for _ in range(4)]
    cases = [(h, {"child": c}) for c in children for h in (Hypothesis.PARENT, Hypothesis.FULL_SIBLING,
                                                             Hypothesis.SECOND_DEGREE, Hypothesis.PARENTS)]  # fmt: skip
    cases += [(Hypothesis.PARENT_GIVEN_OTHER, {"child": children[0], "relatives": [profile()]}),
              (Hypothesis.PARENT, {"relatives": [profile()]}),
              (Hypothesis.PARENTS, {"relatives": [profile(), profile()]})]  # fmt: skip
    chance._pmfs.clear()
    for _round in range(2):  # the second round is built from kept distributions
        for hypothesis, fixed in cases:
            model = ChanceModel(hypothesis, table, loci, theta=0.01, mu=0.002, **fixed)
            offset, pmf = plain(hypothesis, **fixed)
            assert model.offset == offset and model.pmf.tobytes() == pmf.tobytes()
    assert chance._pmfs


def test_kept_pair_facts_score_as_a_fresh_scoring() -> None:
    data = generate(seed=52, pairs=40, extra_missing=100, lone_found=10)
    for found in data.found[:30]:
        for missing in data.missing[:60]:
            facts = pair_facts(found, missing, regions.distance_km)
            for explain, with_dna in ((False, False), (True, True)):
                kept = score_candidate(found, missing, explain=explain, with_dna=with_dna, facts=facts)
                fresh = score_candidate(found, missing, explain=explain, with_dna=with_dna)
                assert repr(kept) == repr(fresh)
