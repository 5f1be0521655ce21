"""The gallery end to end (issue 18): a real station asks to publish a found child, the photo and
the request travel with sync to a real server process, an operator approves, the child is on the
public page; a tip written there reaches the station on its next pull as work to follow up; a
void at the station removes the child at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx
import pytest

from app.cli.render_gallery import describe_gallery
from app.core.model import StationInfo
from app.core.validation import parse_case_file
from app.services import cases, gallery, photos
from app.services.enrolment import enroll
from app.services.errors import ServiceError
from app.services.sync import sync_now
from app.storage.audit import verify
from server.services import gallery as server_gallery
from server.services.meta import in_transaction
from tests.conftest import EXAMPLES
from tests.e2e.conftest import World
from tests.e2e.harness import Station

PHONE = "0773-2825110"
EXAMPLE = EXAMPLES / "found_child.json"


def photo_with_metadata(size: tuple[int, int]) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(out, "JPEG")
    return out.getvalue()


def _station(world: World, tmp_path: Path) -> Station:
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / "st", code)
    station.session = dataclasses.replace(
        station.session, station=StationInfo(code, f"测试派出所 {code}", PHONE)
    )
    enroll(station.session, world.server.url, token)
    return station


def _actions(station: Station) -> list[str]:
    with station.session.store.reader() as conn:
        return [r[0] for r in conn.exec_driver_sql("SELECT action FROM audit_log ORDER BY seq")]


def test_publish_tip_follow_up_and_void(world: World, tmp_path: Path) -> None:
    station = _station(world, tmp_path)
    s = station.session
    try:
        (reg,) = cases.register_cases(s, parse_case_file(EXAMPLE.read_bytes()))
        with pytest.raises(ServiceError) as no_photo:
            gallery.request_publication(s, reg.case_no, "《未成年人保护法》")
        assert no_photo.value.key == "gallery_no_photo"
        photos.add_photos(s, reg.case_no, 0, [photos.prepare_photo(photo_with_metadata((600, 800)))])
        seen = gallery.preview(s, reg.case_no)
        assert seen.child.county_code == "450305" and seen.child.station_phone == PHONE
        asked = gallery.request_publication(s, reg.case_no, "《未成年人保护法》第一百条；监护人未知")
        assert asked.state == "requested" and asked.reference == seen.child.reference
        assert sync_now(s).equal
        with world.server.sessions() as db:
            in_transaction(db, lambda x: server_gallery.approve(x, asked.reference, "wang"))
        public = httpx.get(f"{world.server.url}/gallery.json").json()
        assert [c["reference"] for c in public["children"]] == [asked.reference]
        assert httpx.get(f"{world.server.url}/gallery/photos/{asked.reference}.jpg").status_code == 200

        sent = httpx.post(f"{world.server.url}/gallery/{asked.reference}/tips",
                          data={"name": "刘女士", "phone": "13800000000", "message": "像我表姐家丢的孩子"})  # fmt: skip
        assert sent.status_code == 303
        assert gallery.open_tip_count(s) == 0
        assert sync_now(s).equal
        assert gallery.open_tip_count(s) == 1
        (tip,) = gallery.list_tips(s)
        assert (tip.case_no, tip.name, tip.phone, tip.message) == (
            reg.case_no,
            "刘女士",
            "13800000000",
            "像我表姐家丢的孩子",
        )
        gallery.follow_up_tip(s, tip.record_id, "已电话联系，约其明日来所采血")
        assert (
            gallery.open_tip_count(s) == 0 and gallery.list_tips(s, open_only=False)[0].followed_by == "admin"
        )
        assert sync_now(s).equal  # pulling again does not bring the tip back
        assert gallery.open_tip_count(s) == 0
        assert gallery.find_by_reference(s, asked.reference.lower().replace("-", " ")).case_no == reg.case_no

        cases.void_case(s, reg.case_no, "重复登记")
        assert sync_now(s).equal
        assert httpx.get(f"{world.server.url}/gallery.json").json()["total"] == 0
        actions = _actions(station)
        for action in ("gallery.request", "tip.received", "tip.view", "tip.followed_up"):
            assert action in actions, action
        with station.session.store.reader() as conn:
            assert verify(conn)[1] is None  # the chain holds after every step
    finally:
        station.close()


def test_a_withdrawal_from_the_station_takes_the_child_off(world: World, tmp_path: Path) -> None:
    station = _station(world, tmp_path)
    s = station.session
    try:
        (reg,) = cases.register_cases(s, parse_case_file(EXAMPLE.read_bytes()))
        photos.add_photos(s, reg.case_no, 0, [photos.prepare_photo(photo_with_metadata((600, 800)))])
        asked = gallery.request_publication(s, reg.case_no, "监护人无法查明")
        assert sync_now(s).equal
        with world.server.sessions() as db:
            in_transaction(db, lambda x: server_gallery.approve(x, asked.reference, "wang"))
        assert httpx.get(f"{world.server.url}/gallery.json").json()["total"] == 1
        done = gallery.withdraw_publication(s, reg.case_no, "家属已联系本所")
        assert done.state == "withdrawn"
        assert sync_now(s).equal
        assert httpx.get(f"{world.server.url}/gallery.json").json()["total"] == 0
        with pytest.raises(ServiceError):
            gallery.withdraw_publication(s, reg.case_no, "again")
        officer = dataclasses.replace(s, role=type(s.role)("officer"))
        with pytest.raises(ServiceError) as refused:
            gallery.request_publication(officer, reg.case_no, "监护人无法查明")
        assert refused.value.key == "forbidden"
    finally:
        station.close()


def _siblings_case() -> bytes:
    import json

    doc = json.loads(EXAMPLE.read_bytes())
    doc["persons"].append({"role": "witness", "name": "候车室保洁员赵阿姨", "sex": "F"})
    doc["persons"].append({"role": "found", "name": "红红", "sex": "F", "estimated_age": [6, 8],
                           "marks": "右膝盖有疤", "statement": "说家门口有条河"})  # fmt: skip
    return json.dumps(doc, ensure_ascii=False).encode()


def test_siblings_found_together_are_published_and_withdrawn_each_on_their_own(
    world: World, tmp_path: Path
) -> None:
    station = _station(world, tmp_path)
    s = station.session
    url = world.server.url
    try:
        (reg,) = cases.register_cases(s, parse_case_file(_siblings_case()))
        photos.add_photos(s, reg.case_no, 0, [photos.prepare_photo(photo_with_metadata((600, 800)))])
        with pytest.raises(ServiceError) as no_photo:  # the sister has no photo yet: nothing is asked
            gallery.request_publication(s, reg.case_no, "监护人无法查明")
        assert no_photo.value.key == "gallery_no_photo" and gallery.publications_of(s, reg.case_no) == []
        photos.add_photos(s, reg.case_no, 2, [photos.prepare_photo(photo_with_metadata((500, 900)))])
        seen = gallery.previews(s, reg.case_no)
        assert [(p.index, p.person, p.child.sex.value, p.child.age_min) for p in seen] == [
            (0, None, "M", 3),
            (2, 2, "F", 6),
        ]
        boy, girl = (p.child.reference for p in seen)
        gallery.request_publication(s, reg.case_no, "《未成年人保护法》第一百条；监护人未知")
        assert [(p.reference, p.person, p.state) for p in gallery.publications_of(s, reg.case_no)] == [
            (boy, None, "requested"),
            (girl, 2, "requested"),
        ]
        assert sync_now(s).equal
        with world.server.sessions() as db:
            for reference in (boy, girl):
                in_transaction(db, lambda x, r=reference: server_gallery.approve(x, r, "wang"))
        public = httpx.get(f"{url}/gallery.json").json()
        assert sorted(c["reference"] for c in public["children"]) == sorted([boy, girl])
        assert {c["reference"]: c["sex"] for c in public["children"]} == {boy: "M", girl: "F"}
        page = httpx.get(f"{url}/gallery").text
        assert boy in page and girl in page and "红红" not in page and "右膝盖有疤" not in page
        for reference in (boy, girl):
            assert httpx.get(f"{url}/gallery/photos/{reference}.jpg").status_code == 200
        assert sync_now(s).equal  # the station learns both decisions
        assert [gallery.standing(s, reg.case_no, key).state for key in (None, 2)] == [
            "published",
            "published",
        ]

        gallery.withdraw_publication(s, reg.case_no, "姐姐的家属已联系本所", person=2)
        assert sync_now(s).equal
        public = httpx.get(f"{url}/gallery.json").json()
        assert [c["reference"] for c in public["children"]] == [boy]
        assert httpx.get(f"{url}/gallery/{girl}").status_code == 404
        assert sync_now(s).equal
        assert [gallery.standing(s, reg.case_no, key).state for key in (None, 2)] == [
            "published",
            "withdrawn",
        ]
        children = gallery.standings(s, reg.case_no)  # what `case show` and the case detail list
        assert [(g.reference, g.state) for g in children] == [(boy, "published"), (girl, "withdrawn")]
        lines = [describe_gallery(g.to_json(), "zh_CN") for g in children]
        assert boy in lines[0] and "已在全国寻亲展示中公开" in lines[0]
        assert girl in lines[1] and "已撤下" in lines[1] and "姐姐的家属已联系本所" in lines[1]
        with pytest.raises(ServiceError):
            gallery.withdraw_publication(s, reg.case_no, "again", person=2)
        gallery.withdraw_publication(s, reg.case_no, "家属已联系本所")  # every child still asked for
        assert sync_now(s).equal
        assert httpx.get(f"{url}/gallery.json").json()["total"] == 0
        assert (
            _actions(station).count("gallery.request") == 2
            and _actions(station).count("gallery.withdraw") == 2
        )
    finally:
        station.close()


GUILIN_PHONE = "0773-5551234"


def test_a_published_child_follows_its_case_to_another_station(world: World, tmp_path: Path) -> None:
    """Issue 14 with the gallery: A publishes a found child, an operator approves, A hands the
    case to B. B's register shows the child published (its standing, as `case show` prints it)
    and B can withdraw it; the public's tip before the hand-over reaches B too, the one after it
    B only, never A; the public page names A's phone until B's push of the case names B's."""
    from app.services.case_edit import edit_case
    from app.storage.station_repository import update_station
    from tests.e2e.harness import hand_over

    shouguang = _station(world, tmp_path / "a")
    guilin = _station(world, tmp_path / "b")
    a, b = shouguang.session, guilin.session
    url = world.server.url

    def public() -> dict[str, str]:
        children = httpx.get(f"{url}/gallery.json").json()["children"]
        return {c["reference"]: c["station_phone"] for c in children}

    try:
        with b.store.unit_of_work() as uow:  # Guilin's phone, as its admin enters it
            update_station(uow.conn, phone=GUILIN_PHONE)
            uow.commit()
        (reg,) = cases.register_cases(a, parse_case_file(EXAMPLE.read_bytes()))
        case_no = reg.case_no
        photos.add_photos(a, case_no, 0, [photos.prepare_photo(photo_with_metadata((600, 800)))])
        asked = gallery.request_publication(a, case_no, "《未成年人保护法》第一百条；监护人未知")
        assert sync_now(a).equal
        with world.server.sessions() as db:
            in_transaction(db, lambda x: server_gallery.approve(x, asked.reference, "wang"))
        assert sync_now(a).equal and gallery.standing(a, case_no).state == "published"
        early = httpx.post(f"{url}/gallery/{asked.reference}/tips",
                           data={"phone": "13900000000", "message": "在寿光车站见过"})  # fmt: skip
        assert early.status_code == 303 and sync_now(a).equal and gallery.open_tip_count(a) == 1

        hand_over(shouguang, guilin, case_no, "被发现人户籍在桂林")
        assert sync_now(b).equal
        held = gallery.publication_of(b, case_no)
        assert held is not None and (held.reference, held.state) == (asked.reference, "requested")
        standing = gallery.standing(b, case_no)
        assert standing is not None and (standing.state, standing.by_kind, standing.by_name) == (
            "published",
            "operator",
            "wang",
        )
        assert [g.reference for g in gallery.standings(b, case_no)] == [asked.reference]
        shown = describe_gallery(standing.to_json(), "zh_CN")  # `case show`'s line at B
        assert asked.reference in shown and "已在全国寻亲展示中公开" in shown
        assert public()[asked.reference] == PHONE  # the server knows no phone of Guilin's yet

        sent = httpx.post(f"{url}/gallery/{asked.reference}/tips",
                          data={"name": "刘女士", "phone": "13800000000", "message": "在桂林见过这个孩子"})  # fmt: skip
        assert sent.status_code == 303
        assert sync_now(b).equal and sync_now(a).equal
        # Shouguang handed the case over: Guilin follows the early tip up now, not Shouguang.
        assert gallery.open_tip_count(a) == 0 and gallery.list_tips(a) == []
        (kept,) = gallery.list_tips(a, open_only=False)  # only the one it was given before
        assert kept.message == "在寿光车站见过" and kept.followed_at is None
        assert kept.held_by is not None and kept.held_by[0] == guilin.code
        with pytest.raises(gallery.GalleryError) as refused:
            gallery.follow_up_tip(a, kept.record_id, "已电话联系")
        assert refused.value.key == "tip_held_elsewhere"
        zh, en = refused.value.text("zh_CN"), refused.value.text("en")
        assert guilin.code in zh and "已移交" in zh and "跟进" in zh
        assert guilin.code in en and "handed over" in en
        assert not any("a" <= ch.lower() <= "z" for ch in zh)  # no English inside the Chinese
        given = [(t.case_no, t.reference, t.message) for t in gallery.list_tips(b)]  # newest first
        assert given == [
            (case_no, asked.reference, "在桂林见过这个孩子"),
            (case_no, asked.reference, "在寿光车站见过"),
        ]

        edit_case(b, case_no, {"persons": [{"clothing": "蓝色外套"}]}, "补充衣着")
        assert sync_now(b).equal
        assert public()[asked.reference] == GUILIN_PHONE  # the holder's own number

        with pytest.raises(ServiceError):  # Shouguang keeps a read-only copy
            gallery.withdraw_publication(a, case_no, "家属已联系")
        done = gallery.withdraw_publication(b, case_no, "家属已联系桂林所")
        assert done.state == "withdrawn"
        assert sync_now(b).equal
        assert asked.reference not in public()
        assert httpx.get(f"{url}/gallery/{asked.reference}").status_code == 404
        assert sync_now(b).equal
        after = gallery.standing(b, case_no)
        assert after is not None and (after.state, after.by_kind) == ("withdrawn", "station")
        assert "gallery.withdraw" in _actions(guilin)
        assert "tip.followed_up" not in _actions(shouguang)

        # Guilin hands the case back: Shouguang holds it again, its tips are work here again.
        hand_over(guilin, shouguang, case_no, "被发现人家属已回寿光")
        assert sync_now(a).equal and sync_now(b).equal
        assert gallery.open_tip_count(b) == 0 and gallery.list_tips(b) == []
        back = gallery.list_tips(a)
        assert "在寿光车站见过" in [t.message for t in back] and all(t.held_by is None for t in back)
        assert gallery.open_tip_count(a) == len(back) >= 1
        gallery.follow_up_tip(a, kept.record_id, "已电话联系，约其来所")
    finally:
        shouguang.close()
        guilin.close()
