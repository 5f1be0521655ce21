"""schemathesis against /openapi.json (in-process ASGI): no 5xx, answers match the schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from conftest import make_app_world
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from server.storage.engine import make_engine, migrate
from server.settings import Settings


def _app() -> object:
    path = Path("/tmp") / f"xunren-fuzz-{id(object())}.sqlite3"
    engine = make_engine(Settings(db_url=f"sqlite:///{path}"))
    migrate(engine)
    engine.dispose()
    world = make_app_world(f"sqlite:///{path}")
    credential = world.enroll("370786001")
    world.client.app.state.fuzz_credential = credential  # type: ignore[attr-defined]
    return world.client.app


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)  # type: ignore[arg-type]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_and_schema_conformance(case: schemathesis.Case) -> None:
    credential = APP.state.fuzz_credential  # type: ignore[attr-defined]
    headers = dict(case.headers or {})
    headers.setdefault("Authorization", f"Bearer {credential}")
    response = case.call(headers=headers)
    assert response.status_code < 500, response.text
    case.validate_response(response, checks=[response_schema_conformance])
