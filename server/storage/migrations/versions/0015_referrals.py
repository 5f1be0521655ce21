"""Referrals between stations (issue 14): one row per referral, its state and what both stations pull.

Revision ID: 0015_referrals
Revises: 0014_alerts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_referrals"
down_revision = "0014_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referrals",
        sa.Column("referral_id", sa.String(length=80), nullable=False),
        sa.Column("case_no", sa.String(length=22), nullable=False),
        sa.Column("from_station_id", sa.Integer(), nullable=False),
        sa.Column("to_station_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["from_station_id"], ["stations.id"]),
        sa.ForeignKeyConstraint(["to_station_id"], ["stations.id"]),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    op.create_index("ix_referrals_to", "referrals", ["to_station_id", "created_at"])
    op.create_index("ix_referrals_from", "referrals", ["from_station_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_referrals_from", table_name="referrals")
    op.drop_index("ix_referrals_to", table_name="referrals")
    op.drop_table("referrals")
