"""A station the network never reaches rebuilds from a USB stick (issue 14): its disk is lost; the
operator's real `xunren-server station rotate CODE --package FILE --rebuild` writes a rebuild
package (records and photos' bytes, sealed under a passphrase read out by phone); `xunren enroll
--file FILE --rebuild` on a fresh `init` brings back every case as the officer saw it, the photos,
its decision on a pair of its own cases, numbering above the old high-water mark and an audit
chain the server's witness accepts at the next bundle exchange, which sends nothing again. A
rebuild cut off half-way finishes when run again; a wrong passphrase, an enrolment package
without records and another station's package are refused in words."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.services.session import logon
from tests.conftest import EXAMPLES, PASSWORD
from tests.conftest import Station as CliStation
from tests.e2e.test_child_alerts_usb_cli import USB_STATION, UsbWorld, usb  # noqa: F401
from tests.e2e.test_rebuild import _events, _photos, _register, _same, _seen, _server_witness

NAME = "寿光派出所"


def _ok(station: CliStation, *args: str, **env: str) -> str:
    r = station.run(*args, **env)
    assert r.code == 0, (args, r.err)
    return r.out


def _init(station: CliStation, *more: str) -> None:
    """`xunren init` of the USB station: a fresh one, or again after its disk was lost."""
    _ok(station, "init", "--station-code", USB_STATION, "--station-name", NAME, "--admin", "admin", *more)


def _operator_package(
    srv: UsbWorld, path: Path, *, rebuild: bool = True, lang: str = "zh_CN"
) -> tuple[str, str]:
    """(passphrase, output) of the operator's `station rotate --package [--rebuild]`."""
    args = ["station", "rotate", USB_STATION, "--package", str(path)] + (["--rebuild"] if rebuild else [])
    done = srv.server_cli(*args, lang=lang)
    assert done.returncode == 0, done.stderr
    found = re.search(r"([0-9]{4}(?: [0-9]{4}){5})", done.stdout)
    assert found, done.stdout
    return found.group(1), done.stdout


def _exchange(srv: UsbWorld, station: CliStation, stick: Path, name: str) -> str:
    """One bundle round trip; returns what `sync import` said."""
    _ok(station, "sync", "export", str(stick / f"{name}.xsb"))
    imported = srv.server_cli("bundle", "import", str(stick / f"{name}.xsb"))
    assert imported.returncode == 0, imported.stderr
    answer = srv.server_cli("bundle", "export", "--station", USB_STATION, str(stick / f"{name}-answer.xsb"))
    assert answer.returncode == 0, answer.stderr
    return _ok(station, "sync", "import", str(stick / f"{name}-answer.xsb"))


def _lost_station(srv: UsbWorld, station: CliStation, tmp_path: Path) -> tuple[list[str], dict[str, Any]]:
    """A station with a history (cases, a later sample, hand-over, profile, photos, approvals, an
    edit, a closure, a confirmed pair of its own cases), all synced, then its disk lost."""
    _init(station)
    _ok(station, "enroll", "--server", srv.server.url, "--token", srv.token(USB_STATION))
    numbers = _register(station, tmp_path)
    _ok(station, "match", "confirm", numbers[0], numbers[1])
    _ok(station, "sync")
    before = {
        "cases": _seen(station, numbers),
        "photos": _photos(station, numbers),
        "match": _ok(station, "match", numbers[1], XUNREN_LANG="en"),
    }
    assert "[confirmed]" in before["match"], before["match"]
    shutil.rmtree(station.data_dir)
    _init(station)
    return numbers, before


@dataclass(frozen=True)
class LostStation:
    """A station that lost its disk (``_lost_station``) beside a real server, and what it showed."""

    world: UsbWorld
    station: CliStation
    tmp_path: Path
    numbers: list[str]
    before: dict[str, Any]


@pytest.fixture
def lost(usb: UsbWorld, station: CliStation, tmp_path: Path) -> LostStation:  # noqa: F811
    numbers, before = _lost_station(usb, station, tmp_path)
    return LostStation(usb, station, tmp_path, numbers, before)


def _rebuilt(lost: LostStation, package: Path, passphrase: str) -> dict[str, Any]:
    """`xunren enroll --file PACKAGE --rebuild --json`: every case and photo is back as the officer
    saw it and the audit chain verifies. Returns what the command answered."""
    station = lost.station
    r = station.run(
        "enroll", "--file", str(package), "--rebuild", "--json", XUNREN_ENROL_PASSPHRASE=passphrase
    )
    assert r.code == 0, r.err
    _same(_seen(station, lost.numbers), lost.before["cases"])
    assert _photos(station, lost.numbers) == lost.before["photos"]
    assert station.run("audit", "verify").code == 0
    answer: dict[str, Any] = json.loads(r.out)
    return answer


def test_a_station_rebuilds_from_a_usb_package_and_its_next_bundle_is_clean(lost: LostStation) -> None:
    world, station, numbers = lost.world, lost.station, lost.numbers
    witnessed = _server_witness(world, USB_STATION)  # type: ignore[arg-type]
    stick = lost.tmp_path / "stick"
    stick.mkdir()
    package = stick / f"{USB_STATION}.xrp"
    passphrase, said = _operator_package(world, package)
    assert "重建包已写入" in said and "照片 3 张" in said, said
    assert package.stat().st_mode & 0o777 == 0o600

    wrong = station.run("enroll", "--file", str(package), "--rebuild", XUNREN_ENROL_PASSPHRASE="1" * 24)
    assert wrong.code == 1 and "口令不对" in wrong.err, wrong.err
    answer = _rebuilt(lost, package, passphrase)
    assert answer["restored"]["case"] == 3 and answer["restored"]["photo"] == 3, answer
    assert _ok(station, "match", numbers[1], XUNREN_LANG="en") == lost.before["match"]
    # Numbering resumes above the old high-water mark.
    again = _ok(station, "case", "add", "--file", str(EXAMPLES / "missing_child.json"), "--allow-duplicate",
                "--reason", "再次走失").split()[0]  # fmt: skip
    assert int(again[-6:]) > max(int(n[-6:]) for n in numbers)
    # The first bundle carries the token and the new case only; the server's witness takes the
    # chain as going on from the head it held.
    _exchange(world, station, stick, "first")
    status = json.loads(_ok(station, "sync", "status", "--json"))
    assert status["waiting"] == 0 and not status["failed"], status
    assert "audit_refused" not in _events(world, USB_STATION)  # type: ignore[arg-type]
    seq, _hash = _server_witness(world, USB_STATION)  # type: ignore[arg-type]
    assert seq is not None and seq > int(witnessed[0] or 0)
    with world.server.sessions() as s:
        from sqlalchemy import func, select

        from server.storage.tables import JournalEntry, Station

        sid = s.scalar(select(Station.id).where(Station.code == USB_STATION))
        changes = s.scalar(
            select(func.count()).select_from(JournalEntry).where(JournalEntry.station_id == sid)
        )
    _exchange(world, station, stick, "second")
    with world.server.sessions() as s:
        assert (
            s.scalar(select(func.count()).select_from(JournalEntry).where(JournalEntry.station_id == sid))
            == changes
        )
    assert station.run("audit", "verify").code == 0


def test_a_usb_rebuild_cut_off_half_way_finishes_when_run_again(lost: LostStation) -> None:
    from app.services.rebuild import RebuildStep
    from app.services.rebuild_usb import rebuild_from_package

    station = lost.station
    package = lost.tmp_path / "rebuild.xrp"
    passphrase, _said = _operator_package(lost.world, package)

    class PowerCut(Exception):
        pass

    def cut(step: RebuildStep) -> None:
        if step.stage == "photo" and step.done >= 2:
            raise PowerCut

    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        with pytest.raises(PowerCut):
            rebuild_from_package(session, str(package), passphrase, progress=cut)
    finally:
        session.close()
    assert station.run("case", "show", lost.numbers[2]).code == 1  # not back yet
    assert _rebuilt(lost, package, passphrase)["resumed"] is True


def test_packages_that_cannot_rebuild_are_refused_in_words(lost: LostStation) -> None:
    world, station, tmp_path = lost.world, lost.station, lost.tmp_path
    alone = world.server_cli("station", "rotate", USB_STATION, "--rebuild")
    assert alone.returncode == 2 and "须与 --package 同用" in alone.stderr, alone.stderr
    plain = tmp_path / "plain.xep"
    passphrase, _said = _operator_package(world, plain, rebuild=False)
    r = station.run(
        "enroll", "--file", str(plain), "--rebuild", XUNREN_ENROL_PASSPHRASE=passphrase, XUNREN_LANG="en"
    )
    assert r.code == 1 and "not a rebuild package" in r.err, r.err
    package = tmp_path / "rebuild.xrp"
    passphrase, said = _operator_package(world, package, lang="en")
    assert "Rebuild package written" in said, said
    r = station.run("enroll", "--file", str(package), XUNREN_ENROL_PASSPHRASE=passphrase)
    assert r.code == 1 and "这是重建包" in r.err, r.err
    cut = tmp_path / "cut.xrp"
    cut.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    r = station.run("enroll", "--file", str(cut), "--rebuild", XUNREN_ENROL_PASSPHRASE=passphrase)
    assert r.code == 1 and "重建包已损坏" in r.err, r.err
    other = tmp_path / "other"
    env = {"XUNREN_DATA_DIR": str(other)}
    _ok(station, "init", "--station-code", "370783002", "--station-name", "别的所", "--admin", "admin", **env)
    r = station.run("enroll", "--file", str(package), "--rebuild", XUNREN_ENROL_PASSPHRASE=passphrase,
                    XUNREN_LANG="en", **env)  # fmt: skip
    assert r.code == 1 and "for station 370783001" in r.err, r.err
    # The right package on the right station still rebuilds (nothing above spent it).
    r = station.run("enroll", "--file", str(package), "--rebuild", XUNREN_ENROL_PASSPHRASE=passphrase)
    assert r.code == 0, r.err
