"""Case transfers on the desktop (issue 14): the request from the case detail (a station code and
a reason), the window listing every transfer sent and received with a supervisor's Approve, the
receiving supervisor's Decline and the sending station's Withdraw (each with a reason, shown in
the list with who ended it), and the words of the read-only notice on a case transferred away.
Service calls run on the database worker (``submit_for``)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.model import AccountRole
from app.core.transfer import MAX_TRANSFER_REASON, TransferDirection, TransferState
from app.services import transfers
from app.ui.detail.life_dialogs import ReasonDialog
from app.ui.i18n import current_language, follow_language
from app.ui.intake.fields import describe_error, submit_for
from app.ui.sync_resolve import NotePrompt
from app.ui.sync_words import local_time

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.transfers import Transfer
    from app.ui.context import UiContext

SUPERVISING = (AccountRole.SUPERVISOR, AccountRole.ADMIN)


class TransferDialog(ReasonDialog):
    """Ask for a case to be handed to another station: its 9-digit code and the reason."""

    def __init__(self, case_no: str, supervising: bool, parent: QWidget | None = None) -> None:
        self._supervising = supervising
        note = (
            self.tr(
                "Your approval goes with the request; the receiving station's supervisor approves it in turn."
            )
            if supervising
            else self.tr("A supervisor of this station approves the request first.")
        )
        super().__init__(
            self.tr("Transfer case %1 to another station").replace("%1", case_no),
            self.tr("The case keeps its number and status; the receiving station may change it from then on, "
                    "this station keeps a read-only copy.") + " " + note,
            parent,
            ok_text=self.tr("&Request transfer"),
        )  # fmt: skip

    def _extra_rows(self) -> None:
        self.station = QLineEdit(self)
        self.station.setObjectName("transfer-station")
        self.station.setMaxLength(9)
        self.station.setPlaceholderText(self.tr("9-digit station code, e.g. 450304001"))
        label = QLabel(self.tr("Receiving &station"), self)
        label.setBuddy(self.station)
        self.box.addWidget(label)
        self.box.addWidget(self.station)

    def code(self) -> str:
        return self.station.text().strip()

    def accept(self) -> None:
        if not (self.code().isdigit() and len(self.code()) == 9):
            self.problem.show_problem(self.tr("The receiving station is a 9-digit code."))
            self.station.setFocus()
            return
        super().accept()


class EndPrompt(NotePrompt):
    """The reason for declining or withdrawing a transfer: required, and no longer than the
    service takes (said in the dialog, the text kept)."""

    def __init__(self, title: str, explanation: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(title, explanation, ok_text, parent)
        self.setObjectName("transfer-end-prompt")
        self.note.setPlaceholderText(self.tr("Why (kept with the transfer and in the audit log)"))

    def accept(self) -> None:
        if len(self.text()) > MAX_TRANSFER_REASON:
            self.problem.show_problem(
                self.tr("The reason is too long: at most %1 characters.").replace(
                    "%1", str(MAX_TRANSFER_REASON)
                )
            )
            self.note.setFocus()
            return
        super().accept()


class TransfersWindow(QDialog):
    """Every transfer this station sent or received; a supervisor approves the selected one, the
    receiving supervisor declines it, the sending station withdraws it."""

    open_case = Signal(str)
    changed = Signal()

    COLUMNS = 8
    STATION_COLUMNS = (3, 4)  # "code name": at most STATION_WIDTH wide, the whole in the tooltip
    STATION_WIDTH = 252
    TEXT_COLUMNS = (6, 7)  # the reason and who ended it and why: share the rest, wrapped
    CELL_TEXT = 160  # characters of a reason in its cell; the tooltip has all of it

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[Transfer] = []
        self._read = False
        self.resize(1280, 460)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("transfer-table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column in self.TEXT_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open_case.emit(self.rows[row].case_no))
        self.prompt: EndPrompt | None = None  # the reason being asked for, if any
        self.approve_button = QPushButton(self)
        self.approve_button.clicked.connect(self.approve)
        self.decline_button = QPushButton(self)
        self.decline_button.setObjectName("transfer-decline")
        self.decline_button.clicked.connect(self.ask_decline)
        self.withdraw_button = QPushButton(self)
        self.withdraw_button.setObjectName("transfer-withdraw")
        self.withdraw_button.clicked.connect(self.ask_withdraw)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self._open)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.decline_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.addWidget(self.note)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        order = (self.table, self.approve_button, self.decline_button, self.withdraw_button,
                 self.open_button, self.close_button)  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        ctx.locked.connect(self._discard_prompt)
        self.retranslate()
        self._selected()

    def retranslate(self) -> None:
        """The window's fixed words, and the table again from the transfers already read."""
        self.setWindowTitle(self.tr("Case transfers"))
        self.table.setHorizontalHeaderLabels([
            self.tr("ID"), self.tr("Case"), self.tr("Persons"), self.tr("From"), self.tr("To"),
            self.tr("State"), self.tr("Reason"), self.tr("Declined / withdrawn"),
        ])  # fmt: skip
        self.approve_button.setText(self.tr("&Approve"))
        self.decline_button.setText(self.tr("&Decline…"))
        self.decline_button.setToolTip(
            self.tr("Decline the selected transfer: the case stays with the sending station")
        )
        self.withdraw_button.setText(self.tr("&Withdraw…"))
        self.withdraw_button.setToolTip(
            self.tr("Withdraw the selected transfer before the receiving station accepts it")
        )
        self.open_button.setText(self.tr("&Open case"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        follow_language(
            self, event, self.retranslate, (lambda: self._show(self.rows, "")) if self._read else None
        )
        super().changeEvent(event)

    def present(self) -> None:
        self.reload()
        self.show()
        self.raise_()
        self.activateWindow()

    def reload(self, note: str = "", *, problem: bool = False) -> None:
        submit_for(self._ctx, self, transfers.list_transfers, on_done=lambda rows: self._show(rows, note, problem),
                   on_error=self._failed, label=self.tr("Reading transfers…"))  # fmt: skip

    def _ended(self, t: Transfer) -> str:
        """Who declined or withdrew *t* and why, or ""."""
        if t.state not in (TransferState.DECLINED, TransferState.WITHDRAWN) or not (
            t.ended_by or t.end_reason
        ):
            return ""
        return self.tr("%1: %2").replace("%1", t.ended_by or "").replace("%2", t.end_reason or "")

    def _cut(self, text: str) -> str:
        """*text* on one line, cut short for its cell."""
        flat = " ".join(text.split())
        return flat if len(flat) <= self.CELL_TEXT else flat[: self.CELL_TEXT - 1] + "…"

    def _show(self, rows: list[Transfer], note: str, problem: bool = False) -> None:
        lang = current_language()
        self.rows = rows
        self._read = True
        self.table.setRowCount(len(rows))
        for i, t in enumerate(rows):
            ended = self._ended(t)
            values = [t.short_id, t.case_no, t.names, f"{t.from_station} {t.from_name}".strip(),
                      f"{t.to_station} {t.to_name}".strip(), t.state_text(lang), self._cut(t.reason),
                      self._cut(ended)]  # fmt: skip
            tip = f"{t.id}\n{local_time(t.requested_at)} · {t.requested_by}\n{t.reason}"
            if ended:
                tip += f"\n{t.state_text(lang)} · {t.ended_by or ''}\n{t.end_reason or ''}"
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                if t.waits_for_us():
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setToolTip(tip)
                self.table.setItem(i, j, item)
        for column in range(self.COLUMNS):  # the text columns keep sharing what is left
            if column not in self.TEXT_COLUMNS:
                self.table.resizeColumnToContents(column)
        for column in self.STATION_COLUMNS:
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), self.STATION_WIDTH))
        waiting = sum(t.waits_for_us() for t in rows)
        text = note or (
            self.tr("Transfers waiting for this station's supervisor: %n", "", waiting) if waiting else ""
        )
        self.note.setText(text or self.tr("No transfer waits for this station."))
        self.note.setStyleSheet("color: #b3261e;" if problem else "")
        first = next((i for i, t in enumerate(rows) if t.waits_for_us()), 0 if rows else -1)
        if first >= 0:
            self.table.selectRow(first)
        self._selected()

    def _current(self) -> Transfer | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and self.table.selectedItems() else None

    def _selected(self) -> None:
        t = self._current()
        session = self._ctx.session
        supervising = session is not None and session.role in SUPERVISING
        mine = t is not None and session is not None and t.requested_by == session.user
        self.approve_button.setEnabled(t is not None and supervising and t.waits_for_us() and not mine)
        self.decline_button.setEnabled(t is not None and supervising and self._declinable(t))
        self.withdraw_button.setEnabled(
            t is not None
            and t.direction is TransferDirection.OUTGOING
            and (
                (t.state is TransferState.AWAITING_SENDER and (supervising or mine))
                or (t.state is TransferState.AWAITING_RECEIVER and supervising)
            )
        )
        self.open_button.setEnabled(t is not None)

    @staticmethod
    def _declinable(t: Transfer) -> bool:
        """An incoming transfer that awaits this station (the receiving supervisor decides)."""
        return t.direction is TransferDirection.INCOMING and t.state is TransferState.AWAITING_RECEIVER

    def _open(self) -> None:
        t = self._current()
        if t is not None:
            self.open_case.emit(t.case_no)

    def approve(self) -> None:
        t = self._current()
        if t is None:
            return
        transfer_id = t.id
        done = self.tr("Transfer %1 approved; it travels with the next sync.").replace("%1", t.short_id)

        def finished(_result: object) -> None:
            self.changed.emit()
            self.reload(done)

        submit_for(self._ctx, self, lambda s: transfers.approve_transfer(s, transfer_id), on_done=finished,
                   on_error=self._failed, label=self.tr("Saving…"), mutates=True)  # fmt: skip

    def ask_decline(self) -> None:
        """Ask for the reason, then decline the selected incoming transfer (database thread)."""
        t = self._current()
        if t is None or not self._declinable(t):
            return
        sender = f"{t.from_station} {t.from_name}".strip()
        self._ask(
            t,
            self.tr("Decline transfer %1").replace("%1", t.short_id),
            self.tr("Case %1 stays with %2, which is told at the next sync who declined the transfer "
                    "and why.").replace("%1", t.case_no).replace("%2", sender),
            self.tr("Decline"),
            transfers.decline_transfer,
            self.tr("Transfer %1 declined; the sending station is told at the next sync."),
        )  # fmt: skip

    def ask_withdraw(self) -> None:
        """Ask for the reason, then withdraw the selected outgoing transfer (database thread)."""
        t = self._current()
        if t is None or t.direction is not TransferDirection.OUTGOING:
            return
        if t.state is TransferState.AWAITING_SENDER:
            explanation = self.tr("The request for case %1 never left this station: it is withdrawn here "
                                  "and the case stays.").replace("%1", t.case_no)  # fmt: skip
            done = self.tr("Transfer %1 withdrawn.")
        else:
            explanation = self.tr(
                "Case %1 stays here. The receiving station is told at the next sync who withdrew the "
                "transfer and why; if it accepted the transfer first, the case moves as accepted."
            ).replace("%1", t.case_no)
            done = self.tr("Transfer %1 withdrawn; the receiving station is told at the next sync.")
        self._ask(
            t, self.tr("Withdraw transfer %1").replace("%1", t.short_id), explanation, self.tr("Withdraw"),
            transfers.withdraw_transfer, done,
        )  # fmt: skip

    def _ask(
        self,
        t: Transfer,
        title: str,
        explanation: str,
        ok_text: str,
        end: Callable[[Session, str, str], Transfer],
        done: str,
    ) -> None:
        """Ask for the reason in a window-modal prompt (Escape cancels); on OK run *end* with it."""
        if self.prompt is not None and shiboken6.isValid(self.prompt):
            self.prompt.deleteLater()  # never one the lock still holds: that one was discarded
        prompt = EndPrompt(title, explanation, ok_text, self)
        self.prompt = prompt
        transfer_id, said = t.id, done.replace("%1", t.short_id)

        def decided() -> None:
            reason = prompt.text()
            self.note.setText(self.tr("Saving…"))
            self.note.setStyleSheet("")

            def finished(_result: object) -> None:
                self.changed.emit()
                self.reload(said)

            submit_for(self._ctx, self, lambda s: end(s, transfer_id, reason), on_done=finished,
                       on_error=self._refused, label=self.tr("Saving…"), mutates=True)  # fmt: skip

        prompt.accepted.connect(decided)
        prompt.open()

    def _discard_prompt(self) -> None:
        """The screen locked: drop the reason being typed; the prompt never shows again (the main
        window still holds it to show again on unlock, so it is deleted only when replaced)."""
        if self.prompt is not None and shiboken6.isValid(self.prompt):
            self.prompt.discard()

    def _refused(self, exc: BaseException) -> None:
        """The service said no: its words, and the list as it is now (it may have changed)."""
        self.reload(
            describe_error(exc, self._ctx.lang, self.tr("The transfer was not changed")), problem=True
        )

    def _failed(self, exc: BaseException) -> None:
        self.note.setText(describe_error(exc, self._ctx.lang, self.tr("The transfers could not be read")))
        self.note.setStyleSheet("color: #b3261e;")
