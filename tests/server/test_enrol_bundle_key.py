"""The enrolment answer gives the server's public bundle key (the one `xunren-server bundle key`
prints, from the same key file), so a station enrolled over the network pins it as one given with
``--bundle-key``; a key file that cannot be used leaves it out and the enrolment goes on."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import World

from server.services import bundles

A = "370786001"


def _enrol(world: World) -> dict[str, object]:
    answer = world.client.post("/enroll", json={"token": world.station_token(A)})
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


def test_the_enrolment_answer_gives_the_servers_bundle_key(world: World) -> None:
    body = _enrol(world)
    assert body["bundle_key"] == bundles.public_key_text(bundles.server_keys(bundles.default_key_file()))


def test_a_key_file_not_there_yet_is_made_owner_only(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keys" / "bundle_keys.json"
    monkeypatch.setenv("XUNREN_BUNDLE_KEYS", str(path))
    body = _enrol(world)
    assert body["bundle_key"] == bundles.public_key_text(bundles.server_keys(path))
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["bundle_keys.json"]  # no temp file left


def test_a_damaged_key_file_leaves_the_key_out_and_the_station_enrols(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "bundle_keys.json"
    path.write_text('{"box_seed": "', "utf-8")
    monkeypatch.setenv("XUNREN_BUNDLE_KEYS", str(path))
    body = _enrol(world)
    assert body["bundle_key"] is None and body["credential"]
    assert str(path) in caplog.text and "box_seed" not in caplog.text
    assert path.read_text("utf-8") == '{"box_seed": "'  # never replaced by a new key


def test_two_first_uses_at_once_agree_on_one_key(tmp_path: Path) -> None:
    """The serving process and a command may both make the file first: one pair wins, whole."""
    import threading

    path = tmp_path / "bundle_keys.json"
    keys: list[str] = []
    start = threading.Barrier(8)

    def first_use() -> None:
        start.wait()
        keys.append(bundles.public_key_text(bundles.server_keys(path)))

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1 and keys[0] == bundles.public_key_text(bundles.server_keys(path))
