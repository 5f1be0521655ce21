"""`xunren sync …` refusals from the command line: one line, exit 1, in the user's language only."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Station


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_export_before_enrolment_says_what_to_do(ready_station: Station, tmp_path: Path) -> None:
    ready_station.add_examples()
    bundle = tmp_path / "stick" / "station.xsb"
    bundle.parent.mkdir()
    r = ready_station.run("sync", "export", str(bundle))
    assert r.code == 1
    line = _one_line(r.err)
    assert "同步包无法使用" in line and "enroll --bundle-key" in line
    assert "unknown" not in line  # no English inside the Chinese message
    assert not bundle.exists()
    r = ready_station.run("sync", "export", str(bundle), XUNREN_LANG="en")
    assert r.code == 1 and "bundle key is unknown" in _one_line(r.err)


def test_an_answer_cannot_be_imported_before_enrolment(ready_station: Station, tmp_path: Path) -> None:
    junk = tmp_path / "answer.xsb"
    junk.write_bytes(b'{"header": {"format": "xunren-bundle/1"}, "ciphertext": "!!"')
    before = ready_station.run("sync", "status", "--json").out
    r = ready_station.run("sync", "import", str(junk))
    assert r.code == 1
    assert "不知道服务器的同步包密钥" in _one_line(r.err)
    assert ready_station.run("sync", "status", "--json").out == before
    r = ready_station.run("sync", "import", str(tmp_path / "absent.xsb"), XUNREN_LANG="en")
    assert r.code == 1 and "sync bundle cannot be used" in _one_line(r.err)


def test_a_malformed_bundle_key_is_refused_at_enrolment(ready_station: Station) -> None:
    r = ready_station.run(
        "enroll", "--server", "http://127.0.0.1:9", "--token", "t", "--bundle-key", "xk1.zz"
    )
    assert r.code == 1
    assert "同步包密钥格式" in _one_line(r.err)


def test_enroll_takes_a_server_and_token_or_a_package(ready_station: Station, tmp_path: Path) -> None:
    r = ready_station.run("enroll")
    assert r.code == 2 and "--server" in _one_line(r.err) and "--file" in r.err
    r = ready_station.run("enroll", "--file", "p.xep", "--server", "https://x.example", XUNREN_LANG="en")
    assert r.code == 2 and "cannot be combined" in _one_line(r.err)
    r = ready_station.run(
        "enroll", "--file", str(tmp_path / "缺少的登记包.xep"), XUNREN_ENROL_PASSPHRASE="1" * 24
    )
    assert r.code == 1 and "无法读取文件" in _one_line(r.err)
    package = tmp_path / "p.xep"
    package.write_bytes(b"{}")
    r = ready_station.run("enroll", "--file", str(package))  # no passphrase and no terminal
    assert r.code == 1 and "XUNREN_ENROL_PASSPHRASE" in _one_line(r.err)
