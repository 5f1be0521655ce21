"""National scale (issue 14): a national pair's last delivery, found by pair.

A station's decision on a pair, and a reunion closing or reopening the other candidates of its
cases, read the payload the matcher last delivered of each pair. Without this index that read
walked the journal (every change of every station) backwards until it met the pair. Partial:
only match deliveries are indexed, so a station's push (the journal's hottest insert) pays
nothing for it.

Revision ID: 0029_journal_deliveries
Revises: 0028_match_closed_by
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0029_journal_deliveries"
down_revision = "0028_match_closed_by"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_journal_deliveries",
        "journal",
        ["record_id", "seq"],
        postgresql_where=sa.text("kind = 'match'"),
        sqlite_where=sa.text("kind = 'match'"),
    )


def downgrade() -> None:
    op.drop_index("ix_journal_deliveries", table_name="journal")
