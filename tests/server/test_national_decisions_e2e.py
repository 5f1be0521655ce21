"""Match decisions travel (issue 14): Shouguang files the missing boy, Guilin the found boy; both
sync with a real server process, which matches them nationally. A decision at one station
reaches the other through the server, which holds the pair's state; two stations deciding
differently is a conflict both see in `sync status`, never a silent last write."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.lifecycle import MatchState
from app.core.model import AccountRole
from app.services.match_review import review_candidate, review_queue
from app.services.sync import sync_now, sync_status
from server.storage.tables import Match
from tests.e2e.harness import ServerUnderTest, Station, enrolled_station, file_example, make_template


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerUnderTest]:
    srv = ServerUnderTest(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield srv
    srv.stop()


def _matched(server: ServerUnderTest, tmp_path: Path) -> tuple[Station, Station, str, str]:
    template = make_template(tmp_path)
    shouguang = enrolled_station(server, tmp_path, "shouguang", template)
    guilin = enrolled_station(server, tmp_path, "guilin", template)
    missing = file_example(shouguang, "missing_child")
    found = file_example(guilin, "found_child")
    assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
    assert server.run_jobs() >= 2
    for station in (shouguang, guilin):
        sync_now(station.session)
        assert [e.item.origin for e in review_queue(station.session)] == ["national"]
    return shouguang, guilin, missing, found


def _national_state(server: ServerUnderTest) -> tuple[str, int]:
    with server.sessions() as s:
        match = s.query(Match).one()
        return match.state, match.revision


def test_a_decision_at_one_station_reaches_the_other(server: ServerUnderTest, tmp_path: Path) -> None:
    shouguang, guilin, missing, found = _matched(server, tmp_path)
    try:
        revision = _national_state(server)[1]
        review_candidate(guilin.session, found, missing, "confirm")
        assert sync_status(guilin.session).waiting == 1  # the decision waits in the outbox
        report = sync_now(guilin.session)
        assert report.refused == 0 and sync_status(guilin.session).waiting == 0
        assert _national_state(server) == ("confirmed", revision + 1)
        sync_now(shouguang.session)
        assert review_queue(shouguang.session) == []  # settled: nothing left to review there
        (held,) = review_queue(shouguang.session, states=(MatchState.CONFIRMED,))
        assert held.item.state is MatchState.CONFIRMED
        assert sync_status(shouguang.session).conflicts == [] == sync_status(guilin.session).conflicts
    finally:
        shouguang.close()
        guilin.close()


def test_two_stations_deciding_differently_is_a_conflict_both_see(
    server: ServerUnderTest, tmp_path: Path
) -> None:
    shouguang, guilin, missing, found = _matched(server, tmp_path)
    try:
        review_candidate(guilin.session, found, missing, "confirm")
        review_candidate(shouguang.session, missing, found, "reject", "孩子已由家属找回")
        for station in (guilin, shouguang, guilin):  # each pushes, then pulls the other's word
            assert sync_now(station.session).refused == 0
        state, _revision = _national_state(server)
        assert state == "potential"  # a conflict settles nothing: no silent last write
        for station, own in ((shouguang, "rejected"), (guilin, "confirmed")):
            (conflict,) = sync_status(station.session).conflicts
            assert conflict["pair"] == f"{missing}~{found}"
            states = {d["station"]: d["state"] for d in conflict["decisions"]}
            assert states == {shouguang.code: "rejected", guilin.code: "confirmed"}
            assert states[station.code] == own
            assert sync_status(station.session).as_json()["conflicts"] == [conflict]
    finally:
        shouguang.close()
        guilin.close()


def test_a_reunion_the_other_station_disputes_gives_back_what_it_closed(
    server: ServerUnderTest, tmp_path: Path
) -> None:
    """Guilin alone declares the boy reunited through its found case: Nanning's candidate for the
    same boy is closed there. Shouguang rejects that reunion: nothing is settled, and Nanning's
    candidate waits for review again."""
    shouguang, guilin, missing, found = _matched(server, tmp_path)
    (tmp_path / "nn").mkdir()
    nanning = enrolled_station(server, tmp_path, "nanning", make_template(tmp_path / "nn"))
    try:
        other = file_example(nanning, "found_child")
        assert sync_now(nanning.session).equal
        assert server.run_jobs() >= 1
        sync_now(nanning.session)
        assert [e.item.origin for e in review_queue(nanning.session)] == ["national"]

        officer = dataclasses.replace(guilin.session, user="li", role=AccountRole.OFFICER)
        review_candidate(officer, found, missing, "confirm")
        review_candidate(guilin.session, found, missing, "recheck")  # the DNA hit, by a supervisor
        review_candidate(guilin.session, found, missing, "reunite")
        sync_now(guilin.session)
        sync_now(nanning.session)
        assert review_queue(nanning.session) == []  # closed by the reunion

        review_candidate(shouguang.session, missing, found, "reject", "核实后不是同一人")
        assert sync_now(shouguang.session).refused == 0
        sync_now(nanning.session)
        (again,) = review_queue(nanning.session)
        assert {again.item.missing_case, again.item.found_case} == {missing, other}
        assert again.item.state is MatchState.POTENTIAL
    finally:
        for station in (shouguang, guilin, nanning):
            station.close()
