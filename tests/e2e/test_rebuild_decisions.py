"""What a rebuilt station decided comes back into its own tables (issue 14): a station confirms a
pair of its own cases, rejects a national candidate, asks to publish its found child and
acknowledges another station's missing-child alert, and syncs with a real server process; its
disk is lost; after `enroll --rebuild`, `xunren match`, `case show` (gallery) and `alert list`
show what the lost station showed, and the next sync sends nothing again."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.core.validation import parse_case_file
from app.services import cases, gallery, photos
from app.services.enrolment import enroll
from app.services.match_review import review_candidate, review_queue
from app.services.session import logon
from app.services.sync import sync_now
from server.services import credentials
from server.services.meta import in_transaction
from tests.conftest import EXAMPLES, PASSWORD
from tests.conftest import Station as CliStation
from tests.e2e.harness import Station, make_template
from tests.e2e.test_child_alerts_usb_cli import OWNER, USB_STATION, UsbWorld, usb  # noqa: F401
from tests.e2e.test_gallery_flow import photo_with_metadata
from tests.e2e.test_rebuild_usb import _exchange, _init, _operator_package

BASIS = "《未成年人保护法》第一百条"


def _ok(station: CliStation, *args: str, **env: str) -> str:
    r = station.run(*args, **env)
    assert r.code == 0, (args, r.err)
    return r.out


def _publish(station: CliStation, case_no: str) -> None:
    """A supervisor's gallery request (the desktop's dialog calls the same service)."""
    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        picture = photos.prepare_photo(photo_with_metadata((600, 800)))
        photos.add_photos(session, case_no, 0, [picture])
        gallery.request_publication(session, case_no, BASIS)
    finally:
        session.close()


def _shown(station: CliStation, numbers: list[str]) -> dict[str, Any]:
    """What the officer sees of matches, gallery and alerts (text and JSON, both languages),
    less the moment each alert reached this machine."""
    out: dict[str, Any] = {}
    for n in numbers:
        out[f"match {n}"] = json.loads(_ok(station, "match", n, "--json"))
        out[f"match text {n}"] = _ok(station, "match", n, XUNREN_LANG="en")
        out[f"gallery {n}"] = json.loads(_ok(station, "case", "show", n, "--json"))["gallery"]
    alerts = json.loads(_ok(station, "alert", "list", "--json"))
    out["alerts"] = [{k: v for k, v in a.items() if k != "received_at"} for a in alerts]
    out["alert text"] = _ok(station, "alert", "list", XUNREN_LANG="en")
    out["queue"] = json.loads(_ok(station, "match", "queue", "--json"))
    return out


@pytest.mark.parametrize("way", ["network", "usb"])
def test_a_rebuilt_station_shows_its_decisions_publications_and_acknowledgements(
    usb: UsbWorld,  # noqa: F811
    station: CliStation,
    tmp_path: Path,
    way: str,
) -> None:
    """Over the network (the rebuild's own sync brings the national pairs and the alert) and from
    a rebuild package on a USB stick (they come with the answer to the first bundle)."""
    template, key = make_template(tmp_path)
    owner = Station.from_template(template, key, tmp_path / "owner", OWNER)
    owner.session = replace(owner.session, station=replace(owner.session.station, phone="0536-8230110"))
    try:
        _rebuilt_station(usb, owner, station, tmp_path, way)
    finally:
        owner.close()


def _rebuilt_station(usb: UsbWorld, owner: Station, station: CliStation, tmp_path: Path, way: str) -> None:  # noqa: F811
    enroll(owner.session, usb.server.url, usb.token(OWNER))
    (far,) = cases.register_cases(
        owner.session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
    )
    assert sync_now(owner.session).equal

    _init(station, "--phone", "0536-5221110")
    _ok(station, "enroll", "--server", usb.server.url, "--token", usb.token(USB_STATION))
    missing, found, _trafficking = station.add_examples()
    _ok(station, "sync")
    assert usb.server.run_jobs() >= 1
    _ok(station, "sync")
    national = [i["case_no"] for i in json.loads(_ok(station, "match", found, "--json"))["candidates"]]
    assert far.case_no in national and missing in national, national

    _ok(station, "match", "confirm", missing, found)
    # The owning station confirms the national pair this station rejects: a conflict, which
    # settles nothing nationally; here the pair stays rejected (off the list and the queue).
    sync_now(owner.session)
    assert len(review_queue(owner.session)) == 1
    review_candidate(owner.session, far.case_no, found, "confirm")
    assert sync_now(owner.session).refused == 0
    _ok(station, "match", "reject", far.case_no, found, "--reason", "DNA 不符，另案")
    _publish(station, found)
    _ok(station, "alert", "ack", far.case_no)
    _ok(station, "sync")
    numbers = [missing, found]
    before = _shown(station, numbers)
    assert before["alerts"][0]["acknowledged_by"] == ["admin"], before["alerts"]
    assert before[f"gallery {found}"] is not None
    assert "[confirmed]" in before[f"match text {found}"], before[f"match text {found}"]
    assert far.case_no not in before[f"match text {found}"]  # rejected: off the list
    assert before["queue"] == [], before["queue"]

    shutil.rmtree(station.data_dir)
    _init(station, "--phone", "0536-5221110")
    if way == "network":
        with usb.server.sessions() as s:
            token = str(in_transaction(s, lambda x: credentials.rotate_station(x, USB_STATION, 1)))
        _ok(station, "enroll", "--server", usb.server.url, "--token", token, "--rebuild")
    else:
        stick = tmp_path / "stick"
        stick.mkdir()
        passphrase, _said = _operator_package(usb, stick / "rebuild.xrp")
        _ok(
            station,
            "enroll",
            "--file",
            str(stick / "rebuild.xrp"),
            "--rebuild",
            XUNREN_ENROL_PASSPHRASE=passphrase,
        )
        _exchange(usb, station, stick, "first")

    after = _shown(station, numbers)
    for key_ in before:
        assert after[key_] == before[key_], (key_, after[key_], before[key_])
    if way == "network":
        r = station.run("sync")
        assert r.code == 0 and "已发送 0，被拒 0，" in r.out, (r.out, r.err)
    status = json.loads(_ok(station, "sync", "status", "--json"))
    assert status["waiting"] == 0 and not status["failed"], status
