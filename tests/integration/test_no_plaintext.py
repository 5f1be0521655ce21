"""Nothing readable touches the disk: no case text, no ID number, no SQLite header, in any file."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Station

SECRETS = ["王小明", "李秀英", "370783198506121029", "13853612345", "左耳后有一颗黑痣", "砖厂", "杨美玲",
           "522624199507182025", "菜市场"]  # fmt: skip


def forms(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def scan(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        blob = path.read_bytes()
        if blob.startswith(b"SQLite format 3\x00") or b"SQLite format 3\x00" in blob:
            found.append(f"{path.name}: SQLite header")
        for secret in SECRETS:
            if any(form in blob for form in forms(secret)):
                found.append(f"{path.name}: {secret}")
    return found


def test_data_folder_holds_no_readable_case_data(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    for args in (("case", "list"), ("search", "wxm"), ("case", "show", numbers[0])):
        assert ready_station.run(*args).code == 0
    backup = ready_station.root / "backups" / "b1.xrb"  # never inside the data folder (issue 12)
    backup.parent.mkdir()
    assert ready_station.run("backup", str(backup)).code == 0
    files = sorted(p.name for p in ready_station.data_dir.rglob("*") if p.is_file())
    assert {"station.db", "keyslots.json"} <= set(files)
    assert scan(ready_station.data_dir) == [] and scan(backup.parent) == []


def test_wal_of_an_open_store_is_encrypted_too(ready_station: Station) -> None:
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases
    from app.services.session import logon
    from tests.conftest import example_bytes

    session = logon(ready_station.data_dir, "admin", ready_station.env["XUNREN_PASSWORD"])
    try:
        for name in ("missing_child", "trafficking"):
            register_cases(session, parse_case_file(example_bytes(name)))
        wal = ready_station.data_dir / "station.db-wal"
        assert wal.exists() and wal.stat().st_size > 0  # the changes sit in the WAL right now
        assert scan(ready_station.data_dir) == []
    finally:
        session.close()
