"""The rows every push writes carry no foreign keys (issue 14's push throughput), as ``journal``
never did: ``records.owner_station_id``, ``child_alerts.owner_station_id``, and
``child_alert_deliveries.case_no`` and ``station_id``. Each key cost PostgreSQL a lookup per
row inserted, eight for a new missing child's case on four stations (its record, its alert and
three deliveries): a third of PostgreSQL's CPU per pushed child in ``bench/bench_server.py``.
Every id written there comes from an authenticated credential, a row of ``stations`` or the alert
written in the same transaction, never from a request body; the indexes stay.

Revision ID: 0028_push_row_keys
Revises: 0027_job_screen
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028_push_row_keys"
down_revision = "0027_job_screen"
branch_labels = None
depends_on = None

# (table, column, referred table, referred column); the deliveries first: on SQLite a table is
# rebuilt, and child_alerts can be rebuilt only once no key refers to it.
KEYS = (
    ("child_alert_deliveries", "case_no", "child_alerts", "case_no"),
    ("child_alert_deliveries", "station_id", "stations", "id"),
    ("child_alerts", "owner_station_id", "stations", "id"),
    ("records", "owner_station_id", "stations", "id"),
)
# SQLite keeps its keys unnamed: a batch rebuild names them so that they can be dropped.
_NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def upgrade() -> None:
    bind = op.get_bind()
    tables = list(dict.fromkeys(table for table, *_rest in KEYS))
    if bind.dialect.name != "sqlite":
        inspector = sa.inspect(bind)
        for table in tables:
            columns = {column for t, column, *_rest in KEYS if t == table}
            for key in inspector.get_foreign_keys(table):
                if (
                    key["name"]
                    and len(key["constrained_columns"]) == 1
                    and key["constrained_columns"][0] in columns
                ):
                    op.drop_constraint(key["name"], table, type_="foreignkey")
        return
    for table in tables:
        with op.batch_alter_table(table, naming_convention=_NAMING, recreate="always") as batch:
            for t, column, referred, _to in KEYS:
                if t == table:
                    batch.drop_constraint(f"fk_{table}_{column}_{referred}", type_="foreignkey")


def downgrade() -> None:
    bind = op.get_bind()
    for table, column, referred, to in reversed(KEYS):
        name = f"{table}_{column}_fkey"
        if bind.dialect.name == "sqlite":
            with op.batch_alter_table(table, recreate="always") as batch:
                batch.create_foreign_key(name, referred, [column], [to])
        else:
            op.create_foreign_key(name, table, referred, [column], [to])
