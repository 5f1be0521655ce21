"""The station's kinship setting: the subpopulation correction θ used by every DNA comparison.

θ (NRC II, 1996, recommendation 4.10 and equations 4.10a/b) is 0.01 by default, as NRC II
recommends for most populations; a lab that serves a small, isolated community may ask for up
to 0.05. It lives in the store's ``settings`` table, so it travels with backups and is the same
for every officer of the station. Changing it is an admin's act, audited, and every active case
is queued for matching again (their DNA results depend on it).

Callable on the store's owning thread (CLI main thread, the UI's database worker).
"""

from __future__ import annotations

from app.core.matching.likelihood import DEFAULT_THETA
from app.core.matching.relatives import KinshipModel
from app.core.model import AccountRole
from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import match_repository as repo
from app.storage.audit import now_utc

__all__ = ["MAX_THETA", "THETA_KEY", "kinship_model", "parse_theta", "set_theta"]

THETA_KEY = "kinship.theta"
MAX_THETA = 0.05


def _parse(text: str | None) -> float:
    try:
        value = float(text) if text is not None else DEFAULT_THETA
    except ValueError:
        return DEFAULT_THETA
    return value if 0.0 <= value <= MAX_THETA else DEFAULT_THETA


def parse_theta(text: str) -> float:
    """θ as an officer typed it ("0.02", "0,02"); anything not a number in 0–0.05 is refused
    with the field named and the range given."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise ServiceError("theta_range", max=MAX_THETA) from None
    if not 0.0 <= value <= MAX_THETA:  # also refuses nan and inf
        raise ServiceError("theta_range", max=MAX_THETA)
    return value


def kinship_model(session: Session) -> KinshipModel:
    """θ as the station set it (0.01 unless an admin changed it)."""
    with session.store.reader() as conn:
        return KinshipModel(theta=_parse(repo.setting(conn, THETA_KEY)))


def set_theta(session: Session, theta: float) -> int:
    """Set θ (0–0.05). Admin only; audits ``settings.kinship_theta`` (old and new value);
    re-queues every active case for matching and returns how many."""
    session.require(AccountRole.ADMIN)
    if not 0.0 <= theta <= MAX_THETA:
        raise ServiceError("theta_range", max=MAX_THETA)
    with session.store.unit_of_work() as uow:
        old = _parse(repo.setting(uow.conn, THETA_KEY))
        repo.set_setting(uow.cursor, THETA_KEY, repr(float(theta)))
        now = now_utc()
        active = repo.active_case_numbers(uow.conn, "missing") + repo.active_case_numbers(uow.conn, "found")
        for case_no in active:
            repo.mark_stale(uow.cursor, case_no, now)
        uow.audit.record(session.user, "settings.kinship_theta", "", detail=f"theta={theta:g} was={old:g}")
        uow.commit()
    return len(active)
