"""The station dashboard on the desk: every chart of app.core.dashboard drawn by ChartWidget, the
headline numbers, and the cases behind any bar on a click. Reads again whenever the register
changes (a mutating operation finished) while the dashboard is shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.core.dashboard import CaseQuery, Dashboard
from app.core.overdue import OverdueRule, rule_words
from app.services.dashboard import cases_behind, dashboard
from app.ui.context import UiContext
from app.ui.desk.chart import ChartWidget
from app.ui.desk.dialogs import CasesBehindDialog

COLUMNS = 2


class DashboardView(QWidget):
    open_case = Signal(str)
    open_alert = Signal(str)  # an alerted case of another station behind the "alert" bar
    loaded = Signal(object)
    cases_shown = Signal(object)  # the CasesBehindDialog opened by a click

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.board: Dashboard | None = None
        self.headline = QLabel(self)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.charts: dict[str, ChartWidget] = {}
        inner = QWidget(self)
        self.inner = inner
        self.grid = QGridLayout(inner)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        box = QVBoxLayout(self)
        box.addWidget(self.headline)
        box.addWidget(scroll, 1)
        box.addWidget(self.notes)
        ctx.runner.changed.connect(self._register_changed)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self.board is not None:
            self._show(self.board)
        super().changeEvent(event)

    def _register_changed(self) -> None:
        if self.isVisible() and not self.ctx.is_locked:
            self.reload()

    def reload(self) -> None:
        self.ctx.submit(dashboard, on_done=self._show, label=self.tr("Reading the dashboard…"))

    def _show(self, board: Dashboard) -> None:
        self.board = board
        for i, chart in enumerate(board.charts):
            widget = self.charts.get(chart.key)
            if widget is None:
                widget = ChartWidget(self.inner)
                widget.bar_clicked.connect(self.show_cases)
                self.charts[chart.key] = widget
                self.grid.addWidget(widget, i // COLUMNS, i % COLUMNS)
                widget.show()
            widget.set_chart(chart, self.ctx.lang)
        at = board.at.astimezone().strftime("%H:%M")
        self.headline.setText(
            self.tr("%n open case(s)", "", board.open_cases) + " · " + self.tr("as of %1").replace("%1", at)
            + " · " + self.tr("click a bar to list its cases")
        )  # fmt: skip
        lang = self.ctx.lang
        rules = ("; " if lang.startswith("en") else "；").join(
            rule_words(OverdueRule(r), lang) for r in board.notes
        )
        self.notes.setText(
            self.tr("Not running until the station keeps alerts: %1").replace("%1", rules) if rules else ""
        )
        self.loaded.emit(board)

    def show_cases(self, query: CaseQuery, what: str) -> None:
        self.ctx.submit(lambda s: cases_behind(s, query, dt.datetime.now(dt.UTC)),
                        on_done=lambda rows: self._cases(what, rows), label=self.tr("Listing the cases…"))  # fmt: skip

    def _cases(self, what: str, rows: list[Any]) -> None:
        dialog = CasesBehindDialog(what, rows, self)
        alerted = {r.case_no for r in rows if r.alert}  # other stations' cases
        dialog.open_case.connect(lambda n: (self.open_alert if n in alerted else self.open_case).emit(n))
        dialog.show()
        self.cases_shown.emit(dialog)
