"""Matching: candidate pairs with their review state, and the cases waiting to be re-matched.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

STATEMENTS = [
    # One row per (missing person, found person) pair the matcher proposed, locally or from the
    # national server. The review state survives recomputation: ``decided_fingerprint`` is the
    # evidence a person decided on; a rejected pair comes back only when the evidence changes.
    """
CREATE TABLE match_candidates (
    id INTEGER NOT NULL,
    missing_case TEXT NOT NULL,
    found_case TEXT NOT NULL,
    missing_key TEXT NOT NULL,
    found_key TEXT NOT NULL,
    score REAL NOT NULL,
    reasons TEXT NOT NULL,
    dna TEXT,
    dna_verdict TEXT,
    origin TEXT DEFAULT 'station' NOT NULL,
    state TEXT DEFAULT 'potential' NOT NULL,
    reject_reason TEXT,
    fingerprint TEXT NOT NULL,
    decided_fingerprint TEXT,
    decided_by TEXT,
    decided_at TEXT,
    dna_recheck TEXT,
    recheck_by TEXT,
    recheck_at TEXT,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT match_pair UNIQUE (missing_key, found_key),
    CONSTRAINT match_state CHECK (state IN ('potential', 'confirmed', 'rejected', 'reunited')),
    CONSTRAINT match_recheck CHECK (dna_recheck IS NULL OR dna_recheck IN ('pending', 'done'))
)
    """,
    "CREATE INDEX ix_match_missing ON match_candidates (missing_case)",
    "CREATE INDEX ix_match_found ON match_candidates (found_case)",
    "CREATE INDEX ix_match_state ON match_candidates (state, score)",
    # Cases whose candidates must be recomputed (a new case, an edited field, a new profile);
    # written in the transaction of the change, drained in the background.
    """
CREATE TABLE match_stale (
    case_no TEXT NOT NULL,
    marked_at TEXT NOT NULL,
    PRIMARY KEY (case_no)
)
    """,
    # The inputs each case was last matched on (a digest of its document and profiles): a case
    # whose digest differs, or that has none, is recomputed in the background.
    """
CREATE TABLE match_inputs (
    case_no TEXT NOT NULL,
    digest TEXT NOT NULL,
    matched_at TEXT NOT NULL,
    PRIMARY KEY (case_no)
)
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
