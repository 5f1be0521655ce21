"""National scale (issue 15): the case summaries a station was already given, found by case.

A matching job asks, for each candidate's counterpart case, which summary revision each station
already holds; without this index that read every delivery the station ever pulled.

Revision ID: 0019_national_split
Revises: 0014_alerts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_national_split"
down_revision = "0018_screening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_journal_summaries",
        "journal",
        ["record_id", "audience_station_id"],
        postgresql_where=sa.text("kind = 'summary'"),
        sqlite_where=sa.text("kind = 'summary'"),
    )


def downgrade() -> None:
    op.drop_index("ix_journal_summaries", table_name="journal")
