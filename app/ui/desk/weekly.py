"""Choose the week of the weekly report (default: the last whole week, in the station's time) and
open it in the print preview."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.core.dashboard import STATION_TZ, IsoWeek, last_weeks
from app.core.weekly import default_week
from app.services.weekly import render_weekly_report

if TYPE_CHECKING:
    from app.ui.context import UiContext
    from app.ui.preview import PreviewDialog

WEEKS_OFFERED = 26


class WeeklyDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: PreviewDialog | None = None
        self.setWindowTitle(self.tr("Weekly report"))
        self.week = QComboBox(self)
        last = default_week(dt.datetime.now(dt.UTC), STATION_TZ)
        for w in reversed(last_weeks(last, WEEKS_OFFERED)):
            monday = w.monday()
            self.week.addItem(f"{w}  ({monday:%Y-%m-%d} – {monday + dt.timedelta(days=6):%m-%d})", str(w))
        label = QLabel(self.tr("&Week:"), self)
        label.setBuddy(self.week)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = buttons.addButton(self.tr("&Preview"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(label)
        box.addWidget(self.week)
        box.addWidget(buttons)

    def chosen(self) -> IsoWeek:
        return IsoWeek.parse(str(self.week.currentData()))

    def accept(self) -> None:
        from app.ui.preview import PreviewDialog  # app.ui.preview imported first would import itself

        week, lang = self.chosen(), self.ctx.lang

        def produce(session: Any) -> bytes:
            return render_weekly_report(session, week, lang)

        self.preview = PreviewDialog(self.ctx, self.tr("Weekly report %1").replace("%1", str(week)), produce,
                                     file_name=f"weekly-{week}.pdf", parent=self.parentWidget())  # fmt: skip
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.show()
        super().accept()
