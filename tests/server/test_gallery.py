"""The gallery of found children: requested by a station, approved by an operator, shown with
the published fields only, removed at once by a withdrawal, a reunion or a void."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import World, auth, case_no, change
from gallery_world import (
    PHONE,
    SECRET_WORDS,
    SISTER,
    SISTER_SECRETS,
    case_payload,
    found_document,
    photo_with_metadata,
    publication_change,
    publish,
    publish_siblings,
    request_payload,
    upload,
    withdrawal_payload,
)
from PIL import Image

from app.core.gallery import reference_of
from app.core.model import Sex
from app.sync import gallery_records
from server.services import gallery
from server.services.errors import Conflict
from server.services.gallery_public import PUBLIC_FIELDS

A, B = "450305001", "370783001"


def approve(world: World, ident: str) -> None:
    world.run(lambda s: gallery.approve(s, ident, "wang", "依法公开"))


def leaves(value: object) -> list[str]:
    """Every text and number inside a JSON value."""
    if isinstance(value, dict):
        return [x for v in value.values() for x in leaves(v)]
    if isinstance(value, list):
        return [x for v in value for x in leaves(v)]
    return [] if value is None or isinstance(value, bool) else [str(value)]


def test_nothing_is_public_before_an_operator_approves(world: World) -> None:
    cred = world.enroll(A)
    reference, _record = publish(world, cred, case_no(A, 1))
    assert world.client.get("/gallery.json").json()["total"] == 0
    assert world.client.get(f"/gallery/{reference}").status_code == 404
    assert world.client.get(f"/gallery/photos/{reference}.jpg").status_code == 404
    approve(world, reference)
    listing = world.client.get("/gallery.json").json()
    assert listing["total"] == 1 and listing["children"][0]["reference"] == reference
    assert world.client.get(f"/gallery/{reference}").status_code == 200


def _published(reference: str, sex: str = "M", age: list[int] | None = None) -> dict[str, object]:
    return {
        "reference": reference,
        "sex": sex,
        "age": age or [3, 5],
        "found_on": "2026-11-26",
        "found_in": {"code": "450305", "name": "广西壮族自治区桂林市七星区", "province": "450000"},
        "station_phone": PHONE,
        "photo": f"/gallery/photos/{reference}.jpg",
    }


@pytest.mark.parametrize("siblings", [False, True], ids=["one_child", "two_siblings"])
def test_page_and_json_carry_nothing_beyond_the_published_fields(world: World, siblings: bool) -> None:
    cred = world.enroll(A)
    number = case_no(A, 1)
    if siblings:  # a boy and his sister found together: each her or his own entry
        references, record = publish_siblings(world, cred, number)
        expected = [_published(references[1], "F", [6, 8]), _published(references[0])]
    else:
        reference, record = publish(world, cred, number)
        references, expected = [reference], [_published(reference)]
    for reference in references:
        approve(world, reference)
    listing = world.client.get("/gallery.json").json()
    children = listing["children"]
    assert [tuple(child) for child in children] == [PUBLIC_FIELDS] * len(references)
    assert set(listing) == {"total", "page", "per_page", "children"}
    assert children == expected  # newest approval first
    published = {v for child in children for v in leaves(child)}
    # Every value of the case's full record that is not itself a published value is absent from
    # the page, each child's page (both languages) and the JSON; so is the case number.
    # (Short numbers, such as alleles and heights, occur in any page's markup and are left out.)
    private = {v for v in leaves(record) if len(v) >= 4 and not (v.isdigit() and len(v) < 6)} - published
    private |= {number, *SECRET_WORDS, *(SISTER_SECRETS if siblings else ())}
    private -= {"found", "open", "approved", "witness"}  # words any page may hold
    assert len(private) > 20 and "左耳后黑痣，右手背旧烫伤" in private
    assert not siblings or {"右膝盖有疤", "候车室保洁员赵阿姨"} <= private
    pages = [
        world.client.get("/gallery").text,
        world.client.get("/gallery?lang=en").text,
        *(world.client.get(f"/gallery/{reference}").text for reference in references),
        *(world.client.get(f"/gallery/{reference}?lang=en").text for reference in references),
        json.dumps(listing, ensure_ascii=False),
    ]
    for reference in references:
        assert reference in pages[0] and reference in pages[1]
    for page in pages:
        leaked = sorted(v for v in private if v in page)
        assert not leaked, leaked
    assert "legal_basis" not in pages[-1] and "依法公开" not in "".join(pages)
    assert "person" not in pages[-1]  # the child's place in the case stays on the server


def test_siblings_are_withdrawn_one_by_one_or_removed_together(world: World) -> None:
    cred = world.enroll(A)
    number = case_no(A, 1)
    (boy, girl), record = publish_siblings(world, cred, number)
    assert boy != girl
    for reference in (boy, girl):
        approve(world, reference)
    photos = {r: world.client.get(f"/gallery/photos/{r}.jpg").content for r in (boy, girl)}
    assert photos[boy] != photos[girl]  # each child her or his own photo
    # The station withdraws the sister alone: the boy stays on the page.
    withdrawn = publication_change(number, withdrawal_payload(person=SISTER), base=1, person=SISTER)
    assert world.push(cred, [withdrawn]).json()["results"][0]["status"] == "applied"
    listing = world.client.get("/gallery.json").json()
    assert [c["reference"] for c in listing["children"]] == [boy]
    assert world.client.get(f"/gallery/{girl}").status_code == 404
    assert world.client.get(f"/gallery/photos/{girl}.jpg").status_code == 404
    assert world.client.get(f"/gallery/{boy}").status_code == 200
    # She is asked for again and approved; an operator then withdraws the boy alone.
    photo = upload(world, cred, photo_with_metadata((700, 900)))
    again = request_payload(number, photo, age=(6, 8), sex=Sex.FEMALE, person=SISTER)
    assert (
        world.push(cred, [publication_change(number, again, base=2, person=SISTER)]).json()["results"][0][
            "status"
        ]
        == "applied"
    )
    approve(world, girl)
    world.run(lambda s: gallery.withdraw(s, boy, "wang", "家属已联系"))
    assert [c["reference"] for c in world.client.get("/gallery.json").json()["children"]] == [girl]
    # A reunion of the case removes every child of it at once.
    assert (
        world.push(cred, [change(number, base=1, payload={**record, "status": "closed"})]).status_code == 200
    )
    assert world.client.get("/gallery.json").json()["total"] == 0
    told = _told(world, cred)  # the station learns each decision about each child
    assert {(d.reference, d.person) for d in told} == {(boy, None), (girl, SISTER)}
    assert [d.state for d in told if d.reference == girl][-1] == "removed"
    entries = world.run(lambda s: gallery.list_entries(s, states=("removed", "withdrawn")))
    assert sorted((e.reference, e.person, e.case_no) for e in entries) == sorted(
        [(boy, None, number), (girl, SISTER, number)]
    )


def test_a_sibling_record_must_name_its_own_reference(world: World) -> None:
    cred = world.enroll(A)
    number = case_no(A, 1)
    world.push(cred, [change(number, payload=case_payload(found_document(siblings=True)))])
    photo = upload(world, cred, photo_with_metadata())
    sister = request_payload(number, photo, person=SISTER)
    bad = [
        publication_change(number, request_payload(number, photo), person=SISTER),  # the boy's reference
        publication_change(number, sister),  # the sister under the boy's record
        publication_change(number, {**sister, "person": -1}, person=SISTER),
        publication_change(number, {**sister, "person": True}, person=SISTER),
    ]
    answer = world.push(cred, bad)
    assert [r["reason"] for r in answer.json()["results"]] == ["invalid"] * len(bad)
    assert world.run(lambda s: gallery.list_entries(s)) == []


def test_the_published_photo_is_resized_upright_and_without_metadata(world: World) -> None:
    cred = world.enroll(A)
    reference, _ = publish(world, cred, case_no(A, 1))
    approve(world, reference)
    answer = world.client.get(f"/gallery/photos/{reference}.jpg")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/jpeg"
    data = answer.content
    for leak in (b"SecretCam", b"leaky-software", b"back door", b"Exif", b"GPS", b"ICC_PROFILE"):
        assert leak not in data
    with Image.open(io.BytesIO(data)) as img:
        assert max(img.size) <= 480
        assert img.width > img.height  # the 1200×1600 source said "rotate 90°": turned upright
        assert not img.getexif() and "comment" not in img.info
    again = world.client.get(
        f"/gallery/photos/{reference}.jpg", headers={"If-None-Match": answer.headers["etag"]}
    )
    assert again.status_code == 304
    assert "no-cache" in answer.headers["cache-control"]


@pytest.mark.parametrize("how", ["station", "operator", "reunion", "void", "void_pending", "close_pending"])
def test_a_withdrawal_a_reunion_or_a_void_removes_the_child_at_once(world: World, how: str) -> None:
    cred = world.enroll(A)
    number = case_no(A, 1)
    reference, record = publish(world, cred, number)
    approve(world, reference)
    if how == "station":
        world.push(cred, [publication_change(number, withdrawal_payload(), base=1)])
    elif how == "operator":
        world.run(lambda s: gallery.withdraw(s, reference, "wang", "家属已找到"))
    else:
        status = {
            "reunion": "closed",
            "void": "voided",
            "void_pending": "void_pending",
            "close_pending": "close_pending",
        }[how]
        world.push(cred, [change(number, base=1, payload={**record, "status": status})])
    assert world.client.get("/gallery.json").json()["total"] == 0
    assert world.client.get(f"/gallery/{reference}").status_code == 404
    assert world.client.get(f"/gallery/photos/{reference}.jpg").status_code == 404
    tip = world.client.post(f"/gallery/{reference}/tips", data={"phone": "13800000000", "message": "我见过"})
    assert tip.status_code == 404
    actions = [d["action"] for d in world.run(lambda s: gallery.decisions(s, gallery.find(s, reference).id))]
    assert actions[:2] == ["requested", "approved"] and actions[2] in ("withdrawn", "removed")
    with pytest.raises(Conflict) as refused:
        approve(world, reference)
    assert refused.value.reason == "gallery_not_requested"
    told = _told(world, cred)  # the owning station learns each decision on its pull
    assert [d.state for d in told] == ["published", "removed" if actions[2] == "removed" else "withdrawn"]
    assert {(d.case_no, d.reference) for d in told} == {(number, reference)}
    assert told[0].by == "operator wang" and told[0].answers  # names the request it answers
    assert _told(world, world.enroll(B)) == []  # and no other station does


def _told(world: World, credential: str) -> list[gallery_records.NationalDecision]:
    items = world.client.get("/sync/pull?cursor=0&limit=1000", headers=auth(credential)).json()["items"]
    found = [
        gallery_records.NationalDecision.from_payload(i["record_id"], i["payload"])
        for i in items
        if i["kind"] == gallery_records.DECISION_KIND
    ]
    assert None not in found
    return [d for d in found if d is not None]


def test_decisions_are_recorded_with_who_and_why(world: World) -> None:
    cred = world.enroll(A)
    reference, _ = publish(world, cred, case_no(A, 1))
    approve(world, reference)
    world.run(lambda s: gallery.withdraw(s, reference, "wang", "照片有误"))
    log = world.run(lambda s: gallery.decisions(s, gallery.find(s, reference).id))
    assert [(d["action"], d["actor"], d["reason"]) for d in log] == [
        ("requested", f"station {A} / zhang", "《未成年人保护法》第一百条；监护人未知"),
        ("approved", "operator wang", "依法公开"),
        ("withdrawn", "operator wang", "照片有误"),
    ]


def test_changed_fields_go_back_to_the_operator(world: World) -> None:
    cred = world.enroll(A)
    number = case_no(A, 1)
    reference, _ = publish(world, cred, number)
    approve(world, reference)
    photo = upload(world, cred, photo_with_metadata((800, 600)))
    again = world.push(
        cred, [publication_change(number, request_payload(number, photo, phone="0773-0000000"), base=1)]
    )
    assert again.json()["results"][0]["status"] == "applied"
    assert world.client.get("/gallery.json").json()["total"] == 0
    approve(world, reference)
    assert world.client.get("/gallery.json").json()["children"][0]["station_phone"] == "0773-0000000"


def test_malformed_or_foreign_publication_records_are_refused(world: World) -> None:
    cred, other = world.enroll(A), world.enroll(B)
    number = case_no(A, 1)
    world.push(cred, [change(number, payload=case_payload(found_document()))])
    photo = upload(world, cred, photo_with_metadata())
    good = request_payload(number, photo)
    bad_payloads = [
        {**good, "child": {**good["child"], "name": "王小明"}},  # a field never published
        {**good, "child": {**good["child"], "reference": reference_of(case_no(A, 2))}},
        {**good, "child": {**good["child"], "county_code": "999999"}},
        {**good, "child": {**good["child"], "station_phone": "<script>alert(1)</script>"}},
        {**good, "child": {**good["child"], "age": [9, 3]}},
        {**good, "legal_basis": ""},
        {**good, "state": "published"},
        {**good, "legal_basis": "x" * 501},
    ]
    answer = world.push(cred, [publication_change(number, p) for p in bad_payloads])
    assert [r["reason"] for r in answer.json()["results"]] == ["invalid"] * len(bad_payloads)
    foreign = world.push(other, [publication_change(number, good)])
    assert foreign.json()["results"][0]["reason"] == "not_owner"
    assert world.run(lambda s: gallery.list_entries(s)) == []


def test_filters_and_paging(world: World) -> None:
    cred = world.enroll(A)
    for n in range(1, 31):
        number = case_no(A, n)
        world.push(cred, [change(number, payload=case_payload(found_document(n)))])
        photo = upload(world, cred, photo_with_metadata((40 + n, 50)))
        sex = "F" if n % 3 == 0 else "M"
        from app.core.model import Sex

        county = "370783" if n % 2 else "450305"
        payload = request_payload(number, photo, age=(n % 10, n % 10 + 2), sex=Sex(sex), county=county)
        world.push(cred, [publication_change(number, payload)])
        approve(world, reference_of(number))
    everyone = world.client.get("/gallery.json").json()
    assert everyone["total"] == 30 and len(everyone["children"]) == 24
    second = world.client.get("/gallery.json?page=2").json()
    assert len(second["children"]) == 6
    assert not {c["reference"] for c in everyone["children"]} & {c["reference"] for c in second["children"]}
    girls = world.client.get("/gallery.json?sex=F").json()
    assert girls["total"] == 10 and {c["sex"] for c in girls["children"]} == {"F"}
    shandong = world.client.get("/gallery.json?province=370000").json()
    assert shandong["total"] == 15 and {c["found_in"]["province"] for c in shandong["children"]} == {"370000"}
    ages = world.client.get("/gallery.json?age_from=11&age_to=11").json()["children"]
    assert ages and all(c["age"][0] <= 11 <= c["age"][1] for c in ages)
    nonsense = world.client.get("/gallery.json?page=-3&sex=<b>&age_from=abc&province=99").json()
    assert nonsense["total"] == 30 and nonsense["page"] == 1
    page = world.client.get("/gallery?province=370000&sex=M")
    assert page.status_code == 200 and "第 1 / 1 页" not in page.text
    assert re.search(r'<option value="370000" selected>', page.text)


def test_a_revoked_stations_children_are_hidden(world: World) -> None:
    cred = world.enroll(A)
    reference, _ = publish(world, cred, case_no(A, 1))
    approve(world, reference)
    world.revoke(A)
    assert world.client.get("/gallery.json").json()["total"] == 0
    assert world.client.get(f"/gallery/{reference}").status_code == 404
