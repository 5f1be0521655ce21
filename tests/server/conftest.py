"""Fixtures for the server tests: every backend test runs on SQLite and, when
XUNREN_TEST_DATABASE_URL is set, on a fresh PostgreSQL database made for this session."""

from __future__ import annotations

import os
import secrets
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from app.sync import protocol
from server.api.app import create_app
from server.services import credentials
from server.services.meta import in_transaction
from server.settings import Settings, normalize_db_url
from server.storage.engine import MIGRATIONS, make_engine, migrate, session_factory
from tests.conftest import station_case_payload

PG_ENV = "XUNREN_TEST_DATABASE_URL"
_TABLES = (
    "attachment_chunks, attachments, audit_witness, jobs, matches, refusals, journal, records, "
    "device_credentials, operators, verify_windows, station_events, station_numbers, station_bundle_keys, "
    "stations, gallery_photos, gallery_decisions, tips, console_sessions, gallery_entries, worker_positions, "
    "child_alert_acks, child_alert_deliveries, child_alerts"
)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str | None]:
    """A fresh PostgreSQL database for this session (dropped afterwards), or None."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield None
        return
    admin_url = normalize_db_url(base)
    name = f"xunren_test_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    engine = make_engine(Settings(db_url=url))
    migrate(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "server.sqlite3"
    engine = make_engine(Settings(db_url=f"sqlite:///{path}"))
    migrate(engine)
    engine.dispose()
    return path


def fresh_db(kind: str, pg: str | None, template: Path, tmp_path: Path) -> str:
    if kind == "sqlite":
        target = tmp_path / "server.sqlite3"
        shutil.copy(template, target)
        return f"sqlite:///{target}"
    if pg is None:
        pytest.skip(f"{PG_ENV} is not set")
    engine = create_engine(pg)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {_TABLES} RESTART IDENTITY CASCADE"))
        # A new database as far as the process can tell: a national index this process holds for
        # the URL (server.services.matching.index_for) belongs to the previous test's register.
        conn.execute(text("UPDATE server_meta SET epoch = :e"), {"e": str(uuid.uuid4())})
    engine.dispose()
    return pg


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, pg_url: str | None, sqlite_template: Path, tmp_path: Path) -> str:
    return fresh_db(request.param, pg_url, sqlite_template, tmp_path)


@dataclass
class World:
    """A server app on a fresh database plus helpers to enrol stations and build changes."""

    settings: Settings
    client: TestClient
    sessions: sessionmaker[Session]

    def run(self, work: Any) -> Any:
        with self.sessions() as session:
            return in_transaction(session, work)

    def station_token(self, code: str, name: str = "测试派出所") -> str:
        token: str = self.run(lambda s: credentials.add_station(s, code, name, 7))
        return token

    def enroll(self, code: str) -> str:
        answer = self.client.post("/enroll", json={"token": self.station_token(code)})
        assert answer.status_code == 200, answer.text
        credential: str = answer.json()["credential"]
        return credential

    def operator(self, name: str = "national") -> str:
        token: str = self.run(lambda s: credentials.add_operator(s, name))
        return token

    def revoke(self, code: str) -> None:
        self.run(lambda s: credentials.revoke_station(s, code))

    def push(self, credential: str, changes: list[dict[str, Any]], **extra: Any) -> Any:
        return self.client.post("/sync/push", json={"changes": changes, **extra}, headers=auth(credential))


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def mid_minute() -> float:
    """A fixed time half way through a minute, for the receipt checks' limiter: a test's checks
    all fall in one minute however slow the machine (``Settings.minute_clock``)."""
    return 1_800_000_030.0


def make_app_world(url: str, **overrides: Any) -> World:
    settings = replace(Settings(db_url=url, verify_per_minute=10_000), **overrides)
    app = create_app(settings)
    return World(settings, TestClient(app), session_factory(app.state.engine))


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    w = make_app_world(db_url)
    yield w
    w.client.close()
    w.client.app.state.engine.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def pg_world(pg_url: str | None, sqlite_template: Path, tmp_path: Path) -> Iterator[World]:
    """A server on PostgreSQL only (a test of its planner's plans: SQLite keeps no statistics of
    its own to go stale); skipped where no PostgreSQL is given, as every PostgreSQL test is."""
    w = make_app_world(fresh_db("postgresql", pg_url, sqlite_template, tmp_path))
    yield w
    w.client.close()
    w.client.app.state.engine.dispose()  # type: ignore[attr-defined]


def case_no(station: str, n: int, year: int = 2026) -> str:
    return f"{station}-{year}-{n:06d}"


def case_payload(case_type: str = "missing", **kwargs: Any) -> dict[str, Any]:
    """A case record as a station of this release pushes it (tests.conftest.station_case_payload)."""
    return station_case_payload(case_type, **kwargs)


def change(
    record_id: str, base: int = 0, payload: dict[str, Any] | None = None, record_type: str | None = None
) -> dict[str, Any]:
    rtype = record_type or ("case" if "/" not in record_id else _type_of(record_id))
    body = payload if payload is not None else (case_payload() if rtype == "case" else {})
    return {
        "change_id": str(uuid.uuid4()),
        "record_type": rtype,
        "record_id": record_id,
        "base_revision": base,
        "payload": body,
        "created_at": datetime.now(UTC).isoformat(),
    }


def _type_of(record_id: str) -> str:
    letter = record_id.split("/")[1]
    return next(t for t, k in protocol.CHILD_KINDS.items() if k == letter)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own (never the session's shared one), for a migration test to
    take through the server's versions one by one (:func:`migration_config`)."""
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


def migration_config(conn: Connection) -> Config:
    """Alembic's configuration for the server's migrations on *conn*."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config
