"""schemathesis against /openapi.json (in-process ASGI): no 5xx, and every answer matches the
schema it is documented with. Positive and negative (schema-violating) inputs, a bounded number
per operation. On PostgreSQL, the production backend, when the suite has it, else on SQLite: one
run of about a minute per suite (on both it was a twentieth of CI's 20-minute budget on a slow
machine, for answers the routes write the same way on either)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from conftest import fresh_db, make_app_world
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = 20


def _probe(operation: Any, mode: GenerationMode, credential: str) -> Callable[[], None]:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def probe(case: schemathesis.Case) -> None:
        headers = dict(case.headers or {})
        headers.setdefault("Authorization", f"Bearer {credential}")
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{operation.label}: {response.status_code} {response.text}"
        case.validate_response(response, checks=[response_schema_conformance])

    return probe  # type: ignore[no-any-return]


@pytest.fixture
def production_db(pg_url: str | None, sqlite_template: Path, tmp_path: Path) -> str:
    """PostgreSQL when the suite has it, else SQLite."""
    return fresh_db("postgresql" if pg_url else "sqlite", pg_url, sqlite_template, tmp_path)


def test_no_server_error_and_schema_conformance(production_db: str) -> None:
    world = make_app_world(production_db)
    credential = world.enroll("370786001")
    schema = schemathesis.openapi.from_asgi("/openapi.json", world.client.app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _probe(operation, mode, credential)()
            except Unsatisfiable:
                continue  # e.g. no schema-violating input exists for an operation without parameters
            except Exception as exc:  # collect every operation's failure, not just the first
                failures.append(f"{operation.label} ({mode.value}): {str(exc)[:800]}")
    world.client.app.state.engine.dispose()  # type: ignore[attr-defined]
    assert not failures, "\n".join(failures)
