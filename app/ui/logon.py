"""The logon window (banner acknowledged first), the lock screen and the inactivity watch.

Nothing here imports the store: the logon itself runs on the database runner, which loads the
services while the officer reads the banner and types the password.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.preferences import load_last_user, save_last_user
from app.ui import session_ops
from app.ui.context import UiContext

if TYPE_CHECKING:
    from app.services.session import Session

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def banner_text() -> str:
    """The logon banner every officer acknowledges before logging on."""
    return QCoreApplication.translate(
        "Logon",
        "This system holds personal data about missing and trafficked persons and their families. "
        "Use it only for official police work. Every logon, view, change and print is recorded "
        "in a tamper-evident audit log. Unauthorised access or disclosure is an offence.",
    )


def weak_kdf_title() -> str:
    """Added to the main window's title while the test-only weak key derivation is on."""
    return QCoreApplication.translate("Logon", "TEST MODE: weak key derivation")


class LogonWindow(QWidget):
    """Banner, acknowledgement, user name and password. Emits ``logged_on`` with the session."""

    logged_on = Signal(object)

    def __init__(
        self, ctx: UiContext, data_dir: Path, parent: QWidget | None = None, *, weak_kdf: bool = False
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._data_dir = data_dir
        # The test-only cheap key derivation is on (XUNREN_TEST_WEAK_KDF=1): say so before anyone
        # sets a password that would then be cheap to guess.
        self.weak_notice = QLabel(self)
        self.weak_notice.setWordWrap(True)
        self.weak_notice.setStyleSheet("background: #b00020; color: white; font-weight: bold; padding: 6px;")
        self.weak_notice.setVisible(weak_kdf)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setMargin(12)
        self.banner.setStyleSheet("background: #fff8e1; color: #3e2700;")
        self.agree = QCheckBox(self)
        self.user = QLineEdit(os.environ.get("XUNREN_USER", "") or load_last_user(), self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.logon_button = QPushButton(self)
        self.logon_button.setDefault(True)
        self.forgot_button = QPushButton(self)
        self.forgot_button.setFlat(True)
        self.forgot_button.setStyleSheet("color: #0b57d0; text-decoration: underline; border: none;")
        self.recovery: QWidget | None = None
        self.restore_button = QPushButton(self)  # issue 13: `xunren restore` from the app
        self.restore_button.setFlat(True)
        self.restore_button.setStyleSheet(self.forgot_button.styleSheet())
        self.notice = QLabel(self)  # what a restore did
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #1b5e20;")
        self.restoring: QWidget | None = None
        self.user_label, self.password_label = QLabel(self), QLabel(self)
        self.user_label.setBuddy(self.user)
        self.password_label.setBuddy(self.password)
        form = QFormLayout()
        form.addRow(self.user_label, self.user)
        form.addRow(self.password_label, self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.forgot_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.logon_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.weak_notice)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.agree)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setTabOrder(self.agree, self.user)
        self.setTabOrder(self.user, self.password)
        self.setTabOrder(self.password, self.logon_button)
        for signal in (self.agree.toggled, self.user.textChanged, self.password.textChanged):
            signal.connect(self._update_button)
        self.logon_button.clicked.connect(self.submit)
        self.forgot_button.clicked.connect(self.open_recovery)
        self.restore_button.clicked.connect(self.open_restore)
        self.password.returnPressed.connect(self.submit)
        self.retranslate()
        self._update_button()
        # A remembered user name: the officer types the password at once.
        (self.password if self.user.text() else self.agree).setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Xunren — log on"))
        self.title.setText(self.tr("Xunren missing persons register — log on"))
        self.banner.setText(banner_text())
        self.agree.setText(self.tr("I have read and &agree"))
        self.user_label.setText(self.tr("&User name:"))
        self.password_label.setText(self.tr("&Password:"))
        self.logon_button.setText(self.tr("&Log on"))
        self.forgot_button.setText(self.tr("Forgot the password? Use the recovery key…"))
        self.restore_button.setText(self.tr("Restore from a backup…"))
        self.weak_notice.setText(
            self.tr(
                "TEST MODE: the weak key derivation for tests is on (XUNREN_TEST_WEAK_KDF=1). "
                "Passwords set now are cheap to guess. Never run a real station like this."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_button(self) -> None:
        ready = self.agree.isChecked() and bool(self.user.text().strip()) and bool(self.password.text())
        self.logon_button.setEnabled(ready)

    def submit(self) -> None:
        """Log on through the runner; the result or the refusal comes back by signal."""
        if not self.logon_button.isEnabled():
            if not self.agree.isChecked():
                self.error.setText(self.tr("Please read the notice and tick “I have read and agree” first."))
            return
        self._set_waiting(True)
        op = session_ops.open_session(
            self._data_dir, self.user.text().strip(), self.password.text(), self._ctx.lang
        )
        self._ctx.submit_plain(op, on_done=self._done, on_error=self._failed, label=self.tr("Logging on…"))

    def open_recovery(self) -> QWidget:
        """The recovery dialog (an administrator and the recovery key from the sealed sheet)."""
        from app.ui.recovery import RecoveryDialog

        dialog = RecoveryDialog(self._ctx, self._data_dir, self.user.text().strip(), self)
        dialog.recovered.connect(self._recovered)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(max(dialog.sizeHint().width(), 620), dialog.sizeHint().height())
        self.recovery = dialog
        dialog.open()
        return dialog

    def open_restore(self) -> QWidget:
        """Restore from a backup… (an administrator or the recovery key; with progress)."""
        from app.ui.restore_backup import RestoreDialog

        dialog = RestoreDialog(self._ctx, self._data_dir, self.user.text().strip(), self)
        dialog.restored.connect(self.show_restored)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.restoring = dialog
        dialog.open()
        return dialog

    def show_restored(self, done: Any) -> None:
        """Say that a backup was restored (here, or by the first-run wizard); the officer logs on."""
        self.error.clear()
        self.notice.setText(
            self.tr("Station %1 was restored from the backup (audit chain of %2 entries verified). Log on.")
            .replace("%1", done.station_code)
            .replace("%2", f"{done.entries:,}")
        )
        self.password.setFocus()

    def _recovered(self, session: Session) -> None:
        self.password.clear()
        self.error.clear()
        self.logged_on.emit(session)

    def _set_waiting(self, waiting: bool) -> None:
        for w in (
            self.agree,
            self.user,
            self.password,
            self.logon_button,
            self.forgot_button,
            self.restore_button,
        ):
            w.setEnabled(not waiting)
        if waiting:
            self.error.setText(self.tr("Opening the encrypted station…"))
        else:
            self._update_button()

    def _done(self, session: Session) -> None:
        with contextlib.suppress(OSError):
            save_last_user(self.user.text().strip())
        self.password.clear()
        self.error.clear()
        self._set_waiting(False)
        self.logged_on.emit(session)

    def _failed(self, exc: BaseException) -> None:
        self._set_waiting(False)
        self.error.setText(session_ops.error_text(exc, self._ctx.lang))
        self.password.clear()
        self.password.setFocus()


class LockScreen(QWidget):
    """Shown instead of the workspace while locked: no case data, only the password to unlock."""

    unlock_requested = Signal(str)
    logoff_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who = QLabel(self)
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setStyleSheet("color: #b00020;")
        self.unlock_button = QPushButton(self)
        self.unlock_button.setDefault(True)
        self.logoff_button = QPushButton(self)
        box = QVBoxLayout()
        box.addWidget(self.heading)
        box.addWidget(self.who)
        box.addWidget(self.password)
        row = QHBoxLayout()
        row.addWidget(self.logoff_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        box.addLayout(row)
        box.addWidget(self.error)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(box, 2)
        outer.addStretch(1)
        box.insertStretch(0, 1)
        box.addStretch(1)
        self.password.returnPressed.connect(self._unlock)
        self.unlock_button.clicked.connect(self._unlock)
        self.logoff_button.clicked.connect(self.logoff_requested)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Screen locked"))
        self.password.setPlaceholderText(self.tr("Password"))
        self.unlock_button.setText(self.tr("&Unlock"))
        self.logoff_button.setText(self.tr("Log &off"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def prepare(self, user: str, station: str) -> None:
        """Reset the screen for a new lock by *user* at *station*."""
        self.who.setText(
            self.tr("%1 is logged on at %2. Enter the password to go on.")
            .replace("%1", user)
            .replace("%2", station)
        )
        self.password.clear()
        self.error.clear()
        self.set_waiting(False)
        self.password.setFocus()

    def set_waiting(self, waiting: bool) -> None:
        self.password.setEnabled(not waiting)
        self.unlock_button.setEnabled(not waiting)

    def show_error(self, text: str) -> None:
        self.set_waiting(False)
        self.error.setText(text)
        self.password.clear()
        self.password.setFocus()

    def _unlock(self) -> None:
        if self.password.text():
            self.set_waiting(True)
            self.unlock_requested.emit(self.password.text())


class InactivityWatch(QObject):
    """Emits ``idle`` after *minutes* without a key press, click or mouse move in the app."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self._timer.setInterval(max(1, min(30, minutes)) * 60_000)
        self.poke()

    def set_interval_ms(self, ms: int) -> None:
        """For tests: a shorter interval than the one-minute floor of the setting."""
        self._timer.setInterval(ms)
        self.poke()

    def poke(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS and self._timer.isActive():
            self._timer.start()
        return False
