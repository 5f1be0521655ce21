"""The server's migrations build exactly the schema its models describe (tables, columns,
indexes, partial index conditions aside from types), on PostgreSQL and on SQLite: a model change
without its migration (or the reverse) fails here instead of at an operator's upgrade."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from server.storage import alert_tables, public_tables, referral_tables, transfer_tables  # noqa: F401
from server.storage.tables import Base


def test_the_migrated_schema_is_the_models_schema(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
