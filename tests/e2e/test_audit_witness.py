"""The station's side of audit witnessing (issue 12, item 5), with a real server: every sync
sends the head; a chain cut short after the server acknowledged it is caught by `audit verify`
and refused by the server (an alert, shown at the station); a restore is declared and goes on."""

from __future__ import annotations

import json

from server.services import credentials
from server.services import events as station_events
from server.services.meta import in_transaction
from tests.conftest import EXAMPLES, PASSWORD, Station
from tests.e2e.conftest import World


def enrolled(world: World, station: Station) -> tuple[str, str]:
    code = world.server.unused_code()
    r = station.run("init", "--station-code", code, "--station-name", "测试派出所", "--admin", "admin")
    assert r.code == 0, r.err
    with world.server.sessions() as s:
        token = in_transaction(s, lambda x: credentials.add_station(x, code, "测试派出所", 1))
    assert station.run("enroll", "--server", world.server.url, "--token", token).code == 0
    return code, r.out.strip().splitlines()[-1]


def server_events(world: World, code: str) -> list[dict[str, object]]:
    with world.server.sessions() as s:
        return station_events.list_events(s, code)


def cut_chain(station: Station, keep: int) -> None:
    """What someone with a password and SQLCipher could do: drop the newest audit entries (the
    chain that is left is intact, so the local check alone cannot tell)."""
    from app.services.session import logon

    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        with session.store.unit_of_work() as uow:
            uow.cursor.execute("DELETE FROM audit_log WHERE seq > ?", (keep,))
            uow.commit()
    finally:
        session.close()


def test_a_chain_cut_after_the_server_saw_it_is_caught_and_raised(world: World, station: Station) -> None:
    code, _ = enrolled(world, station)
    station.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"))
    assert station.run("sync").code == 0
    assert station.run("sync").code == 0  # nothing waits: the head still travels
    assert station.run("audit", "verify").code == 0
    cut_chain(station, keep=3)
    r = station.run("audit", "verify")
    assert r.code == 1 and "服务器已确认" in r.err, r.err
    r = station.run("sync")
    assert r.code == 1 and "审计链" in r.err and "被截短" in r.err, r.err
    assert "审计链" in station.run("sync", "status").out
    alerts = [e for e in server_events(world, code) if e["alert"]]
    assert len(alerts) == 1 and alerts[0]["detail"]["reason"] == "shortened"  # type: ignore[index]


def test_a_restore_is_declared_and_the_chain_goes_on(world: World, station: Station) -> None:
    code, _ = enrolled(world, station)
    station.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"))
    assert station.run("sync").code == 0
    backup = station.root / "b.xrb"
    assert station.run("backup", str(backup)).code == 0
    station.run("case", "add", "--file", str(EXAMPLES / "found_child.json"))
    assert station.run("sync").code == 0  # the server acknowledges a longer chain than the backup's
    assert station.run("restore", str(backup), "--yes").code == 0
    r = station.run("sync")
    assert "审计链" not in r.err, r.err
    kinds = [(e["kind"], e["alert"]) for e in server_events(world, code)]
    assert ("restore_declared", False) in kinds and not any(alert for _, alert in kinds), kinds
    assert station.run("audit", "verify").code == 0
    assert station.run("sync").code in (0, 1)
    assert not [e for e in server_events(world, code) if e["alert"]]
    status = json.loads(station.run("sync", "status", "--json").out)
    assert status["waiting"] == 0 or status["failed"] == []
