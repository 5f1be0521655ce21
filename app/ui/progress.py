"""Progress of long work in the desktop app: a window fed from the database thread.

The terminal shows a progress line for bulk work (:mod:`app.cli.progress`); the desktop shows
this window instead. The work runs on the database thread like every operation
(:meth:`app.ui.context.UiContext.submit`) and is handed a :class:`ProgressReport`: ``step(done,
total)`` moves the bar, ``say(text)`` names a stage. Both are signals, so the window is only ever
touched on the GUI thread.

Cancel is offered only for work that is all or nothing (one transaction: the lab's results, a
USB answer), never for work that keeps what it did so far. Cancelling asks the work to stop at
its next step: ``step`` raises :class:`Cancelled`, the transaction rolls back and nothing is
kept; the window says so until the work has stopped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.context import UiContext

T = TypeVar("T")


class Cancelled(Exception):
    """The officer cancelled all-or-nothing work: nothing of it was kept."""


class ProgressReport(QObject):
    """What the work tells the window, from the database thread (queued signals)."""

    stepped = Signal(int, int)  # (done, total)
    staged = Signal(str)  # the stage, in the officer's words

    def __init__(self) -> None:
        super().__init__()
        self._stop = threading.Event()

    def step(self, done: int, total: int) -> None:
        """*done* of *total* are through; raises :class:`Cancelled` once cancel was asked."""
        if self._stop.is_set():
            raise Cancelled()
        self.stepped.emit(done, total)

    def say(self, text: str) -> None:
        self.staged.emit(text)

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelling(self) -> bool:
        return self._stop.is_set()


class ProgressDialog(QDialog):
    """A title, the stage, a bar (busy until the first count) and, for all-or-nothing work, Cancel."""

    def __init__(self, title: str, text: str, report: ProgressReport, *, cancellable: bool,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.report = report
        self.stage = QLabel(text, self)
        self.stage.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the work says how much there is
        self.cancel_button = QPushButton(self.tr("&Cancel"), self)
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setToolTip(self.tr("Stops the work: nothing of it is kept."))
        self.cancel_button.clicked.connect(self.ask_cancel)
        self._cancellable = cancellable
        box = QVBoxLayout(self)
        box.addWidget(self.stage)
        box.addWidget(self.bar)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        box.addLayout(row)
        self.setMinimumWidth(460)
        report.stepped.connect(self._stepped)
        report.staged.connect(self.stage.setText)
        self._finished = False

    def _stepped(self, done: int, total: int) -> None:
        if self.report.cancelling:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))
        self.bar.setFormat(self.tr("%1 of %2").replace("%1", f"{done:,}").replace("%2", f"{total:,}"))

    def ask_cancel(self) -> None:
        """Ask the work to stop; the window stays until it has (nothing of it is kept)."""
        if not self._cancellable or self.report.cancelling:
            return
        self.report.cancel()
        self.cancel_button.setEnabled(False)
        self.stage.setText(self.tr("Cancelling… nothing of this work will be kept."))

    def done_working(self) -> None:
        """The work ended (or failed or stopped): close for good."""
        self._finished = True
        self.accept()

    def reject(self) -> None:  # Esc: cancel where that is allowed, else keep waiting
        if self._finished:
            super().reject()
        else:
            self.ask_cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._finished:
            super().closeEvent(event)
            return
        self.ask_cancel()
        event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return
        super().keyPressEvent(event)


def discard(dialog: ProgressDialog | None) -> None:
    """Free the window of earlier work once it has ended (a new one replaces it)."""
    if dialog is not None and shiboken6.isValid(dialog) and dialog._finished:
        dialog.deleteLater()


def run_with_progress(
    ctx: UiContext,
    parent: QWidget,
    title: str,
    text: str,
    work: Callable[[Session, ProgressReport], T],
    *,
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
    cancellable: bool = False,
    mutates: bool = False,
    label: str = "",
) -> ProgressDialog:
    """Run ``work(session, report)`` on the database thread behind a progress window.

    *on_error* receives :class:`Cancelled` when the officer cancelled (nothing was kept)."""
    report = ProgressReport()
    dialog = ProgressDialog(title, text, report, cancellable=cancellable, parent=parent)

    def finished(result: Any) -> None:
        if shiboken6.isValid(dialog):  # its window may be gone (logoff) while the work ran
            dialog.done_working()
        on_done(result)

    def failed(exc: BaseException) -> None:
        if shiboken6.isValid(dialog):
            dialog.done_working()
        on_error(exc)

    ctx.submit(lambda s: work(s, report), on_done=finished, on_error=failed, label=label, mutates=mutates)
    dialog.open()
    return dialog
