"""A case taken over by transfer (issue 14) is worked on nationally by the station holding it:
Shouguang files the missing boy and hands the case to Nanning; Guilin files the found boy; the
real server pairs them and tells Nanning and Guilin (not Shouguang); Nanning's decision on the
pair travels through the outbox like any other and reaches Guilin, and so does its referral,
while Shouguang's copy stays read-only (a referral, a decision on a candidate it held before)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.core.lifecycle import MatchState
from app.core.model import AccountRole
from app.services import referrals, transfers
from app.services.match_review import review_candidate, review_queue
from app.services.matching import recompute_for
from app.services.sync import sync_now, sync_status
from app.ui.match_compare import load_pair
from server.storage.tables import Match
from tests.e2e.harness import (
    ServerUnderTest,
    Station,
    enrolled_station,
    file_example,
    hand_over,
    make_template,
    rebuilt_station,
)


def _handed_over(server: ServerUnderTest, tmp_path: Path) -> tuple[Station, Station, Station, str]:
    """Shouguang files the missing boy and hands the case to Nanning; Guilin is the third station."""
    template = make_template(tmp_path)
    shouguang, nanning, guilin = (enrolled_station(server, tmp_path, n, template) for n in ("sg", "nn", "gl"))
    missing = file_example(shouguang, "missing_child")
    assert sync_now(shouguang.session).equal
    hand_over(shouguang, nanning, missing, "家属已迁居南宁")
    return shouguang, nanning, guilin, missing


def test_the_station_holding_a_transferred_case_decides_its_national_pair(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    server = sqlite_server
    shouguang, nanning, guilin, missing = _handed_over(server, tmp_path)
    try:
        found = file_example(guilin, "found_child")
        assert sync_now(guilin.session).equal
        assert server.run_jobs() >= 1
        for station in (shouguang, nanning, guilin):
            sync_now(station.session)
        (entry,) = review_queue(nanning.session)
        assert entry.item.origin == "national"
        assert review_queue(shouguang.session) == []  # the case is Nanning's now
        # The comparison shows Nanning its own side in full (not "held by another station"), and
        # only the candidate of Guilin's.
        pair = load_pair(entry.item)(nanning.session)
        assert pair.missing is not None and pair.missing.case_no == missing and pair.found is None
        assert pair.missing_holder == "" and pair.found_holder.startswith(guilin.code)
        # Guilin is shown the holder of the boy's case, Nanning, not the station its number names.
        (other,) = review_queue(guilin.session)
        seen = load_pair(other.item)(guilin.session)
        assert seen.missing is None and seen.found is not None
        assert seen.missing_holder.startswith(nanning.code), seen.missing_holder

        review_candidate(nanning.session, missing, found, "confirm")
        assert sync_status(nanning.session).waiting == 1  # the decision waits in the outbox
        report = sync_now(nanning.session)
        assert report.refused == 0 and sync_status(nanning.session).waiting == 0, report.detail
        with server.sessions() as s:
            assert s.query(Match).one().state == "confirmed"
        sync_now(guilin.session)
        assert review_queue(guilin.session) == []  # settled by Nanning's word
        (held,) = review_queue(guilin.session, states=(MatchState.CONFIRMED,))
        assert held.item.state is MatchState.CONFIRMED
        # Shouguang keeps a read-only copy; Nanning works the case, referrals too.
        with pytest.raises(transfers.TransferError) as read_only:  # Shouguang keeps a read-only copy
            referrals.send_referral(shouguang.session, missing, guilin.code, "请走访孩子外婆家")
        assert nanning.code in read_only.value.text("zh_CN") and "read-only" in read_only.value.text("en")
        assert sync_status(shouguang.session).waiting == 0
        sent = referrals.send_referral(nanning.session, missing, guilin.code, "请走访孩子外婆家")
        assert sync_now(nanning.session).refused == 0
        sync_now(guilin.session)
        (asked,) = referrals.list_referrals(guilin.session)
        assert asked.id == sent.id and asked.case_no == missing and asked.from_station == nanning.code
    finally:
        for station in (shouguang, nanning, guilin):
            station.close()


def test_a_candidate_of_a_case_handed_over_is_read_only_where_it_was(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, nanning, guilin = (enrolled_station(server, tmp_path, n, template) for n in ("sg", "nn", "gl"))
    try:
        missing = file_example(shouguang, "missing_child")
        found = file_example(guilin, "found_child")
        assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
        assert server.run_jobs() >= 1
        sync_now(shouguang.session)
        assert [e.item.origin for e in review_queue(shouguang.session)] == ["national"]
        hand_over(shouguang, nanning, missing, "家属已迁居南宁")
        with pytest.raises(transfers.TransferError) as read_only:
            review_candidate(shouguang.session, missing, found, "reject", "核实不符")
        assert "read-only" in read_only.value.text("en")
        assert sync_status(shouguang.session).waiting == 0
    finally:
        for station in (shouguang, nanning, guilin):
            station.close()


def test_a_station_holding_both_cases_of_a_pair_settles_it_alone(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    """Guilin rejected the national pair of its found boy and Shouguang's missing boy, then handed
    the found boy's case to Shouguang, which now holds both: its confirmation is the word of both
    sides (never a conflict with the decision Guilin left on the case it no longer holds)."""
    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, guilin = (enrolled_station(server, tmp_path, n, template) for n in ("sg", "gl"))
    try:
        missing = file_example(shouguang, "missing_child")
        found = file_example(guilin, "found_child")
        assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
        assert server.run_jobs() >= 1
        sync_now(shouguang.session)
        sync_now(guilin.session)
        review_candidate(guilin.session, missing, found, "reject", "血型不符")
        assert sync_now(guilin.session).refused == 0
        hand_over(guilin, shouguang, found, "孩子已送回寿光福利院")
        sync_now(shouguang.session)
        review_candidate(shouguang.session, missing, found, "confirm")
        report = sync_now(shouguang.session)
        assert report.refused == 0, report.detail
        with server.sessions() as s:
            match = s.query(Match).one()
            assert match.state == "confirmed"
        (held,) = review_queue(shouguang.session, states=(MatchState.CONFIRMED,))
        assert held.item.state is MatchState.CONFIRMED
    finally:
        for station in (shouguang, guilin):
            station.close()

    # Shouguang loses its disk: the rebuilt station has the pair confirmed again, though one of
    # its cases carries Guilin's code.
    rebuilt = rebuilt_station(server, template, tmp_path / "sg2", shouguang.code)
    try:
        (back,) = review_queue(rebuilt.session, states=(MatchState.CONFIRMED,))
        assert {back.item.missing_case, back.item.found_case} == {missing, found}
        assert review_queue(rebuilt.session) == []
    finally:
        rebuilt.close()


def test_a_reunion_with_a_case_handed_over_proposes_closing_only_the_case_held_here(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    """Shouguang filed both boys and handed the found one to Nanning; its officer then marks the
    pair reunited: the closure is proposed for the missing boy's case it holds, never for the
    read-only copy (which refused the whole decision)."""
    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, nanning = (enrolled_station(server, tmp_path, n, template) for n in ("sg", "nn"))
    try:
        missing = file_example(shouguang, "missing_child")
        found = file_example(shouguang, "found_child")
        assert sync_now(shouguang.session).equal
        recompute_for(shouguang.session, missing)  # its own matcher pairs them
        assert [e.item.found_case for e in review_queue(shouguang.session)] == [found]
        hand_over(shouguang, nanning, found, "孩子已送往南宁福利院")
        proposed: list[str] = []
        review_candidate(shouguang.session, missing, found, "confirm")
        zhao = dataclasses.replace(shouguang.session, user="zhao", role=AccountRole.SUPERVISOR)
        review_candidate(zhao, missing, found, "recheck")  # the DNA hit re-checked by another
        review_candidate(shouguang.session, missing, found, "reunite", proposals=proposed)
        assert proposed == [missing]
        assert sync_now(shouguang.session).refused == 0
    finally:
        for station in (shouguang, nanning):
            station.close()
