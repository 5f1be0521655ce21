"""The public side (issue 18): a found case's gallery publication as the station asked for it,
and the tips from the public the server delivered, with their follow-up.

Revision ID: 0012_public
Revises: 0006_case_life
"""

from alembic import op

revision = "0012_public"
down_revision = "0006_case_life"
branch_labels = None
depends_on = None

STATEMENTS = [
    # One row per found case whose publication a supervisor asked for: the state the station
    # last sent (requested | withdrawn), the reference families quote, who and why.
    """
CREATE TABLE gallery_publications (
    case_no TEXT NOT NULL PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    withdrawn_by TEXT,
    withdrawn_at TEXT,
    withdraw_reason TEXT,
    CHECK (state IN ('requested', 'withdrawn'))
)
""",
    # Tips delivered by the server (pull kind "tip"), kept until followed up and afterwards.
    """
CREATE TABLE public_tips (
    record_id TEXT NOT NULL PRIMARY KEY,
    seq INTEGER NOT NULL,
    case_no TEXT NOT NULL,
    reference TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    message TEXT NOT NULL,
    lang TEXT NOT NULL,
    received_at TEXT NOT NULL,
    followed_by TEXT,
    followed_at TEXT,
    follow_note TEXT
)
""",
    "CREATE INDEX ix_public_tips_open ON public_tips (followed_at, seq)",
    "CREATE INDEX ix_public_tips_case ON public_tips (case_no)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
