"""The A4 page every form shares: running header and footer, two-pass page totals, PDF output.

The running header carries the case number on every page, because pages of a paper file get
separated; the footer says "第 n 页 共 m 页" so a missing page is noticed. The total is known only
after layout, so pages are held back and stamped when the document is saved (two passes over
the page list, one layout).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from app.core.model import StationInfo
from app.forms import fonts
from app.forms.fmt import day
from app.forms.labels import colon, paren, t

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X


@dataclass(frozen=True, slots=True)
class Running:
    """What is printed at the top and bottom of every page of one document."""

    title: str
    station: StationInfo
    lang: str
    case_no: str = ""
    printed: dt.date | None = None


def draw_text(c: Canvas, x: float, y: float, text: str, size: float, *, align: str = "left") -> None:
    """Draw one line with per-character font switching.

    ``canvas.drawString`` takes a single font, so a name holding 𠮷 would lose it; this walks the
    font runs instead.
    """
    t = c.beginText()
    text_line(t, x, y, text, size, align=align)
    c.drawText(t)


def text_line(t: Any, x: float, y: float, text: str, size: float, *, align: str = "left") -> None:
    """Add one line to the text object ``t`` (many lines share one: a long report's fast path)."""
    if align != "left":  # measured only when needed: a long report draws ~50,000 strings
        width = fonts.string_width(text, size)
        x -= width if align == "right" else width / 2
    parts = list(fonts.runs(text))
    t.setTextOrigin(x, y)
    for font, run in parts:
        if t._fontname != font or t._fontsize != size:
            t.setFont(font, size)
        t.textOut(run)  # advances the cursor by the run's width, so runs join up


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that keeps its pages until ``save`` so each can say how many there are."""

    def __init__(self, *args: Any, running: Running, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._running = running
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            stamp_page(self, self._running, number, total)
            super().showPage()
        super().save()


def stamp_page(c: Canvas, r: Running, number: int, total: int) -> None:
    """Header rule with title and case number; footer with station, page n of m, print date."""
    c.saveState()
    c.setLineWidth(0.5)
    top = PAGE_H - MARGIN_TOP + 5 * mm
    draw_text(c, MARGIN_X, top + 2, r.title, 8)
    if r.case_no:
        draw_text(
            c,
            PAGE_W - MARGIN_X,
            top + 2,
            f"{t('case_no', r.lang)}{colon(r.lang)}{r.case_no}",
            8,
            align="right",
        )
    c.line(MARGIN_X, top, PAGE_W - MARGIN_X, top)
    bottom = MARGIN_BOTTOM - 6 * mm
    c.line(MARGIN_X, bottom + 9, PAGE_W - MARGIN_X, bottom + 9)
    draw_text(c, MARGIN_X, bottom, f"{r.station.name}{paren(r.station.code, r.lang)}", 8)
    draw_text(c, PAGE_W / 2, bottom, t("page", r.lang, n=number, total=total), 8, align="center")
    if r.printed is not None:
        draw_text(
            c,
            PAGE_W - MARGIN_X,
            bottom,
            f"{t('printed', r.lang)}{colon(r.lang)}{day(r.printed, r.lang)}",
            8,
            align="right",
        )
    c.restoreState()


def canvas_maker(running: Running) -> Any:
    """The ``canvasmaker`` for ``doc.build``: a NumberedCanvas bound to this document."""
    return partial(NumberedCanvas, running=running)


def new_canvas(buf: io.BytesIO, running: Running) -> NumberedCanvas:
    """A bare numbered canvas for forms drawn directly (the caseload report's fast path)."""
    fonts.primary()
    c = NumberedCanvas(buf, pagesize=A4, invariant=1, running=running, initialFontName=fonts.PRIMARY)
    c.setTitle(running.title)
    c.setAuthor(running.station.name)
    return c


def build(story: Sequence[Flowable], running: Running) -> bytes:
    """Lay out ``story`` on A4 and return the PDF bytes (nothing touches the disk)."""
    fonts.primary()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=running.title,
        author=running.station.name,
        subject=running.case_no,
        creator="Xunren",
        invariant=1,  # same input, same bytes: reprints can be compared and tests are stable
        # Else every page starts in Helvetica, a font that is referenced but never embedded.
        initialFontName=fonts.PRIMARY,
    )
    doc.build(list(story), canvasmaker=canvas_maker(running))
    return buf.getvalue()
