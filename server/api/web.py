"""Server-rendered pages: one Jinja2 environment (autoescaped), strict security headers, bounded
form bodies, and the page's language.

Every page is answered with a Content-Security-Policy that allows nothing but this server's own
style sheet, script and images (no inline script or style, no third-party asset, no framing),
``no-referrer`` (a receipt code or a reference never leaves in a Referer header), ``nosniff``,
and ``no-store`` unless a route says otherwise.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from server.api import words

HERE = Path(__file__).parent
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
FORM_TYPE = "application/x-www-form-urlencoded"


class BadForm(ValueError):
    """A form body that is too large, of another type, or not UTF-8."""


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from server.api import present

    env.globals.update(
        say=words.say,
        link=link,
        age_text=present.age_text,
        place_text=present.place_text,
        province_name=present.province_name,
    )
    return env


def render(
    request: Request,
    template: str,
    lang: str,
    *,
    status: int = 200,
    cache_control: str = "no-store",
    **context: Any,
) -> HTMLResponse:
    """The page *template* in *lang* with the security headers and a link to the same page in
    the other language (for a GET; a form's answer links to the empty form)."""
    other = "zh" if lang == "en" else "en"
    query = {k: v for k, v in request.query_params.items() if k != "lang"} if request.method == "GET" else {}
    context.setdefault("switch_url", link(request.url.path, other, **query))
    body = environment().get_template(template).render(lang=lang, **context)
    response = HTMLResponse(body, status_code=status)
    secure(response, cache_control)
    return response


def secure(response: Response, cache_control: str = "no-store") -> Response:
    response.headers.update(SECURITY_HEADERS)
    response.headers["Cache-Control"] = cache_control
    return response


def page_lang(request: Request) -> str:
    return words.lang_of(request.query_params.get("lang"))


def link(path: str, lang: str, **query: Any) -> str:
    """A same-site link that keeps the page's language; empty values are left out."""
    params = {k: v for k, v in query.items() if v not in (None, "")}
    if lang == "en":
        params["lang"] = "en"
    return f"{path}?{urlencode(params)}" if params else path


async def read_form(request: Request, limit: int, fields: tuple[str, ...]) -> dict[str, str]:
    """The url-encoded form *fields* (others ignored, a missing one empty). BadForm for a body
    over *limit* bytes, another content type, invalid UTF-8 or percent-encoding of it."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM_TYPE:
        raise BadForm("content type")
    raw = bytearray()
    async for part in request.stream():
        raw += part
        if len(raw) > limit:
            raise BadForm("too large")
    try:
        text = bytes(raw).decode("utf-8")
        parsed = parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        raise BadForm("not UTF-8") from None
    return {name: (parsed.get(name) or [""])[0] for name in fields}


def same_site(request: Request) -> bool:
    """Whether a state-changing request comes from this site's own pages (Origin, or the
    browser's Sec-Fetch-Site); a request with neither header is not a browser's cross-site
    form and passes (the console's cookie is SameSite=Strict besides)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")
