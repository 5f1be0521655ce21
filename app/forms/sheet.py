"""A fast table drawn straight onto the canvas, for reports with tens of thousands of rows.

Platypus tables re-measure every cell and split by trial; over 10,000 cases that takes ~10 s.
Here each row is measured once (one width call per cell in the usual case where the text fits),
wrapped only when it does not fit, and drawn with a handful of canvas calls. Rows never split:
a row is moved whole to the next page, and the header row is repeated there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from app.forms import fonts
from app.forms.page import CONTENT_W, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE_H, draw_text, text_line

SHADE = colors.Color(0.92, 0.92, 0.92)
PAD = 3.0


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width: float
    align: str = "left"  # "left" or "right" (numbers)


@lru_cache(maxsize=4096)
def _width(text: str, size: float) -> float:
    return fonts.string_width(text, size)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (between any two characters).

    Breaking anywhere is right for Chinese; for the short Latin values in a report (names,
    case numbers) it is an acceptable trade for speed.
    """
    if not text:
        return [""]
    # No glyph is wider than 1 em, so a short text fits unmeasured; repeated values (types,
    # statuses, officers) are measured once. Together that saves most width calls of a report.
    if "\n" not in text and (len(text) * size <= width or _width(text, size) <= width):
        return [text]
    lines: list[str] = []
    for part in text.split("\n"):
        line, used = "", 0.0
        for ch in part:
            w = fonts.string_width(ch, size)
            if line and used + w > width:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        lines.append(line)
    return lines


class Sheet:
    """A cursor over numbered pages: headings and grids flow down and onto new pages."""

    def __init__(self, c: Canvas, size: float = 8.0) -> None:
        self.c = c
        self.size = size
        self.leading = size * 1.35
        self.top = PAGE_H - MARGIN_TOP
        self.bottom = MARGIN_BOTTOM
        self.y = self.top

    def new_page(self) -> None:
        self.c.showPage()
        self.y = self.top

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` points still fit on this one."""
        if self.y - height < self.bottom:
            self.new_page()

    def text(self, text: str, size: float, *, align: str = "left", gap: float = 4) -> None:
        self.room(size * 1.4 + gap)
        self.y -= size * 1.2
        x = {"left": MARGIN_X, "center": MARGIN_X + CONTENT_W / 2, "right": MARGIN_X + CONTENT_W}[align]
        draw_text(self.c, x, self.y, text, size, align=align)
        self.y -= size * 0.2 + gap

    def heading(self, text: str) -> None:
        """A shaded section bar, moved to a new page with room for a few rows under it."""
        self.room(18 + 4 * self.leading)
        self.y -= 18
        self.c.setFillColor(SHADE)
        self.c.rect(MARGIN_X, self.y, CONTENT_W, 16, stroke=0, fill=1)
        self.c.setFillColor(colors.black)
        draw_text(self.c, MARGIN_X + 4, self.y + 4.5, text, 10.5)
        self.y -= 5

    def grid(self, columns: Sequence[Column], rows: Iterable[Sequence[str]], *, x: float = MARGIN_X) -> None:
        """Draw a bordered grid with a shaded header, repeated on every page it runs onto.

        Each row draws only its bottom rule; the frame and column rules are drawn once per page
        (``_close``). Per-row rectangles cost ~25 coordinate formats a row, the bulk of the time
        of a 10,000-row report.
        """
        top = self._header(columns, x)
        for row in rows:
            cells = [
                wrap(text, col.width - 2 * PAD, self.size) for col, text in zip(columns, row, strict=True)
            ]
            height = max(len(lines) for lines in cells) * self.leading + 2 * PAD
            if self.y - height < self.bottom:
                self._close(columns, x, top)
                self.new_page()
                top = self._header(columns, x)
            self._draw(columns, cells, x, height)
        self._close(columns, x, top)

    def _header(self, columns: Sequence[Column], x: float) -> float:
        """The shaded title row; returns the y where this page's part of the grid starts."""
        cells = [wrap(col.title, col.width - 2 * PAD, self.size) for col in columns]
        height = max(len(lines) for lines in cells) * self.leading + 2 * PAD
        self.room(height + self.leading + 2 * PAD)  # a header never ends a page alone
        self.c.setFillColor(SHADE)
        self.c.rect(x, self.y - height, sum(col.width for col in columns), height, stroke=0, fill=1)
        self.c.setFillColor(colors.black)
        top: float = self.y
        self._draw(columns, cells, x, height)
        return top

    def _close(self, columns: Sequence[Column], x: float, top: float) -> None:
        """Frame and column rules from ``top`` down to the last row drawn on this page."""
        c = self.c
        c.setLineWidth(0.5)
        c.rect(x, self.y, sum(col.width for col in columns), top - self.y, stroke=1, fill=0)
        cx = x
        for col in columns[:-1]:
            cx += col.width
            c.line(cx, top, cx, self.y)

    def _draw(self, columns: Sequence[Column], cells: list[list[str]], x: float, height: float) -> None:
        c = self.c
        top, bottom = self.y, self.y - height
        t = c.beginText()  # one text object per row, not one per cell
        cx = x
        for col, lines in zip(columns, cells, strict=True):
            ty = top - PAD - self.size
            for line in lines:
                if col.align == "right":
                    text_line(t, cx + col.width - PAD, ty, line, self.size, align="right")
                elif line:
                    text_line(t, cx + PAD, ty, line, self.size)
                ty -= self.leading
            cx += col.width
        c.drawText(t)
        c.setLineWidth(0.5)
        c.line(x, bottom, cx, bottom)
        self.y = bottom
