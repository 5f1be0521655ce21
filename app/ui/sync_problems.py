"""The sync problems view: every change the national server refused, and why, in words.

A refused change is kept on the station and never sent again by itself (SPEC: shown for a
person to resolve, never dropped, never overwritten). This window lists them with what happened
and what to do; the head repeats the indicator's full explanation (enrolment, waiting, last
success, clock). It reads :func:`app.services.sync.refused_changes` on the database thread.
Locking the screen empties the list (it names cases); unlocking reads it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.sync_indicator import LEVEL_STYLE, SyncIndicator
from app.ui.sync_words import local_time, reason_words, record_kind

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.context import UiContext


def read_refused(session: Session) -> list[dict[str, Any]]:
    """Database thread: every refused change (record, type, reason, when queued)."""
    from app.services.sync import refused_changes

    return refused_changes(session)


class SyncProblemsDialog(QDialog):
    """Refused changes: record, kind, what happened and what to do, the server's words, when."""

    loaded = Signal(int)  # how many refused changes are listed
    open_case = Signal(str)  # the officer asked to open one of this station's cases

    def __init__(self, ctx: UiContext, indicator: SyncIndicator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._indicator = indicator
        self._wanted = 0
        self._failed_seen = -1
        self.rows: list[dict[str, Any]] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for col in (0, 1, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 260)
        self.table.cellActivated.connect(self._activated)
        self.empty = QLabel(self)
        self.message = QLabel(self)
        self.sync_button, self.refresh_button = QPushButton(self), QPushButton(self)
        self.close_button = QPushButton(self)
        self.sync_button.clicked.connect(indicator.sync_now)
        self.refresh_button.clicked.connect(self.reload)
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.close_button.clicked.connect(self.close)
        self._layout()
        indicator.updated.connect(self._indicator_updated)
        ctx.locked.connect(self.clear)
        ctx.unlocked.connect(self._unlocked)
        self.retranslate()
        self.resize(1100, 520)

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for b in (self.sync_button, self.refresh_button, self.close_button):
            buttons.addWidget(b)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.intro)
        box.addWidget(self.table, 1)
        box.addWidget(self.empty)
        box.addLayout(buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sync problems"))
        self.intro.setText(
            self.tr(
                "The national server refused the changes below. Each is kept on this station and is "
                "not sent again by itself: read what happened and what to do. Double-click a case of "
                "this station to open it."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("Kind"), self.tr("What happened and what to do"),
             self.tr("The server's words"), self.tr("Queued at")]
        )  # fmt: skip
        self.empty.setText(self.tr("No refused changes: everything sent was accepted."))
        self.sync_button.setText(self.tr("&Sync now"))
        self.refresh_button.setText(self.tr("&Refresh"))
        self.close_button.setText(self.tr("&Close"))
        self._indicator_updated()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the refused changes again (on the database thread)."""
        if self._ctx.session is None or self._ctx.is_locked:
            return
        self._wanted += 1
        wanted = self._wanted
        self.message.setText(self.tr("Reading…"))
        self._ctx.submit(read_refused, on_done=lambda rows: self._loaded(wanted, rows), on_error=self._failed)

    def _loaded(self, wanted: int, rows: list[dict[str, Any]]) -> None:
        if not self._alive() or wanted != self._wanted or self._ctx.is_locked:
            return  # a newer read replaced this one, or the screen was locked meanwhile
        self.rows = rows
        self.message.clear()
        self._fill()
        self.loaded.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        from app.ui.session_ops import error_text

        if self._alive():
            self.message.setText(error_text(exc, self._ctx.lang))

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for row, change in enumerate(self.rows):
            words, detail = reason_words(str(change.get("reason") or ""))
            cells = (str(change["record"]), record_kind(change.get("record_type")), words, detail,
                     local_time(str(change.get("created_at") or "")))  # fmt: skip
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)

    def _indicator_updated(self) -> None:
        ind = self._indicator
        self.summary.setText(getattr(ind, "long_text", ""))
        self.summary.setStyleSheet(LEVEL_STYLE[getattr(ind, "level", "ok")])
        self.sync_button.setEnabled(ind.sync_button.isEnabled())
        failed = -1 if ind.status is None else len(ind.status.failed)
        if failed != self._failed_seen and self.isVisible():
            self.reload()  # a sync refused (or the server later accepted) something
        self._failed_seen = failed

    # -- showing and hiding ------------------------------------------------------------------
    def present(self) -> None:
        """Show the window in front and read the list."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.reload()

    def clear(self) -> None:
        """Show no record (the screen was locked)."""
        self._wanted += 1
        self.rows = []
        self.table.setRowCount(0)
        self.message.clear()

    def _unlocked(self) -> None:
        if self.isVisible():
            self.reload()

    def _activated(self, row: int, _col: int) -> None:
        session = self._ctx.session
        if session is None or not 0 <= row < len(self.rows):
            return
        case_no = str(self.rows[row]["record"]).split("/")[0]
        if case_no.startswith(session.station.code + "-"):
            self.open_case.emit(case_no)
        else:
            self.message.setText(self.tr("That case belongs to another station; it cannot be opened here."))

    def _alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self.table)
