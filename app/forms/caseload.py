"""The supervisor's caseload report: counts by status, type and officer, a chart, the open cases.

Drawn straight onto the canvas (see :mod:`app.forms.sheet`) so 10,000 cases take well under the
5 s a supervisor will wait, where a platypus table needs about 10 s.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm

from app.core.model import CaseStatus, CaseType, ReviewState, StationInfo
from app.forms import fonts, page
from app.forms.fmt import local, names, when
from app.forms.labels import colon, enum, paren, t
from app.forms.sheet import Column, Sheet

CHART_OFFICERS = 12  # more bars than this stop being readable on A4; the table has them all
ACTIVE = (CaseStatus.OPEN, CaseStatus.VOID_PENDING)  # not yet concluded: still someone's work


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One case as the report needs it; the service builds these from a light query."""

    case_no: str
    type: CaseType
    status: CaseStatus
    review: ReviewState
    officer: str
    created_at: dt.datetime
    names: tuple[str, ...] = ()
    assigned_to: str | None = None

    def owner(self) -> str:
        """Whose work the case is: the assignee, else the registering officer."""
        return self.assigned_to or self.officer


def render_caseload(
    rows: Sequence[CaseloadRow], station: StationInfo, *, generated_at: dt.datetime, lang: str = "zh_CN"
) -> bytes:
    """The caseload report (案件工作量统计报表) over ``rows``, as PDF bytes.

    Page one holds the counts and the chart; the open cases follow, oldest first, because the
    oldest are the ones a supervisor must chase.
    """
    title = t("title.caseload", lang)
    running = page.Running(title=title, station=station, lang=lang, printed=local(generated_at).date())
    buf = io.BytesIO()
    c = page.new_canvas(buf, running)
    sheet = Sheet(c)
    sheet.text(title, 18, align="center", gap=6)
    sheet.text(
        f"{station.name}{paren(station.code, lang)}  {t('generated_at', lang)}{colon(lang)}{when(generated_at, lang)}",
        10,
        align="center",
    )
    summary(sheet, rows, lang)
    open_list(sheet, rows, generated_at, lang)
    c.showPage()
    c.save()
    return buf.getvalue()


def summary(sheet: Sheet, rows: Sequence[CaseloadRow], lang: str) -> None:
    count_w = 22 * mm
    half = page.CONTENT_W / 2 - 4 * mm
    by_status = Counter(r.status for r in rows)
    by_type = Counter(r.type for r in rows)
    total = t("total", lang)
    status_rows = [[enum(s, lang), str(by_status[s])] for s in CaseStatus] + [[total, str(len(rows))]]
    type_rows = [[enum(k, lang), str(by_type[k])] for k in CaseType] + [[total, str(len(rows))]]
    sheet.heading(f"{t('sec.by_status', lang)} / {t('sec.by_type', lang)}")
    start = sheet.y
    sheet.grid(
        [Column(t("status", lang), half - count_w), Column(t("count", lang), count_w, "right")], status_rows
    )
    left_end, sheet.y = sheet.y, start
    x2 = page.MARGIN_X + page.CONTENT_W - half
    sheet.grid(
        [Column(t("type", lang), half - count_w), Column(t("count", lang), count_w, "right")], type_rows, x=x2
    )
    sheet.y = min(sheet.y, left_end)

    active = [r for r in rows if r.status in ACTIVE]
    per_officer = Counter(r.owner() for r in active)
    pending = Counter(r.owner() for r in active if r.review is ReviewState.PENDING)
    overall = Counter(r.owner() for r in rows)
    ranked = sorted(overall, key=lambda o: (-per_officer[o], -overall[o], o))
    sheet.heading(t("sec.by_officer", lang))
    if per_officer:
        chart(sheet, [(o, per_officer[o]) for o in ranked[:CHART_OFFICERS] if per_officer[o]])
    cols = [
        Column(t("assigned_to", lang), page.CONTENT_W - 3 * count_w),
        Column(enum(CaseStatus.OPEN, lang), count_w, "right"),
        Column(enum(ReviewState.PENDING, lang), count_w, "right"),
        Column(total, count_w, "right"),
    ]
    unassigned = t("unassigned", lang)
    sheet.grid(
        cols, [[o or unassigned, str(per_officer[o]), str(pending[o]), str(overall[o])] for o in ranked]
    )


def chart(sheet: Sheet, bars: list[tuple[str, int]]) -> None:
    """Active cases per officer as horizontal bars, busiest at the top."""
    # Imported here: reportlab.graphics costs ~90 ms to import, and the first form a station
    # prints (an intake record) must not pay for a chart it does not draw.
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing

    height = 14 + 13 * len(bars)
    sheet.room(height + 10)
    d = Drawing(page.CONTENT_W, height)
    d.initialFontName = fonts.primary()  # not Helvetica, which is never embedded
    bc = HorizontalBarChart()
    bc.x, bc.y = 40 * mm, 10
    bc.width, bc.height = page.CONTENT_W - 50 * mm, height - 14
    bc.data = [[n for _, n in reversed(bars)]]
    bc.bars[0].fillColor = colors.Color(0.35, 0.45, 0.6)
    bc.valueAxis.valueMin = 0
    bc.valueAxis.labels.fontName = fonts.primary()
    bc.valueAxis.labels.fontSize = 7
    bc.categoryAxis.categoryNames = [fonts.one_font(o) for o, _ in reversed(bars)]
    bc.categoryAxis.labels.fontName = fonts.primary()
    bc.categoryAxis.labels.fontSize = 8
    bc.barLabelFormat = "%d"
    bc.barLabels.fontName = fonts.primary()
    bc.barLabels.fontSize = 7
    bc.barLabels.boxAnchor = "w"
    bc.barLabels.dx = 3
    d.add(bc)
    sheet.y -= height + 4
    renderPDF.draw(d, sheet.c, page.MARGIN_X, sheet.y)
    sheet.y -= 10  # clear of the axis labels


def open_list(sheet: Sheet, rows: Sequence[CaseloadRow], generated_at: dt.datetime, lang: str) -> None:
    active = sorted((r for r in rows if r.status in ACTIVE), key=lambda r: (r.created_at, r.case_no))
    sheet.heading(f"{t('sec.open_list', lang)}{paren(str(len(active)), lang)}")
    cols = [
        Column(t("case_no", lang), 37 * mm),
        Column(t("type_short", lang), 14 * mm),
        Column(t("status", lang), 24 * mm),
        Column(t("assigned_to", lang), 24 * mm),
        Column(t("created_at", lang), 27 * mm),
        Column(t("days_open", lang), 14 * mm, "right"),
        Column(t("names", lang), page.CONTENT_W - 140 * mm),
    ]
    now = local(generated_at).date()
    body = (
        [
            r.case_no,
            enum(r.type, lang),
            f"{enum(r.status, lang)}/{enum(r.review, lang)}",
            r.owner(),
            f"{local(r.created_at):%Y-%m-%d %H:%M}",
            str((now - local(r.created_at).date()).days),
            names(r.names, lang),
        ]
        for r in active
    )
    sheet.grid(cols, body)
