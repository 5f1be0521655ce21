"""The vectorised DNA screen that drops a stored profile once its first loci hold enough
inconsistencies (``ProfileIndex.scores_below``), and the screen read at a few positions
(``scores_at``), answer as the full screen (``ProfileIndex.scores``) to the bit: the same
profiles kept, with the same float32 sums — children, parents, siblings, partly typed profiles,
every threshold."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.core.matching.families import simulate
from app.core.matching.frequencies import default_table
from app.core.matching.likelihood import Hypothesis
from app.core.matching.loci import KIT_LOCI
from app.core.matching.strindex import ProfileIndex

TABLE = default_table()
Profile = dict[str, tuple[float, float]]


def _pick(g: dict[str, tuple[np.ndarray, np.ndarray]], i: int, loci: Sequence[str]) -> Profile:
    return {k: (float(a[i]), float(b[i])) for k, (a, b) in g.items() if k in loci}


def _register(seed: int) -> tuple[ProfileIndex, list[Profile]]:
    """Stored children: the true child, sibling and half sibling of each family's mother among
    strangers, some typed with a smaller kit; the queries are the mothers and a stranger."""
    rng = np.random.default_rng(seed)
    big, small = KIT_LOCI["PowerPlex 21"], KIT_LOCI["Identifiler"]
    fam = simulate(TABLE, big, 40, rng)
    stored: list[tuple[str, Profile]] = []
    for i in range(40):
        kit = small if i % 4 == 0 else big
        stored.append((f"child-{i}", _pick(fam.child, i, kit)))
        stored.append((f"sibling-{i}", _pick(fam.relatives["sibling"], i, big)))
        stored.append((f"stranger-{i}", _pick(fam.relatives["unrelated"], i, kit)))
    queries = [_pick(fam.relatives["mother"], i, big) for i in range(0, 40, 5)]
    return ProfileIndex(stored, TABLE), [*queries, _pick(fam.relatives["unrelated"], 39, small)]


def test_the_staged_screen_keeps_the_full_screens_profiles_with_the_same_sums() -> None:
    kept = 0
    for seed in (1, 2):
        index, queries = _register(seed)
        for query in queries:
            for hypothesis in (Hypothesis.PARENT, Hypothesis.FULL_SIBLING):
                logs, bad = index.scores(query, False, hypothesis=hypothesis, theta=0.01)
                for below in (1, 3, 5):
                    at, some_logs, some_bad = index.scores_below(
                        query, False, hypothesis=hypothesis, theta=0.01, inconsistent_below=below
                    )
                    assert at.tolist() == np.flatnonzero(bad < below).tolist()
                    assert some_logs.tobytes() == logs[at].tobytes()
                    assert some_bad.tobytes() == bad[at].tobytes()
                    kept += len(at)
                every = np.arange(len(index), dtype=np.intp)[::-3]
                at_logs, at_bad = index.scores_at(query, every, False, hypothesis=hypothesis, theta=0.01)
                assert at_logs.tobytes() == logs[every].tobytes()
                assert at_bad.tobytes() == bad[every].tobytes()
    assert kept > 100


def test_an_unrelated_register_is_mostly_dropped_before_its_last_loci() -> None:
    """The point of the staged screen: strangers leave it early. A duo parent screen keeps only
    the profiles with fewer than 3 inconsistent loci, and those are the children here."""
    index, queries = _register(3)
    at, _logs, _bad = index.scores_below(queries[0], False, hypothesis=Hypothesis.PARENT)
    kept = {index.keys[i] for i in at.tolist()}
    assert "child-0" in kept
    assert sum(k.startswith("stranger") for k in kept) <= 2
