"""The receipt check page (the family's browser) and the pages' two static files.

``GET /check`` shows the form; ``POST /check`` answers it. The receipt's QR code opens
``/check#CODE``: the code rides in the fragment, which no browser sends, and ``check.js`` posts
it, so it never appears in an address a server, proxy or log records. The answer is exactly what
``/verify`` answers (registered or not, and the coarse status), under the same limiter and with
the same count per address; a malformed code gets the same page as an unknown one.
"""

from __future__ import annotations

import hashlib
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from server.api import web
from server.api.deps import SessionDep, SettingsDep
from server.api.words import say
from server.services import receipts
from server.services.errors import TooManyRequests
from server.services.meta import in_transaction

router = APIRouter(include_in_schema=False)
MAX_CHECK_FORM = 1024
_STATIC = {"site.css": "text/css; charset=utf-8", "check.js": "text/javascript; charset=utf-8"}


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def refused_page(
    request: Request, lang: str, status: int, message: str, back: str, retry: int = 0
) -> HTMLResponse:
    page = web.render(request, "error.html", lang, status=status, message=message, back=back)
    if retry:
        page.headers["Retry-After"] = str(retry)
    return page


def too_many(request: Request, lang: str, exc: TooManyRequests, back: str) -> HTMLResponse:
    minutes = max(1, -(-exc.retry_after // 60))
    return refused_page(request, lang, 429, say("error.rate", lang, minutes=minutes), back, exc.retry_after)


@router.get("/check")
def check_form(request: Request) -> HTMLResponse:
    return web.render(request, "check.html", web.page_lang(request), result=None)


@router.post("/check")
async def check_answer(request: Request, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    lang = web.page_lang(request)
    back = web.link("/check", lang)
    address = client_address(request)
    try:
        await run_in_threadpool(
            in_transaction,
            session,
            lambda s: receipts.count_hit(s, address, settings.verify_per_minute, settings.minute_clock()),
        )
    except TooManyRequests as exc:
        return too_many(request, lang, exc, back)
    try:
        form = await web.read_form(request, MAX_CHECK_FORM, ("code",))
    except web.BadForm:
        return refused_page(request, lang, 400, say("error.bad_form", lang), back)
    registered, status = await run_in_threadpool(
        in_transaction, session, lambda s: receipts.check_receipt(s, form["code"])
    )
    return web.render(request, "check.html", lang, result=status if registered else "unknown")


@cache
def _static(name: str) -> tuple[bytes, str]:
    data = (web.HERE / "static" / name).read_bytes()
    return data, '"' + hashlib.sha256(data).hexdigest()[:24] + '"'


@router.get("/static/{name}")
def static_file(name: str, request: Request) -> Response:
    if name not in _STATIC:
        lang = web.page_lang(request)
        return refused_page(request, lang, 404, say("error.not_found", lang), web.link("/gallery", lang))
    data, etag = _static(name)
    if request.headers.get("if-none-match") == etag:
        answer = Response(status_code=304)
    else:
        answer = Response(data, media_type=_STATIC[name])
    answer.headers["ETag"] = etag
    return web.secure(answer, "public, max-age=3600")
