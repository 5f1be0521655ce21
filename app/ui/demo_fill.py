"""Station ▸ Fill with demo cases…: ``xunren demo --cases N`` from the desktop app, for a training
station. An administrator chooses how many made-up cases; they are registered on the database
thread behind a progress window (:func:`app.services.demo.fill_demo`, two years of history by
several officers). The work keeps each batch it registered, so the window offers no Cancel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QWidget

from app.ui.progress import ProgressDialog, ProgressReport, discard, run_with_progress

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.context import UiContext

DEFAULT_CASES = 500
MAX_CASES = 100_000  # the command line goes to 1,000,000; a desktop session need not wait that long


class DemoFill(QObject):
    """Asks how many demo cases, then registers them with progress; ``said`` tells the outcome."""

    said = Signal(str)  # what happened, for the status bar
    filled = Signal(int)  # how many cases were registered (the case list refreshes)

    def __init__(self, ctx: UiContext, window: QWidget) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self.progress: ProgressDialog | None = None  # the window of the work under way

    def fill(self, count: int | None = None) -> None:
        """Register *count* demo cases (asked for when not given); administrators only."""
        from app.core.model import AccountRole

        session = self._ctx.session
        if session is None:
            return
        if session.role is not AccountRole.ADMIN:
            self.said.emit(self.tr("Only an administrator can fill the station with demo cases."))
            return
        if count is None:
            count, ok = QInputDialog.getInt(
                self._window,
                self.tr("Fill with demo cases"),
                self.tr(
                    "Made-up cases for training, spread over two years by several officers, with "
                    "reviews, closures, voids and DNA at every stage. Use it on a training station "
                    "only.\n\nHow many cases?"
                ),
                DEFAULT_CASES,
                1,
                MAX_CASES,
                100,
            )
            if not ok:
                return

        def work(session: Session, report: ProgressReport) -> int:
            from app.services.demo import fill_demo

            report.say(
                self.tr("Registering %1 demo cases and giving them a history…").replace("%1", f"{count:,}")
            )
            return fill_demo(session, count, progress=report.step)

        def done(made: int) -> None:
            self.said.emit(self.tr("%1 demo cases registered.").replace("%1", f"{made:,}"))
            self.filled.emit(made)

        def failed(exc: BaseException) -> None:
            from app.ui.session_ops import error_text

            self.said.emit(
                self.tr("No demo cases were made: %1").replace("%1", error_text(exc, self._ctx.lang))
            )

        discard(self.progress)
        self.progress = run_with_progress(
            self._ctx,
            self._window,
            self.tr("Fill with demo cases"),
            self.tr("Preparing the demo cases…"),
            work,
            on_done=done,
            on_error=failed,
            mutates=True,
            label=self.tr("Registering demo cases…"),
        )
