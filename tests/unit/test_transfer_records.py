"""The transfer records (issue 14): one builder and one reader each, ids that fit the protocol,
and the reader's refusals of anything malformed."""

from __future__ import annotations

import pytest

from app.core.transfer import TransferState, may_move
from app.sync import protocol, transfer_records
from app.sync.transfer_records import HeldRecord, TransferAcceptance, TransferDelivery, TransferRequest

CASE = "370783001-2026-000001"


def _request(**changes: str) -> TransferRequest:
    values = {
        "case_no": CASE, "from_station": "370783001", "to_station": "450304001", "reason": "家属迁居桂林",
        "requested_by": "li", "requested_at": "2026-12-06T01:00:00Z", "approved_by": "zhao",
        "approved_at": "2026-12-06T02:00:00Z", "verification_code": "7KQM-2X9P",
    }  # fmt: skip
    return TransferRequest(**{**values, **changes})


def test_kinds_and_ids_fit_the_protocol() -> None:
    assert protocol.CHILD_KINDS["transfer"] == "t" and protocol.CHILD_KINDS["transfer_accept"] == "o"
    from app.storage.sync_state import TRANSFER_END_KIND

    assert f"/{protocol.CHILD_KINDS['transfer_end']}/" == TRANSFER_END_KIND  # the storage's copy of it
    assert "transfer" in protocol.PULL_KINDS
    assert len(set(protocol.CHILD_KINDS.values())) == len(protocol.CHILD_KINDS)  # letters are unique
    tid = transfer_records.request_id(CASE)
    assert protocol.check_record_id("transfer", tid) is None and protocol.case_of(tid) == CASE
    aid = transfer_records.accept_id(tid)
    assert aid == transfer_records.accept_id(tid)  # one acceptance per transfer, on any machine
    assert protocol.check_record_id("transfer_accept", aid) is None and aid != transfer_records.accept_id(
        transfer_records.request_id(CASE)
    )


def test_request_and_acceptance_round_trip() -> None:
    tid = transfer_records.request_id(CASE)
    request = _request()
    assert TransferRequest.read(tid, request.to_payload()) == request
    acceptance = TransferAcceptance(tid, CASE, "wang", "2026-12-06T03:00:00Z")
    assert TransferAcceptance.read(transfer_records.accept_id(tid), acceptance.to_payload()) == acceptance


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"to_station": "370783001"}, "another station"),
        ({"to_station": "4503"}, "9-digit"),
        ({"reason": ""}, "reason"),
        ({"reason": "x" * 2001}, "reason"),
        ({"case_no": "370783001-2026-000002"}, "case_no"),
        ({"approved_by": ""}, "approved_by"),
    ],
)
def test_a_malformed_request_is_refused_naming_the_field(change: dict[str, str], field: str) -> None:
    payload = {**_request().to_payload(), **change}
    with pytest.raises(protocol.ProtocolError) as bad:
        TransferRequest.read(transfer_records.request_id(CASE), payload)
    assert bad.value.reason == protocol.INVALID and field in bad.value.detail


def test_an_acceptance_names_the_transfer_it_was_made_from() -> None:
    tid, other = transfer_records.request_id(CASE), transfer_records.request_id(CASE)
    payload = TransferAcceptance(other, CASE, "wang", "2026-12-06T03:00:00Z").to_payload()
    with pytest.raises(protocol.ProtocolError, match="transfer_id"):
        TransferAcceptance.read(transfer_records.accept_id(tid), payload)


def test_delivery_round_trip_and_refusals() -> None:
    tid = transfer_records.request_id(CASE)
    held = (
        HeldRecord("case", CASE, 3, {"type": "missing"}),
        HeldRecord("sample", f"{CASE}/s/{'0' * 8}-0000-0000-0000-{'0' * 12}", 1, {}),
    )
    delivery = TransferDelivery(
        transfer_id=tid, case_no=CASE, state=TransferState.COMPLETED, from_station="370783001",
        from_name="寿光", to_station="450304001", to_name="桂林", reason="迁居", requested_by="li",
        approved_by="zhao", requested_at="2026-12-06T01:00:00Z", case_type="missing", names="王小明",
        accepted_by="wang", completed_at="2026-12-06T04:00:00Z", verification_code="7KQM", records=held,
    )  # fmt: skip
    assert TransferDelivery.from_payload(tid, delivery.to_payload()) == delivery
    payload = delivery.to_payload()
    assert TransferDelivery.from_payload(CASE, payload) is None  # not a transfer id
    assert TransferDelivery.from_payload(tid, {**payload, "state": "accepted"}) is None  # never delivered
    foreign = [{"record_type": "case", "record_id": "370783001-2026-000009", "revision": 1, "payload": {}}]
    assert TransferDelivery.from_payload(tid, {**payload, "records": foreign}) is None  # another case
    assert TransferDelivery.from_payload(tid, {**payload, "records": [{**foreign[0], "revision": 0}]}) is None


def test_states_move_forward_only() -> None:
    assert may_move(TransferState.AWAITING_SENDER, TransferState.AWAITING_RECEIVER)
    assert may_move(TransferState.AWAITING_RECEIVER, TransferState.COMPLETED)
    assert may_move(TransferState.ACCEPTED, TransferState.COMPLETED)
    assert not may_move(TransferState.COMPLETED, TransferState.AWAITING_RECEIVER)
    assert not may_move(TransferState.ACCEPTED, TransferState.AWAITING_RECEIVER)  # a late redelivery
