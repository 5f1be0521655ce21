"""The USB bundle carries the audit head too (issue 12): the server witnesses it on import as a
push's, the answer brings back the head witnessed last, a lost stick or a lost answer is never
taken for a rewrite, and a chain cut short is refused on this path as on the network."""

from __future__ import annotations

from pathlib import Path

from server.services import bundles, credentials
from server.services.meta import in_transaction
from server.storage.tables import Station as ServerStation
from tests.conftest import EXAMPLES, SERVER_BUNDLE_KEYS, Station
from tests.e2e.conftest import World
from tests.e2e.test_audit_witness import cut_chain
from tests.e2e.test_sync_bundle import server_cli
from tests.e2e.test_witness_lost import add_case, alerts


def enrolled_for_bundles(world: World, station: Station, keyfile: Path) -> str:
    code = world.server.unused_code()
    r = station.run("init", "--station-code", code, "--station-name", "测试派出所", "--admin", "admin")
    assert r.code == 0, r.err
    with world.server.sessions() as s:
        token = in_transaction(s, lambda x: credentials.add_station(x, code, "测试派出所", 1))
    key = bundles.public_key_text(bundles.server_keys(keyfile))
    r = station.run("enroll", "--server", world.server.url, "--token", token, "--bundle-key", key)
    assert r.code == 0, r.err
    return code


def witnessed_on_server(world: World, code: str) -> int | None:
    with world.server.sessions() as s:
        station = s.query(ServerStation).filter_by(code=code).one()
        return station.witness_seq


def carried(world: World, station: Station, keyfile: Path, code: str, name: str) -> tuple[str, int]:
    """Export a bundle, import it on the server, bring the answer back: (server's word, exit)."""
    stick = station.root / f"{name}.xrb"
    answer = station.root / f"{name}-answer.xrb"
    assert station.run("sync", "export", str(stick)).code == 0
    imported = server_cli(world, keyfile, "import", str(stick))
    assert imported.returncode == 0, imported.stderr
    out = server_cli(world, keyfile, "export", "--station", code, str(answer))
    assert out.returncode == 0, out.stderr
    return imported.stdout, station.run("sync", "import", str(answer)).code


def test_the_bundle_is_witnessed_both_ways(world: World, station: Station) -> None:
    keyfile = SERVER_BUNDLE_KEYS
    code = enrolled_for_bundles(world, station, keyfile)
    station.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"))
    lost = station.root / "lost.xrb"
    assert station.run("sync", "export", str(lost)).code == 0  # this stick is lost on the way
    said, code_ = carried(world, station, keyfile, code, "first")
    assert code_ == 0 and "refused (" not in said
    seen = witnessed_on_server(world, code)
    assert seen is not None and seen > 0
    assert station.run("audit", "verify").code == 0  # checks against the head the answer brought
    # The answer of the next stick is lost; the network path then goes on from where the server is.
    add_case(station, "found_child")
    stick = station.root / "unanswered.xrb"
    assert station.run("sync", "export", str(stick)).code == 0
    assert server_cli(world, keyfile, "import", str(stick)).returncode == 0
    assert (witnessed_on_server(world, code) or 0) > seen
    r = station.run("sync")
    assert r.code == 0 and "审计链" not in r.err, r.err
    assert alerts(world, code) == []


def test_a_chain_cut_short_is_refused_on_the_usb_path(world: World, station: Station) -> None:
    keyfile = SERVER_BUNDLE_KEYS
    code = enrolled_for_bundles(world, station, keyfile)
    station.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"))
    assert carried(world, station, keyfile, code, "first")[1] == 0
    cut_chain(station, keep=3)
    said, exit_code = carried(world, station, keyfile, code, "second")
    assert "审计链头被拒绝（链被截短）" in said, said
    assert exit_code == 1
    assert "审计链" in station.run("sync", "status").out
    assert [a["detail"]["reason"] for a in alerts(world, code)] == ["shortened"]  # type: ignore[index]
