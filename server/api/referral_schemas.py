"""Referral payloads as pydantic models (issue 14): the same rules in JSON Schema
(``model_json_schema``) for whoever builds a station or reads the pulled items without Python.
The fields are those of :mod:`app.sync.protocol.referrals` (a test holds them equal) and the
value sets come from the core's enums. The server itself reads pushed payloads with the
protocol's own readers (``server/services/referrals.py``); a push body's ``payload`` stays an
object, as for every record kind."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.core.referral import ANSWER_STEPS, MAX_NOTE, ReferralRequest, ReferralState
from app.sync import protocol

AnswerStepValue = StrEnum("AnswerStepValue", {s.name: s.value for s in ANSWER_STEPS})  # type: ignore[misc]


class ReferralCreate(BaseModel):
    """The payload of a ``referral`` record (``{case_no}/q/{uuid}``, the asking station's)."""

    model_config = ConfigDict(extra="allow")
    case_no: str = Field(pattern=protocol.CASE_NO_RE.pattern)
    to: str = Field(pattern=protocol.STATION_CODE_RE.pattern, description="the target station's code")
    request: ReferralRequest
    note: str = Field(max_length=MAX_NOTE)
    asked_by: str = Field(min_length=1, max_length=64)
    asked_at: str = Field(min_length=10, max_length=40)


class ReferralAnswerCreate(BaseModel):
    """The payload of a ``referral_answer`` record (``{case_no}/a/{uuid}``, the answering station's)."""

    model_config = ConfigDict(extra="allow")
    referral: str = Field(pattern=protocol.RECORD_ID_PATTERN, description="the referral's record id")
    state: AnswerStepValue
    note: str = Field(max_length=MAX_NOTE)
    by: str = Field(min_length=1, max_length=64)
    at: str = Field(min_length=10, max_length=40)


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
