"""Everything in a data folder and every PDF the product writes is owner-only, whatever the umask
(issue 12, item 8): the forms carry names and ID numbers, the recovery sheet the recovery key."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Station


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual desktop umask: files 0644 unless the product says otherwise
    try:
        yield
    finally:
        os.umask(old)


def assert_owner_only(folder: Path) -> None:
    assert mode(folder) & 0o077 == 0, f"{folder} is {oct(mode(folder))}"
    for path in folder.rglob("*"):
        if path.is_file():
            assert mode(path) & 0o077 == 0, f"{path.name} is {oct(mode(path))}"


def test_a_new_station_and_its_database_are_owner_only(ready_station: Station) -> None:
    ready_station.add_examples()
    ready_station.run("case", "list", XUNREN_PASSWORD="not-the-password")  # writes the logon state
    names = {p.name for p in ready_station.data_dir.iterdir()}
    assert {"station.db", "keyslots.json", "logon_state.json"} <= names
    assert_owner_only(ready_station.data_dir)


def test_every_pdf_and_the_backup_are_owner_only(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    out = ready_station.root / "out"
    out.mkdir()
    for form in ("intake", "receipt", "dna", "poster"):
        r = ready_station.run("print", form, numbers[0], "-o", str(out / f"{form}.pdf"))
        assert r.code == 0, r.err
    assert ready_station.run("print", "caseload", "-o", str(out / "caseload.pdf")).code == 0
    assert ready_station.run("backup", str(out / "station.xrb")).code == 0
    files = sorted(out.iterdir())
    assert len(files) == 6 and all(mode(f) == 0o600 for f in files), [(f.name, oct(mode(f))) for f in files]


def test_the_recovery_sheet_is_owner_only(session: object, tmp_path: Path) -> None:
    from app.services.printing import render_recovery_sheet, save_pdf

    target = tmp_path / "recovery.pdf"
    save_pdf(target, render_recovery_sheet(session), data_dir=tmp_path / "data")  # type: ignore[arg-type]
    assert mode(target) == 0o600


def test_a_restored_station_is_owner_only(ready_station: Station) -> None:
    ready_station.add_examples()
    backup = ready_station.root / "station.xrb"
    assert ready_station.run("backup", str(backup)).code == 0
    target = ready_station.root / "restored"
    r = ready_station.run("restore", str(backup), "--data-dir", str(target), "--yes")
    assert r.code == 0, r.err
    assert_owner_only(target)


def test_files_left_world_readable_by_an_older_version_are_closed_at_logon(ready_station: Station) -> None:
    ready_station.add_examples()
    for name in ("station.db", "station.db-wal"):
        path = ready_station.data_dir / name
        if path.exists():
            path.chmod(0o644)
    assert ready_station.run("case", "list").code == 0
    assert mode(ready_station.data_dir / "station.db") == 0o600
