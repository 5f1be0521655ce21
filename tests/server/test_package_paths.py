"""A package or an answer the operator writes (`station add|rotate --package FILE [--rebuild]`,
`bundle export FILE`) never goes over a file the server keeps: its database and the WAL beside
it, its bundle keys (the file given with --keys and the one it uses otherwise) and its screening
key (the offline national index's signing key). Each is refused with exit 1 and one line that
names the file in the operator's language; nothing is written and no token is issued."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from server.cli import main
from server.services import bundles, screening

STATION = "370786001"
CJK = re.compile(r"[\u4e00-\u9fff]")
# what each kept file is called in the refusal: (zh, en)
WORDS = {
    "database": ("数据库", "database"),
    "bundle_keys": ("同步包密钥文件", "bundle key file"),
    "screening_key": ("离线索引签名密钥文件", "screening key file"),
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def server_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A server on SQLite with its key files where the environment says, a station enrolled."""
    keys = tmp_path / "keys"
    keys.mkdir()
    monkeypatch.setenv("XUNREN_BUNDLE_KEYS", str(keys / "bundle_keys.json"))
    monkeypatch.setenv("XUNREN_SCREENING_KEY", str(keys / "screening_key.json"))
    monkeypatch.delenv("XUNREN_LANG", raising=False)
    bundles.server_keys(keys / "bundle_keys.json")
    screening.screening_key(keys / "screening_key.json")
    given = tmp_path / "given_keys.json"  # the --keys file of these commands
    bundles.server_keys(given)
    db = tmp_path / "server.sqlite3"
    assert main(["station", "add", STATION, "城关派出所", "--db", f"sqlite:///{db}"]) == 0
    wal = db.with_name(db.name + "-wal")
    if not wal.exists():
        wal.write_bytes(b"")
    return {
        "database": db,
        "wal": wal,
        "bundle_keys": keys / "bundle_keys.json",
        "given_keys": given,
        "screening_key": keys / "screening_key.json",
    }


def _commands(target: Path, files: dict[str, Path]) -> list[list[str]]:
    common = ["--keys", str(files["given_keys"]), "--db", f"sqlite:///{files['database']}"]
    return [
        ["station", "add", STATION, "城关派出所", "--package", str(target), *common],
        ["station", "rotate", STATION, "--package", str(target), *common],
        ["station", "rotate", STATION, "--package", str(target), "--rebuild", *common],
        ["bundle", "export", "--station", STATION, str(target), *common],
    ]


@pytest.mark.parametrize(
    ("kept", "kind"),
    [("screening_key", "screening_key"), ("bundle_keys", "bundle_keys"), ("given_keys", "bundle_keys"),
     ("database", "database"), ("wal", "database")],
)  # fmt: skip
def test_a_package_over_a_file_the_server_keeps_is_refused(
    server_files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    kept: str,
    kind: str,
) -> None:
    target = server_files[kept]
    before = {name: path.read_bytes() for name, path in server_files.items()}
    zh, en = WORDS[kind]
    for argv in _commands(target, server_files):
        monkeypatch.delenv("XUNREN_LANG", raising=False)
        code, out, err = _run(capsys, *argv)
        assert code == 1 and not out, (argv, out, err)
        assert err.count("\n") == 1 and "拒绝写入" in err and zh in err and target.name in err, (argv, err)
        monkeypatch.setenv("XUNREN_LANG", "en")
        code, out, err = _run(capsys, *argv)
        assert code == 1 and not out, (argv, out, err)
        assert "refusing to write" in err and en in err and target.name in err, (argv, err)
        assert not CJK.search(err.replace("城关派出所", "")), (argv, err)
    assert {name: path.read_bytes() for name, path in server_files.items()} == before
    code, out, _ = _run(capsys, "station", "events", "--station", STATION, "--json",
                        "--db", f"sqlite:///{server_files['database']}")  # fmt: skip
    assert code == 0 and json.loads(out) == []  # no credential was rotated, no package written
