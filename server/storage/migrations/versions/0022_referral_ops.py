"""Referrals the operator and the owning station's edits can find by case (issue 14).

A push that edits a case refreshes the read-only summary every station asked about it holds;
finding those referrals by case number must not read the whole table.

Revision ID: 0022_referral_ops
Revises: 0019_national_split
"""

from __future__ import annotations

from alembic import op

revision = "0022_referral_ops"
down_revision = "0024_screening_rotation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_referrals_case", "referrals", ["case_no"])


def downgrade() -> None:
    op.drop_index("ix_referrals_case", table_name="referrals")
