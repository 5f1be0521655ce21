"""The referral wire records (issue 14): each builder's payload reads back into the same record,
a reader names the field it cannot read, ids tie a record to its case, and the server's pydantic
models carry exactly the protocol's fields and value sets."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from app.core.referral import ReferralRequest, ReferralState, can_answer
from app.sync import protocol
from app.sync.protocol import ProtocolError
from app.sync.protocol import referrals as wire
from server.api import referral_schemas as schemas

CASE = "370783001-2026-000012"
OTHER = "450305001"


def _referral(**change: Any) -> dict[str, Any]:
    record = wire.ReferralRecord(
        CASE, OTHER, ReferralRequest.DNA_SAMPLE, "请采集外婆口腔拭子", "li", "2026-12-06T08:00:00Z"
    )
    return {**record.to_payload(), **change}


def _answer(referral_id: str, **change: Any) -> dict[str, Any]:
    answer = wire.ReferralAnswer(
        referral_id, ReferralState.ACCEPTED, "已受理", "wang", "2026-12-06T09:00:00Z"
    )
    return {**answer.to_payload(), **change}


def test_child_kinds_are_reserved() -> None:
    assert protocol.CHILD_KINDS["referral"] == "q" and protocol.CHILD_KINDS["referral_answer"] == "a"
    assert len(set(protocol.CHILD_KINDS.values())) == len(protocol.CHILD_KINDS)
    assert wire.KIND in protocol.PULL_KINDS
    rid = wire.new_referral_id(CASE)
    assert protocol.check_record_id("referral", rid) is None and protocol.case_of(rid) == CASE
    assert protocol.check_record_id("referral_answer", wire.new_answer_id(CASE)) is None
    assert len(wire.short_id(rid)) == 8 and rid.split("/")[2].startswith(wire.short_id(rid))


def test_each_record_reads_back_into_the_same_payload() -> None:
    rid = wire.new_referral_id(CASE)
    referral = wire.ReferralRecord.read(_referral())
    assert referral.to_payload() == _referral() and referral.problem_with_id(rid) is None
    answer = wire.ReferralAnswer.read(_answer(rid))
    assert answer.to_payload() == _answer(rid)
    assert answer.problem_with_id(wire.new_answer_id(CASE)) is None
    step = wire.AnswerStep("x", ReferralState.ACCEPTED, "已受理", "wang", OTHER, "t1", "t2")
    delivery = wire.ReferralDelivery(rid, CASE, "370783001", "圣城派出所", OTHER, "桂林派出所",
                                     ReferralRequest.VISIT, "请走访", "li", "t0", ReferralState.ACCEPTED, (step,))  # fmt: skip
    assert wire.ReferralDelivery.read(rid, delivery.to_payload()) == delivery


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"to": "12345"}, "referral.to"),
        ({"request": "arrest"}, "referral.request"),
        ({"note": "x" * 2001}, "referral.note"),
        ({"asked_by": ""}, "referral.asked_by"),
        ({"asked_at": "now"}, "referral.asked_at"),
        ({"v": 99}, "referral.v"),
        ({"case_no": "CASE"}, "referral.case_no"),
    ],
)
def test_the_referral_reader_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        wire.ReferralRecord.read(_referral(**change))
    assert caught.value.reason == protocol.INVALID and caught.value.detail.startswith(field)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"state": "sent"}, "referral_answer.state"),
        ({"state": "maybe"}, "referral_answer.state"),
        ({"referral": CASE}, "referral_answer.referral"),
        ({"by": "x" * 65}, "referral_answer.by"),
    ],
)
def test_the_answer_reader_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        wire.ReferralAnswer.read(_answer(wire.new_referral_id(CASE), **change))
    assert caught.value.detail.startswith(field)


def test_ids_tie_a_record_to_its_case() -> None:
    referral = wire.ReferralRecord.read(_referral())
    assert referral.problem_with_id(wire.new_referral_id("370783001-2026-000013")) is not None
    assert referral.problem_with_id(wire.new_answer_id(CASE)) is not None  # an answer's id
    to_self = wire.ReferralRecord.read(_referral(to="370783001"))
    assert (
        to_self.problem_with_id(wire.new_referral_id(CASE))
        == "referral.to: another station than the case's own"
    )
    answer = wire.ReferralAnswer.read(_answer(wire.new_referral_id(CASE)))
    assert answer.problem_with_id(wire.new_answer_id("370783001-2026-000099")) is not None


def test_a_decline_is_final_and_answers_may_follow_answers() -> None:
    s = ReferralState
    assert (
        can_answer(s.SENT, s.ACCEPTED) and can_answer(s.SENT, s.DECLINED) and can_answer(s.SENT, s.ANSWERED)
    )
    assert can_answer(s.ACCEPTED, s.ANSWERED) and can_answer(s.ANSWERED, s.ANSWERED)
    assert not can_answer(s.ACCEPTED, s.ACCEPTED) and not can_answer(s.ANSWERED, s.DECLINED)
    assert not any(can_answer(s.DECLINED, step) for step in s)


def _fields(model: type[BaseModel]) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items()}


def test_server_models_carry_the_protocol_fields() -> None:
    payload_keys = set(_referral())
    assert _fields(schemas.ReferralCreate) | {"v"} == payload_keys
    assert _fields(schemas.ReferralAnswerCreate) | {"v"} == set(_answer(wire.new_referral_id(CASE)))
    delivery = wire.ReferralDelivery(wire.new_referral_id(CASE), CASE, "370783001", "", OTHER, "",
                                     ReferralRequest.VISIT, "", "li", "t0", ReferralState.SENT).to_payload()  # fmt: skip
    assert _fields(schemas.ReferralDeliveryPublic) == set(delivery)
    assert _fields(schemas.AnswerStepPublic) == {f.name for f in dataclasses.fields(wire.AnswerStep)}
    schemas.ReferralDeliveryPublic.model_validate(delivery)  # the builder's output passes the model


def test_server_value_sets_come_from_the_core() -> None:
    assert schemas.ReferralCreate.model_fields["request"].annotation is ReferralRequest
    steps = {s.value for s in schemas.AnswerStepValue}  # type: ignore[attr-defined]
    assert steps == {"accepted", "answered", "declined"}
    with pytest.raises(ValidationError):
        schemas.ReferralAnswerCreate.model_validate(_answer(wire.new_referral_id(CASE), state="sent"))
