"""The application factory: ``create_app(settings)``. Nothing is connected at import time."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from fastapi import FastAPI

from server.api import delivery_schemas, errors, record_schemas
from server.api.routes import attachments, console, gallery, national, pages, public, sync
from server.settings import Settings
from server.storage.engine import make_engine, migrate, session_factory


def create_app(settings: Settings, migrate_schema: bool = True) -> FastAPI:
    """A FastAPI app on ``settings.db_url``; migrates the schema first unless told not to."""
    engine = make_engine(settings)
    if migrate_schema:
        migrate(engine)
    app = FastAPI(
        title="Xunren national server",
        version="1",
        description="Station enrolment, sync (push / pull / state), attachments, the public receipt check "
        "and national read access. Errors are JSON {reason, detail} with a 4xx status.",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    errors.install(app)
    for module in (sync, attachments, public, national, pages, gallery, console):
        app.include_router(module.router)
    _document_record_kinds(app)
    return app


def _document_record_kinds(app: FastAPI) -> None:
    """``/openapi.json`` also holds each record kind's payload model, which the push body's and
    the pulled item's ``payload`` refer to (they are validated as objects: see schemas.py)."""
    made = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = made()
            models = [*record_schemas.PUSHED.values(), *delivery_schemas.PULLED.values()]
            doc.setdefault("components", {}).setdefault("schemas", {}).update(
                record_schemas.components(models)
            )
        return app.openapi_schema or made()

    app.openapi = openapi  # type: ignore[method-assign]


SUPERVISOR_ENV = "XUNREN_SERVER_SUPERVISOR"


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` with several worker processes: settings from the env."""
    _leave_with_supervisor()
    return create_app(Settings.from_env())


def _leave_with_supervisor(poll_seconds: float = 0.5) -> None:
    """A worker of ``serve --workers N`` exits when its supervising process is gone.

    uvicorn stops its workers on SIGTERM or SIGINT, but a supervisor killed outright (kill -9, the
    OOM killer) would leave them serving the port, outside the operator's control and invisible to
    a service manager. A worker whose parent changed exits at once; any request it was serving
    is cut before its commit, and the database rolls it back (all or nothing).
    """
    # The supervisor's pid comes from the environment it set before starting the workers: a worker
    # still starting when the supervisor died would otherwise take its new parent for it.
    parent = int(os.environ.get(SUPERVISOR_ENV) or os.getppid())

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(0)

    threading.Thread(target=watch, name="supervisor-watch", daemon=True).start()
