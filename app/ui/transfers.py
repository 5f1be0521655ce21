"""Case transfers on the desktop (issue 14): the request from the case detail (a station code and
a reason), the window listing every transfer sent and received with a supervisor's Approve, and
the words of the read-only notice on a case transferred away. Service calls run on the database
worker (``submit_for``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.model import AccountRole
from app.services import transfers
from app.ui.detail.life_dialogs import ReasonDialog
from app.ui.i18n import current_language, follow_language
from app.ui.intake.fields import describe_error, submit_for
from app.ui.sync_words import local_time

if TYPE_CHECKING:
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


class TransfersWindow(QDialog):
    """Every transfer this station sent or received; a supervisor approves the selected one."""

    open_case = Signal(str)
    changed = Signal()

    COLUMNS = 7

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[Transfer] = []
        self._read = False
        self.resize(1100, 420)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("transfer-table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open_case.emit(self.rows[row].case_no))
        self.approve_button = QPushButton(self)
        self.approve_button.clicked.connect(self.approve)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self._open)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.addWidget(self.note)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        self.retranslate()
        self._selected()

    def retranslate(self) -> None:
        """The window's fixed words, and the table again from the transfers already read."""
        self.setWindowTitle(self.tr("Case transfers"))
        self.table.setHorizontalHeaderLabels([
            self.tr("ID"), self.tr("Case"), self.tr("Persons"), self.tr("From"), self.tr("To"),
            self.tr("State"), self.tr("Reason"),
        ])  # fmt: skip
        self.approve_button.setText(self.tr("&Approve"))
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

    def reload(self, note: str = "") -> None:
        submit_for(self._ctx, self, transfers.list_transfers, on_done=lambda rows: self._show(rows, note),
                   on_error=self._failed, label=self.tr("Reading transfers…"))  # fmt: skip

    def _show(self, rows: list[Transfer], note: str) -> None:
        lang = current_language()
        self.rows = rows
        self._read = True
        self.table.setRowCount(len(rows))
        for i, t in enumerate(rows):
            values = [t.short_id, t.case_no, t.names, f"{t.from_station} {t.from_name}".strip(),
                      f"{t.to_station} {t.to_name}".strip(), t.state_text(lang), t.reason]  # fmt: skip
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                if t.waits_for_us():
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setToolTip(f"{t.id}\n{local_time(t.requested_at)} · {t.requested_by}")
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        waiting = sum(t.waits_for_us() for t in rows)
        text = note or (
            self.tr("Transfers waiting for this station's supervisor: %n", "", waiting) if waiting else ""
        )
        self.note.setText(text or self.tr("No transfer waits for this station."))
        self.note.setStyleSheet("")
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
        self.open_button.setEnabled(t is not None)

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

    def _failed(self, exc: BaseException) -> None:
        self.note.setText(describe_error(exc, self._ctx.lang, self.tr("The transfers could not be read")))
        self.note.setStyleSheet("color: #b3261e;")
