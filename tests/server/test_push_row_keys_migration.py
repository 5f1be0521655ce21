"""Migration 0028_push_row_keys takes the foreign keys off the rows every push writes (records,
child alerts, their deliveries; issue 14's push throughput): what the register held is kept, the
server's own tables come out as its models say, and a downgrade puts the keys back. On SQLite
through the server's own engine (foreign keys enforced, as in service) and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from conftest import PG_ENV
from sqlalchemy import Connection, create_engine, inspect, text

from server.settings import Settings, normalize_db_url
from server.storage.engine import MIGRATIONS, make_engine

AT = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
NUMBER = "370786001-2026-000001"
KEYED = {
    "records": {"owner_station_id"},
    "child_alerts": {"owner_station_id"},
    "child_alert_deliveries": {"case_no", "station_id"},
}


def _config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def _keys(conn: Connection) -> dict[str, set[str]]:
    found = inspect(conn)
    return {
        table: {c for key in found.get_foreign_keys(table) for c in key["constrained_columns"]}
        for table in KEYED
    }


def _register(conn: Connection) -> list[tuple[object, ...]]:
    return [tuple(conn.execute(text(f"SELECT * FROM {table} ORDER BY 1")).one()) for table in sorted(KEYED)]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own (never the session's shared one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    admin_url = normalize_db_url(base)
    name = f"xunren_mig_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_push_rows_lose_their_keys_and_keep_what_they_hold(empty_db: str) -> None:
    engine = make_engine(Settings(db_url=normalize_db_url(empty_db)))
    try:
        with engine.connect() as conn:
            command.upgrade(_config(conn), "0027_job_screen")
            conn.commit()
            assert _keys(conn) == KEYED
            conn.execute(
                text(
                    "INSERT INTO stations (id, code, name, created_at) VALUES (1, '370786001', '寿光', :at)"
                ),
                {"at": AT},
            )
            conn.execute(
                text(
                    "INSERT INTO records (record_id, record_type, case_no, owner_station_id, revision, payload,"
                    " case_type, status, verification_hash, updated_at)"
                    " VALUES (:n, 'case', :n, 1, 1, '{}', 'missing', 'open', NULL, :at)"
                ),
                {"n": NUMBER, "at": AT},
            )
            conn.execute(
                text(
                    "INSERT INTO child_alerts (case_no, owner_station_id, state, place_code, registered_at,"
                    " radius_km, next_step_at, revision, payload, created_at, ended_at)"
                    " VALUES (:n, 1, 'active', '370783', :at, 100, :at, 1, '{}', :at, NULL)"
                ),
                {"n": NUMBER, "at": AT},
            )
            conn.execute(
                text(
                    "INSERT INTO child_alert_deliveries (case_no, station_id, distance_km, radius_km,"
                    " delivered_at, cancelled_at) VALUES (:n, 1, 20, 100, :at, NULL)"
                ),
                {"n": NUMBER, "at": AT},
            )
            conn.commit()
            held = _register(conn)
            command.upgrade(_config(conn), "head")
            conn.commit()
            assert _keys(conn) == dict.fromkeys(KEYED, set())
            assert _register(conn) == held
            command.downgrade(_config(conn), "0027_job_screen")
            conn.commit()
            assert _keys(conn) == KEYED
            assert _register(conn) == held
    finally:
        engine.dispose()
