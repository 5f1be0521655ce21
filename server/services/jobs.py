"""The job table and the worker loop: background work shared by any number of workers.

On PostgreSQL a worker claims a job with ``SELECT … FOR UPDATE SKIP LOCKED`` and runs it inside
the same transaction, so a worker that dies mid-job leaves the job queued and its half-done
writes rolled back. On SQLite every write transaction takes the database lock at BEGIN, so
several workers simply take turns: a safe single-worker fallback. A handler that can run many
jobs as one (:class:`Coalescing`, national matching) gets every due job of its kind in one claim.
Each finished job's row keeps what it did (:class:`JobReport`) for ``worker status``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session, sessionmaker

from server.services import job_signal
from server.storage.bulk import hot_execute
from server.storage.tables import Job, utcnow

log = logging.getLogger("xunren.server.worker")
MAX_ATTEMPTS = 5
BATCH = 200  # jobs of one kind a coalescing worker claims at once


@dataclass(frozen=True)
class JobReport:
    """What a job did, kept in its row: cases touched, candidates stored, cases whose stored
    file could not be read (refused from matching), time, rows read from the database, and the
    part of the time spent in the in-memory screen (None: a job that screens nothing)."""

    touched: int = 0
    candidates: int = 0
    refused: list[str] = field(default_factory=list)
    took_ms: int = 0
    rows_read: int = 0
    screen_ms: int | None = None


Handler = Callable[[Session, dict[str, Any]], JobReport | None]


@runtime_checkable
class Coalescing(Protocol):
    """A handler that runs many queued jobs of its kind as one (``match_cases``)."""

    def __call__(self, session: Session, payload: dict[str, Any]) -> JobReport | None: ...
    def batch(self, session: Session, payloads: Sequence[dict[str, Any]]) -> list[JobReport]: ...


class Interrupted(Exception):
    """Raised by a handler asked to stop: the claim rolls back and the jobs stay queued."""


def enqueue(session: Session, kind: str, payload: dict[str, Any]) -> None:
    """Queue a job; it becomes visible to workers when the caller's transaction commits."""
    values = {
        "kind": kind,
        "payload": json.dumps(payload),
        "state": "queued",
        "attempts": 0,
        "run_after": utcnow(),
    }
    # every push queues one: compiled once on PostgreSQL
    hot_execute(
        session, "jobs.enqueue", lambda _pg: insert(Job).inline().values({k: bindparam(k, None) for k in values}),
        **values,
    )  # fmt: skip
    job_signal.notify(session)  # an idle worker wakes at the commit instead of at its next poll


def _claim(session: Session, kind: str | None, limit: int) -> list[Job]:
    now = utcnow()
    query = select(Job).where(Job.state == "queued", Job.run_after <= now)
    if kind is not None:
        query = query.where(Job.kind == kind)
    query = query.order_by(Job.run_after, Job.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def _record(job: Job, report: JobReport | None, worker: str | None) -> None:
    job.state, job.finished_at, job.worker = "done", utcnow(), worker
    if report is not None:
        job.touched, job.candidates, job.took_ms = report.touched, report.candidates, report.took_ms
        job.refused = len(report.refused)
        job.rows_read, job.screen_ms = report.rows_read, report.screen_ms
        job.last_error = ("refused: " + " ".join(report.refused))[:500] if report.refused else None


def run_one(sessions: sessionmaker[Session], handlers: dict[str, Handler], worker: str | None = None) -> int:
    """Claim and run the oldest due job — with every due job of its kind when its handler
    coalesces — and return how many ran (0 when none is due). A failing job is retried later
    with backoff and marked failed after MAX_ATTEMPTS (its error class kept, never its data).
    A handler that raises :class:`Interrupted` leaves the claimed jobs queued, untouched."""
    with sessions() as session, session.begin():
        first = _claim(session, None, 1)
        if not first:
            return 0
        handler = handlers.get(first[0].kind)
        claimed = first
        if isinstance(handler, Coalescing):
            claimed = first + [j for j in _claim(session, first[0].kind, BATCH) if j.id != first[0].id]
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {first[0].kind}")
            with session.begin_nested():
                payloads = [json.loads(j.payload) for j in claimed]
                if isinstance(handler, Coalescing):
                    reports: list[JobReport | None] = list(handler.batch(session, payloads))
                else:
                    reports = [handler(session, payloads[0])]
            for job, report in zip(claimed, reports, strict=True):
                _record(job, report, worker)
        except Interrupted:
            raise
        except Exception as exc:  # a job's failure must not stop the worker
            for job in claimed:
                job.attempts += 1
                job.last_error = f"{type(exc).__name__}"[:500]
                if job.attempts >= MAX_ATTEMPTS:
                    job.state = "failed"
                else:
                    job.run_after = utcnow() + timedelta(seconds=2**job.attempts)
            log.warning("job %s (%s) failed: %s", first[0].id, first[0].kind, type(exc).__name__)
        return len(claimed)


def drain(
    sessions: sessionmaker[Session],
    handlers: dict[str, Handler],
    limit: int = 10_000,
    worker: str | None = None,
) -> int:
    """Run due jobs until none is left (or about ``limit``); returns how many ran."""
    ran = 0
    while ran < limit:
        done = run_one(sessions, handlers, worker)
        if not done:
            break
        ran += done
    return ran
