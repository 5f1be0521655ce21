"""Station security (issue 12): witnessed audit heads, station events, numbering high-water marks,
pinned bundle keys in the schema.

* ``stations.witness_seq`` / ``witness_hash``: the last audit chain head the server accepted;
* ``station_events``: what the national operator must see (a refused audit head, a declared
  restore, a rotated or re-admitted credential, a re-enrolment that replaced a pinned key);
* ``station_numbers``: the highest case and sample number per year the server has seen from
  each station, so a restored station never numbers below them;
* ``station_bundle_keys``: made on first use by the USB path until now; created here when absent.

Revision ID: 0002_security
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_security"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stations") as batch_op:
        batch_op.add_column(sa.Column("witness_seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("witness_hash", sa.String(length=64), nullable=True))
    op.create_table(
        "station_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("alert", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_station_events_station", "station_events", ["station_id", "id"])
    op.create_table(
        "station_numbers",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("high", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"]),
        sa.PrimaryKeyConstraint("station_id", "series", "year"),
    )
    if not sa.inspect(op.get_bind()).has_table("station_bundle_keys"):
        op.create_table(
            "station_bundle_keys",
            sa.Column("station_code", sa.String(length=9), nullable=False),
            sa.Column("box_public", sa.String(length=64), nullable=False),
            sa.Column("sign_public", sa.String(length=64), nullable=False),
            sa.Column("pinned_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("station_code"),
        )


def downgrade() -> None:
    op.drop_table("station_numbers")
    op.drop_index("ix_station_events_station", table_name="station_events")
    op.drop_table("station_events")
    with op.batch_alter_table("stations") as batch_op:
        batch_op.drop_column("witness_hash")
        batch_op.drop_column("witness_seq")
