"""A server of this release keeps serving stations of the previous one (issue 14): the station
database today's release made (tests/fixtures/schema_0012_public, made before the typed contract)
syncs whole against a real server process of this version, and the family's receipt check and
the national case list read its cases."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.services.cases import list_cases, show_case
from app.services.enrolment import enroll
from app.services.session import logon
from app.services.sync import sync_now, sync_status
from server.services import credentials, national
from server.services.meta import in_transaction
from tests.e2e.harness import ServerUnderTest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0012_public"
PASSWORD = "Fixture-Password-2026"  # tests/fixtures/make_schema_fixture.py
CODE = "370783001"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerUnderTest]:
    srv = ServerUnderTest(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield srv
    srv.stop()


def test_a_station_of_the_previous_release_syncs_whole(server: ServerUnderTest, tmp_path: Path) -> None:
    data = tmp_path / "station"
    shutil.copytree(FIXTURE, data)
    with server.sessions() as s:
        token = in_transaction(s, lambda x: credentials.add_station(x, CODE, "寿光市公安局圣城派出所", 1))
    session = logon(data, "admin", PASSWORD)
    try:
        waiting = sync_status(session).waiting
        assert waiting > 0  # what the old release queued, in its own payload shapes
        enroll(session, server.url, token)
        report = sync_now(session)
        assert report.refused == 0 and report.equal and report.pushed == waiting
        assert sync_status(session).failed == []
        rows = list_cases(session, audit=False)
        codes = {r.case_no: show_case(session, r.case_no).verification_code for r in rows}
        statuses = {r.case_no: r.status for r in rows}
    finally:
        session.close()
    with server.sessions() as s:
        listed = {r["case_no"]: r for r in national.list_cases(s, CODE)}
    assert set(listed) == set(codes)
    missing = next(r for r in listed.values() if r["type"] == "missing")
    assert missing["names"] == ["王小明"] and missing["samples"] >= 1
    with httpx.Client(base_url=server.url, timeout=10) as http:
        for case_no, code in codes.items():
            answer = http.get(f"/verify/{code}").json()
            want = "in_progress" if statuses[case_no] == "void_pending" else "registered"
            assert answer == {"registered": True, "status": want}, case_no
