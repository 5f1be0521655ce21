"""Sync ▸ Write a USB bundle… and Sync ▸ Read the server's answer… (the USB path, issue 14).

The same as ``xunren sync export FILE`` and ``xunren sync import FILE``
(:mod:`app.services.bundle`): a station the network never reaches (enrolled from a package)
writes its waiting changes to a stick for the national server and applies the server's answer.
Both run on the database thread (one unit of work each, audited by the service) behind a
progress window (:mod:`app.ui.progress`; no Cancel: the service has no point to stop at); what
happened comes back as one sentence for the status bar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.progress import ProgressDialog, discard, run_with_progress
from app.ui.sync_words import sync_error_text

if TYPE_CHECKING:
    from app.ui.context import UiContext


class UsbSync(QObject):
    """Writes the outbox to a stick and reads the server's answer from one."""

    said = Signal(str)  # what happened, for the status bar
    changed = Signal()  # the sync state changed: the indicator reads it again

    def __init__(self, ctx: UiContext, window: QWidget) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.progress: ProgressDialog | None = None  # the window of the work under way

    def write_bundle(self, path: str | None = None) -> None:
        """Seal every waiting change into a bundle at *path* (asked for when not given)."""
        session = self._ctx.session
        if session is None:
            return
        if path is None:
            stamp = dt.date.today().strftime("%Y%m%d")
            path, _filter = QFileDialog.getSaveFileName(
                self._window,
                self.tr("Write a USB bundle"),
                f"{session.station.code}-{stamp}.xsb",
                self.tr("Sync bundles (*.xsb);;All files (*)"),
            )
            if not path:
                return
        target = Path(path)

        def done(count: int) -> None:
            text = self.tr("Wrote %1 waiting changes to %2, sealed for the national server.")
            self.said.emit(text.replace("%1", str(count)).replace("%2", target.name))
            self.changed.emit()

        from app.services.bundle import export_bundle

        discard(self.progress)
        self.progress = run_with_progress(
            self._ctx,
            self._window,
            self.tr("Write a USB bundle"),
            self.tr("Sealing the waiting changes for the national server…"),
            lambda s, _report: export_bundle(s, target),
            on_done=done,
            on_error=self._failed,
            label=self.tr("Write a USB bundle"),
        )

    def read_answer(self, path: str | None = None) -> None:
        """Apply the server's answer at *path* (asked for when not given)."""
        if self._ctx.session is None:
            return
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self._window,
                self.tr("Read the server's answer"),
                "",
                self.tr("Sync bundles (*.xsb);;All files (*)"),
            )
            if not path:
                return
        source = Path(path)

        def done(applied: Any) -> None:
            text = self.tr("The server's answer is applied: %1 confirmed, %2 refused, %3 received.")
            counts = (applied.acknowledged, applied.refused, applied.pulled)
            for mark, count in zip(("%1", "%2", "%3"), counts, strict=True):
                text = text.replace(mark, str(count))
            self.said.emit(text)
            self.changed.emit()

        from app.services.bundle import import_bundle

        discard(self.progress)
        self.progress = run_with_progress(
            self._ctx,
            self._window,
            self.tr("Read the server's answer"),
            self.tr("Checking and applying the server's answer…"),
            lambda s, _report: import_bundle(s, source),
            on_done=done,
            on_error=self._failed,
            label=self.tr("Read the server's answer"),
            mutates=True,
        )

    def _failed(self, exc: BaseException) -> None:
        self.said.emit(sync_error_text(exc, self._ctx.lang))
