"""A transfer that will not happen (issue 14): the receiving station declines it or the sending
station withdraws it while it awaits the receiver. The case stays where it is, both stations are
told who ended it and why, and the case may be handed to another station. The server decides a
race: whichever of an acceptance and an end it takes first holds, the other is refused."""

from __future__ import annotations

from typing import Any

from conftest import World, auth, case_no, change

from app.core.transfer import TransferState
from app.sync import protocol, transfer_records
from app.sync.transfer_records import TransferAcceptance, TransferEnd, TransferRequest
from server.services.transfers import NOT_AWAITING, WRONG_SIDE

A, B, C = "370786001", "450300002", "110101003"


def _results(answer: Any) -> list[dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    return list(answer.json()["results"])


def _transfers(world: World, credential: str) -> dict[str, dict[str, Any]]:
    """The latest transfer delivery of each transfer the station can pull."""
    answer = world.client.get("/sync/pull?cursor=0&limit=500", headers=auth(credential))
    assert answer.status_code == 200, answer.text
    return {i["record_id"]: i["payload"] for i in answer.json()["items"] if i["kind"] == "transfer"}


def _asked(world: World, credential: str, case: str, to: str) -> str:
    tid = transfer_records.request_id(case)
    request = TransferRequest(
        case, A, to, "家属迁居", "li", "2026-12-06T01:00:00Z", "zhao", "2026-12-06T02:00:00Z", "CODE-1"
    )
    assert (
        _results(world.push(credential, [change(tid, payload=request.to_payload())]))[0]["status"]
        == "applied"
    )
    return tid


def _end(tid: str, outcome: TransferState, by: str = "qin") -> dict[str, Any]:
    end = TransferEnd(tid, protocol.case_of(tid), outcome, by, "2026-12-06T05:00:00Z", "家属未迁入本辖区")
    made: dict[str, Any] = change(transfer_records.end_id(tid), payload=end.to_payload())
    return made


def _accept(tid: str) -> dict[str, Any]:
    accepted = TransferAcceptance(tid, protocol.case_of(tid), "wang", "2026-12-06T03:00:00Z")
    made: dict[str, Any] = change(transfer_records.accept_id(tid), payload=accepted.to_payload())
    return made


def test_the_receiving_station_declines_and_the_case_stays(world: World) -> None:
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    case = case_no(A, 1)
    _results(world.push(cred_a, [change(case)]))
    tid = _asked(world, cred_a, case, B)

    wrong = _results(world.push(cred_a, [_end(tid, TransferState.DECLINED)]))[0]  # not the receiver
    assert (wrong["reason"], wrong["detail"]) == ("invalid", WRONG_SIDE)
    assert _results(world.push(cred_b, [_end(tid, TransferState.DECLINED)]))[0]["status"] == "applied"

    for credential in (cred_a, cred_b):
        told = _transfers(world, credential)[tid]
        assert (told["state"], told["ended_by"], told["end_reason"]) == (
            "declined",
            "qin",
            "家属未迁入本辖区",
        )
        assert told["records"] == [] and told["verification_code"] == ""
    late = _results(world.push(cred_b, [_accept(tid)]))[0]  # an acceptance after it: refused
    assert late["reason"] == "invalid"
    assert _results(world.push(cred_a, [change(case, base=1)]))[0]["status"] == "applied"  # still A's
    assert _results(world.push(cred_b, [change(case, base=2)]))[0]["reason"] == "not_owner"
    # the case may go elsewhere now
    other = _asked(world, cred_a, case, C)
    assert _results(world.push(cred_c, [_accept(other)]))[0]["status"] == "applied"
    assert _transfers(world, cred_c)[other]["state"] == "completed"


def test_the_sending_station_withdraws_and_an_acceptance_after_it_is_refused(world: World) -> None:
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 2)
    _results(world.push(cred_a, [change(case)]))
    tid = _asked(world, cred_a, case, B)
    wrong = _results(world.push(cred_b, [_end(tid, TransferState.WITHDRAWN)]))[0]  # not the sender
    assert (wrong["reason"], wrong["detail"]) == ("invalid", WRONG_SIDE)
    assert (
        _results(world.push(cred_a, [_end(tid, TransferState.WITHDRAWN, "zhao")]))[0]["status"] == "applied"
    )
    refused = _results(world.push(cred_b, [_accept(tid)]))[0]
    assert refused["reason"] == "invalid"
    assert _transfers(world, cred_b)[tid]["state"] == "withdrawn"
    assert _results(world.push(cred_a, [change(case, base=1)]))[0]["status"] == "applied"


def test_an_acceptance_first_wins_the_race(world: World) -> None:
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 3)
    _results(world.push(cred_a, [change(case)]))
    tid = _asked(world, cred_a, case, B)
    assert _results(world.push(cred_b, [_accept(tid)]))[0]["status"] == "applied"
    late = _results(world.push(cred_a, [_end(tid, TransferState.WITHDRAWN, "zhao")]))[0]
    assert (late["reason"], late["detail"]) == ("invalid", NOT_AWAITING)
    assert _transfers(world, cred_a)[tid]["state"] == "completed"
    # in one batch, too: the receiving station's acceptance then its decline
    case2 = case_no(A, 4)
    _results(world.push(cred_a, [change(case2)]))
    tid2 = _asked(world, cred_a, case2, B)
    both = _results(world.push(cred_b, [_accept(tid2), _end(tid2, TransferState.DECLINED)]))
    assert [r["status"] for r in both] == ["applied", "refused"] and both[1]["detail"] == NOT_AWAITING


def test_a_request_withdrawn_before_it_travelled_ends_in_the_same_batch(world: World) -> None:
    """A station offline: its supervisor approves a transfer, then withdraws it; both wait in the
    outbox and reach the server in one batch. The transfer ends withdrawn, and the receiving
    station is told (it never has to decide)."""
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 5)
    _results(world.push(cred_a, [change(case)]))
    tid = transfer_records.request_id(case)
    request = TransferRequest(
        case, A, B, "家属迁居", "li", "2026-12-06T01:00:00Z", "zhao", "2026-12-06T02:00:00Z", "CODE-1"
    )
    both = _results(
        world.push(cred_a, [change(tid, payload=request.to_payload()), _end(tid, TransferState.WITHDRAWN)])
    )
    assert [r["status"] for r in both] == ["applied", "applied"], both
    assert _transfers(world, cred_b)[tid]["state"] == "withdrawn"
    assert _transfers(world, cred_a)[tid]["state"] == "withdrawn"


def test_a_withdrawal_and_a_new_request_in_one_batch_both_apply(world: World) -> None:
    """A supervisor withdraws a transfer sent to the wrong station and at once sends the case to
    the right one; both reach the server in one batch: the new request is not refused as if the
    withdrawn one were still under way."""
    cred_a, _cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    case = case_no(A, 6)
    _results(world.push(cred_a, [change(case)]))
    wrong = _asked(world, cred_a, case, B)
    right = transfer_records.request_id(case)
    request = TransferRequest(
        case, A, C, "家属迁居", "li", "2026-12-06T01:00:00Z", "zhao", "2026-12-06T02:00:00Z", "CODE-1"
    )
    both = _results(
        world.push(
            cred_a,
            [_end(wrong, TransferState.WITHDRAWN, "zhao"), change(right, payload=request.to_payload())],
        )
    )
    assert [r["status"] for r in both] == ["applied", "applied"], both
    assert _transfers(world, cred_c)[right]["state"] == "awaiting_receiver"


def test_the_sending_station_holds_its_request_as_the_server_does(world: World) -> None:
    """The request's first delivery reaches the sending station too: a station rebuilt from the
    server (its pull from the start) sees the transfer it sent awaiting and may withdraw it."""
    cred_a, _cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 7)
    _results(world.push(cred_a, [change(case)]))
    tid = _asked(world, cred_a, case, B)
    mine = _transfers(world, cred_a)[tid]
    assert (mine["state"], mine["from_station"], mine["to_station"]) == ("awaiting_receiver", A, B)
    assert mine["verification_code"] == "" and mine["records"] == []
