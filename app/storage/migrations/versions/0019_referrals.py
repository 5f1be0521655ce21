"""Referrals between stations (issue 14): the referrals this station sent and received (the
newest state the server delivered, or the station's own until then) and every answer step.

Revision ID: 0019_referrals
Revises: 0018_alerts
"""

from alembic import op

revision = "0019_referrals"
down_revision = "0018_alerts"
branch_labels = None
depends_on = None

STATEMENTS = [
    # One row per referral (its record id); direction 'out' (this station asked) or 'in'.
    # revision: of the server's delivery (0 until one arrived: a referral sent from here).
    """
CREATE TABLE referrals (
    id TEXT NOT NULL PRIMARY KEY,
    direction TEXT NOT NULL,
    case_no TEXT NOT NULL,
    from_station TEXT NOT NULL,
    from_name TEXT NOT NULL,
    to_station TEXT NOT NULL,
    to_name TEXT NOT NULL,
    request TEXT NOT NULL,
    note TEXT NOT NULL,
    asked_by TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    state TEXT NOT NULL,
    revision INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (direction IN ('out', 'in'))
)
""",
    "CREATE INDEX ix_referrals_direction ON referrals (direction, asked_at)",
    # Each step of the station asked (accepted, answered, declined); received_at is NULL while
    # the step is this station's own and the server has not delivered it back.
    """
CREATE TABLE referral_answers (
    id TEXT NOT NULL PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referrals (id),
    state TEXT NOT NULL,
    note TEXT NOT NULL,
    by_user TEXT NOT NULL,
    station TEXT NOT NULL,
    at TEXT NOT NULL,
    received_at TEXT
)
""",
    "CREATE INDEX ix_referral_answers_referral ON referral_answers (referral_id, at)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
