"""The national operator's console: token logon, what only the server sees, and gallery decisions
taken from it (same-site only, recorded with the operator's name)."""

from __future__ import annotations

from conftest import World, case_no
from gallery_world import publish

from server.services import credentials, events, gallery
from server.storage.tables import Station

A = "450305001"


def log_on(world: World, token: str) -> str:
    answer = world.client.post("/console/logon", data={"token": token}, follow_redirects=False)
    assert answer.status_code == 303
    return str(answer.headers["location"])


def test_logon_with_an_operator_token_and_what_the_console_shows(world: World) -> None:
    cred = world.enroll(A)
    reference, _ = publish(world, cred, case_no(A, 1))
    station_id = world.run(lambda s: s.query(Station).filter(Station.code == A).one().id)
    world.run(lambda s: events.record(s, station_id, events.AUDIT_REFUSED, reason="rewritten", seq=7))
    first = world.client.get("/console")
    assert first.status_code == 200 and 'type="password"' in first.text and "审计链" not in first.text
    refused = log_on(world, cred)  # a station's credential is no operator token
    assert refused.endswith("failed=1") and world.client.get(refused).status_code == 401
    assert "令牌无效" in world.client.get(refused).text
    token = world.operator("wang")
    answer = world.client.post("/console/logon", data={"token": token}, follow_redirects=False)
    cookie = answer.headers["set-cookie"]
    assert (
        "HttpOnly" in cookie
        and "SameSite=strict" in cookie.replace("Strict", "strict")
        and token not in cookie
    )
    page = world.client.get("/console")
    assert page.status_code == 200 and "已登录：wang" in page.text
    assert "rewritten" in page.text and A in page.text  # the alert, the station
    assert reference in page.text and "《未成年人保护法》" in page.text  # the request and its basis
    assert "没有两站结论不一致的配对" in page.text and "预警送达与确认" in page.text  # no conflict yet
    photo = world.client.get(page.text.split('<img src="')[1].split('"')[0])
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    english = world.client.get("/console?lang=en").text
    assert "Audit-witness alerts" in english and "Each station&#39;s last sync" in english


def test_decisions_from_the_console_are_same_site_and_recorded(world: World) -> None:
    cred = world.enroll(A)
    reference, _ = publish(world, cred, case_no(A, 1))
    log_on(world, world.operator("wang"))
    entry_id = world.run(lambda s: gallery.find(s, reference).id)
    forged = world.client.post(
        f"/console/gallery/{entry_id}/approve",
        data={"reason": ""},
        headers={"Origin": "https://evil.example"},
    )
    assert forged.status_code == 403 and world.client.get("/gallery.json").json()["total"] == 0
    done = world.client.post(
        f"/console/gallery/{entry_id}/approve", data={"reason": "监护人无法查明"}, follow_redirects=False
    )
    assert done.status_code == 303 and "done=approved" in done.headers["location"]
    assert world.client.get("/gallery.json").json()["total"] == 1
    world.client.post(f"/console/gallery/{entry_id}/withdraw", data={"reason": "家属已来电"})
    assert world.client.get("/gallery.json").json()["total"] == 0
    log = world.run(lambda s: gallery.decisions(s, entry_id))
    assert [(d["action"], d["actor"], d["reason"]) for d in log][1:] == [
        ("approved", "operator wang", "监护人无法查明"),
        ("withdrawn", "operator wang", "家属已来电"),
    ]


def test_a_revoked_operator_is_logged_off_at_once(world: World) -> None:
    log_on(world, world.operator("wang"))
    assert "已登录" in world.client.get("/console").text
    world.run(lambda s: credentials.revoke_operator(s, "wang"))
    page = world.client.get("/console")
    assert "已登录" not in page.text and 'type="password"' in page.text
    world.client.post("/console/logoff")
    assert 'type="password"' in world.client.get("/console").text
