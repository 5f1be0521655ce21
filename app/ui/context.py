"""The shared context every window and pane of the desktop app receives.

``UiContext`` holds the one background :class:`~app.ui.runner.Runner`, the open session (or
``None`` before logon) and the interface language. Widgets never touch the session directly on
the GUI thread: they call :meth:`UiContext.submit` with a function of the session, which runs on
the database thread and reports back on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from app.ui.runner import Operation, Runner

if TYPE_CHECKING:  # the session module pulls in the store; import it only for type checking
    from app.services.session import Session

T = TypeVar("T")


class NoSessionError(RuntimeError):
    """An operation was submitted while no officer is logged on."""


class LoggedOff(Exception):
    """The session a background thread works for is no longer the open one (logoff, new logon)."""


class UiContext(QObject):
    """Runner, session and language shared by the shell (part A) and the case panes (part B).

    Signals:
        session_changed: the session was opened, replaced or closed (``ctx.session`` is current).
        locked: the screen was locked; panes must hide every case they show.
        unlocked: the officer gave the password again; panes may show cases again.
        language_changed: the interface language changed (``ctx.lang`` is current).
    """

    session_changed = Signal()
    locked = Signal()
    unlocked = Signal()
    language_changed = Signal(str)

    def __init__(self, runner: Runner, session: Session | None = None, lang: str = "zh_CN") -> None:
        super().__init__(runner)
        self.runner = runner
        self.session: Session | None = session
        self.lang = lang
        self.is_locked = False

    def writer_for(self, session: Session) -> Callable[[Callable[[Any], Any]], Any]:
        """A writer for a thread of our own (sync, background matching): each piece of work runs
        on the database thread in its own committed unit of work (``StationStore.write``), and
        only while *session* is still the open one (else :class:`LoggedOff`)."""

        def write(work: Callable[[Any], Any]) -> Any:
            def run() -> Any:
                if self.session is not session:
                    raise LoggedOff
                return session.store.write(work)

            return self.runner.call(run)

        return write

    def set_session(self, session: Session | None) -> None:
        """Replace the session (on logon, logoff or after a first run) and tell the panes."""
        self.session = session
        self.session_changed.emit()

    def set_lang(self, lang: str) -> None:
        """Record a new interface language and tell the panes (they re-read ``ctx.lang``)."""
        if lang != self.lang:
            self.lang = lang
            self.language_changed.emit(lang)

    def submit(
        self,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str = "",
        mutates: bool = False,
    ) -> Operation[T]:
        """Run ``fn(session)`` on the database thread; callbacks come back on the GUI thread.

        The session is read when the operation runs, so work queued before a logoff fails with
        :class:`NoSessionError` (delivered to ``on_error``) rather than touching a closed store.
        """

        def run() -> T:
            session = self.session
            if session is None:
                raise NoSessionError("no officer is logged on")
            return fn(session)

        return self.runner.submit(run, on_done=on_done, on_error=on_error, label=label, mutates=mutates)

    def submit_plain(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str = "",
    ) -> Operation[Any]:
        """Run a function that needs no session (logon, first run) on the database thread."""
        return self.runner.submit(fn, on_done=on_done, on_error=on_error, label=label)
