"""Dialogs of a case's life after intake: a reason for an edit or a reopening, a closure with its
outcome, a supervisor's return comment, and the duplicate warning at intake.

Each refuses to close without what it needs and says so inside the dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.lifecycle import ClosureOutcome
from app.ui.intake import labels
from app.ui.intake.fields import ProblemLabel


class ReasonDialog(QDialog):
    """A title, a note saying what happens, and a reason that must not be empty."""

    def __init__(self, title: str, note: str, parent: QWidget | None = None, *, ok_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 300)
        self.box = QVBoxLayout(self)
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        self.box.addWidget(self.note)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason_label = QLabel(self.tr("&Reason"), self)
        self.reason_label.setBuddy(self.reason)
        self.problem = ProblemLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = QPushButton(ok_text or self.tr("OK"), self)
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._extra_rows()
        self.box.addWidget(self.reason_label)
        self.box.addWidget(self.reason, 1)
        self.box.addWidget(self.problem)
        self.box.addWidget(self.buttons)
        self.reason.setFocus()

    def _extra_rows(self) -> None:
        """Rows a subclass puts above the reason."""

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def accept(self) -> None:
        if not self.text():
            self.problem.show_problem(self.tr("A reason is required."))
            self.reason.setFocus()
            return
        super().accept()


class CloseDialog(ReasonDialog):
    """Ask for the case to be closed with an outcome and a reason; a supervisor approves it."""

    def __init__(self, case_no: str, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Close case %1").replace("%1", case_no),
            self.tr(
                "The case is closed once a supervisor other than you approves it. The family's "
                "receipt check then says it is closed; it can be reopened with a reason."
            ),
            parent,
            ok_text=self.tr("Ask for &closure"),
        )

    def _extra_rows(self) -> None:
        self.outcome = QComboBox(self)
        for outcome in ClosureOutcome:
            self.outcome.addItem(labels.outcome(outcome), outcome.value)
        label = QLabel(self.tr("&Outcome"), self)
        label.setBuddy(self.outcome)
        self.box.addWidget(label)
        self.box.addWidget(self.outcome)

    def chosen(self) -> ClosureOutcome:
        return ClosureOutcome(str(self.outcome.currentData()))


class DuplicateDialog(ReasonDialog):
    """The duplicate warning at intake: the case(s) on file, open one, or register with a reason."""

    open_requested = Signal(str)

    def __init__(self, found: Sequence[Any], parent: QWidget | None = None) -> None:
        lines = "\n".join(f"• {d.existing}  ({self._why(d)})" for d in found)
        super().__init__(
            self.tr("Possible duplicate"),
            self.tr(
                "This person may already be registered:\n%1\n\nOpen the existing case, or register "
                "this one anyway and say why it is not a duplicate."
            ).replace("%1", lines),  # fmt: skip
            parent,
            ok_text=self.tr("&Register anyway"),
        )
        self.existing = [d.existing for d in found]
        self.open_button = QPushButton(self.tr("&Open %1").replace("%1", self.existing[0]), self)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self._open)

    def _why(self, duplicate: Any) -> str:
        if duplicate.sign == "id_number":
            return self.tr("same ID number")
        return self.tr("same name, birth date and reporter's phone")

    def _open(self) -> None:
        self.open_requested.emit(self.existing[0])
        self.reject()
