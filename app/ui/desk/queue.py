"""The review queue on the desk: every waiting item with its kind, case, officer, reason and how
long it has waited; approve one or a batch, return one with a comment, open its case.

Work runs on the database thread (ctx.submit); a decision is a mutating operation, so every
screen that shows the register refreshes. The supervisor's own items are shown greyed with a
note: nobody decides their own item.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QItemSelectionModel, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core import words
from app.core.review_desk import QueueItem, waited_words
from app.services.review_desk import Decision, approve_items, return_item, review_queue
from app.ui.context import UiContext
from app.ui.desk.table import fill_table, make_table, selected_keys
from app.ui.detail.life_dialogs import ReasonDialog


class ReviewQueueView(QWidget):
    """The queue; ``open_case(case_no)`` asks the register to show a case, ``message(text)`` says
    what a decision did."""

    open_case = Signal(str)
    message = Signal(str)
    loaded = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[QueueItem] = []
        self.table = make_table(self, multi=True)
        self.summary = QLabel(self)
        self.approve_button = QPushButton(self)
        self.return_button = QPushButton(self)
        self.open_button = QPushButton(self)
        buttons = QHBoxLayout()
        for b in (self.approve_button, self.return_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        self.approve_button.clicked.connect(self.approve_selected)
        self.return_button.clicked.connect(self.ask_return)
        self.open_button.clicked.connect(self._open_current)
        self.table.activated.connect(lambda _i: self._open_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.retranslate()

    def retranslate(self) -> None:
        self.approve_button.setText(self.tr("&Approve selected"))
        self.return_button.setText(self.tr("Re&turn with comment…"))
        self.open_button.setText(self.tr("&Open case"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reload(self) -> None:
        self.ctx.submit(review_queue, on_done=self._loaded, label=self.tr("Reading the review queue…"))

    def _loaded(self, items: list[QueueItem]) -> None:
        self.items = items
        self._show()
        self.loaded.emit(len(items))

    def _show(self) -> None:
        lang = self.ctx.lang
        now = dt.datetime.now(dt.UTC)
        user = self.ctx.session.user if self.ctx.session else ""
        headers = [self.tr("Item"), self.tr("Kind"), self.tr("Case"), self.tr("Persons"), self.tr("Submitted by"),
                   self.tr("Waiting"), self.tr("Reason")]  # fmt: skip
        rows = [[i.id, words.of(i.kind, lang), " ↔ ".join(i.cases), i.names, i.officer,
                 waited_words(i.waited(now), lang), i.reason] for i in self.items]  # fmt: skip
        own = self.tr("Your own item: another supervisor decides it")
        dim = {r: own for r, item in enumerate(self.items) if item.officer == user}  # someone else decides it
        fill_table(self.table, headers, rows, [i.id for i in self.items], dim)
        oldest = waited_words(self.items[0].waited(now), lang) if self.items else ""
        self.summary.setText(
            self.tr("%n item(s) waiting", "", len(self.items))
            + (self.tr("; the oldest has waited %1").replace("%1", oldest) if self.items else "")
        )
        self._enable()

    def _enable(self) -> None:
        chosen = selected_keys(self.table)
        self.approve_button.setEnabled(bool(chosen))
        self.return_button.setEnabled(len(chosen) == 1)
        self.open_button.setEnabled(len(chosen) == 1)

    def _item(self, item_id: str) -> QueueItem | None:
        return next((i for i in self.items if i.id == item_id), None)

    def select_items(self, ids: list[str]) -> None:
        """Select the rows of the items *ids* (what a supervisor does with Ctrl+click)."""
        model, chooser = self.table.model(), self.table.selectionModel()
        chooser.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r, item in enumerate(self.items):
            if item.id in ids:
                chooser.select(model.index(r, 0), flags)

    def approve_selected(self) -> None:
        ids = selected_keys(self.table)
        if ids:
            self.ctx.submit(lambda s: approve_items(s, ids), on_done=self._approved, on_error=self._failed,
                            label=self.tr("Approving…"), mutates=True)  # fmt: skip

    def _approved(self, done: list[Decision]) -> None:
        self.message.emit(
            self.tr("%n item(s) approved", "", len(done)) + "：" + "、".join(d.item.id for d in done)
        )
        self.reload()

    def ask_return(self) -> ReasonDialog | None:
        ids = selected_keys(self.table)
        item = self._item(ids[0]) if len(ids) == 1 else None
        if item is None:
            return None
        dialog = ReasonDialog(
            self.tr("Return item %1").replace("%1", item.id),
            self.tr("%1 sees your comment on case %2.").replace("%1", item.officer).replace("%2", item.case_no),
            self, ok_text=self.tr("&Return"),
        )  # fmt: skip
        dialog.reason_label.setText(self.tr("&Comment"))
        dialog.accepted.connect(lambda: self.ctx.submit(
            lambda s: return_item(s, item.id, dialog.text()), on_done=self._returned, on_error=self._failed,
            label=self.tr("Returning…"), mutates=True))  # fmt: skip
        dialog.open()
        return dialog

    def _returned(self, d: Decision) -> None:
        self.message.emit(
            self.tr("Item %1 returned to %2").replace("%1", d.item.id).replace("%2", d.item.officer)
        )
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        from app.ui.session_ops import error_text

        self.message.emit(error_text(exc, self.ctx.lang))
        self.reload()

    def _open_current(self) -> None:
        ids = selected_keys(self.table)
        item = self._item(ids[0]) if ids else None
        if item is not None:
            self.open_case.emit(item.case_no)
