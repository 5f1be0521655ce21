"""Whom to call about a case that changed hands (issue 14): the read-only summary other stations
see of a transferred case names the station holding it, and with it that station's own phone and
address as the server last heard them from it — never those of the station that handed the case
over, which its last push of the case still carries until the holder pushes the case itself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conftest import World, auth, case_no, case_payload, change
from sqlalchemy import select, text, update
from test_national_summaries import _example

from app.core.referral import ReferralRequest, ReferralState
from app.sync import transfer_records
from app.sync.protocol import referrals as wire
from app.sync.transfer_records import TransferAcceptance, TransferRequest
from server.services import jobs, summaries
from server.services.matching import MatchCases
from server.services.matching_index import NationalIndex
from server.storage.tables import Record, Station
from server.storage.transfer_tables import CaseTransfer

A, B, C, D = "370783001", "450305002", "110105003", "450103004"
A_PHONE, A_ADDRESS = "0536-5221110", "山东省寿光市圣城街道"
B_PHONE, B_ADDRESS = "0773-2822110", "广西壮族自治区桂林市秀峰区中山中路"


def _payload(phone: str, address: str, case_type: str = "missing", **more: Any) -> dict[str, Any]:
    return case_payload(case_type, station_contact={"phone": phone, "address": address}, **more)


def _applied(answer: Any) -> None:
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["applied"] * len(results), answer.text


def _transfer(world: World, case: str, sender: str, receiver: str, sides: tuple[str, str]) -> None:
    """The station of *sender* (code ``sides[0]``) hands *case* to that of *receiver* (``sides[1]``)."""
    tid = transfer_records.request_id(case)
    request = TransferRequest(case, sides[0], sides[1], "家属迁居", "li", "2026-12-06T01:00:00Z", "zhao",
                              "2026-12-06T02:00:00Z", "CODE-1")  # fmt: skip
    _applied(world.push(sender, [change(tid, payload=request.to_payload())]))
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    _applied(world.push(receiver, [change(transfer_records.accept_id(tid), payload=accept.to_payload())]))


def _refer(world: World, credential: str, case: str, to: str) -> str:
    referral = wire.new_referral_id(case)
    record = wire.ReferralRecord(
        case, to, ReferralRequest.VISIT, "请走访孩子外婆家", "李警官", "2026-12-06T08:00:00Z"
    )
    _applied(world.push(credential, [change(referral, payload=record.to_payload())]))
    return referral


def _summaries(world: World, credential: str) -> dict[str, list[dict[str, Any]]]:
    """Each case's summaries the station pulled, in the order pulled."""
    answer = world.client.get("/sync/pull", params={"cursor": 0, "limit": 1000}, headers=auth(credential))
    assert answer.status_code == 200, answer.text
    out: dict[str, list[dict[str, Any]]] = {}
    for item in answer.json()["items"]:
        if item["kind"] == "summary":
            out.setdefault(item["record_id"], []).append({**item["payload"], "revision": item["revision"]})
    return out


def _shown(world: World, credential: str, case: str) -> dict[str, Any]:
    """The summary of *case* the station shows: the newest revision, the last pulled of it (as
    app.storage.match_repository.pulled_summary picks it)."""
    held = _summaries(world, credential)[case]
    return max(enumerate(held), key=lambda pair: (pair[1]["revision"], pair[0]))[1]


def _contact(summary: dict[str, Any]) -> tuple[str, str, str]:
    station = summary["station"]
    return station["code"], station["phone"], station["address"]


def test_the_asked_station_is_given_the_holders_contact_when_the_case_changes_hands(world: World) -> None:
    """A asks C about its case and hands the case to B: C is given the summary again at once,
    naming B with B's own phone and address (from B's own case); after B's edit, still B's."""
    a, b, c = world.enroll(A), world.enroll(B), world.enroll(C)
    _applied(world.push(b, [change(case_no(B, 1), payload=_payload(B_PHONE, B_ADDRESS))]))
    case = case_no(A, 1)
    _applied(world.push(a, [change(case, payload=_payload(A_PHONE, A_ADDRESS))]))
    _refer(world, a, case, C)
    assert _contact(_shown(world, c, case)) == (A, A_PHONE, A_ADDRESS)

    _transfer(world, case, a, b, (A, B))

    assert _contact(_shown(world, c, case)) == (B, B_PHONE, B_ADDRESS)  # not A's phone
    assert case not in _summaries(world, b)  # the holder holds the case itself

    _applied(world.push(b, [change(case, base=1, payload=_payload(B_PHONE, B_ADDRESS))]))
    shown = _shown(world, c, case)
    assert shown["revision"] == 2 and _contact(shown) == (B, B_PHONE, B_ADDRESS)


def test_a_holder_the_server_heard_no_contact_from_is_shown_without_one(world: World) -> None:
    """B has pushed no case of its own: the summary names B with no phone rather than A's; a
    station that declined the referral is sent nothing more."""
    a, b, c, d = world.enroll(A), world.enroll(B), world.enroll(C), world.enroll(D)
    case = case_no(A, 2)
    _applied(world.push(a, [change(case, payload=_payload(A_PHONE, A_ADDRESS))]))
    _refer(world, a, case, C)
    to_d = _refer(world, a, case, D)
    declined = wire.ReferralAnswer(to_d, ReferralState.DECLINED, "辖区不符", "王警官", "2026-12-06T10:00:00Z")
    _applied(world.push(d, [change(wire.new_answer_id(case), payload=declined.to_payload())]))
    before = len(_summaries(world, d)[case])

    _transfer(world, case, a, b, (A, B))

    assert _contact(_shown(world, c, case)) == (B, "", "")
    assert len(_summaries(world, d)[case]) == before


def test_a_national_candidate_names_the_holders_contact(world: World) -> None:
    """The summary beside a national pair, made after the transfer, gives the holder's contact;
    made after the holder pushed the case, the contact that push names."""
    a, b, c = world.enroll(A), world.enroll(B), world.enroll(C)
    _applied(world.push(b, [change(case_no(B, 1, 2024), payload=_payload(B_PHONE, B_ADDRESS, "found"))]))
    missing, found = case_no(A, 3, 2025), case_no(C, 1)
    _applied(
        world.push(
            a, [change(missing, payload=_payload(A_PHONE, A_ADDRESS, case=_example("missing_child", 1)))]
        )
    )
    _transfer(world, missing, a, b, (A, B))
    _applied(world.push(c, [change(found, payload=case_payload("found", case=_example("found_child", 1)))]))
    assert jobs.drain(world.sessions, {"match_cases": MatchCases(NationalIndex())}) >= 1
    assert _contact(_shown(world, c, missing)) == (B, B_PHONE, B_ADDRESS)

    def made(session: Any) -> tuple[str, str, str]:
        d_id = session.scalar(select(Station.id).where(Station.code == D))
        pair = {"missing": missing, "found": found}
        (s,) = [
            m.station
            for _sid, m, _rev in summaries.counterparts(session, pair, [d_id])
            if m.case_no == missing
        ]
        return s.code, s.phone, s.address

    world.enroll(D)
    assert world.run(made) == (B, B_PHONE, B_ADDRESS)
    pushed = _payload("0773-0000000", "桂林市新址", case=_example("missing_child", 1))
    _applied(world.push(b, [change(missing, base=1, payload=pushed)]))
    assert world.run(made) == (B, "0773-0000000", "桂林市新址")  # the holder's own word now


def test_a_case_never_transferred_keeps_the_contact_its_station_pushed(world: World) -> None:
    a, c = world.enroll(A), world.enroll(C)
    case = case_no(A, 4)
    _applied(world.push(a, [change(case, payload=_payload(A_PHONE, A_ADDRESS))]))
    _refer(world, a, case, C)
    assert _contact(_shown(world, c, case)) == (A, A_PHONE, A_ADDRESS)
    _applied(world.push(a, [change(case, base=1, payload=_payload("0536-1234567", A_ADDRESS))]))
    assert _contact(_shown(world, c, case)) == (A, "0536-1234567", A_ADDRESS)
    made = world.run(lambda s: summaries.case_summaries(s, [case]))
    assert made[case][0].station.phone == "0536-1234567"


def test_a_case_handed_back_unchanged_names_its_first_station_again(world: World) -> None:
    """A hands the case to B, which hands it back before pushing it: what A pushed last is A's
    own word, and the summary gives it."""
    a, b, c = world.enroll(A), world.enroll(B), world.enroll(C)
    _applied(world.push(b, [change(case_no(B, 1), payload=_payload(B_PHONE, B_ADDRESS))]))
    case = case_no(A, 5)
    _applied(world.push(a, [change(case, payload=_payload(A_PHONE, A_ADDRESS))]))
    _refer(world, a, case, C)
    _transfer(world, case, a, b, (A, B))
    assert _contact(_shown(world, c, case)) == (B, B_PHONE, B_ADDRESS)
    _transfer(world, case, b, a, (B, A))
    assert _contact(_shown(world, c, case)) == (A, A_PHONE, A_ADDRESS)


def _skew(world: World, case: str, *, pushed_by_known: bool) -> None:
    """The transfer of *case* completed on a server process whose clock is a second behind the
    one that took the case's last push; with *pushed_by_known* False, the record was also last
    written by a server before 0033, which did not say which station pushed it."""
    with world.sessions() as session:
        written = session.scalar(select(Record.updated_at).where(Record.record_id == case))
        assert written is not None
        session.execute(
            update(CaseTransfer)
            .where(CaseTransfer.case_no == case)
            .values(completed_at=written - timedelta(seconds=1))
        )
        if not pushed_by_known:
            session.execute(
                text("UPDATE records SET pushed_by_station_id = NULL WHERE case_no = :c"), {"c": case}
            )
        session.commit()


def test_the_holder_is_told_apart_from_the_sender_by_who_pushed_not_by_the_clocks(world: World) -> None:
    """Server processes on two hosts whose clocks differ: the transfer's completion time is
    earlier than the time of the sending station's last push of the case. The record says which
    station pushed it, so the summary still names the holder's contact, never the sender's."""
    a, b = world.enroll(A), world.enroll(B)
    _applied(world.push(b, [change(case_no(B, 1), payload=_payload(B_PHONE, B_ADDRESS))]))
    case = case_no(A, 4)
    _applied(world.push(a, [change(case, payload=_payload(A_PHONE, A_ADDRESS))]))
    _transfer(world, case, a, b, (A, B))
    _skew(world, case, pushed_by_known=True)
    with world.sessions() as session:
        (summary, _revision) = summaries.case_summaries(session, [case])[case]
    assert (summary.station.code, summary.station.phone) == (B, B_PHONE)


def test_a_record_written_before_the_server_said_who_pushed_it_is_judged_by_the_times(world: World) -> None:
    """A record last pushed before server 0033 names no pushing station: the transfer completed
    after its last push tells the holder did not push it (the clocks agreeing, as on one host)."""
    a, b = world.enroll(A), world.enroll(B)
    _applied(world.push(b, [change(case_no(B, 1), payload=_payload(B_PHONE, B_ADDRESS))]))
    case = case_no(A, 5)
    _applied(world.push(a, [change(case, payload=_payload(A_PHONE, A_ADDRESS))]))
    _transfer(world, case, a, b, (A, B))
    with world.sessions() as session:
        session.execute(
            text("UPDATE records SET pushed_by_station_id = NULL WHERE case_no = :c"), {"c": case}
        )
        session.commit()
        (summary, _revision) = summaries.case_summaries(session, [case])[case]
    assert (summary.station.code, summary.station.phone) == (B, B_PHONE)
    _skew(world, case, pushed_by_known=False)  # then the clocks decide, as before 0033
    with world.sessions() as session:
        (summary, _revision) = summaries.case_summaries(session, [case])[case]
    assert (summary.station.code, summary.station.phone) == (B, A_PHONE)
