"""Missing-child alerts over a widening radius, on the server's (injected) clock: each hour's
step reaches exactly the stations newly inside, acknowledgements reach the operator, and a
closed case cancels its alert at every station it reached."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.core import regions
from app.sync import alert_records, protocol
from server import cli
from tests.conftest import EXAMPLES
from tests.server.conftest import World, auth, case_no, change, make_app_world

OWNER = "370783001"  # 寿光市, where the child was last seen
# station → km from 寿光: 25 (潍城), 108 (莱州), 154 (历下), 204 (兰山), 399 (东城), 673 (黄浦)
OTHERS = ["370702001", "370683001", "370102001", "371302001", "110101001", "310101001"]
T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clocked(db_url: str) -> Any:
    clock = Clock()
    w = make_app_world(db_url, clock=clock)
    yield w, clock
    w.client.close()
    w.client.app.state.engine.dispose()  # type: ignore[attr-defined]


def _missing_case(status: str = "open") -> dict[str, Any]:
    return {
        "type": "missing",
        "status": status,
        "created_at": T0.isoformat(),
        "case": json.loads((EXAMPLES / "missing_child.json").read_text(encoding="utf-8")),
        "station_contact": {"phone": "0536-5221110", "address": "寿光市圣城街道"},
    }


def _alerts(world: World, cred: str, cursor: int = 0) -> tuple[list[protocol.PulledItem], int]:
    answer = world.client.get("/sync/pull", params={"cursor": cursor}, headers=auth(cred))
    assert answer.status_code == 200, answer.text
    page = protocol.PullResponse.from_json(answer.json())
    return [i for i in page.items if i.kind == alert_records.KIND], page.next_cursor


def test_alert_widens_hour_by_hour_then_is_acknowledged_and_cancelled(clocked: Any) -> None:
    world, clock = clocked
    owner = world.enroll(OWNER)
    creds = {code: world.enroll(code) for code in OTHERS}
    cursors = dict.fromkeys(OTHERS, 0)
    km = {code: regions.distance_km("370783", code[:6]) for code in OTHERS}
    case = case_no(OWNER, 1)
    clock.now = T0 + timedelta(minutes=20)
    assert (
        world.push(owner, [change(case, payload=_missing_case())]).json()["results"][0]["status"] == "applied"
    )

    reached: set[str] = set()
    for hour, radius in ((0, 100), (1, 200), (2, 300), (3, 500), (9, 500)):
        clock.now = T0 + timedelta(hours=hour, minutes=30)
        newly: set[str] = set()
        for code in OTHERS:
            items, cursors[code] = _alerts(world, creds[code], cursors[code])
            for item in items:
                alert = alert_records.AlertDelivery.from_payload(item.record_id, item.payload)
                assert alert is not None and alert.state == alert_records.ACTIVE
                assert (alert.case_no, alert.station_phone, alert.age_min) == (case, "0536-5221110", 4)
                assert alert.radius_km == radius and alert.place_code == "370783"
                newly.add(code)
        expected = {c for c in OTHERS if km[c] <= radius} - reached
        assert newly == expected, f"hour {hour}"
        reached |= newly
    assert reached == {c for c in OTHERS if km[c] <= 500} and "310101001" not in reached

    ack = alert_records.AlertAck(case, "王警官", (T0 + timedelta(hours=4)).isoformat())
    ack_id = alert_records.ack_record_id("370702001", case, "王警官")
    # another station the alert reached cannot take Weicheng's officer's acknowledgement id first
    squatter = next(c for c in sorted(reached) if c != "370702001")
    squatted = world.push(creds[squatter], [change(ack_id, payload=ack.to_payload())])
    assert squatted.json()["results"][0]["reason"] == protocol.INVALID
    answer = world.push(creds["370702001"], [change(ack_id, payload=ack.to_payload())])
    assert answer.json()["results"][0]["status"] == "applied"
    far_id = alert_records.ack_record_id("310101001", case, "李警官")
    refused = world.push(
        creds["310101001"], [change(far_id, payload={**ack.to_payload(), "officer": "李警官"})]
    )
    assert refused.json()["results"][0]["reason"] == protocol.INVALID

    clock.now = T0 + timedelta(hours=5)
    closed = world.push(owner, [change(case, base=1, payload=_missing_case("closed"))])
    assert closed.json()["results"][0]["status"] == "applied"
    for code in OTHERS:
        items, _ = _alerts(world, creds[code], cursors[code])
        states = [alert_records.AlertDelivery.from_payload(i.record_id, i.payload) for i in items]
        if code in reached:
            assert [(s.state if s else None, i.revision) for s, i in zip(states, items, strict=True)] == [
                (alert_records.CANCELLED, 2)
            ]
        else:
            assert items == []

    with world.sessions() as s:
        from server.services import child_alerts

        (view,) = child_alerts.alert_views(s)
    assert view.state == "cancelled" and len(view.reached) == len(reached) and view.acknowledged == 1
    assert {r.station: r.acknowledged_by for r in view.reached}["370702001"] == ("王警官",)


def test_the_operator_console_shows_delivery_and_acknowledgement(clocked: Any) -> None:
    world, clock = clocked
    owner = world.enroll(OWNER)
    near = world.enroll("370702001")
    world.enroll("370102001")
    clock.now = T0 + timedelta(minutes=70)  # registered 70 minutes ago: 200 km
    world.push(owner, [change(case_no(OWNER, 1), payload=_missing_case())])
    assert [a.record_id for a in _alerts(world, near)[0]] == [case_no(OWNER, 1)]  # pulled, then acknowledged
    ack = alert_records.AlertAck(case_no(OWNER, 1), "王警官", T0.isoformat())
    world.push(
        near,
        [change(alert_records.ack_record_id("370702001", ack.case_no, "王警官"), payload=ack.to_payload())],
    )
    assert world.client.post("/console/logon", data={"token": world.operator()}).status_code == 200
    page = world.client.get("/console").text
    assert case_no(OWNER, 1) in page and "200 公里" in page and "2 / 1" in page
    assert (
        "370702001：25 公里" in page
        and "已确认：王警官" in page
        and "370102001：" in page
        and "未确认" in page
    )


def test_a_photo_that_comes_later_reaches_the_stations_already_alerted(clocked: Any) -> None:
    import io

    from PIL import Image

    from app.sync.records import photo_record_id
    from tests.server.gallery_world import upload

    world, clock = clocked
    owner = world.enroll(OWNER)
    near, farther = world.enroll("370702001"), world.enroll("370102001")
    case = case_no(OWNER, 1)
    clock.now = T0 + timedelta(minutes=10)
    world.push(owner, [change(case, payload=_missing_case())])
    (first,), cursor = _alerts(world, near)
    assert first.revision == 1 and first.payload["photo_jpeg_base64"] == ""
    picture = io.BytesIO()
    Image.new("RGB", (90, 120), (180, 90, 60)).save(picture, "PNG")
    sha = upload(world, owner, picture.getvalue())
    photo = {"sha256": sha, "mime": "image/png", "width": 90, "height": 120, "size": 1, "person": 0,
             "created_at": T0.isoformat()}  # fmt: skip
    world.push(owner, [change(photo_record_id(case, sha), payload=photo)])
    clock.now = T0 + timedelta(hours=1, minutes=5)
    (again,), _ = _alerts(world, near, cursor)
    (new,), _ = _alerts(world, farther)
    for item in (again, new):
        alert = alert_records.AlertDelivery.from_payload(item.record_id, item.payload)
        assert alert is not None and item.revision == 2 and alert.photo_jpeg_base64
    assert (again.payload["radius_km"], new.payload["radius_km"]) == (100, 200)


def _photo_of_the_child(world: World, owner: str, case: str) -> dict[str, Any]:
    import io

    from PIL import Image

    from app.sync.records import photo_record_id
    from tests.server.gallery_world import upload

    picture = io.BytesIO()
    Image.new("RGB", (90, 120), (180, 90, 60)).save(picture, "PNG")
    sha = upload(world, owner, picture.getvalue())
    photo = {"sha256": sha, "mime": "image/png", "width": 90, "height": 120, "size": 1, "person": 0,
             "created_at": T0.isoformat()}  # fmt: skip
    return change(photo_record_id(case, sha), payload=photo)


def test_a_case_pushed_with_its_photo_alerts_with_the_photo_at_once(clocked: Any) -> None:
    world, clock = clocked
    owner, near = world.enroll(OWNER), world.enroll("370702001")
    case = case_no(OWNER, 1)
    clock.now = T0 + timedelta(minutes=10)
    answer = world.push(
        owner, [change(case, payload=_missing_case()), _photo_of_the_child(world, owner, case)]
    )
    assert [r["status"] for r in answer.json()["results"]] == ["applied", "applied"]
    (alert,), _ = _alerts(world, near)
    assert alert.revision == 1 and alert.payload["photo_jpeg_base64"]


def test_an_adult_corrected_to_a_child_alerts_with_the_photo_the_case_has(clocked: Any) -> None:
    world, clock = clocked
    owner, near = world.enroll(OWNER), world.enroll("370702001")
    case = case_no(OWNER, 1)
    adult = _missing_case()
    adult["case"]["persons"][0]["birth_date"] = "1990-03-15"
    clock.now = T0 + timedelta(minutes=10)
    world.push(owner, [change(case, payload=adult), _photo_of_the_child(world, owner, case)])
    assert _alerts(world, near)[0] == []
    world.push(owner, [change(case, base=1, payload=_missing_case())])  # the birth date corrected
    (alert,), _ = _alerts(world, near)
    assert alert.revision == 1 and alert.payload["photo_jpeg_base64"]


def _a_child_pushed_near_weicheng_and_lanshan(world: World, clock: Clock) -> tuple[str, str, str, str]:
    """寿光 pushes a missing child ten minutes after the report; 潍城 (25 km) and 兰山 (204 km)
    are enrolled. (owner's, 潍城's and 兰山's credentials, the case number)"""
    owner, near, far = world.enroll(OWNER), world.enroll("370702001"), world.enroll("371302001")
    case = case_no(OWNER, 1)
    clock.now = T0 + timedelta(minutes=10)
    world.push(owner, [change(case, payload=_missing_case())])
    return owner, near, far, case


def _last_seen_in_lanshan() -> dict[str, Any]:
    """The child's case corrected: last seen in 兰山 (204 km from 寿光), not in 寿光."""
    moved = _missing_case()
    moved["case"]["last_seen"] = {
        **moved["case"]["last_seen"],
        "place_code": "371302",
        "place": "临沂市兰山区",
    }
    return moved


def test_an_alert_edited_before_any_station_pulled_goes_out_once_as_it_is_then(clocked: Any) -> None:
    world, clock = clocked
    owner, near, far, case = _a_child_pushed_near_weicheng_and_lanshan(world, clock)
    moved = _last_seen_in_lanshan()
    world.push(owner, [change(case, base=1, payload=moved)])
    world.push(owner, [_photo_of_the_child(world, owner, case)])
    clock.now = T0 + timedelta(minutes=20)
    assert _alerts(world, near)[0] == []  # 寿光's neighbour: the alert never went there
    (alert,), _ = _alerts(world, far)
    body = alert_records.AlertDelivery.from_payload(alert.record_id, alert.payload)
    assert body is not None and body.place_code == "371302" and body.radius_km == 100
    assert alert.revision == 3 and alert.payload["photo_jpeg_base64"]  # the edit and the photo


def test_an_alert_whose_case_ended_before_any_station_pulled_never_reaches_one(clocked: Any) -> None:
    world, clock = clocked
    owner, near = world.enroll(OWNER), world.enroll("370702001")
    case = case_no(OWNER, 1)
    clock.now = T0 + timedelta(minutes=10)
    world.push(owner, [change(case, payload=_missing_case())])
    world.push(owner, [change(case, base=1, payload=_missing_case("closed"))])
    assert _alerts(world, near)[0] == []  # neither the alert nor a cancellation of it
    with world.sessions() as s:
        from server.services import child_alerts

        (view,) = child_alerts.alert_views(s)
    assert view.state == "cancelled" and view.reached == ()


def test_the_first_pull_after_a_late_push_takes_the_alert_to_the_radius_of_that_hour(clocked: Any) -> None:
    world, clock = clocked
    owner = world.enroll(OWNER)
    near, beyond = world.enroll("370702001"), world.enroll("370102001")  # 25 and 154 km
    clock.now = T0 + timedelta(minutes=80)  # an offline station's report, pushed 80 minutes on
    world.push(owner, [change(case_no(OWNER, 1), payload=_missing_case())])
    for credential in (near, beyond):
        (alert,), _ = _alerts(world, credential)
        body = alert_records.AlertDelivery.from_payload(alert.record_id, alert.payload)
        assert body is not None and body.radius_km == 200 and alert.revision == 1


def test_adult_or_found_case_raises_no_alert(clocked: Any) -> None:
    world, clock = clocked
    owner = world.enroll(OWNER)
    near = world.enroll("370702001")
    adult = _missing_case()
    adult["case"]["persons"][0]["birth_date"] = "2010-01-01"  # 16 at the report
    found = {**_missing_case(), "type": "found"}
    clock.now = T0 + timedelta(minutes=5)
    world.push(owner, [change(case_no(OWNER, 1), payload=adult), change(case_no(OWNER, 2), payload=found)])
    assert _alerts(world, near)[0] == []


def test_operator_lists_alerts_on_the_command_line(
    clocked: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    world, clock = clocked
    owner = world.enroll(OWNER)
    world.enroll("370702001")
    world.enroll("370102001")
    clock.now = T0 + timedelta(minutes=5)
    world.push(owner, [change(case_no(OWNER, 1), payload=_missing_case())])
    clock_file = tmp_path / "clock"
    clock_file.write_text((T0 + timedelta(hours=1, minutes=5)).isoformat(), encoding="utf-8")
    monkeypatch.setenv("XUNREN_SERVER_TEST_ALERT_CLOCK_FILE", str(clock_file))
    monkeypatch.setenv("XUNREN_LANG", "en")
    assert cli.main(["alert", "list", "--json", "--db", world.settings.db_url]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["case_no"], row["state"], row["radius_km"], row["delivered"]) == (
        case_no(OWNER, 1),
        "active",
        200,
        2,
    )
    assert [s["station"] for s in row["stations"]] == ["370702001", "370102001"]
    assert cli.main(["alert", "list", "--db", world.settings.db_url]) == 0
    text = capsys.readouterr().out
    assert "radius 200 km" in text and "not acknowledged" in text


def _a_pull_meanwhile(
    world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch, module: Any, name: str
) -> None:
    """Make another session's pull (its widening step, committed) run while the push is between
    reading an alert and writing it: just before ``module.name`` is called."""
    from server.services import child_alerts
    from server.services.meta import in_transaction

    original = getattr(module, name)

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        with world.sessions() as other:
            in_transaction(other, lambda s: child_alerts.widen_due(s, clock.now))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, meanwhile)


def test_an_edit_pushed_while_a_pull_takes_the_first_step_reaches_where_it_belongs(
    clocked: Any, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    from server.services import child_alerts

    world, clock = clocked
    owner, near, far, case = _a_child_pushed_near_weicheng_and_lanshan(world, clock)
    moved = _last_seen_in_lanshan()
    if db_url.startswith("postgresql"):  # SQLite runs one writer at a time: no pull inside a push
        _a_pull_meanwhile(world, clock, monkeypatch, child_alerts, "_follow_edit")
    world.push(owner, [change(case, base=1, payload=moved)])
    states = [a.payload["state"] for a in _alerts(world, near)[0]]
    assert states in ([], ["active", "cancelled"])  # never left holding an alert for the old place
    (alert,) = [a for a in _alerts(world, far)[0] if a.payload["state"] == "active"]
    assert alert.payload["place_code"] == "371302" and alert.revision == 2


def test_a_photo_pushed_while_a_pull_takes_the_first_step_reaches_the_stations(
    clocked: Any, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    from server.services import alert_widening

    world, clock = clocked
    owner, near = world.enroll(OWNER), world.enroll("370702001")
    case = case_no(OWNER, 1)
    clock.now = T0 + timedelta(minutes=10)
    world.push(owner, [change(case, payload=_missing_case())])
    photo = _photo_of_the_child(world, owner, case)
    if db_url.startswith("postgresql"):  # SQLite runs one writer at a time: no pull inside a push
        _a_pull_meanwhile(world, clock, monkeypatch, alert_widening, "redeliver")
    world.push(owner, [photo])
    monkeypatch.undo()
    items, _ = _alerts(world, near)
    assert items and items[-1].payload["photo_jpeg_base64"] and items[-1].payload["state"] == "active"


def test_an_alert_follows_its_case_to_the_station_that_takes_it_over(clocked: Any) -> None:
    """Shouguang's missing child is handed to Shanghai (issue 14): the alert names the holder
    (code and phone) once it changes the case, and the child's photo, whose bytes Shouguang
    uploaded after the hand-over, reaches the stations alerted."""
    from app.sync import transfer_records
    from app.sync.records import photo_record_id
    from app.sync.transfer_records import TransferAcceptance, TransferRequest
    from tests.server.gallery_world import upload

    world, clock = clocked
    holder_code = "310101001"  # 673 km away: never inside the radius
    owner, near, holder = world.enroll(OWNER), world.enroll("370702001"), world.enroll(holder_code)
    case = case_no(OWNER, 1)
    picture = _png_of_the_child()
    sha = hashlib.sha256(picture).hexdigest()
    photo = {"sha256": sha, "mime": "image/png", "width": 90, "height": 120, "size": len(picture),
             "person": 0, "created_at": T0.isoformat()}  # fmt: skip
    clock.now = T0 + timedelta(minutes=10)
    world.push(
        owner, [change(case, payload=_missing_case()), change(photo_record_id(case, sha), payload=photo)]
    )
    (first,), cursor = _alerts(world, near)
    assert first.payload["station_code"] == OWNER and first.payload["photo_jpeg_base64"] == ""

    tid = transfer_records.request_id(case)
    request = TransferRequest(case, OWNER, holder_code, "家属迁居上海", "li", "2026-11-20T02:20:00Z", "zhao",
                              "2026-11-20T02:25:00Z", "CODE-1")  # fmt: skip
    assert world.push(owner, [change(tid, payload=request.to_payload())]).status_code == 200
    accept = TransferAcceptance(tid, case, "wang", "2026-11-20T02:30:00Z")
    world.push(holder, [change(transfer_records.accept_id(tid), payload=accept.to_payload())])
    upload(world, owner, picture)  # the bytes arrive late, from the station that filed the case
    silent = _missing_case()
    del silent["station_contact"]  # no phone sent: the alert never keeps the filing station's
    assert (
        world.push(holder, [change(case, base=1, payload=silent)]).json()["results"][0]["status"] == "applied"
    )
    items, cursor = _alerts(world, near, cursor)
    latest = max(items, key=lambda i: i.revision)
    assert (latest.payload["station_code"], latest.payload["station_phone"]) == (holder_code, "")
    edited = _missing_case()
    edited["station_contact"] = {"phone": "021-63211110", "address": "上海市东城区"}
    answer = world.push(holder, [change(case, base=2, payload=edited)])
    assert answer.json()["results"][0]["status"] == "applied", answer.text

    clock.now = T0 + timedelta(hours=1, minutes=5)
    items, _ = _alerts(world, near, cursor)
    latest = max(items, key=lambda i: i.revision)
    assert latest.payload["station_code"] == holder_code
    assert latest.payload["station_phone"] == "021-63211110"
    assert latest.payload["photo_jpeg_base64"]


def _png_of_the_child() -> bytes:
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (90, 120), (180, 90, 60)).save(picture, "PNG")
    return picture.getvalue()
