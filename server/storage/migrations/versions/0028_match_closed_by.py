"""The reunion that closed a national candidate (issue 14): when one station's reunion closes the
other open candidates of both cases, each closed pair names the reunited pair; when that reunion
no longer holds (the other station disputes it), exactly those pairs open again, whatever the
matcher delivered of them meanwhile.

Revision ID: 0028_match_closed_by
Revises: 0027_job_screen
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028_match_closed_by"
down_revision = "0027_job_screen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("matches") as batch:
        batch.add_column(sa.Column("closed_by", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("matches") as batch:
        batch.drop_column("closed_by")
