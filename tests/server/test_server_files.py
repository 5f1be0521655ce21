"""The server's own files: an explicit SQLite address never invents a folder, and the database
file (with its WAL) is owner-only (issue 12, items 8 and 12)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from server.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_an_explicit_sqlite_address_with_a_missing_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typo = tmp_path / "typo" / "path" / "server.sqlite3"
    code, out, err = _run(capsys, "case", "list", "--db", f"sqlite:///{typo}")
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert str(typo.parent) in err and not out
    assert not (tmp_path / "typo").exists()
    monkeypatch.setenv("XUNREN_SERVER_DB", f"sqlite:///{typo}")  # the same through the environment
    code, _, err = _run(capsys, "case", "list")
    assert code == 2 and not (tmp_path / "typo").exists()


def test_the_default_folder_is_made_on_first_run_and_the_database_is_owner_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XUNREN_SERVER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "share"))
    code, _, err = _run(capsys, "station", "add", "370786001", "城关派出所")
    assert code == 0, err
    db = tmp_path / "home" / "share" / "xunren-server" / "server.sqlite3"
    assert db.exists() and mode(db) == 0o600
    assert mode(db.parent) & 0o077 == 0
    for side in db.parent.glob("server.sqlite3-*"):
        assert mode(side) == 0o600, side


def test_an_existing_world_readable_database_is_made_owner_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "server.sqlite3"
    db.touch(mode=0o644)
    db.chmod(0o644)
    code, _, err = _run(capsys, "station", "add", "370786001", "城关派出所", "--db", f"sqlite:///{db}")
    assert code == 0, err
    assert mode(db) == 0o600
