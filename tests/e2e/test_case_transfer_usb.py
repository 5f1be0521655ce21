"""A case transferred to a station the network never reaches (issue 14): the request and the
completion travel in the USB answer bundle, the acceptance in the station's bundle; the case is
taken over whole when the answer is imported, in the transaction that applies it."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from app.core.model import AccountRole
from app.core.transfer import TransferState
from app.core.validation import parse_case_file
from app.services import transfers
from app.services.bundle import export_bundle, import_bundle
from app.services.cases import register_cases, show_case
from app.services.enrolment import enroll
from app.services.sync import sync_now
from server.services import bundles
from tests.conftest import EXAMPLES, ROOT, SERVER_BUNDLE_KEYS
from tests.e2e.conftest import World
from tests.e2e.harness import Station


def _server(world: World, keys: Path, *args: str) -> None:
    env = {**os.environ, "XUNREN_SERVER_DB": world.server.db_url, "XUNREN_BUNDLE_KEYS": str(keys)}
    done = subprocess.run([sys.executable, "-m", "server.cli", "bundle", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr


def _exchange(world: World, station: Station, keys: Path, work: Path, name: str) -> None:
    """The stick goes to the county office and comes back with the server's answer."""
    bundle, answer = work / f"{name}.xrb", work / f"{name}-answer.xrb"
    export_bundle(station.session, bundle)
    _server(world, keys, "import", str(bundle))
    _server(world, keys, "export", "--station", station.code, str(answer))
    assert import_bundle(station.session, answer).refused == 0


def test_a_case_reaches_a_usb_only_station(world: World, tmp_path: Path) -> None:
    keys = SERVER_BUNDLE_KEYS
    server_key = bundles.public_key_text(bundles.server_keys(keys))
    sg_code, sg_token = world.server.new_station()
    mt_code, mt_token = world.server.new_station()
    shouguang = Station.from_template(world.template, world.key, tmp_path / "sg", sg_code)
    mountain = Station.from_template(world.template, world.key, tmp_path / "mt", mt_code)
    try:
        enroll(shouguang.session, world.server.url, sg_token)
        enroll(mountain.session, world.server.url, mt_token, bundle_key=server_key)
        (reg,) = register_cases(
            shouguang.session, parse_case_file((EXAMPLES / "found_child.json").read_bytes())
        )
        sync_now(shouguang.session)
        transfers.request_transfer(
            shouguang.session, reg.case_no, mt_code, "孩子的户籍地在山区，由当地所办理"
        )
        assert sync_now(shouguang.session).refused == 0

        _exchange(world, mountain, keys, tmp_path, "first")
        (incoming,) = transfers.list_transfers(mountain.session)
        assert incoming.state is TransferState.AWAITING_RECEIVER and incoming.waits_for_us()
        boss = dataclasses.replace(mountain.session, user="zhao", role=AccountRole.SUPERVISOR)
        transfers.approve_transfer(boss, incoming.short_id)
        _exchange(world, mountain, keys, tmp_path, "second")

        held = show_case(mountain.session, reg.case_no)
        assert held.verification_code == reg.verification_code
        (done,) = transfers.list_transfers(mountain.session)
        assert done.state is TransferState.COMPLETED
        sync_now(shouguang.session)
        assert transfers.held_elsewhere(shouguang.session, reg.case_no) is not None
    finally:
        shouguang.close()
        mountain.close()
