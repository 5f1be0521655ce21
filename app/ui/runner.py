"""The one background worker that owns the database, and typed operations that report by signal.

After Anki's ``aqt.operations``: a widget never touches the store itself. It submits an
operation (a plain function of the session) to the runner; the function runs on the database
thread, and its result or error comes back on the GUI thread through a queued signal. Anything
that takes longer than 200 ms shows the busy indicator. Operations run one at a time, in order.
"""

from __future__ import annotations

import itertools
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, Slot

T = TypeVar("T")

BUSY_AFTER_MS = 200


@dataclass
class Operation(Generic[T]):
    """A unit of background work: ``run`` on the database thread, callbacks on the GUI thread."""

    run: Callable[[], T]
    on_done: Callable[[T], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    label: str = ""
    mutates: bool = False  # True: screens that show case data refresh when it finishes
    ident: int = field(default_factory=itertools.count(1).__next__)


class _Call(Generic[T]):
    """A blocking call from another thread (see :meth:`Runner.call`)."""

    def __init__(self, run: Callable[[], T]) -> None:
        self.run = run
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None

    def execute(self) -> None:
        try:
            self.result = self.run()
        except BaseException as exc:  # handed to the waiting thread
            self.error = exc
        finally:
            self.done.set()


class Runner(QObject):
    """Runs operations on one daemon thread; emits results on the thread that created it (GUI)."""

    finished = Signal(object, object)  # (Operation, result)
    failed = Signal(object, object)  # (Operation, exception)
    busy_changed = Signal(bool, str)  # (busy, label): show or hide the busy indicator
    changed = Signal()  # a mutating operation finished: screens refresh what they show
    unhandled_error = Signal(object)  # an operation failed and had no on_error of its own

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[Operation[Any] | _Call[Any] | None] = queue.Queue()
        self._pending = 0
        self._busy_shown = False
        self._busy_label = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_busy)
        self.finished.connect(self._deliver)
        self.failed.connect(self._deliver_error)
        self._thread = threading.Thread(target=self._work, name="xunren-db", daemon=True)
        self._thread.start()

    @property
    def thread_ident(self) -> int | None:
        """The database thread's ident (tests assert no query runs anywhere else)."""
        return self._thread.ident

    def submit(
        self,
        run: Callable[[], T],
        *,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str = "",
        mutates: bool = False,
    ) -> Operation[T]:
        """Queue *run* for the database thread. Call from the GUI thread."""
        op: Operation[T] = Operation(run, on_done, on_error, label, mutates)
        self._pending += 1
        self._busy_label = label or self._busy_label
        if not self._timer.isActive() and not self._busy_shown:
            self._timer.start(BUSY_AFTER_MS)
        self._queue.put(op)
        return op

    def idle(self) -> bool:
        return self._pending == 0

    def call(self, run: Callable[[], T]) -> T:
        """Run *run* on the database thread and wait for its result: for a thread of our own
        (the sync thread) that must not touch the store itself. No callbacks, no busy indicator.
        On the database thread itself it simply runs."""
        if threading.get_ident() == self._thread.ident:
            return run()
        call: _Call[T] = _Call(run)
        self._queue.put(call)
        while not call.done.wait(0.5):
            if not self._thread.is_alive():
                raise RuntimeError("the database thread has stopped")
        if call.error is not None:
            raise call.error
        return call.result  # type: ignore[return-value]

    def shutdown(self, timeout: float = 10.0) -> None:
        """Finish queued work and stop the thread (on quit, after the session is closed)."""
        self._queue.put(None)
        self._thread.join(timeout)

    # -- the database thread ------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            op = self._queue.get()
            if op is None:
                return
            if isinstance(op, _Call):
                op.execute()
                del op
                continue
            try:
                result = op.run()
            except BaseException as exc:  # every failure goes back to the GUI
                exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                self.failed.emit(op, exc)
                del exc
            else:
                self.finished.emit(op, result)
                del result
            # Drop this thread's references now: otherwise the last operation (and any widget its
            # callbacks hold) would be released here, off the GUI thread, when the next one
            # arrives, and Qt objects must die on the thread that owns them.
            del op

    # -- back on the GUI thread ---------------------------------------------------------------
    @Slot(object, object)
    def _deliver(self, op: Operation[Any], result: Any) -> None:
        self._one_done()
        if op.on_done is not None:
            op.on_done(result)
        if op.mutates:
            self.changed.emit()

    @Slot(object, object)
    def _deliver_error(self, op: Operation[Any], exc: BaseException) -> None:
        self._one_done()
        if op.on_error is not None:
            op.on_error(exc)
        else:
            self.unhandled_error.emit(exc)

    def _one_done(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self._timer.stop()
            if self._busy_shown:
                self._busy_shown = False
                self.busy_changed.emit(False, "")

    def _show_busy(self) -> None:
        if self._pending > 0:
            self._busy_shown = True
            self.busy_changed.emit(True, self._busy_label)
