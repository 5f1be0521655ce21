"""The PostgreSQL scratch databases the server benches fill and drop.

Every bench that needs its own database asks for one here: a fresh database named after the
bench with a random tail, on the server that ``XUNREN_BENCH_DATABASE_URL`` (else
``XUNREN_TEST_DATABASE_URL``, else the local trust server) names, dropped with its connections
when the bench's block ends, whether it ended well or not.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from server.settings import normalize_db_url


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
