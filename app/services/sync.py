"""Sync as the desktop app and the CLI use it: sync now, what is waiting, what was refused.

``sync_now`` blocks on the network. Without ``writer`` it writes through the calling thread's
unit of work (the CLI: the main thread owns the store). The desktop app runs it on a thread of
its own and passes ``writer``, which hands each short write (and the audit entry) to the
database worker: the network never holds the database thread, so the officer's work goes on.
``sync_status`` and ``refused_changes`` only read and may run on any thread. The sync indicator,
the "sync now" button and the problems view are UI widgets built on these three calls.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.services.enrolment import SyncError, failure_words
from app.services.session import Session
from app.storage import sync_state as st
from app.storage.cursor import cursor_of
from app.storage.store import UnitOfWork, Writer
from app.sync import planner
from app.sync.client import SyncClient, SyncFailure
from app.sync.engine import ReenrolmentNeeded, SyncEngine, SyncGaveUp, SyncReport, SyncStep, Tuning

if TYPE_CHECKING:
    from app.services.screening_leads import IndexState


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the sync indicator shows. ``failed``: refused changes with the server's reason."""

    waiting: int
    sent: int
    failed: list[dict[str, Any]]
    last_success: str | None
    clock_skew_seconds: float | None
    clock_warning: bool
    enrolled: bool
    needs_enrolment: bool
    audit_refused: str | None = None  # the server refused to witness this station's audit chain
    # Enrolled from a package (issue 14) with no server address: changes travel on a USB stick.
    usb_only: bool = False
    # National pairs on which this station and another decided differently (issue 14):
    # [{"pair": "{missing}~{found}", "decisions": [{"station", "state", "decided_at", "reason"}]}]
    conflicts: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    # the offline national index (issue 15): version, last re-screen, last accepted key rotation
    screening: IndexState | None = None

    def as_json(self) -> dict[str, Any]:
        """The ``sync status --json`` contract shape (SPEC.md), plus ``conflicts`` only while
        stations disagree on a national pair (the contract's keys stay as they are otherwise)."""
        shape: dict[str, Any] = {
            "waiting": self.waiting,
            "sent": self.sent,
            "failed": [{"record": f["record"], "reason": f["reason"]} for f in self.failed],
            "last_success": self.last_success,
        }
        if self.conflicts:
            shape["conflicts"] = self.conflicts
        return shape


def engine_for(
    session: Session,
    *,
    tuning: Tuning | None = None,
    rng: random.Random | None = None,
    sleep: Callable[[float], None] | None = None,
    crash: Callable[[str], None] | None = None,
    writer: Writer | None = None,
    timeout: float = 30.0,
    progress: Callable[[SyncStep], None] | None = None,
) -> SyncEngine:
    """An engine for the enrolled server (the tests pass a crash hook and a fast back-off)."""
    with session.store.reader() as conn:
        cur = cursor_of(conn)
        url, credential = st.get(cur, st.SERVER_URL), st.get(cur, st.CREDENTIAL)
    if not url or not credential:
        raise SyncError("offline_only" if credential else "not_enrolled")
    client = SyncClient(url, credential, timeout=timeout)
    kwargs: dict[str, Any] = {
        "tuning": tuning,
        "rng": rng,
        "crash": crash,
        "writer": writer,
        "progress": progress,
    }
    if sleep is not None:
        kwargs["sleep"] = sleep
    return SyncEngine(session.store, client, **kwargs)


def sync_now(session: Session, **engine_options: Any) -> SyncReport:
    """Push the outbox, pull what the server holds for the station, compare counts and digest.

    Audits ``sync.run`` with the counts (outcome ``ok``, ``mismatch`` or the failure). Raises
    :class:`SyncError` when it cannot finish; nothing queued is lost either way.
    """
    engine = engine_for(session, **engine_options)
    writer: Writer | None = engine_options.get("writer")
    try:
        report = engine.run()
    except ReenrolmentNeeded:
        _audit(session, "reenrol", "", writer)
        raise SyncError("reenrol") from None
    except SyncGaveUp as exc:
        _audit(session, "unreachable", str(exc)[:200], writer)
        raise SyncError("sync_unreachable", detail=failure_words(str(exc))) from None
    except SyncFailure as exc:
        _audit(session, "refused", exc.detail[:200], writer)
        raise SyncError("sync_refused", detail=failure_words(exc.detail)) from None
    from app.services.gallery import import_tips  # issue 18: tips from the public, pulled just now

    import_tips(session, writer=writer)
    from app.services.child_alerts import import_alerts  # issue 14: missing-child alerts, shown at once

    import_alerts(session, writer=writer)
    from app.services.referrals import import_referrals  # issue 14: referrals and their steps

    import_referrals(session, writer=writer)
    from app.services.transfer_photos import fetch_photos  # issue 14: transfers
    from app.services.transfers import audit_transfers

    audit_transfers(session, writer=writer)
    fetch_photos(
        session, engine.client, writer=writer, retrying=engine.retrying
    )  # the pictures of a case taken over
    detail = f"pushed={report.pushed} refused={report.refused} pulled={report.pulled} resent={report.resent}"
    if report.audit_refused:
        detail += f" audit_refused={report.audit_refused}"
    _audit(session, "ok" if report.equal else "mismatch", detail, writer)
    from app.services.screening import pull_screening  # issue 15: after the ordinary pull

    pull_screening(session, engine.client, writer=writer, retrying=engine.retrying)
    return report


def sync_status(session: Session) -> SyncStatus:
    """Waiting / sent counts, refused changes with reasons, last success (server clock), and the
    national pairs on which stations decided differently."""
    from app.services.match_national import national_conflicts
    from app.services.screening_leads import index_state

    conflicts = [
        {"pair": f"{d.missing}~{d.found}",
         "decisions": [{"station": x.station, "state": x.state.value, "decided_at": x.decided_at, "reason": x.reason}
                       for x in d.decisions]}
        for d in national_conflicts(session)
    ]  # fmt: skip
    with session.store.reader() as conn:
        c = cursor_of(conn)
        counts = st.outbox_counts(c)
        failed = st.refused(c)
        skew_text = st.get(c, st.CLOCK_SKEW)
        skew = float(skew_text) if skew_text else None
        return SyncStatus(
            waiting=counts.get("waiting", 0),
            sent=counts.get("sent", 0),
            failed=failed,
            last_success=st.get(c, st.LAST_SUCCESS),
            clock_skew_seconds=skew,
            clock_warning=planner.clock_warning(skew),
            enrolled=st.get(c, st.CREDENTIAL) is not None,
            usb_only=st.get(c, st.CREDENTIAL) is not None and not st.get(c, st.SERVER_URL),
            needs_enrolment=st.get(c, st.AUTH_FAILED) is not None,
            audit_refused=_refused_reason(st.get(c, st.AUDIT_REFUSED)),
            conflicts=conflicts,
            screening=index_state(conn),
        )


def _refused_reason(text: str | None) -> str | None:
    if not text:
        return None
    import json

    return str(json.loads(text).get("reason") or "refused")


def refused_changes(session: Session) -> list[dict[str, Any]]:
    """The problems view: every refused change (record, type, base revision, reason, when)."""
    with session.store.reader() as conn:
        return st.refused(cursor_of(conn))


def _audit(session: Session, outcome: str, detail: str, writer: Writer | None) -> None:
    def record(uow: UnitOfWork) -> None:
        uow.audit.record(session.user, "sync.run", "", outcome, detail=detail)

    (writer or session.store.write)(record)
