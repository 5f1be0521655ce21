"""A read through the driver's own cursor (bulk.PlainQuery) fails as any statement of the session
does: as SQLAlchemy's error, so that a transaction that lost a race on PostgreSQL is run again."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from server.services.meta import in_transaction
from server.settings import Settings
from server.storage.bulk import PlainQuery
from server.storage.engine import make_engine, session_factory


@pytest.fixture
def pg_sessions(pg_url: str | None) -> Iterator[sessionmaker[Session]]:
    if pg_url is None:
        pytest.skip("XUNREN_TEST_DATABASE_URL is not set")
    engine = make_engine(Settings(db_url=pg_url))
    yield session_factory(engine)
    engine.dispose()


def test_a_plain_read_that_loses_a_deadlock_is_run_again(pg_sessions: sessionmaker[Session]) -> None:
    # The first call reports a deadlock (40P01), as the push's station lock or its records
    # FOR UPDATE may; a sequence counts the calls outside the transactions that roll back.
    name = f"xr_deadlock_{secrets.token_hex(4)}"
    with pg_sessions() as session, session.begin():
        session.execute(text(f"CREATE SEQUENCE {name}_calls"))
        session.execute(
            text(
                f"CREATE FUNCTION {name}() RETURNS int LANGUAGE plpgsql AS $$ BEGIN"
                f" IF nextval('{name}_calls') = 1 THEN RAISE EXCEPTION 'lost' USING ERRCODE = '40P01';"
                " END IF; RETURN 7; END $$"
            )
        )
    try:
        with pg_sessions() as session:
            query = PlainQuery(session, text(f"SELECT {name}()"))
            assert in_transaction(session, query.rows) == [(7,)]
    finally:
        with pg_sessions() as session, session.begin():
            session.execute(text(f"DROP FUNCTION {name}(); DROP SEQUENCE {name}_calls"))


def test_a_plain_read_that_fails_names_its_statement(pg_sessions: sessionmaker[Session]) -> None:
    with pg_sessions() as session:
        query = PlainQuery(session, text("SELECT 1 / 0"))
        with pytest.raises(DBAPIError) as failed:
            in_transaction(session, query.rows)
        assert getattr(failed.value.orig, "sqlstate", None) == "22012"
        assert "SELECT 1 / 0" in str(failed.value.statement)
