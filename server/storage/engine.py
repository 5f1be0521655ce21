"""Engine and sessions, made on demand (never at import), and migrations run on start."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from server.settings import Settings, default_db_url, sqlite_path

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 0x58554E52  # "XUNR": one migrating process at a time on PostgreSQL


def make_engine(settings: Settings) -> Engine:
    """An engine for ``settings.db_url``. SQLite gets WAL, full fsync and write transactions that
    take the write lock at BEGIN, so concurrent writers queue instead of failing mid-way."""
    if settings.is_sqlite:
        path = sqlite_path(settings.db_url)
        if path is not None:
            _owner_only_file(path)
        engine = create_engine(settings.db_url, connect_args={"timeout": 60, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        settings.db_url,
        pool_size=settings.pool_size,
        max_overflow=settings.pool_size,
        pool_pre_ping=True,
    )


def _owner_only_file(path: Path) -> None:
    """Make the SQLite file owner-only before SQLite opens it (its WAL and shared-memory files
    take the database file's mode). Only the default folder is created here: an explicit
    address with a missing folder is refused by :meth:`Settings.from_env`."""
    if path.parent == Path(default_db_url().removeprefix("sqlite:///")).parent:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except FileNotFoundError:
        raise ValueError(f"the folder {path.parent} of the SQLite database does not exist") from None
    for name in (f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        side = path.with_name(name)
        if side.exists() and side.stat().st_mode & 0o077:
            os.chmod(side, 0o600)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe when several processes start at once."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
            conn.commit()
        try:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
        finally:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
                conn.commit()


def new_epoch() -> str:
    return str(uuid.uuid4())
