"""The offline national screening index (issue 15): the screening key's rotations, which every
index answer carries so stations can follow them from the key they pinned.

Revision ID: 0024_screening_rotation
Revises: 0019_national_split
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024_screening_rotation"
down_revision = "0019_national_split"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_rotations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("old_signer", sa.String(length=64), nullable=False),
        sa.Column("new_signer", sa.String(length=64), nullable=False),
        sa.Column("statement", sa.String(length=128), nullable=False),
        sa.Column("vouched", sa.String(length=128), nullable=False),
        sa.Column("rotated_at", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("new_signer"),
    )


def downgrade() -> None:
    op.drop_table("screening_rotations")
