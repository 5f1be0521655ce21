"""The gallery of found children as the public sees it: a page with filters and paging, one
page per child with the "I may know this child" form, the JSON of the same list, the photos.

Everything is read through :mod:`server.services.gallery_public`, which selects the published
fields and nothing else. Filters that do not parse are ignored, never an error page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.core import gallery as rules
from app.sync import tip_records
from server.api import web
from server.api.deps import SessionDep
from server.api.routes.pages import client_address, refused_page, too_many
from server.api.words import say
from server.services import gallery_public, tips
from server.services.errors import NotFound, TooManyRequests, Unprocessable
from server.services.gallery_public import Filters
from server.services.meta import in_transaction

router = APIRouter(include_in_schema=False)
MAX_TIP_FORM = 24 * 1024  # 2,000 characters of Chinese, percent-encoded (9 bytes each), and the rest


def _int(text: str | None, low: int, high: int) -> int | None:
    if text is None or not text.strip().isdigit() or len(text.strip()) > 6:
        return None
    value = int(text.strip())
    return value if low <= value <= high else None


def filters_of(request: Request) -> tuple[Filters, int]:
    q = request.query_params
    province = q.get("province", "")
    valid = {p.code for p in gallery_public.provinces()}
    filters = Filters(
        province=province if province in valid else None,
        sex=q.get("sex") if q.get("sex") in ("M", "F", "U") else None,
        age_from=_int(q.get("age_from"), 0, rules.MAX_AGE),
        age_to=_int(q.get("age_to"), 0, rules.MAX_AGE),
    )
    return filters, _int(q.get("page"), 1, gallery_public.MAX_PAGE) or 1


def _listing(
    session: SessionDep, filters: Filters, number: int
) -> tuple[list[gallery_public.PublicChild], int]:
    return in_transaction(session, lambda s: gallery_public.page(s, filters, number))


@router.get("/gallery")
def gallery_page(request: Request, session: SessionDep) -> HTMLResponse:
    lang = web.page_lang(request)
    filters, number = filters_of(request)
    children, total = _listing(session, filters, number)
    pages = max(1, -(-total // gallery_public.PER_PAGE))

    def page_link(n: int) -> str:
        return web.link("/gallery", lang, **{**filters.__dict__, "page": n})

    return web.render(
        request, "gallery.html", lang, cache_control="no-cache", children=children, total=total, page=number,
        pages=pages, filters=filters, provinces=gallery_public.provinces(), page_link=page_link,
    )  # fmt: skip


@router.get("/gallery.json")
def gallery_json(request: Request, session: SessionDep) -> JSONResponse:
    """The same list as the page, as JSON: ``{"total", "page", "per_page", "children"}``, each
    child exactly :data:`gallery_public.PUBLIC_FIELDS`."""
    filters, number = filters_of(request)
    children, total = _listing(session, filters, number)
    body: dict[str, Any] = {
        "total": total,
        "page": number,
        "per_page": gallery_public.PER_PAGE,
        "children": [c.to_json() for c in children],
    }
    answer = JSONResponse(body)
    return web.secure(answer, "no-cache")  # type: ignore[return-value]


@router.get("/gallery/photos/{name}")
def gallery_photo(name: str, request: Request, session: SessionDep) -> Response:
    reference = rules.normalize_reference(name.removesuffix(".jpg"))
    found = in_transaction(session, lambda s: gallery_public.photo(s, reference)) if reference else None
    if found is None:
        return web.secure(Response(status_code=404))
    jpeg, etag = found
    tag = f'"{etag}"'
    # Revalidated on every use: a withdrawn child's photo must not live on in a cache.
    if request.headers.get("if-none-match") == tag:
        answer = Response(status_code=304)
    else:
        answer = Response(jpeg, media_type="image/jpeg")
    answer.headers["ETag"] = tag
    return web.secure(answer, "no-cache")


def _child_or_404(
    request: Request, session: SessionDep, ref: str, lang: str
) -> gallery_public.PublicChild | HTMLResponse:
    reference = rules.normalize_reference(ref)
    child = in_transaction(session, lambda s: gallery_public.child(s, reference)) if reference else None
    if child is None:
        return refused_page(request, lang, 404, say("error.not_found", lang), web.link("/gallery", lang))
    return child


def _child_page(
    request: Request, lang: str, child: gallery_public.PublicChild, *, status: int = 200, sent: bool = False,
    form: dict[str, str] | None = None, problem: str = "", problem_field: str = "",
) -> HTMLResponse:  # fmt: skip
    return web.render(
        request, "child.html", lang, status=status, c=child, sent=sent,
        form=form or {"name": "", "phone": "", "message": ""}, problem=problem, problem_field=problem_field,
        max_name=tip_records.MAX_NAME, max_phone=tip_records.MAX_PHONE, max_message=tip_records.MAX_MESSAGE,
    )  # fmt: skip


@router.get("/gallery/{ref}")
def child_page(ref: str, request: Request, session: SessionDep) -> HTMLResponse:
    lang = web.page_lang(request)
    child = _child_or_404(request, session, ref, lang)
    if isinstance(child, HTMLResponse):
        return child
    return _child_page(request, lang, child, sent=request.query_params.get("sent") == "1")


@router.post("/gallery/{ref}/tips")
async def submit_tip(ref: str, request: Request, session: SessionDep) -> Response:
    lang = web.page_lang(request)
    child = await run_in_threadpool(_child_or_404, request, session, ref, lang)
    if isinstance(child, HTMLResponse):
        return child
    back = web.link(f"/gallery/{child.reference}", lang)
    address = client_address(request)
    try:
        await run_in_threadpool(in_transaction, session, lambda s: tips.count_attempt(s, address))
    except TooManyRequests as exc:
        return too_many(request, lang, exc, back)
    try:
        form = await web.read_form(request, MAX_TIP_FORM, ("name", "phone", "message"))
    except web.BadForm:
        return refused_page(request, lang, 400, say("error.bad_form", lang), back)
    tip = tips.TipForm(form["name"], form["phone"], form["message"], "en" if lang == "en" else "zh_CN")
    try:
        await run_in_threadpool(in_transaction, session, lambda s: tips.submit(s, child.reference, tip))
    except TooManyRequests as exc:
        return too_many(request, lang, exc, back)
    except NotFound:
        return refused_page(request, lang, 404, say("error.not_found", lang), web.link("/gallery", lang))
    except Unprocessable as exc:
        field = exc.reason if exc.reason in ("phone", "message") else "message"
        key = "tip.bad.too_long" if exc.reason == "too_long" else f"tip.bad.{field}"
        problem = say(key, lang, max=exc.detail) if exc.reason == "too_long" else say(key, lang)
        kept = {k: v[:4000] for k, v in form.items()}
        return _child_page(request, lang, child, status=422, form=kept, problem=problem, problem_field=field)
    done = RedirectResponse(web.link(f"/gallery/{child.reference}", lang, sent=1), status_code=303)
    return web.secure(done)
