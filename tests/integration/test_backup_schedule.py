"""Scheduled backups and the 7-day warning (issue 12, item 4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.services import backup_schedule as schedule
from app.services.errors import ServiceError
from tests.conftest import Station


def test_sync_status_warns_until_a_backup_is_made_and_after_seven_days(ready_station: Station) -> None:
    r = ready_station.run("sync", "status")
    assert r.code == 0 and "从未备份" in r.out
    r = ready_station.run("sync", "status", "--json")
    assert json.loads(r.out).keys() == {"waiting", "sent", "failed", "last_success"}  # the contract
    assert "never been backed up" in ready_station.run("sync", "status", "--json", XUNREN_LANG="en").err
    folder = ready_station.root / "backups"
    folder.mkdir()
    r = ready_station.run("backup", str(folder))  # a folder: a file named after station and time
    assert r.code == 0, r.err
    made = list(folder.glob("xunren-370783001-*.xrb"))
    assert len(made) == 1 and made[0].stat().st_mode & 0o077 == 0
    assert "备份" not in ready_station.run("sync", "status").out


def test_the_schedule_runs_what_is_due_and_warns_after_seven_days(session: object, tmp_path: Path) -> None:
    s = session
    now = dt.datetime.now(dt.UTC)
    state = schedule.status(s)  # type: ignore[arg-type]
    assert state.folder is None and not state.due and state.overdue  # never backed up: warn
    assert schedule.run_due(s) is None  # type: ignore[arg-type]  # no folder chosen: nothing runs
    with pytest.raises(ServiceError) as inside:
        schedule.choose_folder(s, tmp_path / "data")  # type: ignore[arg-type]
    assert inside.value.key == "output_in_data_dir"
    folder = tmp_path / "backups"
    folder.mkdir()
    schedule.choose_folder(s, folder, every_days=1)  # type: ignore[arg-type]
    first = schedule.run_due(s, now)  # type: ignore[arg-type]
    assert first is not None and first.exists()
    assert schedule.run_due(s, now + dt.timedelta(hours=2)) is None  # type: ignore[arg-type]  # done today
    later = schedule.status(s, now + dt.timedelta(days=1, hours=1))  # type: ignore[arg-type]
    assert later.due and not later.overdue
    assert schedule.status(s, now + dt.timedelta(days=8)).overdue  # type: ignore[arg-type]
    with pytest.raises(ServiceError):
        schedule.choose_folder(s, folder, every_days=30)  # type: ignore[arg-type]
