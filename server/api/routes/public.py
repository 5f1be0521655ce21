"""Endpoints anyone may call: the family's receipt check and a health probe."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from server.api.deps import SessionDep, SettingsDep
from server.api.errors import ERROR_RESPONSES
from server.api.schemas import HealthPublic, VerifyPublic
from server.services import receipts
from server.services.meta import current_epoch, in_transaction

router = APIRouter(responses=ERROR_RESPONSES)


@router.get("/verify/{code}", tags=["public"])
def verify_receipt(
    code: Annotated[str, Path()], request: Request, session: SessionDep, settings: SettingsDep
) -> VerifyPublic:
    """Whether a case with this verification code is registered, and its coarse status.

    A malformed code (of any length) answers exactly like an unknown one: ``{"registered":
    false, "status": null}``, and counts against the limit per client address (429 with
    Retry-After) like any other check.
    """
    address = request.client.host if request.client else "unknown"
    in_transaction(
        session, lambda s: receipts.count_hit(s, address, settings.verify_per_minute, settings.minute_clock())
    )
    registered, status = in_transaction(session, lambda s: receipts.check_receipt(s, code))
    return VerifyPublic(registered=registered, status=status)  # type: ignore[arg-type]


@router.get("/health", tags=["public"])
def health(session: SessionDep) -> HealthPublic:
    """For load balancers: the database answers."""
    in_transaction(session, current_epoch)
    return HealthPublic(status="ok")
