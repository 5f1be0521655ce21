"""The national index (issue 15): what each job did, and each matching worker's position.

Revision ID: 0011_national_index
Revises: 0009_public
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_national_index"
down_revision = "0009_public"
branch_labels = None
depends_on = None

def _job_columns() -> list[sa.Column[object]]:
    return [
    sa.Column("worker", sa.String(length=120), nullable=True),
    sa.Column("touched", sa.Integer(), nullable=True),
    sa.Column("candidates", sa.Integer(), nullable=True),
    sa.Column("refused", sa.Integer(), nullable=True),
    sa.Column("took_ms", sa.Integer(), nullable=True),
    sa.Column("rows_read", sa.BigInteger(), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        for column in _job_columns():
            batch.add_column(column)
    op.create_table(
        "worker_positions",
        sa.Column("worker", sa.String(length=120), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("worker"),
    )


def downgrade() -> None:
    op.drop_table("worker_positions")
    with op.batch_alter_table("jobs") as batch:
        for column in reversed(_job_columns()):
            batch.drop_column(column.name)
