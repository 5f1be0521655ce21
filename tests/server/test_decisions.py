"""The server's side of travelling match decisions (issue 14): a station's decision record is
read by the protocol's reader, settles the national pair, and a reunion closes the other open
candidates of both cases, each delivered to the stations concerned."""

from __future__ import annotations

from typing import Any

from conftest import World, auth, case_no, case_payload, change
from sqlalchemy import func, select, update

from app.core.lifecycle import MatchState
from app.sync.protocol.matches import MatchDecision, MatchDelivery, decision_id
from server.services.matching import Candidate, record_candidates
from server.storage.tables import Match, as_utc, utcnow

A, B, C = "370783001", "450305001", "110105001"


def _pair(world: World, missing: str, found: str) -> None:
    def add(s: Any) -> None:
        s.add(Match(missing_case=missing, found_case=found, score=0.8, dna_verdict=None, reasons="[]",
                    state="potential", revision=1, updated_at=utcnow()))  # fmt: skip

    world.run(add)


def _decide(world: World, cred: str, own: str, missing: str, found: str, state: MatchState) -> dict[str, Any]:
    d = MatchDecision(missing, found, state, "zhao", "2026-12-01T08:00:00Z", "")
    (result,) = world.push(cred, [change(decision_id(own, missing, found), payload=d.to_payload())]).json()[
        "results"
    ]
    return dict(result)


def _pulled(world: World, cred: str) -> dict[str, MatchDelivery]:
    items = world.client.get("/sync/pull?cursor=0&limit=1000", headers=auth(cred)).json()["items"]
    return {i["record_id"]: MatchDelivery.read(i["payload"]) for i in items if i["kind"] == "match"}


def _a_reunion_closing_a_rival(world: World) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """A's missing boy paired with B's found boy and with C's; B declares its pair reunited,
    which closes C's candidate. ((credentials of A, B, C), (missing, found, other found))."""
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    missing, found, other_found = case_no(A, 1), case_no(B, 1), case_no(C, 1)
    world.push(cred_a, [change(missing)])
    world.push(cred_b, [change(found, payload=case_payload("found"))])
    world.push(cred_c, [change(other_found, payload=case_payload("found"))])
    for f in (found, other_found):
        _pair(world, missing, f)
    assert _decide(world, cred_b, found, missing, found, MatchState.REUNITED)["status"] == "applied"
    return (cred_a, cred_b, cred_c), (missing, found, other_found)


def test_a_reunion_closes_both_cases_other_open_candidates(world: World) -> None:
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    missing, found, other_found, other_missing = case_no(A, 1), case_no(B, 1), case_no(C, 1), case_no(C, 2)
    world.push(cred_a, [change(missing)])
    world.push(cred_b, [change(found, payload=case_payload("found"))])
    world.push(cred_c, [change(other_found, payload=case_payload("found")), change(other_missing)])
    _pair(world, missing, found)
    _pair(world, missing, other_found)  # the same boy, another candidate
    _pair(world, other_missing, found)  # the same found boy, another candidate
    assert _decide(world, cred_a, missing, missing, found, MatchState.CONFIRMED)["status"] == "applied"
    assert _decide(world, cred_b, found, missing, found, MatchState.REUNITED)["status"] == "applied"
    states = dict(
        world.run(lambda s: [(f"{m.missing_case}~{m.found_case}", m.state) for m in s.scalars(select(Match))])
    )
    assert states == {
        f"{missing}~{found}": "reunited",
        f"{missing}~{other_found}": "rejected",
        f"{other_missing}~{found}": "rejected",
    }
    for cred in (cred_a, cred_c):
        closed = _pulled(world, cred)[f"{missing}~{other_found}"]
        assert closed.state is MatchState.REJECTED
        assert any(r.get("key") == "match.closed_by_reunion" for r in closed.reasons)
    settled = _pulled(world, cred_a)[f"{missing}~{found}"]
    assert settled.state is MatchState.REUNITED and not settled.conflict
    assert {d.station: d.state for d in settled.decisions} == {
        A: MatchState.CONFIRMED,
        B: MatchState.REUNITED,
    }


def test_a_decision_the_reader_refuses_is_invalid_and_changes_nothing(world: World) -> None:
    cred_a = world.enroll(A)
    missing, found = case_no(A, 1), case_no(B, 1)
    world.push(cred_a, [change(missing)])
    _pair(world, missing, found)
    bad = MatchDecision(missing, found, MatchState.CONFIRMED, "zhao", "2026-12-01T08:00:00Z").to_payload()
    bad["state"] = "potential"
    answer = world.push(cred_a, [change(decision_id(missing, missing, found), payload=bad)]).json()[
        "results"
    ][0]
    assert (answer["status"], answer["reason"]) == ("refused", "invalid")
    wrong_id = _decide(world, cred_a, missing, missing, case_no(B, 2), MatchState.CONFIRMED)
    assert wrong_id["status"] == "applied"  # a pair the national matcher never proposed: the station's own
    assert world.run(lambda s: s.scalar(select(Match.state))) == "potential"


def test_the_console_lists_only_pairs_on_which_stations_disagree(world: World) -> None:
    from server.services import decisions

    cred_a, cred_b = world.enroll(A), world.enroll(B)
    missing, other_missing, found = case_no(A, 1), case_no(A, 2), case_no(B, 1)
    world.push(cred_a, [change(missing), change(other_missing)])
    world.push(cred_b, [change(found, payload=case_payload("found"))])
    _pair(world, missing, found)
    _pair(world, other_missing, found)
    assert world.run(decisions.conflicts) == []
    _decide(world, cred_a, missing, missing, found, MatchState.CONFIRMED)
    _decide(world, cred_b, found, missing, found, MatchState.REJECTED)  # disagree
    _decide(world, cred_a, other_missing, other_missing, found, MatchState.REJECTED)
    _decide(world, cred_b, found, other_missing, found, MatchState.REJECTED)  # agree
    (conflict,) = world.run(decisions.conflicts)
    assert (conflict.missing_case, conflict.found_case) == (missing, found)
    assert {(d["code"], d["state"]) for d in conflict.stations} == {(A, "confirmed"), (B, "rejected")}
    assert all(d["name"] for d in conflict.stations)  # each station by name too


def test_a_reunion_one_station_alone_declared_reopens_what_it_closed_when_disputed(world: World) -> None:
    """One station's word closed the other candidates of both cases; when the other station of
    the pair rejects it (a conflict: no reunion settled), those candidates open again, delivered
    to their stations; one a station rejected itself stays rejected."""
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    missing, found, other_found, third_found = case_no(A, 1), case_no(B, 1), case_no(C, 1), case_no(C, 3)
    world.push(cred_a, [change(missing)])
    world.push(cred_b, [change(found, payload=case_payload("found"))])
    world.push(
        cred_c,
        [
            change(other_found, payload=case_payload("found")),
            change(third_found, payload=case_payload("found")),
        ],
    )
    for f in (found, other_found, third_found):
        _pair(world, missing, f)
    assert (
        _decide(world, cred_c, third_found, missing, third_found, MatchState.REJECTED)["status"] == "applied"
    )
    assert _decide(world, cred_b, found, missing, found, MatchState.REUNITED)["status"] == "applied"
    assert _pulled(world, cred_c)[f"{missing}~{other_found}"].state is MatchState.REJECTED  # closed

    assert _decide(world, cred_a, missing, missing, found, MatchState.REJECTED)["status"] == "applied"
    states = dict(
        world.run(lambda s: [(f"{m.missing_case}~{m.found_case}", m.state) for m in s.scalars(select(Match))])
    )
    assert states == {
        f"{missing}~{found}": "potential",  # disputed: no reunion
        f"{missing}~{other_found}": "potential",  # open again
        f"{missing}~{third_found}": "rejected",  # Nanning's own word
    }
    for cred in (cred_a, cred_c):
        reopened = _pulled(world, cred)[f"{missing}~{other_found}"]
        assert reopened.state is MatchState.POTENTIAL
        assert not any(r.get("key") == "match.closed_by_reunion" for r in reopened.reasons)


def test_a_pair_the_matcher_refreshed_after_a_reunion_closed_it_still_opens_again(world: World) -> None:
    """New evidence on a candidate a reunion closed (the matcher delivers it again, with a new
    score) keeps the closure's reason, and when the reunion is disputed that candidate opens
    again like the others: the closure is held by the pair, not by its last delivery's words."""
    (cred_a, _cred_b, cred_c), (missing, found, other_found) = _a_reunion_closing_a_rival(world)
    refreshed = Candidate(missing, other_found, 0.91, None, [{"key": "match.name", "zh": "姓名相同",
                                                               "en": "same name", "weight": 0.5}])  # fmt: skip
    assert world.run(lambda s: record_candidates(s, [refreshed])) == 1
    again = _pulled(world, cred_c)[f"{missing}~{other_found}"]
    assert again.state is MatchState.REJECTED and again.score == 0.91
    assert any(r.get("key") == "match.closed_by_reunion" for r in again.reasons)  # still says why

    assert _decide(world, cred_a, missing, missing, found, MatchState.REJECTED)["status"] == "applied"
    state = world.run(lambda s: s.scalar(select(Match.state).where(Match.found_case == other_found)))
    assert state == "potential"
    reopened = _pulled(world, cred_c)[f"{missing}~{other_found}"]
    assert reopened.state is MatchState.POTENTIAL and reopened.score == 0.91
    assert not any(r.get("key") == "match.closed_by_reunion" for r in reopened.reasons)


def test_a_candidate_closed_by_two_reunions_opens_when_neither_holds(world: World) -> None:
    """The missing boy is reunited with one found child, closing the other found child's
    candidate; the other found child is then reunited with a second missing boy. Once the first
    reunion is disputed the candidate stays closed (the second still holds); once the second is
    disputed too, it opens again."""
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    m1, m2, f1, f2 = case_no(A, 1), case_no(A, 2), case_no(B, 1), case_no(C, 1)
    world.push(cred_a, [change(m1), change(m2)])
    world.push(cred_b, [change(f1, payload=case_payload("found"))])
    world.push(cred_c, [change(f2, payload=case_payload("found"))])
    for m, f in ((m1, f1), (m1, f2), (m2, f2)):
        _pair(world, m, f)

    def state_of(m: str, f: str) -> str:
        return str(
            world.run(
                lambda s: s.scalar(select(Match.state).where(Match.missing_case == m, Match.found_case == f))
            )
        )

    assert _decide(world, cred_b, f1, m1, f1, MatchState.REUNITED)["status"] == "applied"
    assert state_of(m1, f2) == "rejected"  # closed by the first reunion
    assert _decide(world, cred_c, f2, m2, f2, MatchState.REUNITED)["status"] == "applied"
    assert _decide(world, cred_a, m1, m1, f1, MatchState.REJECTED)["status"] == "applied"
    assert state_of(m1, f2) == "rejected"  # the found child is still reunited with m2
    assert _decide(world, cred_a, m2, m2, f2, MatchState.REJECTED)["status"] == "applied"
    assert state_of(m1, f2) == "potential"  # no reunion holds any more


def test_a_candidate_a_reunion_closed_before_the_upgrade_opens_again(world: World) -> None:
    """A closure made by a server of the previous version (no closed_by, only the closure's
    reason in the candidate's delivery) opens again when the reunion is disputed."""
    (cred_a, _cred_b, cred_c), (missing, found, other_found) = _a_reunion_closing_a_rival(world)

    def as_before_the_upgrade(s: Any) -> None:
        s.execute(update(Match).values(closed_by=None))

    world.run(as_before_the_upgrade)
    assert _decide(world, cred_a, missing, missing, found, MatchState.REJECTED)["status"] == "applied"
    state = world.run(lambda s: s.scalar(select(Match.state).where(Match.found_case == other_found)))
    assert state == "potential"


def test_the_consoles_conflicts_are_the_pairs_decisions_left_in_conflict(world: World) -> None:
    """A pair the matcher re-scored (a revision past its first, still potential) is no conflict,
    however many there are and however recent: only the decisions mark one (``conflict_at``),
    a re-score of it keeps it listed, and it leaves the list once the stations agree."""
    from datetime import timedelta

    from server.services import decisions
    from server.storage.match_rows import PairRow, upsert_pairs

    cred_a, cred_b = world.enroll(A), world.enroll(B)
    missing, found = case_no(A, 1), case_no(B, 1)
    world.push(cred_a, [change(missing)])
    world.push(cred_b, [change(found, payload=case_payload("found"))])
    _pair(world, missing, found)
    _decide(world, cred_a, missing, missing, found, MatchState.CONFIRMED)
    _decide(world, cred_b, found, missing, found, MatchState.REJECTED)
    later = utcnow() + timedelta(minutes=5)
    rescored = [PairRow(case_no(A, 10 + n), case_no(B, 10 + n), 0.7, None, "[]") for n in range(450)]

    def rescore(s: Any) -> None:
        upsert_pairs(s, rescored, later)
        upsert_pairs(s, [PairRow(r.missing_case, r.found_case, 0.9, None, "[]") for r in rescored], later)
        upsert_pairs(s, [PairRow(missing, found, 0.95, None, "[]")], later)  # new evidence on the conflict

    world.run(rescore)
    assert world.run(lambda s: s.scalar(select(func.count()).where(Match.revision > 1))) == 451
    (conflict,) = world.run(decisions.conflicts)
    assert (conflict.missing_case, conflict.found_case, conflict.score) == (missing, found, 0.95)
    decided_at = world.run(lambda s: s.scalar(select(Match.conflict_at).where(Match.missing_case == missing)))
    assert decided_at is not None and conflict.updated_at == as_utc(decided_at).isoformat(timespec="seconds")
    again = MatchDecision(missing, found, MatchState.REJECTED, "zhao", "2026-12-02T08:00:00Z", "")
    answer = world.push(
        cred_a, [change(decision_id(missing, missing, found), base=1, payload=again.to_payload())]
    )
    assert answer.json()["results"][0]["status"] == "applied"  # A comes round: the stations agree
    assert world.run(decisions.conflicts) == []
    assert world.run(lambda s: s.scalar(select(func.count()).where(Match.conflict_at.is_not(None)))) == 0
