"""The national operator's web console: logon with an operator token, and what only the server
sees (audit-witness alerts and station events, the matching worker's lag, each station's last
sync, gallery requests, national pairs on which two stations' decisions conflict).

A logon trades the operator's bearer token for a console session: a fresh random value in an
HttpOnly, SameSite=Strict cookie, of which only the SHA-256 is stored, ending after
:data:`SESSION_HOURS` or at once when the operator is revoked. The bearer token itself never
becomes a cookie. Any request thread; the caller commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from server.services import credentials, decisions, events
from server.services.errors import Refused
from server.storage.public_tables import PUBLISHED, ConsoleSession, GalleryEntry
from server.storage.tables import AuditWitness, Job, Operator, Station, as_utc, utcnow

SESSION_HOURS = 8
COOKIE = "xunren_console"


def log_on(session: Session, token: str) -> tuple[str, str]:
    """(cookie value, operator name) for a valid, unrevoked operator token; Refused otherwise."""
    if not token.startswith(credentials.OPERATOR_PREFIX):
        raise Refused("bad_credential", "not an operator token")
    caller = credentials.authenticate(session, token)
    operator = session.scalar(select(Operator).where(Operator.name == caller.operator))
    assert operator is not None
    value = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at < now))
    session.add(
        ConsoleSession(
            token_hash=credentials.token_hash(value),
            operator_id=operator.id,
            created_at=now,
            expires_at=now + timedelta(hours=SESSION_HOURS),
        )
    )
    return value, operator.name


def operator_of(session: Session, cookie: str | None) -> str | None:
    """The operator a console cookie belongs to, or None (unknown, expired, or revoked)."""
    if not cookie or len(cookie) > 100:
        return None
    row = session.execute(
        select(Operator.name, Operator.revoked_at, ConsoleSession.expires_at)
        .join(ConsoleSession, ConsoleSession.operator_id == Operator.id)
        .where(ConsoleSession.token_hash == credentials.token_hash(cookie))
    ).first()
    if row is None or row.revoked_at is not None or as_utc(row.expires_at) < utcnow():
        return None
    return str(row.name)


def log_off(session: Session, cookie: str | None) -> None:
    if cookie:
        session.execute(
            delete(ConsoleSession).where(ConsoleSession.token_hash == credentials.token_hash(cookie))
        )


@dataclass
class WorkerLag:
    queued: int = 0
    oldest_wait_s: int | None = None
    failed: int = 0
    last_finished: str | None = None


@dataclass
class Overview:
    """Everything the console's one page shows."""

    alerts: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    worker: WorkerLag = field(default_factory=WorkerLag)
    stations: list[dict[str, Any]] = field(default_factory=list)
    published: int = 0
    conflicts: list[decisions.DecisionConflict] = field(default_factory=list)


def lag_statements() -> tuple[Select[int, datetime | None], Select[int], Select[datetime | None]]:
    """(queued jobs and the oldest one's due time, failed jobs, the last job's end): each read
    from a partial index of its state (``ix_jobs_queued``, ``ix_jobs_failed``, ``ix_jobs_done``),
    never from every job the server ran (one per push)."""
    return (
        select(func.count(Job.id), func.min(Job.run_after)).where(Job.state == "queued"),
        select(func.count(Job.id)).where(Job.state == "failed"),
        select(func.max(Job.finished_at)).where(Job.state == "done"),
    )


def worker_lag(session: Session) -> WorkerLag:
    """How far national matching is behind: queued and failed jobs, the oldest one's wait."""
    queued_of, failed_of, last_of = lag_statements()
    queued, oldest = session.execute(queued_of).one()
    failed = session.scalar(failed_of) or 0
    last = session.scalar(last_of)
    wait = None if oldest is None else max(0, int((utcnow() - as_utc(oldest)).total_seconds()))
    return WorkerLag(int(queued or 0), wait, int(failed), as_utc(last).isoformat() if last else None)


def last_syncs(session: Session, limit: int = 500) -> list[dict[str, Any]]:
    """Every station with the time its last audit head arrived (every sync carries one)."""
    latest = (
        select(AuditWitness.received_at)
        .where(AuditWitness.station_id == Station.id)
        .order_by(AuditWitness.id.desc())
        .limit(1)
        .correlate(Station)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Station.code, Station.name, Station.revoked_at, latest.label("last"))
        .order_by(Station.code)
        .limit(limit)
    ).all()
    return [
        {"code": r.code, "name": r.name, "revoked": r.revoked_at is not None,
         "last_sync": as_utc(r.last).isoformat(timespec="seconds") if r.last else None}
        for r in rows
    ]  # fmt: skip


def overview(session: Session) -> Overview:
    """The console's page: read-only."""
    recent = events.list_events(session, None, limit=200)
    published = (
        session.scalar(select(func.count(GalleryEntry.id)).where(GalleryEntry.state == PUBLISHED)) or 0
    )
    return Overview(
        alerts=[e for e in recent if e["alert"]][:50],
        events=[e for e in recent if not e["alert"]][:20],
        worker=worker_lag(session),
        stations=last_syncs(session),
        published=int(published),
        conflicts=decisions.conflicts(session),
    )
