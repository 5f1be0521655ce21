"""Alembic environment: runs on the connection the server hands over (see engine.migrate)."""

from __future__ import annotations

from alembic import context

import server.storage.alert_tables  # issue 14: its tables join Base.metadata
import server.storage.public_tables  # its tables join Base.metadata
import server.storage.referral_tables  # noqa: F401  issue 14: its tables join Base.metadata
from server.storage import screening_tables  # noqa: F401  (issue 15: its table joins Base.metadata)
from server.storage.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` run by hand: use the URL from the config
    from sqlalchemy import create_engine

    connection = create_engine(context.config.get_main_option("sqlalchemy.url") or "").connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
