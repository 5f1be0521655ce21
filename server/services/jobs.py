"""The job table and the worker loop: background work shared by any number of workers.

On PostgreSQL a worker claims a job with ``SELECT … FOR UPDATE SKIP LOCKED`` and runs it inside
the same transaction, so a worker that dies mid-job leaves the job queued and its half-done
writes rolled back. On SQLite every write transaction takes the database lock at BEGIN, so
several workers simply take turns: a safe single-worker fallback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from server.storage.tables import Job, utcnow

log = logging.getLogger("xunren.server.worker")
Handler = Callable[[Session, dict[str, Any]], None]
MAX_ATTEMPTS = 5


def enqueue(session: Session, kind: str, payload: dict[str, Any]) -> None:
    """Queue a job; it becomes visible to workers when the caller's transaction commits."""
    session.execute(
        insert(Job).values(
            kind=kind, payload=json.dumps(payload), state="queued", attempts=0, run_after=utcnow()
        )
    )


def run_one(sessions: sessionmaker[Session], handlers: dict[str, Handler]) -> bool:
    """Claim and run one due job; False when none is due. A failing job is retried later with
    backoff and marked failed after MAX_ATTEMPTS (its error class kept, never its data)."""
    with sessions() as session, session.begin():
        now = utcnow()
        query = (
            select(Job)
            .where(Job.state == "queued", Job.run_after <= now)
            .order_by(Job.run_after, Job.id)
            .limit(1)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        job = session.scalars(query).first()
        if job is None:
            return False
        handler = handlers.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {job.kind}")
            with session.begin_nested():
                handler(session, json.loads(job.payload))
            job.state, job.finished_at = "done", utcnow()
        except Exception as exc:  # a job's failure must not stop the worker
            job.attempts += 1
            job.last_error = f"{type(exc).__name__}"[:500]
            log.warning("job %s (%s) failed: %s", job.id, job.kind, type(exc).__name__)
            if job.attempts >= MAX_ATTEMPTS:
                job.state = "failed"
            else:
                job.run_after = utcnow() + timedelta(seconds=2**job.attempts)
        return True


def drain(sessions: sessionmaker[Session], handlers: dict[str, Handler], limit: int = 10_000) -> int:
    """Run due jobs until none is left (or ``limit``); returns how many ran."""
    ran = 0
    while ran < limit and run_one(sessions, handlers):
        ran += 1
    return ran
