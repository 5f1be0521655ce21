"""Bringing a station database to the current schema through the numbered Alembic chain.

The check is one cheap query; Alembic (about 0.1 s to import) is loaded only when an upgrade is
really due. Every released schema has a real database under tests/fixtures that a test upgrades.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

HEAD = "0021_transfer_end"
MIGRATIONS = Path(__file__).parent / "migrations"


def current_revision(conn: Connection) -> str | None:
    exists = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    ).first()
    if not exists:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def upgrade(conn: Connection) -> bool:
    """Upgrade to HEAD inside the caller's connection; True when anything ran."""
    if current_revision(conn) == HEAD:
        return False
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    command.upgrade(config, HEAD)
    return True
