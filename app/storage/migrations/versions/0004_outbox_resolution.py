"""A refused change resolved by a person: sent again as a new change, or withdrawn.

The refused entry is never deleted (SPEC.md sync contract): its state becomes ``resent`` or
``withdrawn`` and these columns say who decided, when, why, and which new change carries it.
Adding nullable columns rewrites nothing, so a long outbox upgrades at once.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STATEMENTS = [
    "ALTER TABLE outbox ADD COLUMN resolved_by TEXT",
    "ALTER TABLE outbox ADD COLUMN resolved_at TEXT",
    "ALTER TABLE outbox ADD COLUMN resolution_note TEXT",
    "ALTER TABLE outbox ADD COLUMN resent_as TEXT",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
