"""The national found-side index reads the coarse name term from its postings, finds each
shortlisted pair's facts once and words only the candidates it delivers: its coarse scores are
the slot-by-slot comparison's to the bit, and its answer is :func:`rank_found`'s over the same shortlist — the same
found persons in the same order, scores to the bit, reasons, DNA results with their LR, rank,
screened size and expected random matches — with the deferred DNA exclusions or without."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import numpy.typing as npt

from app.core.matching import MatchSubject, rank_found
from app.core.matching.ages import birth_window
from app.core.matching.evalset import generate
from app.core.matching.features import query_name_sets
from app.core.matching.subject import Candidate
from app.core.matching.topk import top_k
from server.services.matching_found import FoundIndex


def _shortlist(index: FoundIndex, missing: MatchSubject, exact_k: int) -> list[MatchSubject]:
    """The found persons the index sends to the exact stage (the coarse best and the DNA
    screen's plausible), in row order."""
    rows, coarse = index.coarse(missing)
    if len(rows) > exact_k:
        rows = rows[top_k(coarse, exact_k, lambda i: index.subjects[int(rows[i])].key)]
    hits = index._dna_rows(missing, exact_k)
    plausible = hits.plausible if hits is not None else set()
    return [index.subjects[r] for r in sorted(set(rows.tolist()) | plausible)]


def _bits(candidates: list[Candidate]) -> list[tuple[object, ...]]:
    return [(c.key, c.case_no, np.float64(c.score).tobytes(), c.reasons, c.dna) for c in candidates]


def _register(seed: int) -> tuple[list[MatchSubject], list[MatchSubject]]:
    """A random register with nameless persons, tied copies and found children's own parents."""
    data = generate(seed=seed, pairs=80, extra_missing=40, lone_found=300)
    rng = random.Random(seed)
    mother = next(p for m in data.missing for p in m.profiles if p.relation == "mother")
    found: list[MatchSubject] = []
    for i, f in enumerate(data.found):
        roll = rng.random()
        if roll < 0.1:
            f = dataclasses.replace(f, name="", nicknames=(), former_names=())
        elif roll < 0.15:
            f = dataclasses.replace(f, profiles=(*f.profiles, dataclasses.replace(mother, relation="mother")))
        found.append(f)
        if i % 17 == 0:  # a copy under another key: the same score, ranked by key
            found.append(dataclasses.replace(f, key=f"{f.key}-copy", case_no=f"{f.case_no}-copy"))
    missing = [
        dataclasses.replace(m, name="", nicknames=(), former_names=()) if n % 9 == 0 else m
        for n, m in enumerate(data.missing)
    ]
    return found, missing


def test_the_index_answers_as_rank_found_over_its_shortlist() -> None:
    delivered = with_dna = 0
    for seed in (3, 4):
        found, missing = _register(seed)
        index = FoundIndex(found)
        for n, person in enumerate(missing):
            exact_k = 200 if n % 5 == 0 else 40
            expected = _bits(
                rank_found(person, _shortlist(index, person, exact_k), limit=20, model=index.model)
            )
            for lazy in (True, False):
                assert _bits(index.rank(person, limit=20, exact_k=exact_k, lazy_dna=lazy)) == expected
            delivered += len(expected)
            with_dna += sum(c[4] is not None for c in expected)
    assert delivered > 1000 and with_dna > 20  # the registers exercise ranking and DNA


def _coarse_over_every_row(
    index: FoundIndex, missing: MatchSubject
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
    """The coarse stage computed on every row, the name term slot by slot with every code (the
    former way)."""
    keep = np.ones(len(index), dtype=bool)
    if missing.sex in ("M", "F"):
        keep &= (index.sex == 0) | (index.sex == {"M": 1, "F": 2}[missing.sex])
    if missing.event_date is not None:
        keep &= ~(index.found_on < missing.event_date.toordinal() - 1)
    window = birth_window(missing, widen=True)
    score = np.zeros(len(index), dtype=np.float64)
    if window is not None:
        keep &= (index.birth[0] <= window[1]) & (index.birth[1] >= window[0])
        middle = (window[0] + window[1]) / 2
        score += 0.3 / (1.0 + np.abs((index.birth[0] + index.birth[1]) / 2 - middle) / 365.0)
    rows = np.flatnonzero(keep)
    surname, chars, sylls, ncore = query_name_sets(missing)
    if ncore and len(rows):
        hits = np.zeros(len(rows), dtype=np.float64)
        for k in range(index.chars.shape[0]):
            c, s = index.chars[k, rows], index.sylls[k, rows]
            hit = np.zeros(len(rows), dtype=bool)
            for code in chars:
                hit |= c == code
            for code in sylls:
                hit |= s == code
            hits += hit & (c != 0)
        same = (index.surname[rows] == surname) & (surname != 0)
        score[rows] += 0.5 * np.minimum(1.0, hits / ncore) + 0.2 * same
    return rows, score[rows]


def test_the_coarse_stage_on_the_surviving_rows_read_by_name_is_the_every_row_one() -> None:
    named = 0
    for seed in (5, 6):
        found, missing = _register(seed)
        index = FoundIndex(found)
        for n, person in enumerate(missing):
            if n % 7 == 0:  # no sex, no date: nothing excluded
                person = dataclasses.replace(person, sex="U", event_date=None)
            rows, coarse = index.coarse(person)
            expected_rows, expected = _coarse_over_every_row(index, person)
            assert np.array_equal(rows, expected_rows)
            assert coarse.tobytes() == expected.tobytes()
            named += bool(query_name_sets(person)[3] and len(rows))
    assert named > 100
