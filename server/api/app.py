"""The application factory: ``create_app(settings)``. Nothing is connected at import time."""

from __future__ import annotations

from fastapi import FastAPI

from server.api import errors
from server.api.routes import attachments, national, public, sync
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
    for module in (sync, attachments, public, national):
        app.include_router(module.router)
    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` with several worker processes: settings from the env."""
    return create_app(Settings.from_env())
