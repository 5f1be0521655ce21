"""Every found child of a case in the gallery (issue 18): siblings found together are published as
entries of their own. ``gallery_entries`` gains the station's publication record id (unique) and
the child's position in the case's persons (NULL: the case's first found person); the case number
is no longer unique. Existing entries are the first found person of their case: their record id
is derived from the case number as the station derives it.

Revision ID: 0017_gallery_persons
Revises: 0014_alerts
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0017_gallery_persons"
down_revision = "0016_transfers"
branch_labels = None
depends_on = None

# app.sync.gallery_records.record_id of a case's first found person, frozen here as it was when
# this migration was written (a migration must not change when the code it once matched does).
_NS = uuid.UUID("6f0c1c52-3c1e-4d0e-9a55-0b7a8f1d2e18")


def _record_id(case_no: str) -> str:
    return f"{case_no}/g/{uuid.uuid5(_NS, case_no)}"


def _final_table(*, persons: bool = True) -> sa.Table:
    """gallery_entries as it stands after this migration (SQLite rebuilds the table from it), or
    with *persons* False as it stood before (one child per case)."""
    per_person = (
        [
            sa.Column("record_id", sa.String(length=120), nullable=True),
            sa.Column("person", sa.Integer(), nullable=True),
        ]
        if persons
        else [sa.UniqueConstraint("case_no")]
    )
    return sa.Table(
        "gallery_entries",
        sa.MetaData(),
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
        *per_person,
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
        sa.Index("ix_gallery_entries_state", "state", "province_code", "published_at", "id"),
        sa.Index("ix_gallery_entries_published", "state", "published_at", "id"),
    )


def upgrade() -> None:
    op.add_column("gallery_entries", sa.Column("record_id", sa.String(length=120), nullable=True))
    op.add_column("gallery_entries", sa.Column("person", sa.Integer(), nullable=True))
    bind = op.get_bind()
    entries = sa.table("gallery_entries", sa.column("id", sa.Integer()), sa.column("case_no", sa.String()),
                       sa.column("record_id", sa.String()))  # fmt: skip
    for ident, case_no in bind.execute(sa.select(entries.c.id, entries.c.case_no)).all():
        bind.execute(entries.update().where(entries.c.id == ident).values(record_id=_record_id(case_no)))
    if bind.dialect.name == "sqlite":
        # SQLite cannot drop the unnamed UNIQUE (case_no): the table is rebuilt from its new shape.
        with op.batch_alter_table("gallery_entries", copy_from=_final_table(), recreate="always") as batch:
            batch.alter_column("record_id", existing_type=sa.String(length=120), nullable=False)
            batch.create_unique_constraint("uq_gallery_entries_record_id", ["record_id"])
    else:
        op.alter_column("gallery_entries", "record_id", existing_type=sa.String(length=120), nullable=False)
        op.drop_constraint("gallery_entries_case_no_key", "gallery_entries", type_="unique")
        op.create_unique_constraint("uq_gallery_entries_record_id", "gallery_entries", ["record_id"])
    op.create_index("ix_gallery_entries_case_no", "gallery_entries", ["case_no"])


def downgrade() -> None:
    bind = op.get_bind()
    siblings = bind.execute(sa.text("SELECT count(*) FROM gallery_entries WHERE person IS NOT NULL")).scalar()
    if siblings:  # folding them away would drop published children without a decision
        raise RuntimeError(f"{siblings} gallery entries are further children of a case: withdraw them first")
    op.drop_index("ix_gallery_entries_case_no", table_name="gallery_entries")
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table(
            "gallery_entries", copy_from=_final_table(persons=False), recreate="always"
        ):
            pass  # the columns of this migration are not in the table it is rebuilt as
    else:
        op.drop_constraint("uq_gallery_entries_record_id", "gallery_entries", type_="unique")
        op.drop_column("gallery_entries", "person")
        op.drop_column("gallery_entries", "record_id")
        op.create_unique_constraint("gallery_entries_case_no_key", "gallery_entries", ["case_no"])
