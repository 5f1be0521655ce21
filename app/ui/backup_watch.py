"""Scheduled backups in the desktop app: once an hour (and soon after logon) the backup that is
due is written on the database thread, and the status bar warns in red when the last backup is
more than 7 days old or there never was one. An administrator chooses the folder (Station ▸
Scheduled backups…); backups are the encrypted files `xunren backup` writes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from app.ui.context import UiContext
from app.ui.progress import ProgressDialog, ProgressReport, discard, run_with_progress

if TYPE_CHECKING:
    from app.services.backup_schedule import BackupStatus
    from app.services.session import Session

FIRST_CHECK_MS = 60_000
EVERY_MS = 3_600_000


def _run_due(session: Session) -> tuple[Path | None, BackupStatus]:
    from app.services import backup_schedule

    made = backup_schedule.run_due(session)
    return made, backup_schedule.status(session)


class BackupWatch(QLabel):
    """The status bar's backup warning, and the hourly scheduled backup."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.status: BackupStatus | None = None
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self.hide()
        self._timer = QTimer(self)
        self.progress: ProgressDialog | None = None  # the window of a backup made on request
        self._timer.timeout.connect(self.check)

    def start(self, first_ms: int = FIRST_CHECK_MS) -> None:
        QTimer.singleShot(first_ms, self.check)
        self._timer.start(EVERY_MS)

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        """Write the backup that is due (if a folder is chosen), then show the warning if any."""
        if self._ctx.session is None:
            return
        self._ctx.submit(_run_due, on_done=self._checked, on_error=lambda _e: None, mutates=False)

    def _checked(self, result: tuple[Path | None, BackupStatus]) -> None:
        self.status = result[1]
        self.retranslate()

    def retranslate(self) -> None:
        state = self.status
        if state is None or not state.overdue:
            self.hide()
            return
        days = state.days_since()
        if days is None:
            self.setText(self.tr("Never backed up"))
        else:
            self.setText(self.tr("Last backup %1 days ago").replace("%1", str(days)))
        self.setToolTip(
            self.tr("An administrator chooses a folder for daily backups under Station ▸ Scheduled backups…")
        )
        self.show()

    def choose_folder(self, parent: QWidget) -> None:
        """Station ▸ Scheduled backups…: an administrator picks the folder; a backup is made now."""
        from app.core.model import AccountRole

        session = self._ctx.session
        if session is None or session.role is not AccountRole.ADMIN:
            self._say(parent, self.tr("Only an administrator can schedule backups."))
            return
        folder = QFileDialog.getExistingDirectory(
            parent, self.tr("Folder for daily backups"), str(Path.home())
        )
        if folder:
            self.use_folder(parent, Path(folder))

    def use_folder(self, parent: QWidget, folder: Path) -> None:
        """Keep *folder* for daily backups and write the one that is due, behind a progress window
        (no Cancel: the backup has no point to stop at)."""

        def run(session: Session, report: ProgressReport) -> tuple[Path | None, BackupStatus]:
            from app.services import backup_schedule

            backup_schedule.choose_folder(session, folder)
            report.say(self.tr("Exporting and encrypting the database…"))
            return _run_due(session)

        def done(result: tuple[Path | None, BackupStatus]) -> None:
            self._checked(result)
            made = result[0]
            self._say(parent, self.tr("Daily backups go to %1").replace("%1", str(folder))
                      + (self.tr("; one was made now.") if made else "."))  # fmt: skip

        discard(self.progress)
        self.progress = run_with_progress(
            self._ctx,
            parent,
            self.tr("Scheduled backups"),
            self.tr("Checking the folder…"),
            run,
            on_done=done,
            on_error=lambda e: self._say(parent, _words(e, self._ctx.lang)),
            label=self.tr("Backing up…"),
        )

    def _say(self, parent: Any, text: str) -> None:
        bar = getattr(parent, "statusBar", None)
        if bar is not None:
            bar().showMessage(text, 15_000)


def _words(exc: BaseException, lang: str) -> str:
    from app.ui.session_ops import error_text

    return error_text(exc, lang)
