"""Every released schema has a real station database under tests/fixtures, upgraded here.

(Electrum's habit: numbered upgrades tested against real old files.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.services.audit import verify_audit
from app.services.cases import list_cases, show_case
from app.services.session import logon
from app.services.sync import sync_status
from app.storage.migrate import HEAD, current_revision

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASED = sorted(p for p in FIXTURES.glob("schema_*") if p.is_dir())
PASSWORD = "Fixture-Password-2026"


def test_there_is_a_fixture_for_the_first_schema_and_the_one_before_head() -> None:
    names = [p.name for p in RELEASED]
    assert names[:1] == ["schema_0001"]
    assert "schema_0003" in names  # made by the code of that release (commit b67ef8b)


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.name)
def test_old_database_upgrades_to_head_and_keeps_everything(fixture: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(fixture, data)
    session = logon(data, "admin", PASSWORD)
    try:
        with session.store.reader() as conn:
            assert current_revision(conn) == HEAD
        rows = list_cases(session, audit=False)
        assert len(rows) == 3
        missing = show_case(session, next(r.case_no for r in rows if r.type == "missing"))
        assert missing.case.subjects()[0].name == "王小明"
        assert missing.case.reporter is not None and missing.case.reporter.samples[0].sample_no
        voided = [r for r in rows if r.status == "void_pending"]
        assert len(voided) == 1
        report = verify_audit(session)
        assert report.entries >= 8  # init, user, 3 × create, void request, logon, …
        status = sync_status(session)  # the queued changes survive the outbox's later columns
        assert status.waiting > 0 and status.sent == 0 and status.failed == []
    finally:
        session.close()
    # The upgraded copy opens again without running anything.
    session = logon(data, "admin", PASSWORD)
    session.close()
    # The fixture itself is untouched (it is a released artefact).
    assert (fixture / "station.db").stat().st_size > 0
    assert not (fixture / "station.db-wal").exists()
