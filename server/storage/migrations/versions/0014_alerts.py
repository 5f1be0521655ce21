"""Missing-child alerts over a widening radius (issue 14): the alert per case, its delivery to
each station, and each officer's acknowledgement.

Revision ID: 0014_alerts
Revises: 0011_national_index
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_alerts"
down_revision = "0011_national_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "child_alerts",
        sa.Column("case_no", sa.String(length=22), nullable=False),
        sa.Column("owner_station_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("place_code", sa.String(length=6), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("radius_km", sa.Integer(), nullable=False),
        sa.Column("next_step_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["owner_station_id"], ["stations.id"]),
        sa.PrimaryKeyConstraint("case_no"),
    )
    op.create_index(
        "ix_child_alerts_due",
        "child_alerts",
        ["next_step_at"],
        postgresql_where=sa.text("state = 'active'"),
        sqlite_where=sa.text("state = 'active'"),
    )
    op.create_table(
        "child_alert_deliveries",
        sa.Column("case_no", sa.String(length=22), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("distance_km", sa.Integer(), nullable=False),
        sa.Column("radius_km", sa.Integer(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_no"], ["child_alerts.case_no"]),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"]),
        sa.PrimaryKeyConstraint("case_no", "station_id"),
    )
    op.create_index(
        "ix_child_alert_deliveries_station", "child_alert_deliveries", ["station_id", "case_no"]
    )
    op.create_table(
        "child_alert_acks",
        sa.Column("case_no", sa.String(length=22), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("officer", sa.String(length=64), nullable=False),
        sa.Column("acknowledged_at", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"]),
        sa.PrimaryKeyConstraint("case_no", "station_id", "officer"),
    )


def downgrade() -> None:
    op.drop_table("child_alert_acks")
    op.drop_index("ix_child_alert_deliveries_station", table_name="child_alert_deliveries")
    op.drop_table("child_alert_deliveries")
    op.drop_index("ix_child_alerts_due", table_name="child_alerts")
    op.drop_table("child_alerts")
