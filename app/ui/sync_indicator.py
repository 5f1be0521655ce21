"""The status bar's sync corner: what is waiting, when the last sync succeeded, what was refused.

The indicator reads :func:`app.services.sync.sync_status` (one cheap read) every 45 seconds, a
second after any change, and after each sync. "Sync now" runs :func:`app.services.sync.sync_now`
on a thread of its own ("xunren-sync"): the network waits, back-offs and retries happen there,
reads use their own connections, and each short write (marking a batch sent, storing a pulled
page, the audit entry) is handed to the database thread with :meth:`Runner.call`. So neither the
window nor the officer's own work ever waits for the network. When the station is enrolled a
sync also starts by itself a minute after logon and then every ten minutes; after a failed
attempt the pause doubles (up to an hour). A logoff stops a running sync at its next step, and
at once while it waits to try the server again.

A station that is not enrolled, whose credential the server no longer accepts, or whose clock is
more than five minutes off the server's says so in words. Nothing about a case is shown here.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from app.ui.background import BackgroundCall
from app.ui.context import LoggedOff
from app.ui.sync_words import SyncOutcome, describe, sync_error_text

if TYPE_CHECKING:
    from app.services.session import Session
    from app.services.sync import SyncStatus
    from app.ui.context import UiContext

REFRESH_MS = 45_000
AFTER_CHANGE_MS = 1_000
AUTO_FIRST_MS = 60_000  # the first automatic sync, a minute after logon
AUTO_SYNC_MS = 10 * 60_000
AUTO_SYNC_MAX_MS = 60 * 60_000
SYNC_TIMEOUT = 15.0  # seconds per request: a hung connection gives up instead of holding the queue
WAIT_SLICE = 0.1  # seconds: how soon a logoff ends a wait between tries
LEVEL_STYLE = {
    "ok": "",
    "warn": "color: #8a5300; font-weight: bold;",
    "error": "color: #b00020; font-weight: bold;",
}


def read_status(session: Session) -> SyncStatus:
    """Database thread: the counts, the refused changes and the enrolment state."""
    from app.services.sync import sync_status

    return sync_status(session)


def run_sync(ctx: UiContext, session: Session, progress: Callable[[Any], None] | None = None) -> Any:
    """The sync thread: push, pull and compare (audited as sync.run). Writes go to the database
    thread one by one; a logoff stops the engine at its next step or in a wait between tries
    (:class:`LoggedOff`).
    *progress(step)* is told each step (``app.sync.engine.SyncStep``), as `xunren sync` prints it."""
    from app.services.sync import sync_now

    def still_wanted(_point: str) -> None:
        if ctx.session is not session:
            raise LoggedOff

    def wait(seconds: float) -> None:
        """The pause before the next try (up to a minute), cut short by a logoff."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            still_wanted("wait")
            time.sleep(min(left, WAIT_SLICE))
        still_wanted("wait")

    return sync_now(
        session,
        timeout=SYNC_TIMEOUT,
        writer=ctx.writer_for(session),
        crash=still_wanted,
        sleep=wait,
        progress=progress,
    )


class SyncIndicator(QWidget):
    """State in words, a "Sync now" button and, when changes were refused, a "problems" button."""

    updated = Signal()  # status, syncing or the last outcome changed
    stepped = Signal(object)  # a running sync's SyncStep (emitted on the sync thread, shown here)
    synced = Signal(object)  # SyncOutcome of a finished attempt (manual or automatic)
    problems_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, auto_sync: bool = True) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.status: SyncStatus | None = None
        self.syncing = False
        self.outcome: SyncOutcome | None = None
        self.auto_sync = auto_sync
        self._reading = False
        self._read_again = False
        self._auto_delay = AUTO_SYNC_MS
        self._call = BackgroundCall(self)
        self._call.done.connect(self._sync_done)
        self._call.failed.connect(self._sync_failed)
        self.long_text, self.level = "", "ok"  # every sentence, and how worrying it is
        self.state_label = QLabel(self)
        self.step_text = ""  # what a running sync is doing, in words
        self.stepped.connect(self._show_step)
        self.sync_button = QToolButton(self)
        self.sync_button.clicked.connect(self.sync_now)
        self.problems_button = QToolButton(self)
        self.problems_button.setStyleSheet("color: #b00020; font-weight: bold;")
        self.problems_button.clicked.connect(self.problems_requested)
        self.problems_button.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        row.addWidget(self.state_label)
        row.addWidget(self.problems_button)
        row.addWidget(self.sync_button)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self._change_timer = QTimer(self)
        self._change_timer.setSingleShot(True)
        self._change_timer.setInterval(AFTER_CHANGE_MS)
        self._change_timer.timeout.connect(self.refresh)
        self._auto_timer = QTimer(self)
        self._auto_timer.setSingleShot(True)
        self._auto_timer.timeout.connect(self._auto_sync)
        ctx.runner.changed.connect(self._change_timer.start)
        ctx.session_changed.connect(self.start)
        ctx.locked.connect(self._locked)
        ctx.unlocked.connect(self._unlocked)
        self.retranslate()

    # -- reading the state -------------------------------------------------------------------
    def start(self) -> None:
        """A session is open: read the state now, then every 45 s; plan the automatic sync."""
        self.status, self.outcome, self._auto_delay = None, None, AUTO_SYNC_MS
        if self._ctx.session is None:
            self._refresh_timer.stop()
            self._auto_timer.stop()
            self.show_state()
            return
        self._refresh_timer.start()
        if self.auto_sync:
            self._auto_timer.start(AUTO_FIRST_MS)
        self.refresh()

    def refresh(self) -> None:
        """Ask for the current state (one read on the database thread)."""
        if self._ctx.session is None:
            return
        if self._reading:  # one read at a time; the newest question is asked once more
            self._read_again = True
            return
        self._reading = True
        self._ctx.submit(read_status, on_done=self._status_read, on_error=self._status_failed)

    def _status_read(self, status: SyncStatus) -> None:
        self._reading = False
        if not shiboken6.isValid(self):
            return
        self.status = status
        self.show_state()
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _status_failed(self, _exc: BaseException) -> None:
        self._reading = False  # logged off meanwhile, or the store closed: nothing to show

    # -- syncing -----------------------------------------------------------------------------
    def sync_now(self) -> None:
        """Start a sync in the background (ignored while one runs or no one is logged on)."""
        if self.syncing or self._ctx.session is None:
            return
        self.syncing = True
        self.step_text = ""
        self._auto_timer.stop()
        self.show_state()
        session = self._ctx.session
        self._call.start("xunren-sync", lambda: run_sync(self._ctx, session, self.stepped.emit))

    def _show_step(self, step: Any) -> None:
        """A running sync's step in the status bar: sent and received so far, or why it waits and
        when it tries again (the terminal's progress line, in the app)."""
        if not shiboken6.isValid(self) or not self.syncing:
            return
        if step.stage == "push":
            text = self.tr("Syncing… %1 sent").replace("%1", f"{step.count:,}")
        elif step.stage == "pull":
            text = self.tr("Syncing… %1 received").replace("%1", f"{step.count:,}")
        elif step.stage == "check":
            text = self.tr("Syncing… comparing counts with the server")
        else:
            from app.services.enrolment import failure_words

            why = failure_words(step.detail)[1 if self._ctx.lang == "en" else 0]
            text = (
                self.tr("%1; trying again in %2 s (attempt %3 of %4)")
                .replace("%1", why)
                .replace("%2", f"{step.wait:.0f}")
                .replace("%3", str(step.attempt))
                .replace("%4", str(step.of))
            )
        self.step_text = text
        self.state_label.setText(text)
        self.state_label.setToolTip(text)
        self.updated.emit()

    def _auto_sync(self) -> None:
        status = self.status
        if status is None or not status.enrolled or status.needs_enrolment or status.usb_only:
            if self._ctx.session is not None and self.auto_sync:
                self._auto_timer.start(self._auto_delay)  # look again later: an admin may enrol
            return
        self.sync_now()

    def _sync_done(self, _tag: object, report: Any) -> None:
        if not shiboken6.isValid(self):
            return
        self._auto_delay = AUTO_SYNC_MS
        self._finished(SyncOutcome(True, self.report_text(report)))
        self._ctx.runner.changed.emit()  # pulled matches, alerts and states: screens refresh

    def _sync_failed(self, _tag: object, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(exc, LoggedOff):
            self.syncing = False
            return
        self._auto_delay = min(self._auto_delay * 2, AUTO_SYNC_MAX_MS)
        self._finished(SyncOutcome(False, sync_error_text(exc, self._ctx.lang), str(getattr(exc, "key", ""))))

    def _finished(self, outcome: SyncOutcome) -> None:
        self.syncing = False
        self.outcome = outcome
        if self.auto_sync and self._ctx.session is not None:
            self._auto_timer.start(self._auto_delay)
        self.synced.emit(outcome)
        self.show_state()
        self.refresh()

    # -- showing -----------------------------------------------------------------------------
    def show_state(self) -> None:
        """Put the state into words (also after a language switch)."""
        failed = 0 if self.status is None else len(self.status.failed)
        words = describe(self.status, syncing=self.syncing, outcome=self.outcome)
        shown = self.step_text if self.syncing and self.step_text else words.short
        self.state_label.setText(shown)
        self.state_label.setStyleSheet(LEVEL_STYLE[words.level])
        self.state_label.setToolTip(words.long)
        self.sync_button.setToolTip(words.long)
        self.sync_button.setEnabled(not self.syncing and self._ctx.session is not None)
        self.problems_button.setText(self.tr("%n refused", "", failed))
        self.problems_button.setVisible(failed > 0 and not self._ctx.is_locked)
        self.long_text, self.level = words.long, words.level
        self.updated.emit()

    def retranslate(self) -> None:
        self.sync_button.setText(self.tr("Sync now"))
        self.problems_button.setToolTip(self.tr("Changes the server refused: see what and why"))
        self.show_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _locked(self) -> None:
        """Locked: the counts stay (no case in them); the buttons go until the password is given."""
        self.sync_button.hide()
        self.show_state()

    def _unlocked(self) -> None:
        self.sync_button.show()
        self.show_state()

    def report_text(self, report: Any) -> str:
        """One line about a finished sync: sent, received, refused."""
        parts = [
            self.tr("Sync finished: %n change(s) sent", "", int(report.pushed)),
            self.tr("%n received", "", int(report.pulled)),
        ]
        if report.refused:
            parts.append(self.tr("%n refused (see Sync problems)", "", int(report.refused)))
        if not report.equal:
            parts.append(self.tr("the counts still differ from the server's; the next sync repairs it"))
        return " · ".join(parts)
