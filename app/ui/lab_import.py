"""Case ▸ Import lab results…: a lab's STR export, as ``xunren sample import FILE`` reads it.

The file is read and checked whole (:func:`app.core.labimport.read_lab_file`), then every
profile is stored in one transaction (:func:`app.services.samples.import_profiles`) on the
database thread behind a progress window. The import is all or nothing, so the window offers
Cancel: nothing of the file is kept then. What happened comes back as one sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.progress import Cancelled, ProgressDialog, ProgressReport, discard, run_with_progress

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.context import UiContext

MAX_FILE_BYTES = 20 * 1024 * 1024  # a lab's export is small; a bigger file is not one


class TooLarge(Exception):
    """The chosen file is far bigger than any lab's export."""


class LabImport(QObject):
    """Reads a lab's results file and stores its profiles, with progress and Cancel."""

    said = Signal(str)  # what happened, for the status bar

    def __init__(self, ctx: UiContext, window: QWidget) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.progress: ProgressDialog | None = None  # the window of the import under way

    def import_file(self, path: str | None = None) -> None:
        """Import the lab's file at *path* (asked for when not given)."""
        if self._ctx.session is None:
            return
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self._window,
                self.tr("Import lab results"),
                "",
                self.tr("Lab exports (*.csv *.txt *.tsv);;All files (*)"),
            )
            if not path:
                return
        source = Path(path)

        def work(session: Session, report: ProgressReport) -> int:
            from app.core.labimport import read_lab_file, shown
            from app.services.samples import import_profiles

            if source.stat().st_size > MAX_FILE_BYTES:
                raise TooLarge()
            name = shown(source.name)
            report.say(self.tr("Checking %1…").replace("%1", name))
            results = read_lab_file(source.read_bytes(), name)
            report.say(self.tr("Storing the profiles of %1…").replace("%1", name))
            return import_profiles(session, results, name, progress=report.step)

        def done(stored: int) -> None:
            self.said.emit(self.tr("%1 STR profiles imported.").replace("%1", str(stored)))

        discard(self.progress)
        self.progress = run_with_progress(
            self._ctx,
            self._window,
            self.tr("Import lab results"),
            self.tr("Reading the file…"),
            work,
            on_done=done,
            on_error=self._failed,
            cancellable=True,
            mutates=True,
            label=self.tr("Import lab results"),  # the status bar says it while it runs
        )

    def _failed(self, exc: BaseException) -> None:
        from app.ui.session_ops import error_text

        if isinstance(exc, Cancelled):
            self.said.emit(self.tr("Import cancelled: no profile of the file was stored."))
        elif isinstance(exc, TooLarge):
            self.said.emit(self.tr("The file is larger than 20 MB: it is no lab export."))
        elif isinstance(exc, OSError):
            self.said.emit(self.tr("The file cannot be read."))
        else:
            self.said.emit(error_text(exc, self._ctx.lang))
