"""Typed operations the windows submit to the runner: each is a plain function run off the GUI.

The services are imported inside each function, on the database thread, so that the logon window
appears before SQLAlchemy and the store are loaded. Windows call these through
:meth:`UiContext.submit` (operations of a session) or :meth:`UiContext.submit_plain` (logon and
first run, which have no session yet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from app.core.model import RegisteredCase
    from app.services.session import Session

PAGE_SIZE = 200


@dataclass(frozen=True)
class ListQuery:
    """What the case list shows: filters and order, all applied by the database."""

    case_type: str | None = None
    status: str | None = None
    officer: str | None = None
    created_from: str | None = None  # UTC ISO text, inclusive
    created_to: str | None = None  # UTC ISO text, exclusive
    sort: str = "created_at"
    descending: bool = True


@dataclass(frozen=True)
class ListRow:
    """One line of the case list or of the search results, as plain text values."""

    case_no: str
    type: str
    status: str
    review: str
    names: str
    officer: str
    created_at: str
    matched_on: str = ""


def _row(r: Any, matched_on: str = "") -> ListRow:
    owner = r.assigned_to or r.officer  # the 民警 column names who answers for the case
    return ListRow(r.case_no, r.type, r.status, r.review, r.names, owner, r.created_at, matched_on)


def _case_filter(q: ListQuery) -> Any:
    from app.services.cases import CaseFilter

    return CaseFilter(
        status=q.status, type=q.case_type, officer=q.officer,
        created_from=q.created_from, created_to=q.created_to,
    )  # fmt: skip


# -- without a session ---------------------------------------------------------------------------
def open_session(data_dir: Path, user: str, password: str, lang: str) -> Callable[[], Session]:
    """Logon: opens the store as *user* (audited by the service)."""

    def run() -> Session:
        from app.services.session import logon

        return logon(data_dir, user, password, lang=lang)

    return run


def recover_admin(
    data_dir: Path, admin: str, recovery_key: str, password: str, lang: str
) -> Callable[[], Session]:
    """The recovery key opens the station and sets *admin*'s new password (audited by the
    service); the session carries the new recovery key once, for the new sheet."""

    def run() -> Session:
        from app.services.recovery import recover_admin as recover

        return recover(data_dir, admin, recovery_key, password, lang=lang)

    return run


def create_station(
    data_dir: Path,
    code: str,
    name: str,
    admin: str,
    password: str,
    lang: str,
    *,
    phone: str = "",
    address: str = "",
) -> Callable[[], Session]:
    """First run: creates the encrypted store; the session carries the recovery key once."""

    def run() -> Session:
        from app.services.session import init_station

        return init_station(data_dir, code, name, admin, password, lang=lang, phone=phone, address=address)

    return run


def warm_up() -> None:
    """Import the store and services while the officer types the password (logon feels instant)."""
    import app.services.cases
    import app.services.session  # noqa: F401


# -- operations of a session ---------------------------------------------------------------------
def verify_password(password: str) -> Callable[[Session], bool]:
    """Unlocking the screen: checks the password against the user's key slot, under the same
    failure counting and lockout as the logon window; audits ``screen.unlock``."""

    def run(session: Session) -> bool:
        from app.services.session import unlock

        unlock(session, password)
        return True

    return run


def record_lock() -> Callable[[Session], None]:
    """The screen was locked: audited (``screen.lock``)."""

    def run(session: Session) -> None:
        from app.services.session import lock

        lock(session)

    return run


def count_cases(q: ListQuery) -> Callable[[Session], int]:
    def run(session: Session) -> int:
        from app.services import cases

        return cases.count_cases(session, _case_filter(q))

    return run


def list_page(q: ListQuery, offset: int, limit: int = PAGE_SIZE) -> Callable[[Session], list[ListRow]]:
    """A page of the case list; only the first page of a new query is audited (``case.list``)."""

    def run(session: Session) -> list[ListRow]:
        from app.services import cases

        rows = cases.list_cases(
            session, _case_filter(q), sort=q.sort, descending=q.descending,
            limit=limit, offset=offset, audit=offset == 0,
        )  # fmt: skip
        return [_row(r) for r in rows]

    return run


def search_cases(text: str, limit: int = 100, *, audit: bool = True) -> Callable[[Session], list[ListRow]]:
    """Search by number, characters, pinyin, initials, ID number or phone (audited unless the
    caller audits it later with :func:`audit_search`; the query is never kept)."""

    def run(session: Session) -> list[ListRow]:
        from app.services import cases

        return [_row(h.row, h.matched_on) for h in cases.search(session, text, limit=limit, audit=audit)]

    return run


def audit_search(hits: list[ListRow]) -> Callable[[Session], None]:
    """Audit a search whose hits the officer saw (search as you type audits the settled query)."""

    def run(session: Session) -> None:
        from app.services import cases

        cases.audit_search(session, len(hits), {h.matched_on for h in hits if h.matched_on})

    return run


def load_case(case_no: str) -> Callable[[Session], RegisteredCase]:
    """The whole case for the detail pane (audited ``case.view``)."""

    def run(session: Session) -> RegisteredCase:
        from app.services import cases

        return cases.show_case(session, case_no)

    return run


def close_session() -> Callable[[Session], None]:
    def run(session: Session) -> None:
        session.close()

    return run


def error_text(exc: BaseException, lang: str) -> str:
    """The service's own words for a user's mistake; a calm generic line for anything else."""
    from app.services.errors import user_text

    text = user_text(exc, lang)
    if text:
        return text
    return QCoreApplication.translate(
        "Errors", "Something went wrong inside the program; nothing was lost. Details are in the log."
    )


def station_theta() -> Callable[[Session], float]:
    """The station's subpopulation correction θ (``kinship_settings``)."""

    def run(session: Session) -> float:
        from app.services.kinship_settings import kinship_model

        return kinship_model(session).theta

    return run


def set_station_theta(theta: float) -> Callable[[Session], int]:
    """Set θ (admin only; audited; every active case is matched again): the cases re-queued."""

    def run(session: Session) -> int:
        from app.services.kinship_settings import set_theta

        return set_theta(session, theta)

    return run
