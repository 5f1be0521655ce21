"""Another station's case, as its national candidate shows it here (issue 14).

The pull brings, beside each national match, a read-only summary of the other station's case
(:class:`app.sync.protocol.summaries.CaseSummary`), kept in the encrypted store with the other
pulled items. :func:`national_case` reads the newest one for a case number. Audits
``case.view_national``. Any thread may call it (it writes only the audit entry, through the store).
"""

from __future__ import annotations

from app.services.session import Session
from app.storage import match_repository as repo
from app.sync.protocol import ProtocolError
from app.sync.protocol.summaries import CaseSummary

NationalCase = CaseSummary  # what the UI and CLI name it (they do not import app.sync)


def national_case(session: Session, case_no: str) -> CaseSummary | None:
    """The newest summary the server delivered of *case_no*, another station's case; None when
    no national candidate brought it."""
    with session.store.reader() as conn:
        payload = repo.pulled_summary(conn, case_no)
    if payload is None:
        return None
    try:
        summary = CaseSummary.read(payload)
    except ProtocolError:
        return None
    with session.store.unit_of_work() as uow:
        uow.audit.record(
            session.user, "case.view_national", case_no, detail=f"station={summary.station.code}"
        )
        uow.commit()
    return summary
