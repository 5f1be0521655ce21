"""The public's tips follow a transferred case (issue 14): the tips a station was given about a
child are found by tip when the case goes to another station. Partial: only tip items are
indexed, so a station's push (the journal's hottest insert) pays nothing for it.

Revision ID: 0032_journal_tips
Revises: 0031_transfer_copies
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0032_journal_tips"
down_revision = "0031_transfer_copies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_journal_tips",
        "journal",
        ["record_id"],
        postgresql_where=sa.text("kind = 'tip'"),
        sqlite_where=sa.text("kind = 'tip'"),
    )


def downgrade() -> None:
    op.drop_index("ix_journal_tips", table_name="journal")
