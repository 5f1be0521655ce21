"""National candidate pairs written the set-based way: one statement per matching batch.

A matching batch stores about twenty pairs per touched person. Each pair is inserted, or, when
stored already, refreshed only if its score or DNA verdict moved (new evidence); a pair a person
reviewed keeps its state. On PostgreSQL that is one ``INSERT … SELECT FROM json_array_elements ON
CONFLICT DO UPDATE … WHERE changed RETURNING`` for the whole batch (the pairs as one JSON
parameter, whatever their number), instead of reading the stored pairs and flushing an object per
pair; SQLite (the one-machine fallback) runs the same upsert a pair at a time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, func, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from server.storage.tables import Match

__all__ = ["PairRow", "StoredPair", "upsert_pairs"]

SAME_SCORE = 1e-9  # a stored score this close is the same evidence: nothing is delivered again


@dataclass(frozen=True, slots=True)
class PairRow:
    """One candidate pair as the matcher found it (``reasons``: its JSON text)."""

    missing_case: str
    found_case: str
    score: float
    dna_verdict: str | None
    reasons: str


@dataclass(frozen=True, slots=True)
class StoredPair:
    """A pair this batch inserted or changed: its state (kept when reviewed) and new revision."""

    missing_case: str
    found_case: str
    state: str
    revision: int
    closed_by: int | None = None  # the reunited pair whose reunion closed it (decisions.py)


# The pairs travel as one JSON parameter: as text arrays, psycopg escapes every quote of every
# reasons text in Python (most of the statement's cost); a JSON number is written as Python's
# repr of the float, so ``::float8`` reads back the very score.
_PG_UPSERT = text(
    """
    INSERT INTO matches (missing_case, found_case, score, dna_verdict, reasons, state, revision, updated_at)
    SELECT p->>0, p->>1, (p->>2)::float8, p->>3, p->>4, 'potential', 1, :now
    FROM json_array_elements(CAST(:pairs AS json)) AS p
    ON CONFLICT (missing_case, found_case) DO UPDATE
    SET score = excluded.score, dna_verdict = excluded.dna_verdict, reasons = excluded.reasons,
        revision = matches.revision + 1, updated_at = excluded.updated_at
    WHERE abs(matches.score - excluded.score) >= :same
       OR matches.dna_verdict IS DISTINCT FROM excluded.dna_verdict
    RETURNING missing_case, found_case, state, revision, closed_by
    """
)


def upsert_pairs(session: Session, rows: Sequence[PairRow], now: datetime) -> list[StoredPair]:
    """Insert new pairs and refresh changed ones; returns exactly the pairs inserted or changed.
    *rows* name each pair at most once."""
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        result = session.execute(
            _PG_UPSERT,
            {
                "now": now,
                "same": SAME_SCORE,
                "pairs": json.dumps(
                    [[r.missing_case, r.found_case, r.score, r.dna_verdict, r.reasons] for r in rows],
                    ensure_ascii=False,
                ),
            },
        )
        return [StoredPair(m, f, state, int(rev), closed) for m, f, state, rev, closed in result]
    out: list[StoredPair] = []
    table: Table = Match.__table__  # type: ignore[assignment]
    for r in rows:
        pair = sqlite_insert(table).values(
            missing_case=r.missing_case, found_case=r.found_case, score=r.score, dna_verdict=r.dna_verdict,
            reasons=r.reasons, state="potential", revision=1, updated_at=now,
        )  # fmt: skip
        excluded = pair.excluded
        statement = pair.on_conflict_do_update(
            index_elements=[table.c.missing_case, table.c.found_case],
            set_={
                "score": excluded.score,
                "dna_verdict": excluded.dna_verdict,
                "reasons": excluded.reasons,
                "revision": table.c.revision + 1,
                "updated_at": excluded.updated_at,
            },
            where=(func.abs(table.c.score - excluded.score) >= SAME_SCORE)
            | table.c.dna_verdict.is_distinct_from(excluded.dna_verdict),
        ).returning(
            table.c.missing_case, table.c.found_case, table.c.state, table.c.revision, table.c.closed_by
        )
        for m, f, state, rev, closed in session.execute(statement):
            out.append(StoredPair(m, f, state, int(rev), closed))
    return out
