"""Referral payloads as pydantic models (issue 14), in ``/openapi.json`` for whoever builds a
station or reads the pulled items without Python. The pushed ones (a referral, an answer) are
derived from :mod:`app.sync.protocol.referrals` in :mod:`server.api.record_schemas`; the delivery
a station pulls, and the row the national operator reads (``GET /national/referrals``,
``xunren-server referral list``), are here. Tests hold each to the protocol's reader or builder
(``tests/unit/test_record_schemas.py``, ``tests/unit/test_referral_records.py``). The server
reads pushed payloads with the protocol's own readers (``server/services/referrals.py``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.core.referral import ReferralRequest, ReferralState
from server.api.record_schemas import AnswerStepValue, ReferralAnswerPayload, ReferralPayload

ReferralCreate = ReferralPayload  # the payload of a ``referral`` record ({case_no}/q/{uuid})
ReferralAnswerCreate = ReferralAnswerPayload  # of a ``referral_answer`` record ({case_no}/a/{uuid})
__all__ = ["AnswerStepValue", "ReferralAnswerCreate", "ReferralCreate"]


class AnswerStepPublic(BaseModel):
    id: str
    state: ReferralState
    note: str
    by: str
    station: str
    at: str
    received_at: str


class StationRef(BaseModel):
    code: str
    name: str


class ReferralDeliveryPublic(BaseModel):
    """A pulled ``referral`` item's payload: the referral with every answer."""

    model_config = ConfigDict(populate_by_name=True)
    id: str
    case_no: str
    from_: StationRef = Field(alias="from")
    to: StationRef
    request: ReferralRequest
    note: str
    asked_by: str
    asked_at: str
    state: ReferralState
    answers: list[AnswerStepPublic]


class ReferralRowPublic(BaseModel):
    """One referral as the national operator sees it (``server.services.referral_views``): never
    the note, an officer's name or anything of the case file."""

    id: str = Field(description="the referral's record id")
    number: str = Field(description="what the stations' officers call it: eight hex digits")
    case_no: str
    from_station: str = Field(description="the asking station's code")
    to_station: str = Field(description="the asked station's code")
    request: ReferralRequest
    state: ReferralState
    sent_at: str = Field(description="UTC, the server's clock")
    last_step_at: str = Field(description="UTC, the server's clock: sent or last answered")
