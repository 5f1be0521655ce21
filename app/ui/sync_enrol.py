"""Enrolling the station with the national server from the desktop (Sync ▸ Enrol with the server…).

The same as ``xunren enroll``, in two ways. Over the network: an administrator types the server's
address, the one-time token the server's operator issued (``xunren-server station add``) and, for
USB bundles, the server's bundle key; :func:`app.services.enrolment.enroll` trades the token for
the station's device credential. From a package (a station the network never reaches, issue 14):
the administrator picks the enrolment package on the USB stick and types the passphrase the
operator read out by phone; :func:`app.services.enrolment.enroll_from_package` opens it. Either
runs on a thread of its own ("xunren-enrol": the network wait, or the passphrase's key
derivation) and hands its one write to the database thread. Token and passphrase are typed into
password fields, never logged, and cleared when the dialog closes or the screen locks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.model import AccountRole
from app.ui.background import BackgroundCall
from app.ui.context import LoggedOff
from app.ui.intake.fields import FRAME_STYLE, ProblemLabel, mark_invalid
from app.ui.main_actions import plain_text
from app.ui.progress import ProgressDialog, ProgressReport
from app.ui.sync_words import sync_error_text

if TYPE_CHECKING:
    from app.services.enrolment import Enrolment
    from app.services.session import Session
    from app.ui.context import UiContext


def may_enrol(session: Session | None) -> bool:
    """Only an administrator enrols the station (the service checks it again)."""
    return session is not None and session.role is AccountRole.ADMIN


class EnrolDialog(QDialog):
    """Over the network (server address, one-time token, optional bundle key) or from a package
    (file and passphrase); "Enrol" asks the server or opens the package."""

    enrolled = Signal(object)  # Enrolment
    rebuilt = Signal(object)  # app.services.rebuild.RebuildReport (issue 14: a station that lost its disk)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.busy = False
        self._request = 0  # answers to an earlier request (the dialog was closed meanwhile) are dropped
        self.setProperty("closes_on_lock", True)  # the main window does not show it again on unlock
        self._call = BackgroundCall(self)
        self._call.done.connect(self._done)
        self._call.failed.connect(self._failed)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.server = QLineEdit(self)
        self.server.setPlaceholderText("https://")
        self.token = QLineEdit(self)
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.bundle_key = QLineEdit(self)
        self.bundle_key.setPlaceholderText("xk1.…")
        self.by_network = QRadioButton(self)
        self.by_package = QRadioButton(self)
        self.by_network.setChecked(True)
        self.way = QButtonGroup(self)
        self.way.addButton(self.by_network)
        self.way.addButton(self.by_package)
        self.by_network.toggled.connect(self._show_way)
        self.package = QLineEdit(self)
        self.package.setPlaceholderText("E:\\…\\370783001.xep")
        self.choose = QPushButton(self)
        self.choose.clicked.connect(self._choose_package)
        package_row = QWidget(self)
        row = QHBoxLayout(package_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.package, 1)
        row.addWidget(self.choose)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("0000 0000 0000 0000 0000 0000")
        # Issue 14: a fresh station whose disk was lost takes its register back from the server.
        self.rebuild = QCheckBox(self)
        self.rebuild.toggled.connect(self._show_way)
        self.progress: ProgressDialog | None = None
        self.problem = ProblemLabel(self)
        self.state = QLabel(self)
        # Own buttons, not the standard OK/Cancel: Qt renames those on a language switch.
        self.buttons = QDialogButtonBox(self)
        self.enrol_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.enrol_button.setDefault(True)
        self.buttons.accepted.connect(self.enrol)
        self.buttons.rejected.connect(self.reject)
        self.labels = [QLabel(self) for _ in range(5)]
        self.form = QFormLayout()
        rows = (self.server, self.token, self.bundle_key, package_row, self.passphrase)
        for label, field in zip(self.labels, rows, strict=True):
            label.setBuddy(self.package if field is package_row else field)
            self.form.addRow(label, field)
        ways = QHBoxLayout()
        ways.addWidget(self.by_network)
        ways.addWidget(self.by_package)
        ways.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addLayout(ways)
        box.addLayout(self.form)
        box.addWidget(self.rebuild)
        box.addWidget(self.problem)
        box.addWidget(self.state)
        box.addWidget(self.buttons)
        ctx.locked.connect(self.reject)  # a token must not wait on a locked screen
        ctx.session_changed.connect(self.reject)
        self.setMinimumWidth(560)
        self.setStyleSheet(FRAME_STYLE)  # a missing field gets the intake form's red frame
        self.retranslate()
        self._show_way()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Enrol with the national server"))
        texts = (
            self.tr("&Server address"),
            self.tr("One-time &token"),
            self.tr("&Bundle key (optional)"),
            self.tr("Enrolment pac&kage"),
            self.tr("Package &passphrase"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.by_network.setText(self.tr("Over the &network"))
        self.by_package.setText(self.tr("From a package on a &USB stick (no network)"))
        self.choose.setText(self.tr("&Choose…"))
        self.rebuild.setText(
            self.tr("&Rebuild this station's register from the server (the station lost its disk)")
        )
        self.rebuild.setToolTip(
            self.tr(
                "Only for a station just set up with the same station code and no case: every case, "
                "sample, hand-over and photo the server holds of this station comes back, numbering "
                "goes on above the server's highest numbers. Over the network, use the token from "
                "station rotate; from a USB stick, the rebuild package from station rotate --package "
                "--rebuild and its passphrase."
            )
        )
        self._intro_text()
        self.enrol_button.setText(self.tr("&Enrol"))
        self.cancel_button.setText(self.tr("Cancel"))

    def _intro_text(self) -> None:
        if self.by_package.isChecked() and self.rebuild.isChecked():
            text = self.tr(
                "A station that lost its disk and never reaches the network takes its register back "
                "from a rebuild package: the national operator writes it to a USB stick (xunren-server "
                "station rotate … --package … --rebuild) and reads you its passphrase, 24 digits, by "
                "phone. Then write a sync bundle for the server as usual."
            )
        elif self.by_package.isChecked():
            text = self.tr(
                "A station the network never reaches enrols from a package: the national operator "
                "writes it to a USB stick (xunren-server station add … --package) and reads you its "
                "passphrase, 24 digits, by phone. Changes then travel on the stick as sync bundles "
                "(xunren sync export and sync import)."
            )
        else:
            text = self.tr(
                "Enrolling connects this station to the national server. The server's operator gives "
                "you its address and a one-time token. The server gives its bundle key (for sync "
                "bundles on a USB stick) at enrolment; a bundle key typed here is checked against it. "
                "Everything waiting here is sent once enrolled."
            )
        self.intro.setText(text)

    def _show_way(self) -> None:
        """Show the rows of the chosen way (network: 0–2, package: 3–4)."""
        package = self.by_package.isChecked()
        for index in range(5):
            self.form.setRowVisible(index, (index >= 3) == package)
        self.package.setPlaceholderText(
            "E:\\…\\370783001.xrp" if self.rebuild.isChecked() else "E:\\…\\370783001.xep"
        )
        self.problem.show_problem(None)
        self._intro_text()

    def _choose_package(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Enrolment package"),
            "",
            self.tr("Enrolment and rebuild packages (*.xep *.xrp);;All files (*)"),
        )
        if name:
            self.package.setText(name)

    # -- asking the server -------------------------------------------------------------------
    def _required(self) -> list[tuple[QLineEdit, QLabel]]:
        if self.by_package.isChecked():
            return [(self.package, self.labels[3]), (self.passphrase, self.labels[4])]
        return [(self.server, self.labels[0]), (self.token, self.labels[1])]

    def enrol(self) -> None:
        """Check the required fields, then ask the server (or open the package) on a thread of
        our own."""
        session = self._ctx.session
        if self.busy or session is None:
            return
        fields = self._required()
        missing = [(w, plain_text(label.text())) for w, label in fields if not w.text().strip()]
        for widget in (self.server, self.token, self.package, self.passphrase):
            mark_invalid(widget, any(w is widget for w, _t in missing))
        if missing:
            self.problem.show_problem(self.tr("%1: required").replace("%1", missing[0][1]))
            missing[0][0].setFocus()
            return
        if not may_enrol(session):
            self.problem.show_problem(self.tr("Only an administrator can enrol the station."))
            return
        self.problem.show_problem(None)
        self._set_busy(True)
        self._request += 1
        url, token = self.server.text().strip(), self.token.text().strip()
        key = self.bundle_key.text().strip() or None
        writer = self._ctx.writer_for(session)
        if self.rebuild.isChecked():
            self._call.start("xunren-enrol", self._rebuild_work(session, url, token, key), tag=self._request)
            return
        if self.by_package.isChecked():
            self._call.start("xunren-enrol", self._package_work(session), tag=self._request)
            return

        def work() -> Enrolment:
            from app.services.enrolment import enroll

            return enroll(session, url, token, bundle_key=key, writer=writer)

        self._call.start("xunren-enrol", work, tag=self._request)

    def _rebuild_work(self, session: Session, url: str, token: str, key: str | None) -> Any:
        """Enrol, then rebuild the register behind a progress window (it keeps what came back
        if it is cut off: the same choice again goes on, so there is no Cancel). Over the
        network, or from the rebuild package on a USB stick (``app.services.rebuild_usb``)."""
        writer = self._ctx.writer_for(session)
        report = ProgressReport()
        from_file = self.by_package.isChecked()
        path, passphrase = self.package.text().strip(), self.passphrase.text()
        self.progress = ProgressDialog(
            self.tr("Rebuilding from the national server"),
            self.tr("Opening the rebuild package…")
            if from_file
            else self.tr("Enrolling and asking the server what it holds of this station…"),
            report,
            cancellable=False,
            parent=self,
        )
        self.progress.open()
        records, photos, syncing = (
            self.tr("Cases and records back: %1 of %2"),
            self.tr("Photos back: %1 of %2 records"),
            self.tr("Synchronising with the server…"),
        )

        def say(step: Any) -> None:
            if step.stage == "sync":
                report.say(syncing)
                return
            text = photos if step.stage == "photo" else records
            report.say(text.replace("%1", f"{step.done:,}").replace("%2", f"{step.total:,}"))
            report.stepped.emit(step.done, step.total)

        def work() -> Any:
            if from_file:
                from app.services.rebuild_usb import rebuild_from_package

                return rebuild_from_package(session, path, passphrase, writer=writer, progress=say)
            from app.services.rebuild import rebuild_from_server

            return rebuild_from_server(session, url, token, bundle_key=key, writer=writer, progress=say)

        return work

    def _close_progress(self) -> None:
        if self.progress is not None and shiboken6.isValid(self.progress):
            self.progress.done_working()
        self.progress = None

    def _package_work(self, session: Session) -> Any:
        path, passphrase = self.package.text().strip(), self.passphrase.text()
        writer = self._ctx.writer_for(session)

        def work() -> Enrolment:
            from app.services.enrolment import enroll_from_package, read_package

            return enroll_from_package(session, read_package(path), passphrase, writer=writer)

        return work

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in self._inputs():
            widget.setEnabled(not busy)
        for button in (self.enrol_button, self.cancel_button):
            button.setEnabled(not busy)  # the answer is on its way: wait for it
        waiting = (
            self.tr("Opening the package…") if self.by_package.isChecked() else self.tr("Asking the server…")
        )
        self.state.setText(waiting if busy else "")

    def _inputs(self) -> tuple[QWidget, ...]:
        return (self.server, self.token, self.bundle_key, self.package, self.choose, self.passphrase,
                self.by_network, self.by_package, self.rebuild)  # fmt: skip

    def _current(self, request: int) -> bool:
        return shiboken6.isValid(self) and request == self._request and self.busy

    def _done(self, request: int, enrolment: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self._close_progress()
        if self._current(request):
            self._set_busy(False)
            self.accept()
        from app.services.rebuild import RebuildReport

        if isinstance(enrolment, RebuildReport):
            self.rebuilt.emit(enrolment)
            return
        self.enrolled.emit(enrolment)  # enrolled even if the dialog was closed meanwhile

    def _failed(self, request: int, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self._close_progress()
        if not self._current(request):
            return  # the dialog was closed meanwhile: nothing was stored, nobody to tell
        self._set_busy(False)
        if isinstance(exc, LoggedOff):
            self.reject()
            return
        self.problem.show_problem(sync_error_text(exc, self._ctx.lang))
        (self.passphrase if self.by_package.isChecked() else self.token).setFocus()

    def done(self, result: int) -> None:
        """Closing in any way (also a lock or a logoff while the server is asked) forgets what was
        typed, the token above all; an answer still on its way is then dropped."""
        self._request += 1
        self._set_busy(False)
        for widget in (self.server, self.token, self.bundle_key, self.package, self.passphrase):
            widget.clear()
            mark_invalid(widget, False)
        self.problem.show_problem(None)
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.busy:
            return  # the answer is on its way: wait for it rather than lose what it says
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy and not self._ctx.is_locked and self._ctx.session is not None:
            event.ignore()  # the window's close button waits for the answer too
            return
        super().closeEvent(event)
