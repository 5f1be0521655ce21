"""Sync bookkeeping: the engine's durable state and an outbox index per record.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATEMENTS = [
    # Key/value state of the sync engine (server address, device credential, epoch, pull cursor,
    # last success, station keys). Inside the encrypted store: a credential never touches a plain file.
    """
CREATE TABLE sync_state (
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (key)
)
    """,
    # The next base revision of a record is the number of its earlier outbox entries, and the
    # repair pass looks records up by id: both need this index.
    """
CREATE INDEX ix_outbox_record ON outbox (record_id, id)
    """,
    # What the server delivered for the station (matches, referrals, alerts, server-side updates),
    # written in the transaction that advances the pull cursor; keyed by the server's sequence.
    """
CREATE TABLE pulled_items (
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (seq)
)
    """,
    # Photos already queued for the server (the photo service predates sync, so the engine
    # sweeps new photos into the outbox and remembers which it took).
    """
CREATE TABLE photo_sync (
    photo_id INTEGER NOT NULL,
    record_id TEXT NOT NULL,
    uploaded INTEGER DEFAULT 0 NOT NULL,
    PRIMARY KEY (photo_id)
)
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
