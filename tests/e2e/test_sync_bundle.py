"""The USB path, proven like the network path: export, import twice, a lost bundle re-exported,
a tampered or forged bundle refused with a clear message, the answer applied twice."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.bundle import export_bundle, import_bundle
from app.services.enrolment import SyncError, enroll
from app.services.sync import sync_status
from app.sync.sealed import KeyPair
from server.services import bundles
from tests.conftest import ROOT
from tests.e2e.conftest import World
from tests.e2e.harness import Station, check_end_state, local_changes


def server_cli(world: World, keys: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XUNREN_SERVER_DB": world.server.db_url, "XUNREN_BUNDLE_KEYS": str(keys)}
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "bundle", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def _journal_size(world: World, code: str) -> int:
    return len(world.server.journal(code)[1])


def test_usb_bundle_round_trip(world: World, tmp_path: Path) -> None:
    rng = random.Random(7)
    keyfile = tmp_path / "server_keys.json"
    server_key = bundles.public_key_text(bundles.server_keys(keyfile))
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / "st", code)
    try:
        enroll(station.session, world.server.url, token, bundle_key=server_key)
        for _ in range(3):
            local_changes(station, rng)
        lost = tmp_path / "lost.xrb"
        assert export_bundle(station.session, lost) > 0
        data = lost.read_bytes()
        assert b"credential" not in data and code.encode() in data  # only the header names the station
        lost.unlink()  # the stick is lost: nothing was marked, so the next export carries it all
        local_changes(station, rng)
        bundle = tmp_path / "out.xrb"
        count = export_bundle(station.session, bundle)
        assert count == sync_status(station.session).waiting

        tampered = tmp_path / "tampered.xrb"
        raw = bytearray(bundle.read_bytes())
        at = raw.index(b'"ciphertext": "') + 40
        raw[at] = ord("A") if raw[at] != ord("A") else ord("B")
        tampered.write_bytes(bytes(raw))
        bad = server_cli(world, keyfile, "import", str(tampered))
        assert bad.returncode == 1 and "bundle refused" in bad.stderr, bad.stderr
        assert _journal_size(world, code) == 0

        first = server_cli(world, keyfile, "import", str(bundle))
        assert first.returncode == 0, first.stderr
        size = _journal_size(world, code)
        assert size == count
        again = server_cli(world, keyfile, "import", str(bundle))
        assert again.returncode == 0, again.stderr
        assert _journal_size(world, code) == size  # importing twice changes nothing

        # A forged bundle: right format, sealed for the server, signed by another key.
        forged = tmp_path / "forged.xrb"
        from app.sync import sealed

        body: dict[str, object] = {"station": code, "credential": "xd_guess", "station_box": KeyPair.new().box_public(),
                "changes": [], "created_at": "2026-01-01T00:00:00Z", "epoch": None}  # fmt: skip
        box = bundles.server_keys(keyfile).box_public()
        forged.write_bytes(
            sealed.seal(body, kind="station", station=code, reader_box_public=box, writer=KeyPair.new())
        )
        bad = server_cli(world, keyfile, "import", str(forged))
        assert bad.returncode == 1 and "bundle refused" in bad.stderr

        keys_before = keyfile.read_bytes()
        for target in (keyfile, tmp_path / "x" / ".." / keyfile.name):  # issue 12 item 3
            over = server_cli(world, keyfile, "export", "--station", code, str(target))
            assert over.returncode == 2 and "refusing" in over.stderr and over.stderr.count("\n") == 1
        assert keyfile.read_bytes() == keys_before
        answer = tmp_path / "answer.xrb"
        out = server_cli(world, keyfile, "export", "--station", code, str(answer))
        assert out.returncode == 0, out.stderr
        applied = import_bundle(station.session, answer)
        assert applied.acknowledged == count and applied.refused == 0
        before = station.outbox()
        assert import_bundle(station.session, answer).acknowledged == 0  # twice: nothing changes
        assert station.outbox() == before
        assert sync_status(station.session).waiting == 0
        check_end_state(world.server, station)

        bad_answer = tmp_path / "bad_answer.xrb"
        raw = bytearray(answer.read_bytes())
        raw[raw.index(b'"signature": "') + 20] ^= 1
        bad_answer.write_bytes(bytes(raw))
        with pytest.raises(SyncError, match="signature") as refused:
            import_bundle(station.session, bad_answer)
        assert refused.value.text("zh_CN") == "同步包无法使用：签名不符：同步包被改动过或不是服务器制作的"
        cut = tmp_path / "cut_answer.xrb"
        cut.write_bytes(answer.read_bytes()[:-40])  # a copy cut short on the stick
        with pytest.raises(SyncError) as refused:
            import_bundle(station.session, cut)
        assert refused.value.text("zh_CN") == "同步包无法使用：文件已损坏或不是同步包"
        assert station.outbox() == before
    finally:
        station.close()
