"""End to end: Shouguang files the missing boy, Guilin the found boy; both sync with a real server
process, the worker matches them nationally, and on the next sync each station's review queue
holds the other station's case, with the DNA verdict."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.match_review import review_queue
from app.services.matching import candidates_for
from app.services.sync import sync_now
from tests.e2e.harness import ServerUnderTest, enrolled_station, file_example, make_template


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerUnderTest]:
    srv = ServerUnderTest(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield srv
    srv.stop()


def test_national_candidate_reaches_both_stations(server: ServerUnderTest, tmp_path: Path) -> None:
    template = make_template(tmp_path)
    shouguang = enrolled_station(server, tmp_path, "shouguang", template)
    guilin = enrolled_station(server, tmp_path, "guilin", template)
    try:
        missing = file_example(shouguang, "missing_child")
        found = file_example(guilin, "found_child")
        assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
        assert server.run_jobs() >= 2
        for station in (shouguang, guilin):
            sync_now(station.session)
            (entry,) = review_queue(station.session)
            assert (entry.item.missing_case, entry.item.found_case) == (missing, found)
            assert entry.item.origin == "national" and entry.item.dna is not None
            assert entry.item.dna.verdict == "supports" and entry.item.dna_recheck == "pending"
            # the server's figures, never filled in at the station (issue 14)
            assert entry.item.dna.combined_index >= 10_000 and entry.item.dna.loci_compared >= 15
        report = candidates_for(guilin.session, found)
        assert report.to_json("en")["candidates"][0]["case_no"] == missing  # type: ignore[index]
    finally:
        shouguang.close()
        guilin.close()
