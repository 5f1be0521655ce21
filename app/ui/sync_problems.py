"""The sync problems view: every change the national server refused, and why, in words.

A refused change is kept on the station and never sent again by itself (SPEC: shown for a
person to resolve, never dropped, never overwritten). This window lists them with what happened
and what to do; the head repeats the indicator's full explanation (enrolment, waiting, last
success, clock). A supervisor or an administrator resolves the selected one, with a note: "Send
again" (where the server could accept it) or "Withdraw" (:mod:`app.ui.sync_resolve`). Reads and
decisions run on the database thread; after a decision the list and the indicator read again.
Locking the screen empties the list (it names cases) and drops an open note; unlocking reads it
again.
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

from app.ui import sync_resolve
from app.ui.sync_indicator import LEVEL_STYLE, SyncIndicator
from app.ui.sync_resolve import NotePrompt
from app.ui.sync_words import local_time, reason_words, record_kind

if TYPE_CHECKING:
    from app.services.sync_problems import Resolution
    from app.ui.context import UiContext


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
        self.prompt: NotePrompt | None = None  # the note being asked for, if any
        self._chosen: str | None = None  # the change id selected last (kept across reloads)
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
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.empty = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.resend_button, self.withdraw_button = QPushButton(self), QPushButton(self)
        self.resend_button.clicked.connect(self.ask_resend)
        self.withdraw_button.clicked.connect(self.ask_withdraw)
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
        for b in (self.resend_button, self.withdraw_button, self.sync_button, self.refresh_button,
                  self.close_button):  # fmt: skip
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
                "this station to open it. A supervisor may send the selected change again where the "
                "server could accept it, or withdraw it; both ask for a note."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("Kind"), self.tr("What happened and what to do"),
             self.tr("The server's words"), self.tr("Queued at")]
        )  # fmt: skip
        self.empty.setText(self.tr("No refused changes: everything sent was accepted."))
        self.withdraw_button.setText(self.tr("&Withdraw…"))
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
        if not self.message.text():  # what a decision said stays until it is read
            self.message.setText(self.tr("Reading…"))
        self._ctx.submit(
            sync_resolve.read_problems, on_done=lambda rows: self._loaded(wanted, rows), on_error=self._failed
        )

    def _loaded(self, wanted: int, rows: list[dict[str, Any]]) -> None:
        if not self._alive() or wanted != self._wanted or self._ctx.is_locked:
            return  # a newer read replaced this one, or the screen was locked meanwhile
        self.rows = rows
        if self.message.text() == self.tr("Reading…"):
            self.message.clear()
        self._fill()
        self.loaded.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        from app.ui.session_ops import error_text

        if self._alive():
            self.message.setText(error_text(exc, self._ctx.lang))

    def _fill(self) -> None:
        chosen = self._chosen
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
        if self.rows:  # the same change again after a reload, else the first: keys work at once
            ids = [str(r["change_id"]) for r in self.rows]
            self.table.selectRow(ids.index(chosen) if chosen in ids else 0)
        self._update_actions()

    def selected(self) -> dict[str, Any] | None:
        """The refused change selected in the list, if any."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not 0 <= rows[0].row() < len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _update_actions(self) -> None:
        row, session = self.selected(), self._ctx.session
        if row is not None:
            self._chosen = str(row["change_id"])
        allowed = sync_resolve.may_resolve(session) and not self._ctx.is_locked
        self.resend_button.setText(sync_resolve.resend_label(row) + "…")
        self.resend_button.setEnabled(row is not None and allowed and bool(row.get("resend")))
        self.resend_button.setToolTip(sync_resolve.why_not_resend(row, session))
        self.withdraw_button.setEnabled(row is not None and allowed)
        self.withdraw_button.setToolTip(
            "" if allowed or row is None else sync_resolve.why_not_resend(row, session)
        )

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
        if self.prompt is not None and shiboken6.isValid(self.prompt):
            self.prompt.discard()
        self._update_actions()

    # -- resolving ---------------------------------------------------------------------------
    def ask_resend(self) -> None:
        """Ask for the note, then send the selected refused change again (database thread)."""
        row = self.selected()
        if row is None or not row.get("resend"):
            return
        self._ask(
            row,
            self.tr("Send a refused change again"),
            sync_resolve.resend_explanation(row),
            sync_resolve.resend_label(row).replace("&", ""),
            sync_resolve.resend_on_db,
        )

    def ask_withdraw(self) -> None:
        """Ask for the note, then withdraw the selected refused change (database thread)."""
        row = self.selected()
        if row is None:
            return
        self._ask(
            row,
            self.tr("Withdraw a refused change"),
            sync_resolve.withdraw_explanation(row),
            self.tr("Withdraw"),
            sync_resolve.withdraw_on_db,
        )

    def _ask(self, row: dict[str, Any], title: str, explanation: str, ok_text: str, decide: Any) -> None:
        if self.prompt is not None and shiboken6.isValid(self.prompt):
            self.prompt.deleteLater()  # never a window the lock still holds: that one was discarded
        prompt = NotePrompt(title, explanation, ok_text, self)
        self.prompt = prompt
        change_id = str(row["change_id"])

        def decided() -> None:
            note = prompt.text()
            self.message.setText(self.tr("Saving…"))
            self._ctx.submit(
                decide(change_id, note), on_done=self._resolved, on_error=self._failed, mutates=True
            )

        prompt.accepted.connect(decided)
        prompt.open()

    def _resolved(self, done: Resolution) -> None:
        if not self._alive():
            return
        if done.state == "resent":
            text = self.tr("Sent again as a new change of %1: it goes to the server at the next sync.")
        else:
            text = self.tr("Withdrawn: the change to %1 stays on this station and is never sent.")
        if not self._ctx.is_locked:  # the lock came first: nothing naming a record on screen
            self.message.setText(text.replace("%1", done.record_id))
        self._indicator.refresh()
        self.reload()

    def _unlocked(self) -> None:
        if self.isVisible():
            self.reload()

    def _activated(self, row: int, _col: int) -> None:
        session = self._ctx.session
        if session is None or not 0 <= row < len(self.rows):
            return
        from app.services.cases import in_register

        case_no = str(self.rows[row]["record"]).split("/")[0]
        # a case in the register, whatever station its number names (one taken over by transfer)
        self._ctx.submit(
            lambda s: in_register(s, case_no),
            on_done=lambda here: self._open(case_no, here),
            on_error=self._failed,
        )

    def _open(self, case_no: str, here: bool) -> None:
        if not self._alive() or self._ctx.is_locked:
            return
        not_here = self.tr("That case belongs to another station; it cannot be opened here.")
        if here:
            if self.message.text() == not_here:  # said of a row opened before, not of this case
                self.message.clear()
            self.open_case.emit(case_no)
        else:
            self.message.setText(not_here)

    def _alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self.table)
