"""Missing-child alerts (issue 14): the alerts the server delivered to this station (the latest
revision of each, photo included, inside the encrypted store) and each officer's acknowledgement.

Revision ID: 0018_alerts
Revises: 0017_supervisor
"""

from alembic import op

revision = "0018_alerts"
down_revision = "0017_supervisor"
branch_labels = None
depends_on = None

STATEMENTS = [
    # One row per alerted case (another station's): the pulled payload of its newest revision.
    """
CREATE TABLE child_alerts (
    case_no TEXT NOT NULL PRIMARY KEY,
    seq INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    state TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    cancelled_at TEXT,
    CHECK (state IN ('active', 'cancelled'))
)
""",
    "CREATE INDEX ix_child_alerts_state ON child_alerts (state, seq)",
    # Who acknowledged which alert here, and when (sent to the server through the outbox).
    """
CREATE TABLE child_alert_acks (
    case_no TEXT NOT NULL,
    officer TEXT NOT NULL,
    acknowledged_at TEXT NOT NULL,
    PRIMARY KEY (case_no, officer)
)
""",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
