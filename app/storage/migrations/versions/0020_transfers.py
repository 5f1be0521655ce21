"""Case transfers between stations (issue 14): each transfer this station sent or received, and
the revisions of the records of a case it took over (the server's, so its next change of each
is based on them and the sync's counts and digest agree), and the photos of such a case whose
bytes are fetched from the server after the sync.

Revision ID: 0020_transfers
Revises: 0018_alerts
"""

from alembic import op

revision = "0020_transfers"
down_revision = "0019_referrals"
branch_labels = None
depends_on = None

STATEMENTS = [
    """
CREATE TABLE case_transfers (
    id TEXT NOT NULL PRIMARY KEY,
    case_no TEXT NOT NULL,
    direction TEXT NOT NULL,
    state TEXT NOT NULL,
    from_station TEXT NOT NULL,
    from_name TEXT NOT NULL DEFAULT '',
    to_station TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    case_type TEXT NOT NULL DEFAULT '',
    names TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    approved_by TEXT,
    approved_at TEXT,
    accepted_by TEXT,
    accepted_at TEXT,
    completed_at TEXT,
    audited_state TEXT NOT NULL DEFAULT '',
    CHECK (direction IN ('out', 'in')),
    CHECK (state IN ('awaiting_sender', 'awaiting_receiver', 'accepted', 'completed'))
)
""",
    "CREATE INDEX ix_case_transfers_case ON case_transfers (case_no, state)",
    """
CREATE TABLE received_photos (
    record_id TEXT NOT NULL PRIMARY KEY,
    case_no TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    size INTEGER NOT NULL,
    person INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    fetched INTEGER NOT NULL DEFAULT 0
)
""",
    """
CREATE TABLE received_records (
    record_id TEXT NOT NULL PRIMARY KEY,
    record_type TEXT NOT NULL,
    revision INTEGER NOT NULL
)
""",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
