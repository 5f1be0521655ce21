"""The in-memory screen's share of each matching job (issue 15): milliseconds of the job spent
ranking its touched persons against the worker's national index, beside the job's whole time.

Revision ID: 0027_job_screen
Revises: 0022_referral_ops
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027_job_screen"
down_revision = "0022_referral_ops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("screen_ms", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("screen_ms")
