"""The logon window's "Forgot the password? Use the recovery key": the administrator types the
recovery key from the recovery sheet and a new password; the station opens, the lockout is
lifted, and a new recovery key is shown once with the button to print the new sheet.

Nothing here touches the store: the recovery runs on the database runner
(``app.services.recovery``), which audits it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import session_ops
from app.ui.context import UiContext

if TYPE_CHECKING:
    from app.services.session import Session

MIN_PASSWORD = 10


class RecoveryDialog(QDialog):
    """Recovery key and new password; then the new recovery key. Emits ``recovered(session)``
    when the administrator goes on into the station."""

    recovered = Signal(object)

    def __init__(self, ctx: UiContext, data_dir: Path, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._data_dir = data_dir
        self.session: Session | None = None
        self.pages = QStackedWidget(self)
        self._build_form(user)
        self._build_done()
        self.pages.addWidget(self.form_page)
        self.pages.addWidget(self.done_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.retranslate()
        self._check()

    # -- the form ---------------------------------------------------------------------------
    def _build_form(self, user: str) -> None:
        page = self.form_page = QWidget(self)
        self.intro = QLabel(page)
        self.intro.setWordWrap(True)
        self.user = QLineEdit(user or "admin", page)
        self.key = QLineEdit(page)
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.key.setFont(mono)
        self.password, self.repeat = QLineEdit(page), QLineEdit(page)
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel(page) for _ in range(4)]
        form = QFormLayout()
        for label, edit in zip(self.labels, (self.user, self.key, self.password, self.repeat), strict=True):
            label.setBuddy(edit)
            form.addRow(label, edit)
        self.hint = QLabel(page)
        self.hint.setWordWrap(True)
        self.error = QLabel(page)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.cancel_button, self.recover_button = QPushButton(page), QPushButton(page)
        self.recover_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.recover_button)
        box = QVBoxLayout(page)
        box.addWidget(self.intro)
        box.addLayout(form)
        box.addWidget(self.hint)
        box.addWidget(self.error)
        box.addStretch(1)
        box.addLayout(buttons)
        for edit in (self.user, self.key, self.password, self.repeat):
            edit.textChanged.connect(self._check)
        self.cancel_button.clicked.connect(self.reject)
        self.recover_button.clicked.connect(self.submit)

    def _build_done(self) -> None:
        page = self.done_page = QWidget(self)
        self.done_text = QLabel(page)
        self.done_text.setWordWrap(True)
        self.new_key = QLabel(page)
        self.new_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        mono.setPointSizeF(self.font().pointSizeF() * 1.4)
        mono.setBold(True)
        self.new_key.setFont(mono)
        self.prompt = QLabel(page)
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-weight: bold; color: #8a4b00;")
        self.print_button, self.continue_button = QPushButton(page), QPushButton(page)
        self.continue_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        box = QVBoxLayout(page)
        for w in (self.done_text, self.new_key, self.prompt):
            box.addWidget(w)
        box.addStretch(1)
        box.addLayout(buttons)
        self.print_button.clicked.connect(self.print_recovery_sheet)
        self.continue_button.clicked.connect(self.go_on)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Xunren — use the recovery key"))
        self.intro.setText(
            self.tr(
                "An administrator who forgot the password, or whose account is locked, can open the "
                "station with the recovery key from the sealed recovery sheet and set a new password. "
                "This is recorded in the audit log."
            )
        )
        self.labels[0].setText(self.tr("&Administrator:"))
        self.labels[1].setText(self.tr("Recovery &key:"))
        self.labels[2].setText(self.tr("&New password:"))
        self.labels[3].setText(self.tr("&Repeat password:"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.recover_button.setText(self.tr("&Open the station"))
        self.done_text.setText(
            self.tr(
                "The new password is set and the lockout is lifted. The old recovery sheet no longer "
                "works. The new recovery key:"
            )
        )
        self.prompt.setText(
            self.tr(
                "This key is shown only this once. Print the new recovery sheet now, seal it and lock it "
                "away; destroy the old sheet."
            )
        )
        self.print_button.setText(self.tr("&Print the recovery sheet…"))
        self.continue_button.setText(self.tr("&Continue to the station"))
        self._check()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- behaviour ----------------------------------------------------------------------------
    def problem(self) -> str:
        """What is still missing or wrong, in words ('' when the form can be sent)."""
        if not self.user.text().strip():
            return self.tr("Enter the administrator's user name.")
        if len(self.key.text().replace("-", "").replace(" ", "")) < 32:
            return self.tr("Type the recovery key: 8 groups of 4 characters, as on the sheet.")
        if len(self.password.text()) < MIN_PASSWORD:
            return self.tr("The password needs at least %1 characters.").replace("%1", str(MIN_PASSWORD))
        if self.password.text() != self.repeat.text():
            return self.tr("The two passwords do not match.")
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.hint.setText(problem)
        self.recover_button.setEnabled(not problem)

    def submit(self) -> None:
        if self.problem():
            return
        self._set_waiting(True)
        op = session_ops.recover_admin(
            self._data_dir, self.user.text().strip(), self.key.text(), self.password.text(), self._ctx.lang
        )
        self._ctx.submit_plain(
            op, on_done=self._done, on_error=self._failed, label=self.tr("Opening the station…")
        )

    def _set_waiting(self, waiting: bool) -> None:
        for w in (self.user, self.key, self.password, self.repeat, self.recover_button, self.cancel_button):
            w.setEnabled(not waiting)
        self.error.setText(self.tr("Opening the encrypted station…") if waiting else "")
        if not waiting:
            self._check()

    def _done(self, session: Session) -> None:
        self.session = session
        self.password.clear()
        self.repeat.clear()
        self.key.clear()
        self.new_key.setText(session.recovery_key or "")
        self.pages.setCurrentWidget(self.done_page)
        self.print_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._set_waiting(False)
        self.error.setText(session_ops.error_text(exc, self._ctx.lang))
        self.key.setFocus()

    def print_recovery_sheet(self) -> None:
        """The print preview of the new recovery sheet (it can still be printed: the session
        holds the new key until the window is left)."""
        session = self.session
        if session is None:
            return
        from app.ui.preview import PreviewDialog

        self._ctx.set_session(session)
        lang = self._ctx.lang

        def produce(s: Session) -> bytes:
            from app.services.printing import render_recovery_sheet

            return render_recovery_sheet(s, lang)

        dialog = PreviewDialog(self._ctx, self.tr("Recovery sheet"), produce, file_name="recovery-sheet.pdf",
                               parent=self)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def go_on(self) -> None:
        if self.session is not None:
            self.recovered.emit(self.session)
        self.accept()

    def reject(self) -> None:
        """Closed after the recovery: the station is open, so go on into it (nothing is undone)."""
        if self.session is not None:
            self.go_on()
            return
        super().reject()
