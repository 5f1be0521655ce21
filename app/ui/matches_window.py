"""The matches window beside the register: the station-wide queue or one case's candidates.

:class:`~app.ui.matches.MatchesView` needs the width of the screen (the list, both persons side
by side and the decision), so it gets a window of its own rather than a dock in the register.
The window belongs to the main window: locking the screen hides it with the other windows, and
the view drops every pair it shows on ``ctx.locked`` (and asks again on ``ctx.unlocked``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.ui.matches import MatchesView

if TYPE_CHECKING:
    from app.ui.context import UiContext


class MatchesWindow(QWidget):
    """A window around one MatchesView; ``open_case`` asks the register to show a case."""

    open_case = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.view = MatchesView(ctx, self)
        self.view.open_case.connect(self.open_case)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addWidget(self.view)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.retranslate()
        self.resize(1280, 720)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Match candidates — Xunren"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_queue(self) -> None:
        """The candidates waiting for a person, station-wide (DNA re-checks first)."""
        self.view.show_queue()
        self._present()

    def show_case(self, case_no: str) -> None:
        """The ranked candidates of *case_no*."""
        self.view.show_case(case_no)
        self._present()

    def _present(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.view.table.setFocus()
