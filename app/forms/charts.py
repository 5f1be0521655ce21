"""The dashboard's charts drawn with ReportLab on the report's canvas: the same chart model
(app.core.dashboard.Chart) and the same whole-number axis as the app's QPainter drawing."""

from __future__ import annotations

from reportlab.lib import colors

from app.core.dashboard import Chart, axis, words
from app.forms import fonts
from app.forms.page import CONTENT_W, MARGIN_X, draw_text
from app.forms.sheet import Sheet, wrap

SERIES = (colors.HexColor("#2f6db5"), colors.HexColor("#d9822b"), colors.HexColor("#3f9a5a"))
GRID = colors.HexColor("#c8ccd2")


def draw_chart(sheet: Sheet, chart: Chart, lang: str, *, height: float = 150.0, width: float = CONTENT_W,
               x: float = MARGIN_X) -> None:  # fmt: skip
    """A bar chart *height* points tall at the sheet's cursor, which moves below it."""
    c = sheet.c
    sheet.room(height + 8)
    top = sheet.y
    draw_text(c, x, top - 11, words(chart.title, lang), 9.5)
    scale = axis(chart.top_value)
    label_w = fonts.string_width(str(scale.top), 7) + 6
    legend = 12.0 if len(chart.series) > 1 else 0.0
    left, right = x + label_w, x + width - 4
    plot_top, plot_bottom = top - 28 - legend, top - height + 22  # room for the tallest bar's number
    plot_h = plot_top - plot_bottom
    if legend:
        lx = left
        for i, s in enumerate(chart.series):
            c.setFillColor(SERIES[i % len(SERIES)])
            c.rect(lx, top - 25, 7, 7, stroke=0, fill=1)
            c.setFillColor(colors.black)
            name = words(s.name, lang)
            draw_text(c, lx + 10, top - 24, name, 7.5)
            lx += 22 + fonts.string_width(name, 7.5)
    c.setLineWidth(0.4)
    for tick in scale.ticks:
        y = plot_bottom + plot_h * tick / scale.top
        c.setStrokeColor(GRID)
        c.line(left, y, right, y)
        c.setFillColor(colors.black)
        draw_text(c, left - 3, y - 2.5, str(tick), 7, align="right")
    c.setStrokeColor(colors.black)
    c.line(left, plot_bottom, right, plot_bottom)
    n_cat = max(len(chart.categories), 1)
    slot = (right - left) / n_cat
    bar_w = min(slot * 0.8 / len(chart.series), 28.0)
    for ci, category in enumerate(chart.categories):
        x0 = left + slot * ci + (slot - bar_w * len(chart.series)) / 2
        for si, s in enumerate(chart.series):
            value = s.values[ci]
            h = plot_h * scale.fraction(value)
            c.setFillColor(SERIES[si % len(SERIES)])
            c.rect(x0 + si * bar_w, plot_bottom, bar_w - 1, h, stroke=0, fill=1)
            c.setFillColor(colors.black)
            draw_text(
                c, x0 + si * bar_w + (bar_w - 1) / 2, plot_bottom + h + 2, str(value), 6.5, align="center"
            )
        for k, line in enumerate(wrap(words(category, lang), slot - 2, 7.0)[:2]):
            draw_text(c, left + slot * ci + slot / 2, plot_bottom - 9 - 8 * k, line, 7.0, align="center")
    sheet.y = top - height
