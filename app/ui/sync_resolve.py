"""Resolving a refused change from the sync problems view: the note prompt and its words.

A supervisor or an administrator sends a refused change again (over the server's newer revision
for ``stale_revision``; once its case has arrived for ``missing_case``) or withdraws it, always
with a note. The decisions are :func:`app.services.sync_problems.resend` and ``withdraw``, run on
the database thread; the service checks the role and the per-record order again. The prompt
names a record, so locking the screen closes it for good (its note is dropped).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.intake.fields import ProblemLabel

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.sync_problems import Resolution


def read_problems(session: Session) -> list[dict[str, Any]]:
    """Database thread: every refused change, each saying whether it may be sent again."""
    from app.services.sync_problems import problems

    return problems(session)


def resend_on_db(change_id: str, note: str) -> Any:
    def run(session: Session) -> Resolution:
        from app.services.sync_problems import resend

        return resend(session, change_id, note)

    return run


def withdraw_on_db(change_id: str, note: str) -> Any:
    def run(session: Session) -> Resolution:
        from app.services.sync_problems import withdraw

        return withdraw(session, change_id, note)

    return run


def may_resolve(session: Session | None) -> bool:
    from app.services.sync_problems import RESOLVING  # the service decides who may

    return session is not None and session.role in RESOLVING


def code_of(row: dict[str, Any]) -> str:
    return str(row.get("reason") or "").partition(":")[0].strip()


def resend_label(row: dict[str, Any] | None) -> str:
    """The resend button's words for the selected refusal."""
    if row is not None and code_of(row) == "missing_case":
        return QCoreApplication.translate("SyncResolve", "Send &again")
    return QCoreApplication.translate("SyncResolve", "Send &again over the server's version")


def why_not_resend(row: dict[str, Any] | None, session: Session | None) -> str:
    """Why the selected refusal cannot be sent again (the button's tooltip), or ""."""
    if row is None:
        return QCoreApplication.translate("SyncResolve", "Select a refused change first.")
    if not may_resolve(session):
        return QCoreApplication.translate(
            "SyncResolve", "Only a supervisor or an administrator may resolve a refused change."
        )
    if row.get("resend"):
        return ""
    if int(row.get("later") or 0):
        return QCoreApplication.translate(
            "SyncResolve",
            "A later change of this record carries this station's newer version: withdraw this older one.",
        )
    if code_of(row) == "stale_revision":
        return QCoreApplication.translate(
            "SyncResolve", "The server's answer does not say which version it holds: tell the administrator."
        )
    return QCoreApplication.translate(
        "SyncResolve", "The server would refuse this change again: it can only be withdrawn."
    )


def resend_explanation(row: dict[str, Any]) -> str:
    record = str(row["record"])
    if code_of(row) == "missing_case":
        return QCoreApplication.translate(
            "SyncResolve",
            "The change to %1 will be sent again at the next sync. The server accepts it if the case "
            "it belongs to has reached the server meanwhile.",
        ).replace("%1", record)
    return QCoreApplication.translate(
        "SyncResolve",
        "This station's version of %1 will be sent at the next sync over the newer version the server "
        "holds, and will replace it there. Do this only after checking the server's version.",
    ).replace("%1", record)


def withdraw_explanation(row: dict[str, Any]) -> str:
    return QCoreApplication.translate(
        "SyncResolve",
        "The change to %1 will not be sent to the server. It stays on this station, marked withdrawn "
        "with your note.",
    ).replace("%1", str(row["record"]))


class NotePrompt(QDialog):
    """Asks for the note of a decision (required); OK carries the decision's own words."""

    def __init__(self, title: str, explanation: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._discarded = False
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.explanation = QLabel(explanation, self)
        self.explanation.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("Why (kept with the change and in the audit log)"))
        label = QLabel(self.tr("&Note"), self)
        label.setBuddy(self.note)
        self.problem = ProblemLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.explanation)
        box.addWidget(label)
        box.addWidget(self.note)
        box.addWidget(self.problem)
        box.addWidget(self.buttons)
        self.resize(520, 260)
        self.note.setFocus()

    def text(self) -> str:
        return self.note.toPlainText().strip()

    def accept(self) -> None:
        if not self.text():
            self.problem.show_problem(self.tr("Write a note saying why."))
            self.note.setFocus()
            return
        super().accept()

    def discard(self) -> None:
        """The screen locked: drop the note and never show this prompt again."""
        self._discarded = True
        self.note.clear()
        self.reject()

    def setVisible(self, visible: bool) -> None:
        # The lock re-shows the windows it hid; a discarded prompt stays closed.
        super().setVisible(visible and not self._discarded)
