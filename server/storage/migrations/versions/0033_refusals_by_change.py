"""A push asks whether its changes were refused before by their change ids alone (issue 14): the
refusals gain an index by change id, as the journal's unique key already leads with it. Read by
the pushing station's own refusals instead, a station whose refusals the planner's statistics do
not know of yet (a backlog refused after a restore) was read whole at every batch.

Revision ID: 0033_refusals_by_change
Revises: 0032_journal_tips
"""

from __future__ import annotations

from alembic import op

revision = "0033_refusals_by_change"
down_revision = "0032_journal_tips"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_refusals_change", "refusals", ["change_id"])


def downgrade() -> None:
    op.drop_index("ix_refusals_change", table_name="refusals")
