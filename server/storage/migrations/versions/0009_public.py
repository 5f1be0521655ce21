"""The public side (issue 18): the gallery of found children, its photos and decisions, tips from
the public, the operator console's sessions.

Revision ID: 0009_public
Revises: 0002_security
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_public"
down_revision = "0002_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gallery_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("case_no", sa.String(length=22), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("age_min", sa.Integer(), nullable=True),
        sa.Column("age_max", sa.Integer(), nullable=True),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("county_code", sa.String(length=6), nullable=False),
        sa.Column("province_code", sa.String(length=6), nullable=False),
        sa.Column("station_phone", sa.String(length=30), nullable=False),
        sa.Column("photo_sha256", sa.String(length=64), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
        sa.UniqueConstraint("case_no"),
    )
    op.create_index(
        "ix_gallery_entries_state", "gallery_entries", ["state", "province_code", "published_at", "id"]
    )
    op.create_index("ix_gallery_entries_published", "gallery_entries", ["state", "published_at", "id"])
    op.create_table(
        "gallery_photos",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("source_sha256", sa.String(length=64), nullable=False),
        sa.Column("jpeg", sa.LargeBinary(), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["gallery_entries.id"]),
        sa.PrimaryKeyConstraint("entry_id"),
    )
    op.create_table(
        "gallery_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("actor", sa.String(length=140), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["gallery_entries.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_gallery_decisions_entry", "gallery_decisions", ["entry_id", "id"])
    op.create_table(
        "tips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["gallery_entries.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("record_id"),
    )
    op.create_index("ix_tips_entry", "tips", ["entry_id", "received_at"])
    op.create_table(
        "console_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["operator_id"], ["operators.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_audit_witness_station_id", "audit_witness", ["station_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_witness_station_id", table_name="audit_witness")
    op.drop_table("console_sessions")
    op.drop_index("ix_tips_entry", table_name="tips")
    op.drop_table("tips")
    op.drop_index("ix_gallery_decisions_entry", table_name="gallery_decisions")
    op.drop_table("gallery_decisions")
    op.drop_table("gallery_photos")
    op.drop_index("ix_gallery_entries_published", table_name="gallery_entries")
    op.drop_index("ix_gallery_entries_state", table_name="gallery_entries")
    op.drop_table("gallery_entries")
