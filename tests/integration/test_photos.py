"""Photos: scaled, upright, stripped of metadata, stored once, read back; bad files refused."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.core.validation import parse_case
from app.services import photos
from app.services.audit import case_history
from app.services.cases import register_cases
from tests.conftest import EXAMPLES


def _picture(width: int, height: int, fmt: str = "JPEG", *, exif_rotate: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (10, 120, 200))
    buf = io.BytesIO()
    if exif_rotate:
        exif = Image.Exif()
        exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
        exif[0x8825] = {2: (36.0, 52.0, 0.0)}  # a GPS position that must not survive
        image.save(buf, fmt, exif=exif)
    else:
        image.save(buf, fmt)
    return buf.getvalue()


def _case(session: Any) -> str:
    case = parse_case(json.loads((EXAMPLES / "missing_child.json").read_text("utf-8")))
    return register_cases(session, [case])[0].case_no


def test_large_picture_is_scaled_to_1600_and_thumbnailed() -> None:
    p = photos.prepare_photo(_picture(4000, 3000))
    assert (p.width, p.height) == (1600, 1200)
    with Image.open(io.BytesIO(p.thumbnail)) as thumb:
        assert max(thumb.size) == photos.THUMB_SIDE and thumb.format == "JPEG"


def test_orientation_is_applied_and_metadata_stripped() -> None:
    p = photos.prepare_photo(_picture(400, 200, exif_rotate=True))
    assert (p.width, p.height) == (200, 400)
    with Image.open(io.BytesIO(p.data)) as img:
        assert not img.getexif()


def test_transparent_png_becomes_jpeg() -> None:
    buf = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buf, "PNG")
    assert photos.prepare_photo(buf.getvalue()).mime == "image/jpeg"


@pytest.mark.parametrize("raw", [b"", b"not a picture", b"%PDF-1.7\n"])
def test_not_a_picture_is_refused_in_words(raw: bytes) -> None:
    with pytest.raises(photos.PhotoError) as caught:
        photos.prepare_photo(raw)
    assert "图片" in caught.value.text("zh_CN") and "picture" in caught.value.text("en")


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(photos.PhotoError) as caught:
        photos.prepare_photo_file(tmp_path / "missing.jpg")
    assert caught.value.key == "photo_unreadable"


def test_photos_are_stored_once_listed_and_audited(session: Any, tmp_path: Path) -> None:
    case_no = _case(session)
    path = tmp_path / "child.jpg"
    path.write_bytes(_picture(800, 600))
    prepared = photos.prepare_photo_file(path)
    ids = photos.add_photos(session, case_no, 0, [prepared, prepared])
    assert len(ids) == 1
    assert photos.add_photos(session, case_no, 0, [prepared]) == []
    photos.add_photos(session, case_no, -1, [photos.prepare_photo(_picture(300, 300, "PNG"))])
    listed = photos.list_photos(session, case_no)
    assert [p.person_position for p in listed] == [-1, 0]
    assert photos.photo_data(session, ids[0]) == prepared.data
    assert photos.first_photo_of(session, case_no, 0) == prepared.data
    assert photos.first_photo_of(session, case_no, 1) is None
    assert [e.action for e in case_history(session, case_no)].count("photo.add") == 2


def test_photo_for_an_unknown_person_or_case_is_refused(session: Any) -> None:
    case_no = _case(session)
    p = photos.prepare_photo(_picture(100, 100))
    with pytest.raises(photos.PhotoError):
        photos.add_photos(session, case_no, 7, [p])
    with pytest.raises(photos.PhotoError):
        photos.add_photos(session, "370783001-2026-999999", 0, [p])
    assert photos.list_photos(session, case_no) == []


def test_photo_bytes_are_not_readable_on_disk(session: Any) -> None:
    case_no = _case(session)
    p = photos.prepare_photo(_picture(900, 700))
    photos.add_photos(session, case_no, 0, [p])
    session.close()
    for f in session.data_dir.iterdir():
        if f.is_file():
            assert p.data[:64] not in f.read_bytes()
