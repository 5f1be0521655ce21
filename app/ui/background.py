"""A blocking call (the network, the matcher) on a named thread of its own, answered on the GUI thread.

The database has its own worker (:mod:`app.ui.runner`); this is for work that must not hold it
either: a sync or an enrolment waiting on the server, a matching pass. The thread reads with its
own connections and hands writes to the database thread (``UiContext.writer_for``); its outcome
comes back through queued signals, so the slots run on the thread that owns the object.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal


class BackgroundCall(QObject):
    """``start(name, work, tag)`` runs *work()* on a thread called *name*; then ``done(tag, result)``
    or ``failed(tag, exception)`` is emitted. *tag* tells an answer to an earlier call apart."""

    done = Signal(object, object)
    failed = Signal(object, object)

    def start(self, name: str, work: Callable[[], Any], tag: object = None) -> None:
        def run() -> None:
            try:
                result = work()
            except BaseException as exc:  # every outcome goes back to the GUI thread
                self._emit(self.failed, tag, exc)
            else:
                self._emit(self.done, tag, result)

        threading.Thread(target=run, name=name, daemon=True).start()

    @staticmethod
    def _emit(signal: Any, tag: object, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the owner was closed meanwhile: nobody to tell
            signal.emit(tag, value)
