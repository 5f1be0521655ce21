"""Restore from a backup…, on the logon window: ``xunren restore FILE`` from the desktop app.

An administrator (user name and password, or the recovery key) picks the backup file. The
restore runs on the database thread behind a progress window that names each stage (reading,
checking every page and the audit chain, installing); before anything is replaced the window
asks, in words, what the restore drops (:class:`app.services.restore.RestorePlan`). Nothing is
replaced until the administrator agrees, so the window offers Cancel: the station stays as it
was. The work runs before anyone is logged on, so it needs no session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.progress import Cancelled, ProgressDialog, ProgressReport

if TYPE_CHECKING:
    from app.services.restore import Restored, RestorePlan
    from app.ui.context import UiContext

_SHOWN = 10  # case numbers named in the question; the rest are counted


class _Question(QObject):
    """Asks the GUI thread whether to go on, from the database thread, and waits for the answer."""

    asking = Signal(object)
    committing = Signal()  # the files are about to be replaced: Cancel can no longer keep that from happening

    def __init__(self, decide: Callable[[RestorePlan], bool], report: ProgressReport) -> None:
        super().__init__()
        self._decide = decide
        self._report = report
        self._answer = False
        self._ready = threading.Event()
        self.asking.connect(self._ask, Qt.ConnectionType.QueuedConnection)

    def _ask(self, plan: RestorePlan) -> None:
        try:
            self._answer = bool(self._decide(plan))
        finally:
            self._ready.set()

    def ask(self, plan: RestorePlan) -> bool:
        """On the database thread: the administrator's answer (False once Cancel was pressed)."""
        self.asking.emit(plan)
        while not self._ready.wait(0.1):
            if self._report.cancelling:
                return False
        return self._answer and not self._report.cancelling


class RestoreDialog(QDialog):
    """The backup file and who restores it; then the restore, with progress and the question."""

    restored = Signal(object)  # Restored, on the GUI thread

    def __init__(self, ctx: UiContext, data_dir: Path, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._data_dir = data_dir
        self.progress: ProgressDialog | None = None
        self.decide: Callable[[RestorePlan], bool] = self._ask_to_go_on  # tests answer for the officer
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.file = QLineEdit(self)
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.user = QLineEdit(user, self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.use_key = QCheckBox(self.tr("Use the &recovery key instead"), self)
        self.key = QLineEdit(self)
        self.key.setEnabled(False)
        self.use_key.toggled.connect(self._key_toggled)
        form = QFormLayout()
        for text, field, layout in (
            (self.tr("Backup &file:"), self.file, row),
            (self.tr("&Administrator:"), self.user, None),
            (self.tr("&Password:"), self.password, None),
            ("", self.use_key, None),
            (self.tr("Recovery &key:"), self.key, None),
        ):
            label = QLabel(text, self)
            label.setBuddy(field)  # the label's Alt+letter moves to its field
            form.addRow(label, layout if layout is not None else field)
        explain = QLabel(
            self.tr(
                "The backup is checked whole (its signature, every page, the audit chain) before "
                "anything is replaced, and you are told first what the restore drops. The station "
                "it replaces is kept in a replaced-… folder; accounts, passwords and lockouts stay "
                "as they are now."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Restore"))
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(explain)
        box.addLayout(form)
        box.addWidget(self.problem)
        box.addWidget(buttons)
        self.setMinimumWidth(560)
        (self.password if user else self.file).setFocus()

    def _key_toggled(self, on: bool) -> None:
        self.key.setEnabled(on)
        self.user.setEnabled(not on)
        self.password.setEnabled(not on)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Restore from a backup"), "", self.tr("Xunren backups (*.xrb);;All files (*)")
        )
        if path:
            self.file.setText(path)

    def _credential(self) -> Any:
        from app.services.restore import Credential

        if self.use_key.isChecked():
            return Credential(None, self.key.text().strip()) if self.key.text().strip() else None
        user = self.user.text().strip()
        return Credential(user, self.password.text()) if user and self.password.text() else None

    def start(self) -> None:
        """Check what was typed, then restore on the database thread behind a progress window."""
        path = Path(self.file.text().strip())
        who = self._credential()
        if not self.file.text().strip() or not path.is_file():
            self.problem.setText(self.tr("Choose the backup file."))
            return
        if who is None:
            self.problem.setText(self.tr("Give an administrator's name and password, or the recovery key."))
            return
        self.problem.clear()
        report = ProgressReport()
        question = _Question(self.decide, report)
        stages = {
            "read": self.tr("Reading the backup and checking its signature…"),
            "verify": self.tr("Checking every page of the backup and its audit chain…"),
            "install": self.tr("Installing the backup with a fresh data key…"),
        }

        def stage(name: str) -> None:
            if report.cancelling:
                raise Cancelled()
            if name == "install":
                question.committing.emit()
            report.say(stages.get(name, name))

        def work() -> Restored:
            from app.services.restore import restore

            return restore(path, self._data_dir, who, confirm=question.ask, stage=stage)

        self.progress = ProgressDialog(self.tr("Restore from a backup"), stages["read"], report,
                                       cancellable=True, parent=self)  # fmt: skip
        self.progress.question = question  # type: ignore[attr-defined]  # kept alive with the window
        question.committing.connect(self._no_more_cancel)
        self._ctx.submit_plain(work, on_done=self._done, on_error=self._failed, label=self.tr("Restoring…"))
        self.progress.open()

    def _ask_to_go_on(self, plan: RestorePlan) -> bool:
        answer = QMessageBox.question(
            self.progress or self,
            self.tr("Restore from a backup"),
            "\n\n".join(self.plan_lines(plan)) + "\n\n" + self.tr("Go on with the restore?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def plan_lines(self, plan: RestorePlan) -> list[str]:
        """What the restore will do, in the officer's words (as `xunren restore` prints it)."""
        lines = [
            self.tr("Backup of station %1, made %2.")
            .replace("%1", plan.station_code)
            .replace("%2", plan.backup_made)
        ]
        if not plan.over_station:
            lines.append(self.tr("Numbers given after the backup are not known here: sync with the national "
                                 "server before registering new cases."))  # fmt: skip
            return lines
        if plan.dropped_cases:
            listed = ", ".join(plan.dropped_cases[:_SHOWN]) + (
                " …" if len(plan.dropped_cases) > _SHOWN else ""
            )
            lines.append(self.tr("It drops %n case(s) registered after the backup: %1.", "", len(plan.dropped_cases))
                         .replace("%1", listed))  # fmt: skip
        if plan.dropped_changes:
            lines.append(self.tr("It drops %n change(s) the national server has not acknowledged yet.", "",
                                 plan.dropped_changes))  # fmt: skip
        if not plan.drops_anything:
            lines.append(self.tr("Nothing registered since the backup is dropped."))
        return lines

    def _no_more_cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel_button.setEnabled(False)
            self.progress._cancellable = False  # Esc and closing wait for the end as well

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.done_working()

    def _done(self, done: Restored) -> None:
        self._close_progress()
        self.password.clear()
        self.key.clear()
        self.restored.emit(done)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from app.services.errors import ServiceError
        from app.ui.session_ops import error_text

        self._close_progress()
        self.password.clear()
        cancelled = isinstance(exc, Cancelled) or (
            isinstance(exc, ServiceError) and exc.key == "restore_cancelled"
        )
        if cancelled:
            self.problem.setText(self.tr("Restore cancelled: nothing was changed."))
        else:
            self.problem.setText(error_text(exc, self._ctx.lang))
