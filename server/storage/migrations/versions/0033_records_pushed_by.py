"""Which station's push wrote a record last (issue 14): the owner then, kept when a transfer
moves the owner. What the server shows of a transferred case's holder (its phone in a summary
or the gallery) no longer compares the record's time with the transfer's, two clocks that may
differ between server processes on different hosts. Nullable and not filled: a record last
written before this version is judged by those times, as before, until its next push.

Revision ID: 0033_records_pushed_by
Revises: 0032_journal_tips
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0033_records_pushed_by"
down_revision = "0032_journal_tips"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a nullable column without a default: no rewrite of the register on PostgreSQL
    op.add_column("records", sa.Column("pushed_by_station_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("pushed_by_station_id")
