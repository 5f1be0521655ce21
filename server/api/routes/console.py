"""The national operator's console: ``/console`` (a logon form, then one page of what only the
server sees), ``/console/logon``, ``/console/logoff``, the photos of gallery requests, and the
approve / withdraw buttons of a request.

Every POST must come from the console's own pages (``web.same_site``); the session cookie is
HttpOnly and SameSite=Strict (and Secure over https). Decisions are recorded with the operator's
name and reason like the command line's (``server.services.gallery``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.core.referral import ReferralRequest, ReferralState, word
from app.sync import protocol
from server.api import web
from server.api.deps import SessionDep, SettingsDep
from server.api.routes.pages import refused_page
from server.api.words import reason, say
from server.services import child_alerts, console, gallery, referral_views
from server.services.errors import Refused
from server.services.meta import in_transaction
from server.storage.public_tables import REQUESTED, GalleryPhoto

router = APIRouter(include_in_schema=False)
MAX_FORM = 4096
REFERRAL_ROWS = 500  # the console's page; the command line lists them all
ALERT_ROWS = 200  # the newest alerts the console's page shows


def _operator(request: Request, session: SessionDep) -> str | None:
    cookie = request.cookies.get(console.COOKIE)
    return in_transaction(session, lambda s: console.operator_of(s, cookie))


def _back(lang: str, **query: object) -> RedirectResponse:
    return RedirectResponse(web.link("/console", lang, **query), status_code=303)


@router.get("/console")
def console_page(request: Request, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    lang = web.page_lang(request)
    operator = _operator(request, session)
    if operator is None:
        bad = request.query_params.get("failed") == "1"
        return web.render(request, "console_logon.html", lang, status=401 if bad else 200, failed=bad)
    view = in_transaction(session, console.overview)
    requests = in_transaction(session, lambda s: gallery.list_entries(s, (REQUESTED,), limit=200))
    now = settings.clock()

    def alert_rows(s: SessionDep) -> list[dict[str, Any]]:
        child_alerts.widen_due(s, now)  # as a pull would: the alerts due are shown where they reach
        return [a.to_json() for a in child_alerts.alert_views(s, limit=ALERT_ROWS)]

    alerts = in_transaction(session, alert_rows)
    done = request.query_params.get("done", "")
    notice = ""
    if done in ("approved", "withdrawn"):
        notice = say(f"console.done.{done}", lang, reference=request.query_params.get("ref", "")[:16])
    elif request.query_params.get("refused"):
        notice = say("console.refused", lang, why=reason(request.query_params["refused"][:40], lang))
    return web.render(
        request, "console.html", lang, operator=operator, view=view, requests=requests, notice=notice,
        child_alerts=alerts,
    )  # fmt: skip


@router.get("/console/referrals")
def referrals_page(request: Request, session: SessionDep) -> Response:
    """Referrals between stations (issue 14), filtered by a station and a state, as the command
    line's ``referral list``: no note, no officer's name, nothing of the case file."""
    lang = web.page_lang(request)
    operator = _operator(request, session)
    if operator is None:
        return web.secure(_back(lang))
    station = request.query_params.get("station", "").strip()[:20]
    state_text = request.query_params.get("state", "")
    state = ReferralState(state_text) if state_text in {s.value for s in ReferralState} else None
    bad_station = bool(station) and not protocol.STATION_CODE_RE.match(station)
    rows = (
        []
        if bad_station
        else in_transaction(
            session,
            lambda s: referral_views.referral_rows(
                s, station=station or None, state=state, limit=REFERRAL_ROWS
            ),
        )
    )
    words = "en" if lang == "en" else "zh"
    shown = [
        {**r.to_json(), "request_words": word(r.request, ReferralRequest, words),
         "state_words": word(r.state, ReferralState, words)}
        for r in rows
    ]  # fmt: skip
    states = [(s.value, word(s, ReferralState, words)) for s in ReferralState]
    return web.render(
        request, "console_referrals.html", lang, status=400 if bad_station else 200, operator=operator,
        rows=shown, station=station, state=state.value if state else "", states=states, bad_station=bad_station,
    )  # fmt: skip


@router.post("/console/logon")
async def console_logon(request: Request, session: SessionDep) -> Response:
    lang = web.page_lang(request)
    if not web.same_site(request):
        return refused_page(request, lang, 403, reason("cross_site", lang), web.link("/console", lang))
    try:
        form = await web.read_form(request, MAX_FORM, ("token",))
    except web.BadForm:
        return refused_page(request, lang, 400, say("error.bad_form", lang), web.link("/console", lang))
    try:
        value, _name = await run_in_threadpool(
            in_transaction, session, lambda s: console.log_on(s, form["token"].strip())
        )
    except Refused:
        return _back(lang, failed=1)
    answer = _back(lang)
    answer.set_cookie(
        console.COOKIE, value, max_age=console.SESSION_HOURS * 3600, httponly=True, samesite="strict",
        secure=request.url.scheme == "https", path="/console",
    )  # fmt: skip
    return web.secure(answer)


@router.post("/console/logoff")
async def console_logoff(request: Request, session: SessionDep) -> Response:
    lang = web.page_lang(request)
    if web.same_site(request):
        cookie = request.cookies.get(console.COOKIE)
        await run_in_threadpool(in_transaction, session, lambda s: console.log_off(s, cookie))
    answer = _back(lang)
    answer.delete_cookie(console.COOKIE, path="/console")
    return web.secure(answer)


@router.get("/console/photos/{entry_id}.jpg")
def request_photo(entry_id: int, request: Request, session: SessionDep) -> Response:
    """A requested child's photo, for the operator deciding: never public."""
    if _operator(request, session) is None:
        return web.secure(Response(status_code=401))
    photo = in_transaction(session, lambda s: s.get(GalleryPhoto, entry_id))
    if photo is None:
        return web.secure(Response(status_code=404))
    return web.secure(Response(bytes(photo.jpeg), media_type="image/jpeg"), "private, no-store")


@router.post("/console/gallery/{entry_id}/{action}")
async def decide(entry_id: int, action: str, request: Request, session: SessionDep) -> Response:
    lang = web.page_lang(request)
    if not web.same_site(request):
        return refused_page(request, lang, 403, reason("cross_site", lang), web.link("/console", lang))
    operator = await run_in_threadpool(_operator, request, session)
    if operator is None or action not in ("approve", "withdraw"):
        return _back(lang)
    try:
        form = await web.read_form(request, MAX_FORM, ("reason",))
    except web.BadForm:
        return refused_page(request, lang, 400, say("error.bad_form", lang), web.link("/console", lang))
    note = form["reason"].strip()[:500]
    act = gallery.approve if action == "approve" else gallery.withdraw
    try:
        entry = await run_in_threadpool(
            in_transaction, session, lambda s: act(s, str(entry_id), operator, note)
        )
    except Refused as exc:
        return _back(lang, refused=exc.reason)
    return _back(lang, done="approved" if action == "approve" else "withdrawn", ref=entry.reference)
