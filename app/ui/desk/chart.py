"""One chart of the dashboard, drawn with QPainter from the core's chart model.

Bars stand on a whole-number axis (app.core.dashboard.axis: one case is a short bar on 0–5, never
a full one on 0–1); several series stand side by side in each category. A click on a bar (or on
its number) emits the cases behind it; the bar under the mouse is outlined.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.dashboard import CaseQuery, Chart, axis, words

SERIES_COLOURS = ("#2f6db5", "#d9822b", "#3f9a5a", "#b8433f")
GRID = QColor("#d0d4da")
TEXT = QColor("#1d2733")


class ChartWidget(QWidget):
    """A bar chart of one :class:`~app.core.dashboard.Chart`; ``bar_clicked(query, words)``."""

    bar_clicked = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.lang = "zh_CN"
        self._bars: list[tuple[QRectF, CaseQuery, str]] = []
        self._hover = -1
        self.setMouseTracking(True)
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def set_chart(self, chart: Chart, lang: str) -> None:
        self.chart, self.lang = chart, lang
        self.setAccessibleName(words(chart.title, lang))
        self.update()

    # -- drawing ---------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        self._bars = []
        if self.chart is None:
            return
        fm = QFontMetrics(self.font())
        line = fm.height()
        title_font = self.font()
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(TEXT)
        p.drawText(
            QRectF(8, 4, self.width() - 16, line + 4),
            Qt.AlignmentFlag.AlignLeft,
            words(self.chart.title, self.lang),
        )
        p.setFont(self.font())
        scale = axis(self.chart.top_value)
        legend = line + 6 if len(self.chart.series) > 1 else 0
        left = 10 + fm.horizontalAdvance(str(scale.top))
        top, bottom = 2 * line + 12 + legend, self.height() - 2 * line - 6  # room above the tallest bar
        right = self.width() - 12
        plot = QRectF(left + 6, top, max(right - left - 6, 10), max(bottom - top, 10))
        self._draw_axis(p, plot, scale.ticks, scale.top, fm)
        if legend:
            self._draw_legend(p, QPointF(plot.left(), line + 8), fm)
        self._draw_bars(p, plot, scale.top, fm)
        p.end()

    def _draw_axis(
        self, p: QPainter, plot: QRectF, ticks: tuple[int, ...], top: int, fm: QFontMetrics
    ) -> None:
        for t in ticks:
            y = plot.bottom() - plot.height() * t / top
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(TEXT)
            label = str(t)
            p.drawText(QPointF(plot.left() - 6 - fm.horizontalAdvance(label), y + fm.ascent() / 2 - 1), label)
        p.setPen(QPen(TEXT, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())

    def _draw_legend(self, p: QPainter, at: QPointF, fm: QFontMetrics) -> None:
        assert self.chart is not None
        x = at.x()
        for i, series in enumerate(self.chart.series):
            p.fillRect(QRectF(x, at.y() + 2, 10, 10), QColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]))
            name = words(series.name, self.lang)
            p.setPen(TEXT)
            p.drawText(QPointF(x + 14, at.y() + fm.ascent()), name)
            x += 24 + fm.horizontalAdvance(name)

    def _draw_bars(self, p: QPainter, plot: QRectF, top: int, fm: QFontMetrics) -> None:
        assert self.chart is not None
        n_cat = max(len(self.chart.categories), 1)
        n_ser = len(self.chart.series)
        slot = plot.width() / n_cat
        width = min(slot * 0.8 / n_ser, 48.0)
        group = width * n_ser
        for c, category in enumerate(self.chart.categories):
            x0 = plot.left() + slot * c + (slot - group) / 2
            for s, series in enumerate(self.chart.series):
                value = series.values[c]
                h = plot.height() * value / top
                rect = QRectF(x0 + s * width, plot.bottom() - h, width - 2, h)
                colour = QColor(SERIES_COLOURS[s % len(SERIES_COLOURS)])
                index = len(self._bars)
                p.fillRect(rect, colour.lighter(115) if index == self._hover else colour)
                if index == self._hover:
                    p.setPen(QPen(TEXT, 1.5))
                    p.drawRect(rect)
                label = str(value)
                p.setPen(TEXT)
                p.drawText(
                    QPointF(rect.center().x() - fm.horizontalAdvance(label) / 2, rect.top() - 3), label
                )
                hit = QRectF(rect.left(), plot.top(), rect.width(), plot.height())
                what = f"{words(self.chart.title, self.lang)} · {words(category, self.lang)}"
                if n_ser > 1:
                    what += f" · {words(series.name, self.lang)}"
                self._bars.append((hit, series.queries[c], what))
            name = fm.elidedText(words(category, self.lang), Qt.TextElideMode.ElideRight, int(slot) - 2)
            p.drawText(QRectF(plot.left() + slot * c, plot.bottom() + 3, slot, fm.height() * 2),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, name)  # fmt: skip

    # -- clicking --------------------------------------------------------------------------
    def _bar_at(self, pos: QPointF) -> int:
        return next((i for i, (rect, _q, _w) in enumerate(self._bars) if rect.contains(pos)), -1)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hover = self._bar_at(event.position())
        if hover != self._hover:
            self._hover = hover
            cursor = Qt.CursorShape.PointingHandCursor if hover >= 0 else Qt.CursorShape.ArrowCursor
            self.setCursor(cursor)
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        i = self._bar_at(event.position())
        if i >= 0 and event.button() == Qt.MouseButton.LeftButton:
            _rect, query, what = self._bars[i]
            self.bar_clicked.emit(query, what)

    def click_bar(self, index: int) -> None:
        """What a click on bar *index* (in drawing order) does: for tests and the keyboard."""
        _rect, query, what = self._bars[index]
        self.bar_clicked.emit(query, what)
