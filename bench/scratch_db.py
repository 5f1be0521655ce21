"""The PostgreSQL scratch databases the server benches fill and drop.

Every bench that needs its own database asks for one here: a fresh database named after the
bench with a random tail, on the server that ``XUNREN_BENCH_DATABASE_URL`` (else
``XUNREN_TEST_DATABASE_URL``, else the local trust server) names, dropped with its connections
when the bench's block ends, whether it ended well or not.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from app.core import regions
from server.services.meta import in_transaction
from server.settings import Settings, normalize_db_url
from server.storage.engine import make_engine, migrate, session_factory
from server.storage.tables import Station


def admin_url() -> str:
    """The address (plain ``postgresql://``, as psycopg takes it) of the server's admin database."""
    url = os.environ.get("XUNREN_BENCH_DATABASE_URL") or os.environ.get("XUNREN_TEST_DATABASE_URL")
    return normalize_db_url(url or "postgresql://root@127.0.0.1:5432/test").replace(
        "postgresql+psycopg://", "postgresql://"
    )


@contextmanager
def scratch_database(admin: str, prefix: str) -> Iterator[str]:
    """The address of a fresh database named *prefix* and a random tail on *admin*'s server,
    dropped (connections and all) when the block ends."""
    name = f"{prefix}_{secrets.token_hex(3)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def migrated_sessions(prefix: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a fresh, migrated scratch database named after *prefix* (see
    :func:`scratch_database`); the engine is disposed and the database dropped when the block ends."""
    with scratch_database(admin_url(), prefix) as db:
        engine = make_engine(Settings(db_url=normalize_db_url(db)))
        try:
            migrate(engine)
            yield session_factory(engine)
        finally:
            engine.dispose()


def station_in_every_county(sessions: sessionmaker[Session], at: dt.datetime) -> dict[str, int]:
    """One station per county of the shipped GB/T 2260 table (its code the county's and ``001``),
    registered at *at*: the country the alert and referral benches push into. Their ids by code."""
    codes = [c + "001" for c in regions.county_codes()]
    with sessions() as s:
        in_transaction(s, lambda x: x.execute(insert(Station), [
            {"code": c, "name": f"{c} 派出所", "created_at": at} for c in codes]))  # fmt: skip
        return {code: sid for code, sid in s.execute(select(Station.code, Station.id))}
