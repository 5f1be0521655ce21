"""No output path may point into the station's data folder, however it is spelled (issue 12,
item 3): a PDF, a backup or a sync bundle written there could overwrite keyslots.json,
station.db or its WAL and lose the station."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import Station


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith("station.db")  # the WAL moves with every logon
    }


def refused(station: Station, *args: str) -> None:
    before = snapshot(station.data_dir)
    r = station.run(*args)
    assert r.code == 1, (args, r.out, r.err)
    assert len(r.err.strip().splitlines()) == 1 and "数据目录" in r.err, r.err
    assert snapshot(station.data_dir) == before, args


@pytest.fixture
def numbered(ready_station: Station) -> tuple[Station, str]:
    return ready_station, ready_station.add_examples()[0]


def test_print_backup_and_bundle_into_the_data_folder_are_refused(numbered: tuple[Station, str]) -> None:
    station, case_no = numbered
    data = station.data_dir
    for name in ("keyslots.json", "station.db", "station.db-wal", "new.pdf", "logon_state.json"):
        refused(station, "print", "receipt", case_no, "-o", str(data / name))
    refused(station, "print", "caseload", "-o", str(data / "caseload.pdf"))
    refused(station, "backup", str(data / "keyslots.json"))
    refused(station, "backup", str(data / "station.xrb"))
    refused(station, "sync", "export", str(data / "station.db"))
    refused(station, "print", "receipt", case_no, "-o", str(data))  # the folder itself


def test_relative_dotdot_symlinked_and_differently_cased_paths_are_seen_through(
    numbered: tuple[Station, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    station, case_no = numbered
    data, root = station.data_dir, station.root
    (root / "elsewhere").mkdir()
    refused(
        station, "print", "intake", case_no, "-o", str(root / "elsewhere" / ".." / "data" / "keyslots.json")
    )
    (root / "link").symlink_to(data, target_is_directory=True)
    refused(station, "print", "intake", case_no, "-o", str(root / "link" / "keyslots.json"))
    (root / "evil.pdf").symlink_to(data / "keyslots.json")
    refused(station, "print", "intake", case_no, "-o", str(root / "evil.pdf"))
    os.link(data / "keyslots.json", root / "hard.pdf")
    refused(station, "print", "intake", case_no, "-o", str(root / "hard.pdf"))
    refused(station, "print", "intake", case_no, "-o", str(root / "DATA" / "keyslots.json"))
    monkeypatch.chdir(data)
    refused(station, "print", "intake", case_no, "-o", "keyslots.json")
    refused(station, "backup", "./x.xrb")
    monkeypatch.chdir(root / "elsewhere")
    refused(station, "print", "intake", case_no, "-o", "../data/station.db")


def test_a_path_beside_the_data_folder_still_works(numbered: tuple[Station, str]) -> None:
    station, case_no = numbered
    beside = station.root / "data-exports"  # shares the folder's name as a prefix only
    beside.mkdir()
    r = station.run("print", "receipt", case_no, "-o", str(beside / "receipt.pdf"))
    assert r.code == 0, r.err
    assert (beside / "receipt.pdf").read_bytes()[:5] == b"%PDF-"


def test_the_english_message_names_the_path(numbered: tuple[Station, str]) -> None:
    station, case_no = numbered
    target = station.data_dir / "keyslots.json"
    r = station.run("print", "receipt", case_no, "-o", str(target), XUNREN_LANG="en")
    assert r.code == 1 and str(target) in r.err and "data folder" in r.err
