"""The national found-side index shortlists a missing person's found children without a pass over
every row (the rows holding a name code, then the others walked outward from the missing
person's birth-window middle): the same rows as the best *k* of the every-row coarse stage,
ties at the cut taken by key — on registers with nameless persons, unknown ages, many found
children tied on age alone, and cuts from one row to more rows than survive."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np

from app.core.matching import MatchSubject
from app.core.matching.ages import birth_window
from app.core.matching.evalset import generate
from app.core.matching.topk import top_k
from server.services.matching_found import FoundIndex


def _every_row(index: FoundIndex, missing: MatchSubject, k: int) -> list[int]:
    rows, coarse = index.coarse(missing)
    if len(rows) > k:
        rows = rows[top_k(coarse, k, lambda i: index.subjects[int(rows[i])].key)]
    return sorted(rows.tolist())


def _register(seed: int) -> tuple[list[MatchSubject], list[MatchSubject]]:
    """Found children, a fifth of them nameless, some of unknown age, and tied groups: copies
    under other keys (the same name and age) and nameless copies (tied on age alone)."""
    data = generate(seed=seed, pairs=60, extra_missing=40, lone_found=400)
    rng = random.Random(seed)
    found: list[MatchSubject] = []
    for f in data.found:
        roll = rng.random()
        if roll < 0.2:
            f = dataclasses.replace(f, name="", nicknames=(), former_names=())
        elif roll < 0.25:
            f = dataclasses.replace(f, age_range=None, birth_date=None)
        found.append(f)
        for c in range(rng.choice((0, 0, 0, 3, 12))):
            copy = f if c % 2 else dataclasses.replace(f, name="", nicknames=(), former_names=())
            found.append(dataclasses.replace(copy, key=f"{f.key}-{c}", case_no=f"{f.case_no}-{c}"))
    missing = []
    for n, m in enumerate(data.missing):
        if n % 6 == 0:
            m = dataclasses.replace(m, name="", nicknames=(), former_names=())
        elif n % 6 == 1:
            m = dataclasses.replace(m, sex="U", event_date=None)
        elif n % 6 == 2:
            m = dataclasses.replace(m, birth_date=None, age_range=None)  # no window: every row
        missing.append(m)
    return found, missing


def test_the_shortlist_is_the_every_row_coarse_stage_best_k() -> None:
    walked = 0
    for seed in (21, 22, 23):
        found, missing = _register(seed)
        index = FoundIndex(found)
        for n, person in enumerate(missing):
            for k in (1, 7, 50, 200, 5000) if n % 3 == 0 else (50,):
                rows = index.shortlist(person, k)
                assert sorted(rows.tolist()) == _every_row(index, person, k)
                assert len(set(rows.tolist())) == len(rows)
            walked += person.birth_date is not None or person.age_range is not None
    assert walked > 200  # most queries take the walk, not the every-row fallback


def test_a_cut_inside_a_group_tied_on_age_alone_takes_the_group_by_key() -> None:
    """Nameless found children of one age: the query's age term ties them all, so the cut among
    them is made by key, and the walk must reach the whole group before cutting."""
    data = generate(seed=24, pairs=10, extra_missing=0, lone_found=50)
    model = data.found[0]
    found = [
        dataclasses.replace(
            model, key=f"tied-{i:03d}", case_no=f"tied-{i:03d}", name="", nicknames=(), former_names=()
        )  # fmt: skip
        for i in range(300)
    ]
    found += data.found
    index = FoundIndex(found)
    for person in data.missing:
        for k in (1, 10, 150, 299, 400):
            assert sorted(index.shortlist(person, k).tolist()) == _every_row(index, person, k)
    tied = np.array([s.key.startswith("tied-") for s in index.subjects])
    assert tied.sum() == 300


def test_a_lower_name_tier_of_the_same_age_is_not_cut_by_a_higher_one_further_in_age() -> None:
    """Found children sharing only the surname but born when the missing child was (score about
    0.2 + 0.3) outrank others sharing a given name's character but born months apart (about
    0.25 + 0.22): the shortlist must still reach the lower name tier."""
    seen = dt.date(2024, 3, 1)
    missing = MatchSubject("m", "m", "missing", sex="M", birth_date=dt.date(2018, 6, 1), event_date=seen,
                           name="王明华")  # fmt: skip
    found_on = dt.date(2026, 6, 1)

    def child(key: str, name: str, shift: int) -> MatchSubject:
        return MatchSubject(key, key, "found", sex="M", age_range=(7.0, 9.0),
                            event_date=found_on + dt.timedelta(days=shift), name=name)  # fmt: skip

    probe = child("probe", "", 0)
    window = birth_window(probe, widen=True)
    assert window is not None
    shift = int(birth_window(missing)[0] - (window[0] + window[1]) / 2)  # type: ignore[index]
    found = [child(f"near-{i}", "王小丽", shift) for i in range(3)]  # surname only, the same age
    found += [child(f"far-{i}", "李明强", shift + 133) for i in range(8)]  # one character, months apart
    found += [child(f"none-{i}", "赵刚", shift + 40 * i) for i in range(20)]  # no name code in common
    index = FoundIndex(found)
    rows, coarse = index.coarse(missing)
    assert len(rows) == len(found)
    near = coarse[[index.subjects[int(r)].key.startswith("near") for r in rows]]
    far = coarse[[index.subjects[int(r)].key.startswith("far") for r in rows]]
    assert 0.45 < far.max() < near.min()  # the lower tier's best beat the higher tier's
    for k in range(1, len(found) + 2):
        assert sorted(index.shortlist(missing, k).tolist()) == _every_row(index, missing, k)
