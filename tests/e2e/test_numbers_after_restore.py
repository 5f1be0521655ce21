"""A number the server has seen is never given again (issue 12, item 4): backup, register,
sync, restore the old backup on a new machine, sync, register: the new case gets a new number,
and nothing on the server is overwritten. The station learns the server's highest numbers on
every sync and in the enrolment answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.services import credentials
from server.services.meta import in_transaction
from tests.conftest import EXAMPLES, PASSWORD, Station
from tests.e2e.conftest import World


def token_for(world: World, code: str) -> str:
    with world.server.sessions() as s:
        token: str = in_transaction(s, lambda x: credentials.add_station(x, code, "测试派出所", 1))
    return token


def test_a_restored_station_never_reuses_a_number_the_server_has_seen(
    world: World, station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = world.server.unused_code()  # a station of its own on the shared server
    r = station.run("init", "--station-code", code, "--station-name", "测试派出所", "--admin", "admin")
    assert r.code == 0, r.err
    key = r.out.strip().splitlines()[-1]
    assert station.run("enroll", "--server", world.server.url, "--token", token_for(world, code)).code == 0
    first = station.run("case", "add", "--file", str(EXAMPLES / "missing_child.json")).out.split()
    backup = tmp_path / "old.xrb"
    assert station.run("backup", str(backup)).code == 0
    later = station.run("case", "add", "--file", str(EXAMPLES / "found_child.json")).out.split()
    assert station.run("sync").code == 0  # the server holds both cases now
    # The machine is lost; the old backup is restored on a new one.
    new_home = tmp_path / "new-machine"
    r = station.run("restore", str(backup), "--data-dir", str(new_home), XUNREN_RECOVERY_KEY=key)
    assert r.code == 0, r.err
    monkeypatch.setenv("XUNREN_DATA_DIR", str(new_home))
    r = station.run("sync")
    assert r.code in (0, 1), r.err  # the restored station's counts differ from the server's
    again = station.run("case", "add", "--file", str(EXAMPLES / "trafficking.json")).out.split()
    assert again and again[0] not in first + later, (first, later, again)
    assert int(again[0][-6:]) > int(later[0][-6:])
    r = station.run("sync")
    status = json.loads(station.run("sync", "status", "--json").out)
    assert not [f for f in status["failed"] if f["record"] == again[0]], status
    assert station.run("case", "list", XUNREN_PASSWORD=PASSWORD).code == 0
