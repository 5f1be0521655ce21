"""Replacing the national screening key (issue 15) against a real server process: the operator
runs ``xunren-server screening rotate-key``; a station that pinned the old key accepts the new one
at its next sync, through the rotation the server announces over the station's authenticated
channel, and audits it; a file signed by a key no rotation names — or by the old key after the
rotation — is still refused whole, nothing changed."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app.services.enrolment import SyncError, enroll
from app.services.screening import SIGNER_KEY, apply_answer, held_version
from app.services.sync import sync_now, sync_status
from app.storage import match_repository
from app.sync.protocol.screening import sign_public
from app.sync.protocol.screening_rotation import Rotation, sign_rotation
from server.services import screening
from server.services.bundles import public_key_text, server_keys
from tests.conftest import SERVER_BUNDLE_KEYS
from tests.e2e.conftest import World
from tests.e2e.harness import Station
from tests.e2e.test_screening_index import _case, _register

os.environ.setdefault(
    "XUNREN_SCREENING_KEY", os.path.join(tempfile.mkdtemp(prefix="xr-screening-"), "key.json")
)
ROOT = Path(__file__).resolve().parents[2]


BUNDLE_KEYS = SERVER_BUNDLE_KEYS  # the serving process's bundle key file


def _enrolled(world: World, tmp_path: Path, name: str, *, given_key: bool = True) -> Station:
    """A station enrolled over the network, pinning the server's bundle key (the key a rotation
    must be vouched for by): given with ``--bundle-key``, or (*given_key* False) as the
    enrolment answer gives it."""
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / name, code)
    key = public_key_text(server_keys(BUNDLE_KEYS)) if given_key else None
    enroll(station.session, world.server.url, token, bundle_key=key)
    return station


def _rotate(world: World, lang: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XUNREN_SERVER_DB": world.server.db_url, "XUNREN_LANG": lang,
           "XUNREN_BUNDLE_KEYS": str(BUNDLE_KEYS)}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "screening", "rotate-key", "--reason", "密钥文件遗失"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _pinned(far: object) -> str:
    with far.session.store.reader() as conn:  # type: ignore[attr-defined]
        return str(match_repository.setting(conn, SIGNER_KEY))


@pytest.mark.parametrize("given_key", [True, False], ids=["bundle-key-given", "bundle-key-from-enrolment"])
def test_a_rotated_key_is_accepted_through_the_announced_rotation_only(
    world: World, tmp_path: Path, given_key: bool
) -> None:
    """Whether an admin gave the bundle key at enrolment or the station took it from the
    enrolment answer (no ``--bundle-key``), the station follows a vouched rotation only."""
    home = _enrolled(world, tmp_path, "home")
    far = _enrolled(world, tmp_path, "far", given_key=given_key)
    try:
        _register(home, _case("missing_child.json"))
        sync_now(home.session)
        sync_now(far.session)
        old_seed = screening.screening_key()
        old = _pinned(far)
        assert old == sign_public(old_seed)
        version = held_version(far.session)

        done = _rotate(world, "zh_CN")
        assert done.returncode == 0, done.stderr
        assert "已更换全国离线索引的签名密钥" in done.stdout
        new = sign_public(screening.screening_key())
        assert new != old and new[:16] in done.stdout and old_seed not in done.stdout

        _register(home, _case("missing_child.json"))
        sync_now(home.session)
        # a key no rotation names is refused, as before
        with world.server.sessions() as s:
            stranger = screening.answer(s, version, "22" * 32)
        assert stranger.kind == "delta" and stranger.rotations
        with pytest.raises(SyncError) as refused:
            apply_answer(far.session, stranger)
        assert "首次接受" in refused.value.text("zh_CN")
        assert "announced no replacement" in refused.value.text("en")
        # nor does a made-up rotation to it count (its statement is not the new key's signature)
        made_up = Rotation(old, stranger.signer, "2026-12-06T00:00:00.000Z", "00" * 64, "00" * 64)
        with pytest.raises(SyncError):
            apply_answer(far.session, dataclasses.replace(stranger, rotations=(made_up,)))
        # nor one signed by the stranger's key as it should be, but vouched for by a key that is
        # not the server's bundle key (whoever answers in the server's place holds no other)
        theirs = sign_rotation(old, "22" * 32, "2026-12-06T00:00:00.000Z", "33" * 32)
        with pytest.raises(SyncError):
            apply_answer(far.session, dataclasses.replace(stranger, rotations=(theirs,)))
        assert held_version(far.session) == version and _pinned(far) == old

        sync_now(far.session)  # the proper path: the next sync's answer, over the device channel
        assert _pinned(far) == new and held_version(far.session) > version
        with far.session.store.reader() as conn:
            audit = [(str(r[0]), str(r[1])) for r in conn.exec_driver_sql(
                "SELECT outcome, detail FROM audit_log WHERE action = 'sync.screening'")]  # fmt: skip
        rotated = [d for o, d in audit if o == "rotated"]
        assert len(rotated) == 1 and f"old={old[:16]}" in rotated[0] and f"new={new[:16]}" in rotated[0]
        state = sync_status(far.session).screening
        assert state is not None and state.rotated is not None and state.rotated["new"] == new

        # the old key, after the rotation: refused (no rotation leads back to it)
        _register(home, _case("missing_child.json"))
        sync_now(home.session)
        with world.server.sessions() as s:
            stale = screening.answer(s, held_version(far.session), old_seed)
        with pytest.raises(SyncError):
            apply_answer(far.session, stale)
        assert _pinned(far) == new

        listed = subprocess.run(
            [sys.executable, "-m", "server.cli", "screening", "rotations", "--json"], cwd=ROOT,
            env={**os.environ, "XUNREN_SERVER_DB": world.server.db_url}, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert [(r["old"], r["new"]) for r in json.loads(listed.stdout)][-1] == (old, new)
    finally:
        home.close()
        far.close()


def test_a_rotation_with_a_key_file_not_there_is_refused_and_nothing_is_recorded(
    world: World, tmp_path: Path
) -> None:
    """Run as another system user (another data folder) or with a mistyped path, the command
    would invent a key and "rotate" it while the server goes on signing with the one to replace:
    it refuses, in the operator's language, and records nothing."""
    env = {**os.environ, "XUNREN_SERVER_DB": world.server.db_url}

    def rotate(lang: str, **files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "server.cli", "screening", "rotate-key", "--reason", "密钥可能泄露"],
            cwd=ROOT, env={**env, "XUNREN_LANG": lang, **files}, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    def recorded() -> int:
        listed = subprocess.run([sys.executable, "-m", "server.cli", "screening", "rotations", "--json"],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
        return len(json.loads(listed.stdout))

    screening.screening_key()  # the server's screening key file is there (run alone, no sync made it yet)
    before = recorded()
    missing = str(tmp_path / "elsewhere" / "key.json")
    done = rotate("zh_CN", XUNREN_SCREENING_KEY=missing)
    assert done.returncode == 1 and "未更换" in done.stderr and missing in done.stderr
    done = rotate("en", XUNREN_BUNDLE_KEYS=missing)
    assert done.returncode == 1 and "the server's bundle key file" in done.stderr
    assert recorded() == before and not (tmp_path / "elsewhere").exists()
