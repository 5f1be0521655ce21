"""The public pages as a family's browser meets them: the receipt check page, the tip form, the
security headers, and hostile input (script tags, huge or malformed bodies, invalid UTF-8)."""

from __future__ import annotations

import json

import pytest
from conftest import World, auth, case_no, case_payload, change, make_app_world, mid_minute
from gallery_world import publish

from app.core.verification import code_hash, group, new_code
from app.sync import tip_records
from server.services import gallery
from server.storage.public_tables import TipReceived
from server.storage.tables import JournalEntry

A = "450305001"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def published(world: World) -> tuple[str, str]:
    cred = world.enroll(A)
    reference, _ = publish(world, cred, case_no(A, 1))
    world.run(lambda s: gallery.approve(s, reference, "wang"))
    return cred, reference


def test_every_page_is_served_with_a_strict_policy(world: World) -> None:
    _cred, reference = published(world)
    for path in (
        "/check",
        "/gallery",
        f"/gallery/{reference}",
        "/console",
        "/gallery?lang=en",
        "/nope-static",
    ):
        answer = world.client.get(path if path != "/nope-static" else "/static/nope.css")
        csp = answer.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["x-content-type-options"] == "nosniff"
        if answer.status_code == 200:
            assert answer.headers["content-type"].startswith("text/html")
            html = answer.text
            assert '<html lang="zh-CN">' in html or '<html lang="en">' in html
            # no third-party asset, no inline script or style
            assert "<script>" not in html and "style=" not in html and "<style" not in html
            assert "//" not in "".join(
                line for line in html.splitlines() if "src=" in line or "href=" in line
            )


def test_receipt_check_page_answers_like_verify(world: World) -> None:
    cred = world.enroll(A)
    code = new_code()
    payload = case_payload("missing", status="closed", verification_hash=code_hash(code))
    world.push(cred, [change(case_no(A, 1), payload=payload)])
    form = world.client.get("/check")
    assert form.status_code == 200 and 'name="code"' in form.text and 'for="code"' in form.text
    known = world.client.post("/check", data={"code": group(code).lower()})
    assert known.status_code == 200 and "案件已办结" in known.text
    english = world.client.post("/check?lang=en", data={"code": code})
    assert "The case is closed." in english.text and '<html lang="en">' in english.text
    unknown = world.client.post("/check", data={"code": new_code()})
    malformed = world.client.post("/check", data={"code": "0OIL-<script>alert(1)</script>"})
    overlong = world.client.post("/check", data={"code": code + "A" * 60})
    assert unknown.status_code == malformed.status_code == overlong.status_code == 200
    assert unknown.text == malformed.text == overlong.text  # the same page, not echoing the input
    assert "<script>alert" not in malformed.text
    assert code not in known.text  # the code is never written back into a page


def test_check_page_counts_against_the_verify_limit(db_url: str) -> None:
    world = make_app_world(db_url, verify_per_minute=4, minute_clock=mid_minute)
    world.client.get("/verify/" + new_code())
    world.client.get("/verify/" + new_code())
    assert world.client.post("/check", data={"code": new_code()}).status_code == 200
    assert world.client.post("/check", data={"code": "x" * 5000}).status_code == 400  # counted, then refused
    limited = world.client.post("/check", data={"code": new_code()})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert "请求过于频繁" in limited.text
    assert world.client.get("/verify/" + new_code()).status_code == 429  # one limiter for both
    world.client.app.state.engine.dispose()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "body, kind",
    [
        (b"code=%FF%FE", FORM),  # percent-encoded bytes that are not UTF-8
        (b"code=\xff\xfe\xfd", FORM),  # raw bytes that are not UTF-8
        (b"code=" + b"A" * 100_000, FORM),  # huge
        (b'{"code": "ABCD"}', {"Content-Type": "application/json"}),  # another type
        (b"&&&==&%%%=", FORM),
    ],
)
def test_malformed_check_forms_get_a_plain_refusal(world: World, body: bytes, kind: dict[str, str]) -> None:
    answer = world.client.post("/check", content=body, headers=kind)
    assert answer.status_code in (200, 400)
    assert answer.headers["content-type"].startswith("text/html")
    assert "Traceback" not in answer.text and "\ufffd" not in answer.text


def test_a_tip_reaches_the_owning_station_on_its_next_pull(world: World) -> None:
    cred, reference = published(world)
    other = world.enroll("370783001")
    hostile = "<script>alert('x')</script> 我在桂林北站见过他 \u202e"
    answer = world.client.post(
        f"/gallery/{reference}/tips",
        data={"name": "<b>刘</b>", "phone": "138 0000 0000", "message": hostile},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"].endswith("sent=1")
    thanks = world.client.get(answer.headers["location"])
    assert "您的留言已送达" in thanks.text
    items = world.client.get("/sync/pull", headers=auth(cred)).json()["items"]
    (tip,) = [i for i in items if i["kind"] == "tip"]
    delivered = tip_records.TipDelivery.from_payload(tip["record_id"], tip["payload"])
    assert delivered is not None and delivered.case_no == case_no(A, 1) and delivered.reference == reference
    assert delivered.message == "<script>alert('x')</script> 我在桂林北站见过他"  # control characters dropped
    assert delivered.name == "<b>刘</b>" and delivered.phone == "138 0000 0000"
    assert not [
        i for i in world.client.get("/sync/pull", headers=auth(other)).json()["items"] if i["kind"] == "tip"
    ]
    page = world.client.get(f"/gallery/{reference}").text
    assert "<script>alert" not in page and "<b>刘</b>" not in page
    assert world.run(lambda s: s.query(TipReceived).count()) == 1


def test_tips_are_checked_limited_and_never_half_stored(world: World) -> None:
    _cred, reference = published(world)
    url = f"/gallery/{reference}/tips"
    empty = world.client.post(url, data={"phone": "13800000000", "message": "  "})
    assert empty.status_code == 422 and "请填写您知道的情况" in empty.text
    bad_phone = world.client.post(url + "?lang=en", data={"phone": "<script>", "message": "hi"})
    assert bad_phone.status_code == 422 and "valid phone number" in bad_phone.text
    assert 'aria-invalid="true"' in bad_phone.text and "&lt;script&gt;" in bad_phone.text
    long = world.client.post(url, data={"phone": "13800000000", "message": "字" * 2001})
    assert long.status_code == 422 and "最多 2000 字" in long.text
    huge = world.client.post(url, content=b"message=" + b"A" * 30_000, headers=FORM)
    assert huge.status_code == 400 and "表单无法读取" in huge.text
    not_utf8 = world.client.post(url, content=b"phone=1380000&message=%C3%28", headers=FORM)
    assert not_utf8.status_code == 400
    assert world.run(lambda s: s.query(JournalEntry).filter(JournalEntry.kind == "tip").count()) == 0
    limited = world.client.post(url, data={"phone": "13800000000", "message": "第六次"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    unknown = world.client.post("/gallery/XR-22222-22222/tips", data={"phone": "13800000000", "message": "x"})
    assert unknown.status_code == 404


def test_json_of_hostile_published_values_stays_data(world: World) -> None:
    # The station's phone is the one free text a station publishes: only digits and + ( ) - pass.
    _cred, reference = published(world)
    body = world.client.get("/gallery.json").json()
    assert json.dumps(body).count("<") == 0
    assert world.client.get("/gallery/%3Cscript%3E").status_code == 404
    assert world.client.get("/gallery/photos/..%2F..%2Fetc%2Fpasswd").status_code == 404
