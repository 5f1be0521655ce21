"""Read access for national operators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.core.referral import ReferralState
from app.sync import protocol
from server.api.deps import OperatorDep, SessionDep
from server.api.errors import ERROR_RESPONSES
from server.api.referral_schemas import ReferralRowPublic
from server.api.schemas import CasePublic, MatchPublic
from server.services import national, referral_views
from server.services.meta import in_transaction

router = APIRouter(prefix="/national", tags=["national"], responses=ERROR_RESPONSES)


@router.get("/cases")
def list_cases(
    _operator: OperatorDep,
    session: SessionDep,
    station: Annotated[str | None, Query(pattern=r"^[0-9]{9}$")] = None,
    after: Annotated[str, Query(max_length=22, pattern=r"^[0-9-]*$")] = "",
    limit: Annotated[int, Query(ge=1, le=protocol.MAX_PULL_LIMIT)] = 100,
) -> list[CasePublic]:
    """Every station's cases in case-number order; page with ``after`` = the last case number."""
    rows = in_transaction(session, lambda s: national.list_cases(s, station, after, limit))
    return [CasePublic(**r) for r in rows]


@router.get("/matches")
def list_matches(
    _operator: OperatorDep,
    session: SessionDep,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    limit: Annotated[int, Query(ge=1, le=protocol.MAX_PULL_LIMIT)] = 100,
) -> list[MatchPublic]:
    """National candidate pairs, best first."""
    rows = in_transaction(session, lambda s: national.list_matches(s, offset, limit))
    return [MatchPublic(**r) for r in rows]


@router.get("/referrals")
def list_referrals(
    _operator: OperatorDep,
    session: SessionDep,
    station: Annotated[str | None, Query(pattern=r"^[0-9]{9}$")] = None,
    state: ReferralState | None = None,
    limit: Annotated[int, Query(ge=1, le=protocol.MAX_PULL_LIMIT)] = 100,
) -> list[ReferralRowPublic]:
    """Referrals between stations (issue 14), the one that moved last first: those ``station``
    sent or was asked, in ``state``; never a note, a name or the case file."""
    rows = in_transaction(
        session, lambda s: referral_views.referral_rows(s, station=station, state=state, limit=limit)
    )
    return [ReferralRowPublic(**r.to_json()) for r in rows]
