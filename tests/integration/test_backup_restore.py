"""Encrypted backup, and a restore that checks everything before it installs anything."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Station


def make_backup(station: Station) -> tuple[Path, list[str]]:
    numbers = station.add_examples()
    out = station.root / "station.xrb"
    r = station.run("backup", str(out))
    assert r.code == 0, r.err
    return out, numbers


def test_restore_into_a_new_folder_gives_every_case_back(ready_station: Station) -> None:
    backup, numbers = make_backup(ready_station)
    target = ready_station.root / "restored"
    r = ready_station.run("restore", str(backup), "--data-dir", str(target))
    assert r.code == 0, r.err
    rows = json.loads(ready_station.run("case", "list", "--json", "--data-dir", str(target)).out)
    assert sorted(r["case_no"] for r in rows) == numbers
    shown = json.loads(ready_station.run("case", "show", numbers[0], "--json", "--data-dir", str(target)).out)
    original = json.loads(ready_station.run("case", "show", numbers[0], "--json").out)
    assert (
        shown["persons"] == original["persons"]
        and shown["verification_code"] == original["verification_code"]
    )
    assert ready_station.run("audit", "verify", "--data-dir", str(target)).code == 0
    # Numbering continues after the restore: gapless.
    r = ready_station.run("case", "add", "--file", str(Path(__file__).parents[2].parent / "shared/examples/trafficking.json"),
                          "--allow-duplicate", "--reason", "恢复后续号测试", "--data-dir", str(target))  # fmt: skip
    assert r.out.strip().endswith("-000004")


def test_restore_over_a_station_sets_the_old_one_aside(ready_station: Station) -> None:
    backup, numbers = make_backup(ready_station)
    ready_station.run(
        "case", "add", "--file", str(Path(__file__).parents[2].parent / "shared/examples/found_child.json")
    )
    r = ready_station.run("restore", str(backup))  # no terminal: refused, saying what it would drop
    assert r.code == 1 and "--yes" in r.err and len(r.err.strip().splitlines()) == 1
    assert "370783001-" in r.out and "1 个案件" in r.out
    assert len(json.loads(ready_station.run("case", "list", "--json").out)) == 4  # nothing changed
    r = ready_station.run("restore", str(backup), "--yes")
    assert r.code == 0, r.err
    rows = json.loads(ready_station.run("case", "list", "--json").out)
    assert sorted(row["case_no"] for row in rows) == numbers  # the state of the backup
    aside = list(ready_station.data_dir.glob("replaced-*"))
    assert len(aside) == 1 and (aside[0] / "station.db").exists() and (aside[0] / "keyslots.json").exists()
    # The number the dropped case had is never given again.
    r = ready_station.run(
        "case", "add", "--file", str(Path(__file__).parents[2].parent / "shared/examples/found_child.json")
    )
    assert r.out.strip().endswith("-000005"), r.out


def test_tampered_backups_are_refused_and_nothing_is_installed(ready_station: Station) -> None:
    backup, _ = make_backup(ready_station)
    blob = backup.read_bytes()
    for label, damaged in (
        ("flip a byte of the image", blob[:-5000] + bytes([blob[-5000] ^ 1]) + blob[-4999:]),
        ("truncate", blob[: len(blob) - 4096]),
        ("not a backup", b"hello" + blob),
    ):
        bad = ready_station.root / f"bad-{len(damaged)}.xrb"
        bad.write_bytes(damaged)
        target = ready_station.root / f"target-{len(damaged)}"
        r = ready_station.run("restore", str(bad), "--data-dir", str(target))
        assert r.code == 1, label
        assert len(r.err.strip().splitlines()) == 1
        assert not (target / "station.db").exists(), label


def test_wrong_password_cannot_restore(ready_station: Station) -> None:
    backup, _ = make_backup(ready_station)
    target = ready_station.root / "t"
    r = ready_station.run(
        "restore", str(backup), "--data-dir", str(target), XUNREN_PASSWORD="wrong-password-x"
    )
    assert r.code == 1
    assert not (target / "station.db").exists()


def test_backup_header_carries_no_case_data(ready_station: Station) -> None:
    backup, _ = make_backup(ready_station)
    blob = backup.read_bytes()
    for secret in ("王小明", "370783198506121029", "李秀英"):
        assert secret.encode() not in blob and secret.encode("utf-16-le") not in blob
