"""The offline national screening index (issue 15): the version each station asked for last on
the USB path, so the next answer bundle carries the delta since then.

Revision ID: 0018_screening
Revises: 0014_alerts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_screening"
down_revision = "0017_gallery_persons"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_requests",
        sa.Column("station_code", sa.String(length=9), nullable=False),
        sa.Column("since", sa.BigInteger(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("station_code"),
    )


def downgrade() -> None:
    op.drop_table("screening_requests")
