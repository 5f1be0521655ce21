"""Siblings found together on the 寻亲启事 and in `case show --json` (issue 18): a found case with
two found children prints one page per child, each with its own photo, words and gallery
reference; `case show --json` lists both children under ``gallery_children``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium

from app.core.gallery import reference_of
from tests.conftest import EXAMPLES, STATION_CODE, STATION_NAME, Station

PHONE = "0536-5221110"


def _siblings_case(tmp_path: Path) -> Path:
    doc = json.loads((EXAMPLES / "found_child.json").read_bytes())
    doc["persons"].append({"role": "witness", "name": "候车室保洁员赵阿姨", "sex": "F"})
    doc["persons"].append({"role": "found", "name": "红红", "name_is_self_reported": True, "sex": "F",
                           "estimated_age": [6, 8], "marks": "右膝盖有疤", "statement": "说家门口有条河"})  # fmt: skip
    path = tmp_path / "siblings.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def _picture(color: tuple[int, int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (600, 800), color).save(out, "JPEG")
    return out.getvalue()


def _pages(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return ["".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]


def _station(station: Station) -> Station:
    r = station.run("init", "--station-code", STATION_CODE, "--station-name", STATION_NAME, "--admin", "admin",
                    "--phone", PHONE)  # fmt: skip
    assert r.code == 0, r.err
    return station


def _with_photos_and_request(station: Station, case_no: str, persons: list[int], publish: bool) -> None:
    from app.services import gallery, photos
    from app.services.session import logon

    session = logon(station.data_dir, "admin", station.env["XUNREN_PASSWORD"])
    try:
        for n, person in enumerate(persons):
            colour = [(200, 30, 30), (30, 30, 200)][n % 2]
            photos.add_photos(session, case_no, person, [photos.prepare_photo(_picture(colour))])
        if publish:
            gallery.request_publication(session, case_no, "《未成年人保护法》第一百条；监护人无法查明")
    finally:
        session.close()


def test_two_found_children_print_two_pages_each_with_its_own_reference(
    station: Station, tmp_path: Path
) -> None:
    _station(station)
    r = station.run("case", "add", "--file", str(_siblings_case(tmp_path)))
    assert r.code == 0, r.err
    case_no = r.out.split()[0]
    boy, girl = reference_of(case_no), reference_of(case_no, 2)

    before = tmp_path / "before.pdf"  # nothing asked yet: two pages, no reference on either
    assert station.run("print", "poster", case_no, "-o", str(before)).code == 0
    pages = _pages(before.read_bytes())
    assert len(pages) == 2 and all("XR-" not in p and "全国寻亲库编号" not in p for p in pages)

    _with_photos_and_request(station, case_no, [0, 2], publish=True)
    for lang, title, says in (
        ("zh_CN", "寻亲启事", "自称“{}”"),
        ("en", "LOOKINGFORFAMILY", "Saysthenameis“{}”"),
    ):
        out = tmp_path / f"notice_{lang}.pdf"
        r = station.run("print", "poster", case_no, "-o", str(out), XUNREN_LANG=lang)
        assert r.code == 0, r.err
        first, second = _pages(out.read_bytes())
        assert title in first and title in second
        assert boy in first and girl not in first and says.format("明明") in first and "红红" not in first
        assert (
            girl in second
            and boy not in second
            and says.format("红红") in second
            and "说家门口有条河" in second
        )
        assert "6–8" in second and PHONE in first and PHONE in second
        for page in (first, second):  # the case number and marks stay at the station
            assert case_no not in page and "右膝盖有疤" not in page
        images = [pdfium.PdfDocument(out.read_bytes())[i].get_objects() for i in range(2)]
        assert all(any(o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for o in objs) for objs in images)

    r = station.run("case", "show", case_no, "--json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["gallery"]["reference"] == boy and doc["gallery"]["state"] == "awaiting"
    children = doc["gallery_children"]
    assert [(c["person"], c["gallery"]["reference"], c["gallery"]["state"]) for c in children] == [
        (0, boy, "awaiting"),
        (2, girl, "awaiting"),
    ]
    assert doc["gallery_children"][0]["gallery"] == doc["gallery"]


def test_one_found_child_prints_one_page_as_before(station: Station, tmp_path: Path) -> None:
    _station(station)
    r = station.run("case", "add", "--file", str(EXAMPLES / "found_child.json"))
    case_no = r.out.split()[0]
    _with_photos_and_request(station, case_no, [0], publish=True)
    out = tmp_path / "notice.pdf"
    assert station.run("print", "poster", case_no, "-o", str(out)).code == 0
    (page,) = _pages(out.read_bytes())
    assert reference_of(case_no) in page and "自称“明明”" in page
    doc = json.loads(station.run("case", "show", case_no, "--json").out)
    assert [(c["person"], c["gallery"]["reference"]) for c in doc["gallery_children"]] == [
        (0, reference_of(case_no))
    ]


def test_a_found_child_never_asked_for_is_listed_without_a_standing(station: Station, tmp_path: Path) -> None:
    _station(station)
    numbers = [station.run("case", "add", "--file", str(EXAMPLES / f"{n}.json")).out.split()[0]
               for n in ("found_child", "missing_child")]  # fmt: skip
    found = json.loads(station.run("case", "show", numbers[0], "--json").out)
    assert found["gallery"] is None and found["gallery_children"] == [{"person": 0, "gallery": None}]
    missing = json.loads(station.run("case", "show", numbers[1], "--json").out)
    assert missing["gallery_children"] == []


def test_a_withdrawn_sister_loses_her_reference_on_the_notice_and_her_brother_keeps_his(
    station: Station, tmp_path: Path
) -> None:
    from app.services import gallery
    from app.services.session import logon

    _station(station)
    case_no = station.run("case", "add", "--file", str(_siblings_case(tmp_path))).out.split()[0]
    _with_photos_and_request(station, case_no, [0, 2], publish=True)
    session = logon(station.data_dir, "admin", station.env["XUNREN_PASSWORD"])
    try:
        gallery.withdraw_publication(session, case_no, "姐姐的家属已联系本所", person=2)
    finally:
        session.close()
    out = tmp_path / "notice.pdf"
    assert station.run("print", "poster", case_no, "-o", str(out)).code == 0
    first, second = _pages(out.read_bytes())
    assert reference_of(case_no) in first and "XR-" not in second and "自称“红红”" in second
    doc = json.loads(station.run("case", "show", case_no, "--json", XUNREN_LANG="en").out)
    assert [(c["person"], c["gallery"]["state"]) for c in doc["gallery_children"]] == [
        (0, "awaiting"),
        (2, "withdrawn"),
    ]
    text = station.run("case", "show", case_no).out  # the words a user reads list both children
    assert reference_of(case_no) in text and reference_of(case_no, 2) in text
