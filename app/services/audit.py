"""Checking the audit chain, and reading a case's history from it."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import audit
from app.storage.cursor import cursor_of


@dataclass(frozen=True, slots=True)
class AuditReport:
    entries: int
    head_seq: int
    head_hash: str


def verify_audit(session: Session) -> AuditReport:
    """Walk the whole chain. Raises ServiceError naming the first broken entry.

    The check itself is recorded *after* it ran, so a clean chain stays clean.
    """
    with session.store.reader() as conn:
        count, broken = audit.verify(conn)
        head = audit.AuditChain(conn).head()
    if broken is not None:
        raise ServiceError("audit_broken", seq=broken.seq, problem=broken.problem)
    _check_witnessed(session)
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "audit.verify", "", detail=f"entries={count}")
        uow.commit()
    return AuditReport(count, head[0], head[1])


def _check_witnessed(session: Session) -> None:
    """The chain must still hold, unchanged, the head the server last acknowledged: a chain cut
    short or rewritten since (and re-hashed to look intact) is caught here."""
    from app.storage import sync_state as st

    with session.store.reader() as conn:
        c = cursor_of(conn)
        witnessed = st.get_point(c, st.WITNESSED)
        if witnessed is None or witnessed[0] == 0:
            return
        if tuple(audit.origin(conn)) == tuple(witnessed):
            return  # a rebuilt station's chain goes on from that head (audit.relink); nothing since
        held = audit.hash_at(conn, witnessed[0])
    if held is None or held != witnessed[1]:
        raise ServiceError("audit_unwitnessed", seq=witnessed[0])


def case_history(session: Session, case_no: str) -> list[audit.AuditEntry]:
    """Every audit entry about one case, oldest first (the case detail's history tab)."""
    with session.store.reader() as conn:
        return list(audit.iter_entries(conn, obj=case_no))
