"""A queued job wakes an idle worker at once on PostgreSQL (``LISTEN`` / ``NOTIFY``).

:func:`notify` is sent inside the transaction that queues the job, so PostgreSQL delivers it
when that transaction commits — never before the job is visible. An idle worker waits on its
own listening connection (:class:`JobListener`) instead of sleeping out its poll, so a push's
job is picked up within milliseconds of the push's commit. Polling stays the fallback: a lost
connection or SQLite simply waits the poll.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from server.storage.bulk import compiled_once

__all__ = ["CHANNEL", "JobListener", "notify"]

CHANNEL = "xunren_jobs"
_SLICE = 0.25  # seconds: the longest wait between two looks at the stop event
log = logging.getLogger("xunren.server.worker")


def notify(session: Session) -> None:
    """Tell listening workers that a job is queued (delivered when the caller commits)."""
    if session.get_bind().dialect.name == "postgresql":
        compiled_once(session, "jobs.notify", lambda: text(f"NOTIFY {CHANNEL}")).execute(
            session
        )  # every push


class JobListener:
    """One connection that listens for queued jobs; :meth:`wait` returns early on a notice."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Any = None  # psycopg.Connection, when listening

    def _connect(self) -> Any:
        if self._conn is None and self._engine.dialect.name == "postgresql":
            try:
                raw = self._engine.raw_connection()
                conn: Any = raw.driver_connection
                raw.detach()  # ours for good: never back to the pool in LISTEN state
                conn.autocommit = True
                conn.execute(f"LISTEN {CHANNEL}")
                self._conn = conn
            except Exception as exc:  # the poll still finds the jobs
                log.info("cannot listen for queued jobs (%s); polling", type(exc).__name__)
        return self._conn

    def listen(self) -> None:
        """Start listening now: a job queued from here on is announced to the next :meth:`wait`
        (a worker listens before its first look at the queue, so no notice falls in between)."""
        self._connect()

    def wait(self, seconds: float, stop: threading.Event) -> bool:
        """Wait up to *seconds* (less once *stop* is set); True when a job was announced."""
        deadline = time.monotonic() + seconds
        while not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            conn = self._connect()
            if conn is None:
                stop.wait(min(left, _SLICE))
                continue
            try:
                if any(True for _n in conn.notifies(timeout=min(left, _SLICE), stop_after=1)):
                    return True
            except Exception as exc:
                log.info("listening for queued jobs failed (%s); polling", type(exc).__name__)
                self.close()
                stop.wait(min(left, _SLICE))
        return False

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # already gone
                self._conn.close()
            self._conn = None
