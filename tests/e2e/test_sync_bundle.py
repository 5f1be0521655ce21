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
from app.storage import sync_state as st
from app.sync.sealed import KeyPair
from server.services import bundles, credentials
from server.services import events as station_events
from server.services.meta import in_transaction
from tests.conftest import ROOT, SERVER_BUNDLE_KEYS
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
    keyfile = SERVER_BUNDLE_KEYS
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
        assert bad.returncode == 1 and "同步包被拒绝" in bad.stderr, bad.stderr
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
        assert bad.returncode == 1 and "同步包被拒绝" in bad.stderr

        keys_before = keyfile.read_bytes()
        for target in (keyfile, keyfile.parent / "x" / ".." / keyfile.name):  # issue 12 item 3
            over = server_cli(world, keyfile, "export", "--station", code, str(target))
            assert over.returncode == 1 and "拒绝写入" in over.stderr and over.stderr.count("\n") == 1
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


def test_a_reenrolled_station_exchanges_bundles_again(world: World, tmp_path: Path) -> None:
    """A station reinstalled from scratch has new bundle keys; its re-enrolment (a fresh token
    from the operator) replaces the pinned key, and the server says so in the station's events
    (issue 12, item 6). A bundle signed by the new keys without a re-enrolment stays refused."""
    rng = random.Random(11)
    keyfile = SERVER_BUNDLE_KEYS
    server_key = bundles.public_key_text(bundles.server_keys(keyfile))
    code, token = world.server.new_station()
    first = Station.from_template(world.template, world.key, tmp_path / "first", code)
    try:
        enroll(first.session, world.server.url, token, bundle_key=server_key)
        local_changes(first, rng)
        export_bundle(first.session, tmp_path / "first.xrb")
        assert server_cli(world, keyfile, "import", str(tmp_path / "first.xrb")).returncode == 0
    finally:
        first.close()
    again = Station.from_template(world.template, world.key, tmp_path / "again", code)  # reinstalled
    try:
        with world.server.sessions() as s:  # the operator runs `station add CODE` again
            fresh = in_transaction(s, lambda x: credentials.add_station(x, code, "测试派出所", 1))
        enroll(again.session, world.server.url, fresh, bundle_key=server_key)
        local_changes(again, rng)
        sent = export_bundle(again.session, tmp_path / "again.xrb")
        imported = server_cli(world, keyfile, "import", str(tmp_path / "again.xrb"))
        assert imported.returncode == 0, imported.stderr
        answer = tmp_path / "answer.xrb"
        assert server_cli(world, keyfile, "export", "--station", code, str(answer)).returncode == 0
        applied = import_bundle(again.session, answer)
        assert applied.acknowledged == sent > 0 and applied.refused == 0  # no number given twice (item 4)
        with world.server.sessions() as s:
            kinds = [e["kind"] for e in station_events.list_events(s, code)]
        assert "bundle_key_unpinned" in kinds and "reenrolled" in kinds
        # Someone else's keys, with no re-enrolment: still refused.
        stranger = Station.from_template(world.template, world.key, tmp_path / "stranger", code)
        try:
            with stranger.session.store.unit_of_work() as uow:
                for key in (st.SERVER_URL, st.CREDENTIAL, st.SERVER_BOX_KEY, st.SERVER_SIGN_KEY, st.EPOCH):
                    st.put(uow.cursor, key, again.state(key))
                uow.commit()
            local_changes(stranger, rng)
            export_bundle(stranger.session, tmp_path / "stranger.xrb")
            refused = server_cli(world, keyfile, "import", str(tmp_path / "stranger.xrb"))
            assert refused.returncode == 1 and "同步包被拒绝" in refused.stderr
        finally:
            stranger.close()
    finally:
        again.close()


def _station_with_an_old_answer(world: World, tmp_path: Path, seed: int) -> tuple[Station, str, Path]:
    """A station enrolled with the server's bundle key whose changes went by USB, with the
    server's answer to them (made before any restore) on the stick, not yet imported."""
    server_key = bundles.public_key_text(bundles.server_keys(SERVER_BUNDLE_KEYS))
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / "st", code)
    enroll(station.session, world.server.url, token, bundle_key=server_key)
    local_changes(station, random.Random(seed))
    out = tmp_path / "out.xrb"
    export_bundle(station.session, out)
    assert server_cli(world, SERVER_BUNDLE_KEYS, "import", str(out)).returncode == 0
    old = tmp_path / "old_answer.xrb"
    assert server_cli(world, SERVER_BUNDLE_KEYS, "export", "--station", code, str(old)).returncode == 0
    return station, code, old


def test_an_answer_from_before_a_server_restore_is_refused_and_changes_nothing(
    world: World, tmp_path: Path
) -> None:
    """An officer imports last week's answer, still on the stick, after the answer made since
    the server was restored from a backup: it is refused in words, and the station keeps the
    new epoch, its cursor and what waits to be sent."""
    from server.services.meta import mark_restored

    keyfile = SERVER_BUNDLE_KEYS
    station, code, old = _station_with_an_old_answer(world, tmp_path, 11)
    out = tmp_path / "out.xrb"
    try:
        assert import_bundle(station.session, old).refused == 0

        with world.server.sessions() as s:
            in_transaction(s, mark_restored)  # the server restored from its backup: a new epoch
        out.unlink()
        export_bundle(station.session, out)
        assert server_cli(world, keyfile, "import", str(out)).returncode == 0
        new = tmp_path / "new_answer.xrb"
        assert server_cli(world, keyfile, "export", "--station", code, str(new)).returncode == 0
        import_bundle(station.session, new)  # the new epoch: what the server may have lost goes again
        with station.session.store.reader() as conn:
            from app.storage.cursor import cursor_of

            epoch = st.get(cursor_of(conn), st.EPOCH)
        before = (station.outbox(), sync_status(station.session).waiting)

        with pytest.raises(SyncError) as refused:
            import_bundle(station.session, old)
        assert "服务器恢复" in refused.value.text("zh_CN") and "restored" in refused.value.text("en")
        with station.session.store.reader() as conn:
            assert st.get(cursor_of(conn), st.EPOCH) == epoch
        assert (station.outbox(), sync_status(station.session).waiting) == before
    finally:
        station.close()


def test_an_answer_from_before_a_restore_is_refused_after_the_network_brought_the_new_epoch(
    world: World, tmp_path: Path
) -> None:
    """The station learnt of the restore over the network; an answer made before it, still on
    the stick and never imported, is refused as well (and changes nothing)."""
    from app.services.sync import sync_now
    from server.services.meta import mark_restored

    station, _code, old = _station_with_an_old_answer(world, tmp_path, 12)  # never imported
    try:
        assert sync_now(station.session).equal
        with world.server.sessions() as s:
            in_transaction(s, mark_restored)
        assert sync_now(station.session).epoch_changed
        before = (station.outbox(), sync_status(station.session).waiting)
        with pytest.raises(SyncError) as refused:
            import_bundle(station.session, old)
        assert "服务器恢复" in refused.value.text("zh_CN")
        assert (station.outbox(), sync_status(station.session).waiting) == before
    finally:
        station.close()
