"""Property test of the rule that keeps review decisions across recomputation (save_pair).

Any interleaving of recomputations (same or new evidence, same or new score) and decisions: a
rejected pair never comes back on the evidence it was rejected on, a confirmed or reunited pair
never changes state through recomputation, and a DNA "supports" on new evidence opens a re-check.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.storage import match_repository as repo
from app.storage.match_repository import PairUpdate


def _db() -> sqlite3.Connection:
    import importlib.util
    from pathlib import Path

    path = Path(repo.__file__).parent / "migrations" / "versions" / "0003_matches.py"
    spec = importlib.util.spec_from_file_location("m0003", path)
    assert spec and spec.loader
    module: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # only its STATEMENTS are used: the real schema, no Alembic run
    db = sqlite3.connect(":memory:")
    for statement in module.STATEMENTS:
        db.execute(statement)
    return db


def _pair(evidence: int, score: float, dna: bool) -> PairUpdate:
    verdict = {"combined_index": 1e6, "inconsistent_loci": 0, "loci_compared": 20, "verdict": "supports"}
    return PairUpdate("M", "F", "M#0", "F#0", score, [], verdict if dna else None, f"fp{evidence}")


step = st.one_of(
    st.tuples(st.just("compute"), st.integers(0, 3), st.sampled_from([0.3, 0.6, 0.9])),
    st.tuples(st.just("decide"), st.sampled_from(["confirmed", "rejected", "reunited"])),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(step, min_size=1, max_size=25))
def test_decisions_survive_recomputation(steps: list[tuple[Any, ...]]) -> None:
    db = _db()
    cur = db.cursor()
    for s in steps:
        row = cur.execute(
            "SELECT id, state, fingerprint, decided_fingerprint, score FROM match_candidates"
        ).fetchone()
        if s[0] == "decide":
            if row is not None:
                repo.decide(cur, row[0], s[1], "officer", "now", "reason" if s[1] == "rejected" else None)
            continue
        _kind, evidence, score = s
        dna = evidence % 2 == 1  # the profiles are part of the evidence: odd evidence has a DNA hit
        outcome = repo.save_pair(cur, _pair(evidence, score, dna), "now")
        after = cur.execute("SELECT state, fingerprint, dna_recheck FROM match_candidates").fetchone()
        if row is None:
            assert outcome == "new" and after[0] == "potential"
            continue
        _id, state, fingerprint, decided_fp, old_score = row
        if state in ("confirmed", "reunited", "potential"):
            assert after[0] == state  # recomputation never decides for a person
        if state == "rejected":
            came_back = after[0] == "potential"
            assert came_back == (decided_fp != f"fp{evidence}" and abs(old_score - score) >= 1e-4)
        if dna and fingerprint != f"fp{evidence}":
            assert after[2] == "pending"  # a new DNA hit always opens a re-check
        if not dna:
            assert after[2] is None
