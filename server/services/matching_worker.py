"""The matching worker: loads the national index once, then runs queued jobs and says so.

``xunren-server worker`` runs it in its main process; ``serve --with-worker`` in a thread beside
the HTTP server. Either way it stops when its ``stop`` event is set: between two persons of a
screen, between two pages of the first load, or while idle; a job it was running rolls back and
stays queued for the next worker. Every batch updates the worker's row in ``worker_positions``
(the journal sequence its index has applied), which ``worker status`` reads.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from server.services import jobs, receipts
from server.services.job_signal import JobListener
from server.services.matching import MatchCases
from server.services.matching_index import NationalIndex
from server.services.meta import in_transaction
from server.storage.tables import Job, JournalEntry, WorkerPosition, as_utc, utcnow

__all__ = ["MatchingWorker", "worker_name", "worker_status"]

Say = Callable[..., None]  # say(key, **values): the caller words it (server/worker_words.py)


def worker_name(suffix: str = "") -> str:
    """host:pid (and what runs it inside the process), as ``worker status`` lists it."""
    return f"{socket.gethostname()}:{os.getpid()}{suffix}"[:120]


class MatchingWorker:
    """One worker: its own national index, its own position in the journal."""

    def __init__(self, sessions: sessionmaker[Session], say: Say, name: str | None = None) -> None:
        self.sessions, self.say = sessions, say
        self.name = name or worker_name()
        self.stop = threading.Event()
        self.index = NationalIndex(stop=self.stop)
        self.job = MatchCases(self.index)
        self.job.on_start = lambda n, cases: say("batch_started", jobs=n, cases=cases)
        self.handlers: dict[str, jobs.Handler] = {"match_cases": self.job}
        self.loaded_at: datetime | None = None
        bind = sessions.kw.get("bind")
        self.listener = JobListener(bind) if isinstance(bind, Engine) else None

    def load(self) -> None:
        """Read the register into the index in one consistent snapshot, with progress."""
        started = time.monotonic()
        said = [started]

        def progress(cases: int) -> None:
            if time.monotonic() - said[0] >= 5:
                said[0] = time.monotonic()
                self.say("loading_progress", cases=cases)

        self.say("loading")
        with self.sessions() as session, session.begin():
            if session.get_bind().dialect.name == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            done = self.index.load(session, progress)
        self.loaded_at = utcnow()
        self.say(
            "loaded",
            missing=len(self.index.missing),
            found=len(self.index.found),
            cases=len(self.index.cases),
            seconds=f"{time.monotonic() - started:.1f}",
            refused=len(done.refused),
            seq=self.index.position,
        )
        self._report()

    def run(self, once: bool = False, poll: float = 2.0) -> None:
        """Run due jobs until stopped (with *once*: until none is due)."""
        try:
            if not self.index.loaded:
                self.load()
            self._loop(once, poll)
        except jobs.Interrupted:
            pass
        finally:
            if self.listener is not None:
                self.listener.close()
        self._report(stopped=True)
        self.say("stopped_mid_job" if self.stop.is_set() else "stopped")

    def _loop(self, once: bool, poll: float) -> None:
        last_housekeeping = 0.0
        if self.listener is not None and not once:
            self.listener.listen()  # before the first look at the queue: no notice is missed
        while not self.stop.is_set():
            started, self.job.last = time.monotonic(), []
            ran = jobs.run_one(self.sessions, self.handlers, self.name)
            if ran:
                self._say_batch(ran, time.monotonic() - started)
            if time.monotonic() - last_housekeeping > 60:
                with self.sessions() as session:
                    in_transaction(session, receipts.forget_old_windows)
                last_housekeeping = time.monotonic()
            if self.index.compact_if_due():
                self.say("rebuilt", persons=len(self.index))
            if ran:
                continue
            if once:
                return
            with self.sessions() as session, session.begin():
                self.index.catch_up(session)  # idle: stay current, so the next job reads less
            self._report()
            if self.listener is not None:
                self.listener.wait(poll, self.stop)  # a queued job's notice ends the wait at once
            else:
                self.stop.wait(poll)

    def _say_batch(self, ran: int, seconds: float) -> None:
        done = self.job.last
        with self.sessions() as session:
            queued = session.scalar(select(func.count(Job.id)).where(Job.state == "queued")) or 0
        failed = ran - len(done)
        refused = sorted({c for r in done for c in r.refused})
        if refused:
            self.say("refused_cases", cases=" ".join(refused))
        self.say(
            "batch_done",
            jobs=ran,
            touched=sum(r.touched for r in done),
            candidates=sum(r.candidates for r in done),
            refused=sum(len(r.refused) for r in done),
            failed=failed,
            ms=f"{seconds * 1000:.0f}",
            screen=max((r.screen_ms or 0 for r in done), default=0),
            queued=queued,
            seq=self.index.position,
        )
        self._report()

    def _report(self, stopped: bool = False) -> None:
        def write(session: Session) -> None:
            row = session.get(WorkerPosition, self.name)
            if row is None:
                row = WorkerPosition(worker=self.name)
                session.add(row)
            row.last_seq, row.persons, row.loaded_at = self.index.position, len(self.index), self.loaded_at
            row.seen_at, row.stopped_at = utcnow(), utcnow() if stopped else None

        with self.sessions() as session:
            in_transaction(session, write)


def worker_status(session: Session) -> dict[str, Any]:
    """The matching lag for ``worker status``: queued jobs, the oldest due, each worker's journal
    position and how far behind the journal it is, and the last jobs' figures."""
    now = utcnow()
    queued, oldest = session.execute(
        select(func.count(Job.id), func.min(Job.run_after)).where(Job.state == "queued")
    ).one()
    failed = session.scalar(select(func.count(Job.id)).where(Job.state == "failed")) or 0
    head = session.scalar(select(func.max(JournalEntry.seq))) or 0
    workers = [
        {
            "worker": w.worker,
            "last_seq": w.last_seq,
            "behind": max(0, head - w.last_seq),
            "persons": w.persons,
            "loaded_at": as_utc(w.loaded_at).isoformat() if w.loaded_at else None,
            "seen_at": as_utc(w.seen_at).isoformat(),
            "running": w.stopped_at is None,
        }
        for w in session.scalars(select(WorkerPosition).order_by(WorkerPosition.worker))
    ]
    recent = [
        {
            "id": j.id,
            "worker": j.worker,
            "touched": j.touched,
            "candidates": j.candidates,
            "refused": j.refused,
            "took_ms": j.took_ms,
            "screen_ms": j.screen_ms,
            "rows_read": j.rows_read,
            "finished_at": as_utc(j.finished_at).isoformat() if j.finished_at else None,
        }
        for j in session.scalars(
            select(Job).where(Job.state == "done").order_by(Job.finished_at.desc(), Job.id.desc()).limit(10)
        )
    ]
    oldest_at = as_utc(oldest) if oldest is not None else None
    return {
        "queued": int(queued),
        "oldest_due": oldest_at.isoformat() if oldest_at else None,
        "lag_seconds": round(max(0.0, (now - oldest_at).total_seconds()), 1) if oldest_at else 0.0,
        "failed": int(failed),
        "journal_seq": head,
        "workers": workers,
        "recent": recent,
    }
