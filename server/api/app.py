"""The application factory: ``create_app(settings)``. Nothing is connected at import time."""

from __future__ import annotations

import gc
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
    app = create_app(Settings.from_env())
    settle_collector()
    return app


# A push of 500 cases makes some 100,000 short-lived containers (the decoded payloads, their
# readings, the rows): with the default first-generation threshold (700) the collector ran a
# hundred times per push and every tenth full collection walked the whole application as well.
# At 10,000 (containers made less those freed) it still ran about once a push, each time walking
# the payloads the pushes in flight hold (they live until their answer): some 5 ms a collection,
# 10 us a change (timed by gc callbacks in a serve process). At 100,000 it ran once in 30,000
# changes, and the server's CPU per change came out lower by more than the collections' own time
# (issue 14, server/README.md). Only garbage in cycles waits longer for its collection (acyclic
# garbage is freed at once): the RSS growth the bench reports over 40,000 changes came out some
# 6 MB higher (20 MB against 14, six runs each).
_YOUNG_THRESHOLD = 100_000


def settle_collector() -> None:
    """Once the serving process has imported and built everything it serves with: what exists
    now lives as long as the process, so the cycle collector stops walking it (``gc.freeze``),
    and it runs after 100,000 new containers instead of 700. Only for a process that serves
    (``serve`` and its workers), never for a test or a command that builds an app in passing:
    a frozen object is never collected. Measured with ``bench/bench_server.py``."""
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(_YOUNG_THRESHOLD, middle, old)


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
