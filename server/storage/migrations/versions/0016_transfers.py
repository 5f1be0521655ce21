"""Case transfers between stations (issue 14): each transfer, its approvals and completion.
The owner the push checks stays ``records.owner_station_id``, which a completed transfer moves.

Revision ID: 0016_transfers
Revises: 0014_alerts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_transfers"
down_revision = "0015_referrals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_transfers",
        sa.Column("transfer_id", sa.String(length=80), nullable=False),
        sa.Column("case_no", sa.String(length=22), nullable=False),
        sa.Column("from_station_id", sa.Integer(), nullable=False),
        sa.Column("to_station_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_by", sa.String(length=64), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["from_station_id"], ["stations.id"]),
        sa.ForeignKeyConstraint(["to_station_id"], ["stations.id"]),
        sa.PrimaryKeyConstraint("transfer_id"),
    )
    op.create_index("ix_case_transfers_case", "case_transfers", ["case_no"])
    op.create_index("ix_case_transfers_to", "case_transfers", ["to_station_id", "state"])


def downgrade() -> None:
    op.drop_index("ix_case_transfers_to", table_name="case_transfers")
    op.drop_index("ix_case_transfers_case", table_name="case_transfers")
    op.drop_table("case_transfers")
