"""The rebuild endpoints (issue 14): a station's own records in record id order and in pages of
at most the limit, nothing of another station, the witnessed head, pull position and numbers
beside them, and the bytes of its own complete photos (never another station's)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import World, auth, case_no, change

from app.sync import protocol
from app.sync.protocol.rebuild import MAX_REBUILD_LIMIT, RebuildPage
from server.services.meta import in_transaction

A, B = "370786001", "450300002"


def _pages(world: World, cred: str, limit: int) -> list[RebuildPage]:
    pages, after = [], ""
    while True:
        answer = world.client.get(
            "/sync/rebuild", params={"after": after, "limit": limit}, headers=auth(cred)
        )
        assert answer.status_code == 200, answer.text
        page = RebuildPage.read(answer.json())
        assert len(page.records) <= limit
        pages.append(page)
        if not page.has_more:
            return pages
        after = page.next_after


def test_a_station_pages_through_its_own_records(world: World) -> None:
    cred, other = world.enroll(A), world.enroll(B)
    mine = [case_no(A, n) for n in range(1, 6)]
    children = [protocol.child_id(mine[0], "custody") for _ in range(3)]
    r = world.push(cred, [change(n) for n in mine] + [change(c, payload={"sample_no": f"{A}-2026-D000001",
                  "at": "2026-11-20T02:00:00Z", "from": "民警", "to": "实验室"}) for c in children])  # fmt: skip
    assert r.status_code == 200 and all(x["status"] == "applied" for x in r.json()["results"]), r.text
    assert world.push(cred, [change(mine[1], base=1)]).status_code == 200  # revision 2
    assert world.push(other, [change(case_no(B, 1))]).status_code == 200
    pages = _pages(world, cred, limit=3)
    held = [h for p in pages for h in p.records]
    ids = [h.record_id for h in held]
    assert ids == sorted(mine + children) and len(pages) == 3
    assert ids.index(mine[0]) < ids.index(children[0])  # a case before its children
    assert {h.record_id: h.revision for h in held}[mine[1]] == 2
    last = pages[-1]
    assert last.station == A and last.total == 8 and last.numbers[("case", 2026)] == 5
    assert (
        world.client.get(
            "/sync/rebuild", params={"limit": MAX_REBUILD_LIMIT + 1}, headers=auth(cred)
        ).status_code
        == 422
    )
    assert world.client.get("/sync/rebuild").status_code == 401


def test_a_station_takes_back_its_own_photo_bytes_only(world: World) -> None:
    cred, other = world.enroll(A), world.enroll(B)
    photo = os.urandom(protocol.MAX_CHUNK_BYTES + 5)
    whole = hashlib.sha256(photo).hexdigest()
    parts = [photo[: protocol.MAX_CHUNK_BYTES], photo[protocol.MAX_CHUNK_BYTES :]]
    url = f"/attachments/{whole}/chunks"
    assert world.client.get(f"{url}/0", headers=auth(cred)).status_code == 404
    for i, part in enumerate(parts):
        headers = {**auth(cred), "X-Chunk-SHA256": protocol.chunk_sha256(part)}
        assert world.client.put(f"{url}/{i}", content=part, headers=headers).status_code == 200
    assert world.client.get(f"{url}/0", headers=auth(cred)).status_code == 404  # not complete yet
    done = world.client.post(f"/attachments/{whole}/complete", json={"chunks": 2}, headers=auth(cred))
    assert done.status_code == 200
    back = b"".join(world.client.get(f"{url}/{i}", headers=auth(cred)).content for i in range(2))
    assert back == photo
    assert world.client.get(f"{url}/0", headers=auth(other)).status_code == 404


def test_the_rebuild_package_holds_the_pages_and_the_photo_bytes(world: World, tmp_path: Path) -> None:
    """`station rotate --package --rebuild`'s services: the package holds the offline enrolment
    package for the fresh token, the same pages as `/sync/rebuild` and the station's photo bytes
    (two chunks), nothing of another station."""
    from app.sync.enrolment_package import open_package
    from app.sync.rebuild_package import PackageReader
    from server.services import bundles, credentials, enrol_packages, rebuild_packages

    cred, other = world.enroll(A), world.enroll(B)
    mine = [case_no(A, n) for n in range(1, 4)]
    photo = os.urandom(protocol.MAX_CHUNK_BYTES + 5)
    sha = hashlib.sha256(photo).hexdigest()
    payload = {"sha256": sha, "mime": "image/png", "width": 3, "height": 4, "size": len(photo), "person": 0,
               "created_at": "2026-12-06T01:00:00Z"}  # fmt: skip
    changes = [change(n) for n in mine] + [change(protocol.child_id(mine[0], "photo"), payload=payload)]
    assert world.push(cred, changes).status_code == 200
    assert world.push(other, [change(case_no(B, 1))]).status_code == 200
    for i, part in enumerate((photo[: protocol.MAX_CHUNK_BYTES], photo[protocol.MAX_CHUNK_BYTES :])):
        headers = {**auth(cred), "X-Chunk-SHA256": protocol.chunk_sha256(part)}
        assert (
            world.client.put(f"/attachments/{sha}/chunks/{i}", content=part, headers=headers).status_code
            == 200
        )
    assert (
        world.client.post(f"/attachments/{sha}/complete", json={"chunks": 2}, headers=auth(cred)).status_code
        == 200
    )
    served = [h for p in _pages(world, cred, limit=2) for h in p.records]
    keys = bundles.server_keys(tmp_path / "keys.json")

    def rotate(s: Any) -> dict[str, Any]:
        token = credentials.rotate_station(s, A, 7)
        return enrol_packages.package_body(s, A, token, keys, "")

    body = world.run(rotate)
    path = tmp_path / "rebuild.xrp"
    with world.sessions() as s:
        written = rebuild_packages.write_package(path, body, lambda work: in_transaction(s, work), page=2)
    assert (written.records, written.photos, written.pages) == (4, 1, 2)
    with PackageReader(path, written.passphrase) as package:
        assert open_package(package.enrolment, written.passphrase)["token"] == body["token"]
        held = [h for raw in package.pages() for h in RebuildPage.read(raw).records]
        assert held == served and all(h.record_id.startswith(A) for h in held)
        assert package.photo(sha) == photo


def test_writing_a_rebuild_package_is_a_station_event(
    world: World, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The package holds the station's whole register: the operator's `station rotate CODE
    --package FILE --rebuild` leaves an event (`station events`, text and JSON, and the console)
    saying what went in and where; a plain enrolment package holds no records and leaves none."""
    from server.cli import main
    from server.services import console

    cred = world.enroll(A)
    assert world.push(cred, [change(case_no(A, n)) for n in (1, 2)]).status_code == 200
    keys = str(tmp_path / "keys.json")
    plain = tmp_path / "plain.xep"
    assert main(["station", "rotate", A, "--package", str(plain), "--keys", keys, "--db", db_url]) == 0
    package = tmp_path / "rebuild.xrp"
    assert (
        main(["station", "rotate", A, "--package", str(package), "--rebuild", "--keys", keys, "--db", db_url])
        == 0
    )
    capsys.readouterr()

    assert main(["station", "events", "--station", A, "--json", "--db", db_url]) == 0
    events = json.loads(capsys.readouterr().out)
    written = [e for e in events if e["kind"] == "rebuild_package_written"]
    assert len(written) == 1 and not written[0]["alert"], events
    assert written[0]["detail"] == {"records": 2, "photos": 0, "file": str(package)}
    assert events[0] == written[0]  # newest first: written after the rotation it follows
    assert main(["station", "events", "--station", A, "--db", db_url]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert f"{A}" in line and "rebuild_package_written" in line and "records=2" in line, line
    with world.sessions() as s:
        shown = console.overview(s).events
    assert any(e["kind"] == "rebuild_package_written" and e["station"] == A for e in shown), shown
