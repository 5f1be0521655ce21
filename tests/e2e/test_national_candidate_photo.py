"""A national candidate's photo (issue 14): Guilin files the found boy with his photo, Shouguang
the missing boy; after national matching, Shouguang's pull brings Guilin's case as a summary with
the photo itself (re-encoded small by the server), kept in Shouguang's encrypted store and shown
with the candidate. Real server process, stations through the sync engine."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image

from app.core.validation import parse_case_file
from app.services import cases, national_cases, photos
from app.services.sync import sync_now
from tests.conftest import EXAMPLES
from tests.e2e.harness import ServerUnderTest, Station, enrol_directly, fresh_server_db, make_template

SHOUGUANG, GUILIN = "370783001", "450305001"


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (180, 120, 90)).save(out, "PNG")
    return out.getvalue()


def test_the_other_stations_photo_comes_with_the_candidate_and_stays_encrypted(tmp_path: Path) -> None:
    url, drop = fresh_server_db("sqlite", tmp_path)
    server = ServerUnderTest(url)
    template, key = make_template(tmp_path)
    shouguang = Station.from_template(template, key, tmp_path / "sg", SHOUGUANG)
    guilin = Station.from_template(template, key, tmp_path / "gl", GUILIN)
    try:
        for station in (shouguang, guilin):
            enrol_directly(server, station)
        (missing,) = cases.register_cases(
            shouguang.session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
        )
        (found,) = cases.register_cases(
            guilin.session, parse_case_file((EXAMPLES / "found_child.json").read_bytes())
        )
        photos.add_photos(guilin.session, found.case_no, 0, [photos.prepare_photo(_photo())])
        for station in (shouguang, guilin):
            assert sync_now(station.session).equal
        assert server.run_jobs() >= 1
        for station in (shouguang, guilin):
            assert sync_now(station.session).equal

        summary = national_cases.national_case(shouguang.session, found.case_no)
        assert summary is not None and summary.station.code == GUILIN
        jpeg = summary.photo_jpeg()
        assert jpeg.startswith(b"\xff\xd8")  # a JPEG, re-encoded by the server
        with Image.open(io.BytesIO(jpeg)) as shown:
            assert max(shown.size) <= 480 and shown.size[0] < shown.size[1]
        # Kept encrypted: neither the bytes nor their base64 text appear in the station's file.
        raw = shouguang.path.read_bytes()
        assert jpeg[:64] not in raw and base64.b64encode(jpeg)[:64] not in raw

        other_way = national_cases.national_case(guilin.session, missing.case_no)
        assert other_way is not None and other_way.photo_jpeg() == b""  # Shouguang filed no photo
    finally:
        shouguang.close()
        guilin.close()
        server.stop()
        drop()
