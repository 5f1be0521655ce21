"""Every error as JSON ``{"reason", "detail"}`` with a 4xx status; never a traceback or a secret."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.schemas import ErrorPublic
from server.services.errors import Refused, TooManyRequests

log = logging.getLogger("xunren.server.api")

# Documented on every route so that clients (and schemathesis) know the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorPublic} for code in (400, 401, 403, 404, 409, 413, 422, 429)
}


def _answer(status: int, reason: str, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"reason": reason, "detail": detail}, status_code=status, headers=headers)


async def _refused(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
    return _answer(exc.status, exc.reason, exc.detail, headers)


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Only where and what: the offending input is not echoed (it may hold a token).
    problems = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()[:20]
    ]
    return _answer(422, "invalid", problems)


async def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    reasons = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
    return _answer(exc.status_code, reasons.get(exc.status_code, f"http_{exc.status_code}"), str(exc.detail))


def _internal() -> JSONResponse:
    return _answer(500, "internal", "the server could not complete the request; nothing was changed")


class CatchUnexpected:
    """Answers an unexpected exception with a plain 500 and logs its kind only.

    Starlette's outermost error middleware re-raises every exception after answering, and the
    ASGI server then logs the whole traceback, whose database errors carry the SQL statement
    and its parameters (a token's hash, a record's payload). This middleware sits inside it and
    never lets an exception through.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log.error("unexpected %s while serving a request", type(exc).__name__)
            if not started:
                await _internal()(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(Refused, _refused)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_middleware(CatchUnexpected)
