"""The server's side of a case transfer (issue 14): a request is checked and delivered to the
receiving station; an acceptance is refused unless that transfer awaits the station; once
accepted, the ownership check reads the new owner for the case and its children, old or new."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from conftest import World, auth, case_no, case_payload, change
from sqlalchemy import select

from app.core.gallery import reference_of
from app.sync import gallery_records, protocol, transfer_records
from app.sync.rebuild_package import PackageReader
from app.sync.transfer_records import TransferAcceptance, TransferRequest
from server.services import alert_photo, bundles, credentials, enrol_packages, rebuild_packages
from server.services.meta import in_transaction
from server.storage.tables import Record, Station

A, B, C = "370786001", "450300002", "110101003"


def _results(answer: Any) -> list[dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    return list(answer.json()["results"])


def _request(case: str, to: str) -> TransferRequest:
    return TransferRequest(
        case, A, to, "家属迁居", "li", "2026-12-06T01:00:00Z", "zhao", "2026-12-06T02:00:00Z", "CODE-1"
    )


def _pull(world: World, credential: str) -> list[dict[str, Any]]:
    answer = world.client.get("/sync/pull?cursor=0&limit=100", headers=auth(credential))
    assert answer.status_code == 200, answer.text
    return [i for i in answer.json()["items"] if i["kind"] == "transfer"]


def _photo(picture: bytes, created_at: str = "2026-12-06T01:00:00Z") -> dict[str, Any]:
    """A photo record's payload naming *picture*."""
    return {"sha256": hashlib.sha256(picture).hexdigest(), "mime": "image/png", "width": 3, "height": 4,
            "size": len(picture), "person": 0, "created_at": created_at}  # fmt: skip


def _upload(world: World, credential: str, picture: bytes) -> str:
    """The station uploads *picture* as one chunk and completes it; returns its SHA-256."""
    sha = hashlib.sha256(picture).hexdigest()
    headers = {**auth(credential), "X-Chunk-SHA256": sha, "Content-Type": "application/octet-stream"}
    assert (
        world.client.put(f"/attachments/{sha}/chunks/0", content=picture, headers=headers).status_code == 200
    )
    done = world.client.post(f"/attachments/{sha}/complete", json={"chunks": 1}, headers=auth(credential))
    assert done.status_code == 200
    return sha


def test_a_transfer_moves_the_owner_the_push_checks(world: World) -> None:
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    case = case_no(A, 1)
    person = protocol.child_id(case, "person")
    assert [r["status"] for r in _results(world.push(cred_a, [change(case), change(person)]))] == [
        "applied"
    ] * 2

    tid = transfer_records.request_id(case)
    unknown = change(tid, payload=_request(case, "999999999").to_payload())
    results = _results(world.push(cred_a, [unknown]))
    assert results[0]["reason"] == "invalid" and "enrolled" in results[0]["detail"]
    assert (
        _results(world.push(cred_a, [change(tid, payload=_request(case, B).to_payload())]))[0]["status"]
        == "applied"
    )

    second = transfer_records.request_id(case)
    results = _results(world.push(cred_a, [change(second, payload=_request(case, C).to_payload())]))
    assert results[0]["reason"] == "invalid" and "already" in results[0]["detail"]  # one at a time

    (asked,) = _pull(world, cred_b)
    assert asked["record_id"] == tid and asked["payload"]["state"] == "awaiting_receiver"
    assert asked["payload"]["verification_code"] == "" and asked["payload"]["records"] == []
    assert _pull(world, cred_c) == []

    accept = change(
        transfer_records.accept_id(tid),
        payload=TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z").to_payload(),
    )
    results = _results(world.push(cred_c, [accept]))  # not the receiving station
    assert results[0]["reason"] == "invalid"
    assert _results(world.push(cred_b, [change(case, base=1)]))[0]["reason"] == "not_owner"  # not yet
    assert _results(world.push(cred_b, [accept]))[0]["status"] == "applied"

    completed = [i for i in _pull(world, cred_b) if i["payload"]["state"] == "completed"]
    (done,) = completed
    held = {r["record_id"]: r["revision"] for r in done["payload"]["records"]}
    assert held[case] == 1 and held[person] == 1 and held[tid] == 1
    assert done["payload"]["verification_code"] == "CODE-1"
    # the sending station is told with the case as handed over: rebuilt after a lost disk, it
    # keeps its read-only copy from it (its own family's code included)
    (told,) = [i for i in _pull(world, cred_a) if i["payload"]["state"] == "completed"]
    assert told["payload"] == done["payload"]

    # From now on: the old station is refused, the new one accepted, even for new children.
    refused = _results(world.push(cred_a, [change(case, base=1), change(protocol.child_id(case, "sample"))]))
    assert [r["reason"] for r in refused] == ["not_owner", "not_owner"]
    assert all("transferred to another station" in r["detail"] for r in refused)
    accepted = _results(world.push(cred_b, [change(case, base=1), change(protocol.child_id(case, "sample"))]))
    assert [(r["status"], r["revision"]) for r in accepted] == [("applied", 2), ("applied", 1)]
    state = world.client.get("/sync/state", headers=auth(cred_b)).json()
    assert state["counts"]["case"] == 1 and state["counts"]["transfer_accept"] == 1
    assert world.client.get("/sync/state", headers=auth(cred_a)).json()["total"] == 0
    # A second acceptance of the same transfer changes nothing.
    again = {**accept, "change_id": "00000000-0000-4000-8000-000000000001", "base_revision": 1}
    assert _results(world.push(cred_b, [again]))[0]["reason"] == "invalid"


def test_the_receiving_station_fetches_the_photos_it_now_holds(world: World) -> None:
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 2)
    picture = b"\x89PNG not really, but bytes all the same" * 100
    photo = protocol.child_id(case, "photo")
    assert (
        _results(world.push(cred_a, [change(case), change(photo, payload=_photo(picture))]))[1]["status"]
        == "applied"
    )
    sha = _upload(world, cred_a, picture)

    def fetch(credential: str) -> Any:
        return world.client.get(
            f"/attachments/{sha}/chunks/0", params={"record": photo}, headers=auth(credential)
        )

    assert fetch(cred_b).status_code == 404  # not B's photo (yet)
    tid = transfer_records.request_id(case)
    world.push(cred_a, [change(tid, payload=_request(case, B).to_payload())])
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    world.push(cred_b, [change(transfer_records.accept_id(tid), payload=accept.to_payload())])
    answer = fetch(cred_b)
    assert answer.status_code == 200 and answer.content == picture
    # the old owner no longer holds the record, but is given back what it uploaded itself (its
    # read-only copy's picture, after a rebuild); a station that uploaded nothing is not
    assert fetch(cred_a).content == picture
    assert fetch(world.enroll(C)).status_code == 404


def test_a_photo_record_naming_another_stations_picture_fetches_nothing(world: World) -> None:
    """A station cannot read another station's photo by naming its SHA-256 (a summary carries
    it) in a photo record of its own case: only its own upload, or one made by a station that
    transferred the case to it, is served."""
    cred_a, cred_c = world.enroll(A), world.enroll(C)
    case = case_no(A, 3)
    picture = b"a family's photo" * 200
    payload = _photo(picture)
    world.push(cred_a, [change(case), change(protocol.child_id(case, "photo"), payload=payload)])
    sha = _upload(world, cred_a, picture)

    own = case_no(C, 1)
    lure = protocol.child_id(own, "photo")
    results = _results(world.push(cred_c, [change(own), change(lure, payload=payload)]))
    assert [r["status"] for r in results] == ["applied", "applied"]
    answer = world.client.get(f"/attachments/{sha}/chunks/0", params={"record": lure}, headers=auth(cred_c))
    assert answer.status_code == 404 and picture not in answer.content


def test_two_requests_for_one_case_in_one_batch_leave_one_awaiting(world: World) -> None:
    """One transfer of a case at a time, within a batch as across batches: a second request for
    the same case in the same push is refused, so two stations can never both take it over."""
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    case = case_no(A, 4)
    world.push(cred_a, [change(case)])
    first, second = transfer_records.request_id(case), transfer_records.request_id(case)
    results = _results(
        world.push(
            cred_a,
            [
                change(first, payload=_request(case, B).to_payload()),
                change(second, payload=_request(case, C).to_payload()),
            ],
        )
    )
    assert results[0]["status"] == "applied"
    assert results[1]["reason"] == "invalid" and "already" in results[1]["detail"]
    assert [i["record_id"] for i in _pull(world, cred_b)] == [first]
    assert _pull(world, cred_c) == []


def test_the_holder_of_a_transferred_case_may_ask_the_station_that_filed_it(world: World) -> None:
    """After a transfer the receiving station may send a referral of the case to the station
    whose code its number carries (the station that knows the family); a station still cannot
    refer a case to itself."""
    from app.core.referral import ReferralRequest
    from app.sync.protocol import referrals as wire

    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 5)
    world.push(cred_a, [change(case)])
    tid = transfer_records.request_id(case)
    world.push(cred_a, [change(tid, payload=_request(case, B).to_payload())])
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    world.push(cred_b, [change(transfer_records.accept_id(tid), payload=accept.to_payload())])

    def refer(credential: str, to: str) -> dict[str, Any]:
        record = wire.ReferralRecord(
            case, to, ReferralRequest.VISIT, "请走访孩子外婆家", "zhao", "2026-12-06T04:00:00Z"
        )
        (result,) = _results(
            world.push(credential, [change(wire.new_referral_id(case), payload=record.to_payload())])
        )
        return result

    assert refer(cred_b, A)["status"] == "applied"
    to_itself = refer(cred_b, B)
    assert to_itself["reason"] == "invalid" and "another station" in to_itself["detail"]


def test_the_holder_cannot_fetch_other_pictures_of_the_station_that_handed_it_a_case(world: World) -> None:
    """A station that took a case over fetches the pictures the case's photo records named when
    they were handed over; a photo record it writes itself, naming another picture of the old
    station's (another case's), fetches nothing."""
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    handed, other = case_no(A, 6), case_no(A, 7)
    pictures = {n: f"picture of {n}".encode() * 300 for n in (handed, other)}
    for number, picture in pictures.items():
        world.push(
            cred_a, [change(number), change(protocol.child_id(number, "photo"), payload=_photo(picture))]
        )
        _upload(world, cred_a, picture)
    tid = transfer_records.request_id(handed)
    world.push(cred_a, [change(tid, payload=_request(handed, B).to_payload())])
    accept = TransferAcceptance(tid, handed, "wang", "2026-12-06T03:00:00Z")
    world.push(cred_b, [change(transfer_records.accept_id(tid), payload=accept.to_payload())])

    lure = protocol.child_id(handed, "photo")  # a new photo record of the case B now holds
    payload = _photo(pictures[other], "2026-12-06T05:00:00Z")
    secret = payload["sha256"]
    assert _results(world.push(cred_b, [change(lure, payload=payload)]))[0]["status"] == "applied"
    answer = world.client.get(
        f"/attachments/{secret}/chunks/0", params={"record": lure}, headers=auth(cred_b)
    )
    assert answer.status_code == 404 and pictures[other] not in answer.content


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 40), (200, 120, 90)).save(out, "PNG")
    return out.getvalue()


def test_the_holder_of_a_taken_over_case_has_its_photo_everywhere(world: World, tmp_path: Path) -> None:
    """The photo A uploaded stands for the case B holds now: in B's rebuild (online and on the
    USB package, the register as B held it), in the case's alerts and national summaries (the
    child's face, issue 14), not only in the fetch right after the transfer."""
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 5)
    picture = _png()
    photo = protocol.child_id(case, "photo")
    world.push(cred_a, [change(case), change(photo, payload=_photo(picture))])
    sha = _upload(world, cred_a, picture)
    tid = transfer_records.request_id(case)
    world.push(cred_a, [change(tid, payload=_request(case, B).to_payload())])
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    world.push(cred_b, [change(transfer_records.accept_id(tid), payload=accept.to_payload())])
    b_id = world.run(lambda s: s.scalar(select(Station.id).where(Station.code == B)))

    assert case in world.run(lambda s: alert_photo.child_photos(s, [(case, b_id)]))

    keys = bundles.server_keys(tmp_path / "keys.json")
    body = world.run(
        lambda s: enrol_packages.package_body(s, B, credentials.rotate_station(s, B, 7), keys, "")
    )
    path = tmp_path / "rebuild.xrp"
    with world.sessions() as s:
        written = rebuild_packages.write_package(path, body, lambda work: in_transaction(s, work))
    assert written.photos == 1
    with PackageReader(path, written.passphrase) as package:
        assert package.photo(sha) == picture


def test_the_holder_publishes_a_found_child_with_the_photo_it_took_over(world: World) -> None:
    """A found child's case handed to B with the photo A took: B's request to publish the child
    (issue 18's gallery) shows that photo once an operator approves it."""
    from gallery_world import (
        case_payload,
        found_document,
        photo_with_metadata,
        publication_change,
        request_payload,
    )

    from server.services import gallery

    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 6)
    picture = photo_with_metadata()
    photo = protocol.child_id(case, "photo")
    record = case_payload(found_document())
    world.push(cred_a, [change(case, payload=record), change(photo, payload=_photo(picture))])
    sha = _upload(world, cred_a, picture)
    tid = transfer_records.request_id(case)
    world.push(cred_a, [change(tid, payload=_request(case, B).to_payload())])
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    world.push(cred_b, [change(transfer_records.accept_id(tid), payload=accept.to_payload())])
    asked = world.push(cred_b, [publication_change(case, request_payload(case, sha))])
    assert [r["status"] for r in _results(asked)] == ["applied"]
    reference = reference_of(case)
    world.run(lambda s: gallery.approve(s, reference, "wang", "依法公开"))
    answer = world.client.get(f"/gallery/photos/{reference}.jpg")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/jpeg"


def test_a_photo_added_while_the_transfer_waits_reaches_the_holder(world: World) -> None:
    """A still holds the case until B accepts: a photo it adds meanwhile is its word on its own
    case, and B fetches it once the case is B's (and B's rebuild with it)."""
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 7)
    world.push(cred_a, [change(case)])
    tid = transfer_records.request_id(case)
    world.push(cred_a, [change(tid, payload=_request(case, B).to_payload())])
    picture = _png()
    photo = protocol.child_id(case, "photo")
    added = world.push(cred_a, [change(photo, payload=_photo(picture))])
    assert [r["status"] for r in _results(added)] == ["applied"]
    sha = _upload(world, cred_a, picture)
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    world.push(cred_b, [change(transfer_records.accept_id(tid), payload=accept.to_payload())])
    answer = world.client.get(f"/attachments/{sha}/chunks/0", params={"record": photo}, headers=auth(cred_b))
    assert answer.status_code == 200 and answer.content == picture


def _gallery_items(world: World, credential: str, kind: str) -> list[dict[str, Any]]:
    answer = world.client.get("/sync/pull?cursor=0&limit=1000", headers=auth(credential))
    assert answer.status_code == 200, answer.text
    return [i for i in answer.json()["items"] if i["kind"] == kind]


def _hand_over(world: World, cred_a: str, cred_b: str, case: str, sides: tuple[str, str] = (A, B)) -> None:
    """The station of *cred_a* (code ``sides[0]``) hands *case* to that of *cred_b* (``sides[1]``)."""
    tid = transfer_records.request_id(case)
    request = dataclasses.replace(_request(case, sides[1]), from_station=sides[0])
    asked = world.push(cred_a, [change(tid, payload=request.to_payload())])
    assert [r["status"] for r in _results(asked)] == ["applied"]
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    taken = world.push(cred_b, [change(transfer_records.accept_id(tid), payload=accept.to_payload())])
    assert [r["status"] for r in _results(taken)] == ["applied"]


def _public_phone(world: World, reference: str) -> str:
    (child,) = [
        c for c in world.client.get("/gallery.json").json()["children"] if c["reference"] == reference
    ]
    return str(child["station_phone"])


def _published(world: World, credential: str, case: str) -> str:
    """*case*'s found child published by its station and approved by the operator: its reference."""
    from gallery_world import publish

    from server.services import gallery

    reference, _record = publish(world, credential, case)
    world.run(lambda s: gallery.approve(s, reference, "wang", "依法公开"))
    return str(reference)


def _tip(world: World, reference: str, message: str) -> int:
    """A member of the public's tip about the child *reference*: the answer's status code."""
    sent = world.client.post(
        f"/gallery/{reference}/tips",
        data={"phone": "13800000000", "message": message},
        follow_redirects=False,
    )
    return int(sent.status_code)


def test_the_gallery_follows_a_transferred_found_child(world: World) -> None:
    """A's published child handed to B: B learns the child's national standing at the
    completion; the public's tips and the operator's decisions go to B, never to A again; B's
    withdrawal takes the child off. Until the server knows B's phone the public page keeps A's
    (A still answers for the case and knows where it went); B's next push of the case names B's."""
    from gallery_world import PHONE, publication_change, publish, request_payload, withdrawal_payload

    from server.services import gallery

    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 8)
    reference, record = publish(world, cred_a, case)
    world.run(lambda s: gallery.approve(s, reference, "wang", "依法公开"))
    (before,) = _gallery_items(world, cred_a, gallery_records.DECISION_KIND)
    assert _gallery_items(world, cred_b, gallery_records.DECISION_KIND) == []

    _hand_over(world, cred_a, cred_b, case)
    (standing,) = _gallery_items(world, cred_b, gallery_records.DECISION_KIND)
    told = gallery_records.NationalDecision.from_payload(standing["record_id"], standing["payload"])
    assert told is not None and (told.state, told.by, told.reference) == (
        "published",
        "operator wang",
        reference,
    )
    assert told.answers == "2026-11-27T01:00:00Z"  # the request B's register holds from the hand-over
    assert _public_phone(world, reference) == PHONE  # the server knows no phone of B's yet
    assert world.run(lambda s: gallery.list_entries(s))[0].station == B  # the operator's list names B

    tip = world.client.post(
        f"/gallery/{reference}/tips",
        data={"phone": "13800000000", "message": "我见过"},
        follow_redirects=False,
    )
    assert tip.status_code == 303
    assert [i["payload"]["reference"] for i in _gallery_items(world, cred_b, "tip")] == [reference]
    assert _gallery_items(world, cred_a, "tip") == []

    contact = {"phone": "0773-5551234", "address": "广西桂林市象山区"}
    edited = world.push(cred_b, [change(case, base=1, payload={**record, "station_contact": contact})])
    assert [r["status"] for r in _results(edited)] == ["applied"]
    assert _public_phone(world, reference) == "0773-5551234"  # the holder's own number now

    withdrawn = world.push(cred_b, [publication_change(case, withdrawal_payload(), base=1)])
    assert [r["status"] for r in _results(withdrawn)] == ["applied"]  # the holder's word on it
    assert world.client.get("/gallery.json").json()["total"] == 0
    sha = world.run(lambda s: gallery.find(s, reference).photo_sha256)
    again = request_payload(case, sha, phone="0773-5551234")
    assert [r["status"] for r in _results(world.push(cred_b, [publication_change(case, again, base=2)]))] == [
        "applied"
    ]
    world.run(lambda s: gallery.approve(s, reference, "wang", "依法公开"))
    told_b = [
        (i["payload"]["state"], i["payload"]["by"])
        for i in _gallery_items(world, cred_b, gallery_records.DECISION_KIND)
    ]
    assert told_b == [
        ("published", "operator wang"),
        ("withdrawn", f"station {B} / zhang"),
        ("published", "operator wang"),
    ]
    assert _gallery_items(world, cred_a, gallery_records.DECISION_KIND) == [before]  # A hears no more


def test_a_transferred_child_shows_the_holders_phone_the_server_knows(world: World) -> None:
    """When the receiving station already pushed a case of its own (with its phone), the public
    page names that phone from the completion on; an entry only requested follows as well, and B
    is told nothing it cannot know yet (no operator has decided)."""
    from gallery_world import publish

    from server.services import gallery

    cred_a, cred_b = world.enroll(A), world.enroll(B)
    own = case_no(B, 1)
    contact = {"phone": "0773-5551234", "address": "广西桂林市象山区"}
    assert (
        _results(world.push(cred_b, [change(own, payload=case_payload(station_contact=contact))]))[0][
            "status"
        ]
        == "applied"
    )
    published, asked = case_no(A, 9), case_no(A, 10)
    reference, _ = publish(world, cred_a, published)
    waiting, _ = publish(world, cred_a, asked)
    world.run(lambda s: gallery.approve(s, reference, "wang", "依法公开"))
    _hand_over(world, cred_a, cred_b, published)
    _hand_over(world, cred_a, cred_b, asked)
    assert _public_phone(world, reference) == "0773-5551234"
    entries = {e.reference: e for e in world.run(lambda s: gallery.list_entries(s))}
    assert entries[waiting].station == B and entries[waiting].station_phone == "0773-5551234"
    assert [
        i["payload"]["reference"] for i in _gallery_items(world, cred_b, gallery_records.DECISION_KIND)
    ] == [reference]


def test_a_transfer_that_never_happened_leaves_the_holders_phone_known(world: World) -> None:
    """B's own case was once offered to A, which declined it: the case never changed hands, so
    the phone it names is still B's, and a child handed to B shows it."""
    from gallery_world import publish

    from app.core.transfer import TransferState
    from app.sync.transfer_records import TransferEnd
    from server.services import gallery

    cred_a, cred_b = world.enroll(A), world.enroll(B)
    own = case_no(B, 2)
    contact = {"phone": "0773-5554321", "address": "广西桂林市象山区"}
    assert (
        _results(world.push(cred_b, [change(own, payload=case_payload(station_contact=contact))]))[0][
            "status"
        ]
        == "applied"
    )
    offered = transfer_records.request_id(own)
    request = TransferRequest(
        own, B, A, "核实", "li", "2026-12-06T01:00:00Z", "zhao", "2026-12-06T02:00:00Z", "C"
    )
    assert (
        _results(world.push(cred_b, [change(offered, payload=request.to_payload())]))[0]["status"]
        == "applied"
    )
    end = TransferEnd(offered, own, TransferState.DECLINED, "qin", "2026-12-06T03:00:00Z", "不属本辖区")
    declined = world.push(cred_a, [change(transfer_records.end_id(offered), payload=end.to_payload())])
    assert _results(declined)[0]["status"] == "applied"
    published = case_no(A, 11)
    reference, _ = publish(world, cred_a, published)
    world.run(lambda s: gallery.approve(s, reference, "wang", "依法公开"))
    _hand_over(world, cred_a, cred_b, published)
    assert _public_phone(world, reference) == "0773-5554321"


def test_the_tips_given_before_a_transfer_reach_the_holder(world: World) -> None:
    """Two tips about A's published child reached A before the case went to B: B, who follows
    the child up now, is given both at the completion (the same words, the same tip ids, so a
    station that held them already keeps one of each), a third tip goes to B only, and a station
    that took no part is given none."""
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    case = case_no(A, 9)
    reference = _published(world, cred_a, case)
    assert _tip(world, reference, "我在火车站见过他") == _tip(world, reference, "他穿红色上衣") == 303
    before = _gallery_items(world, cred_a, "tip")
    assert [i["payload"]["message"] for i in before] == ["我在火车站见过他", "他穿红色上衣"]

    _hand_over(world, cred_a, cred_b, case)
    given = _gallery_items(world, cred_b, "tip")
    assert [(i["record_id"], i["payload"]) for i in given] == [(i["record_id"], i["payload"]) for i in before]
    assert _tip(world, reference, "今天在公园又看见了") == 303
    assert [i["payload"]["message"] for i in _gallery_items(world, cred_b, "tip")][-1] == "今天在公园又看见了"
    assert len(_gallery_items(world, cred_a, "tip")) == 2  # A hears no more
    assert _gallery_items(world, cred_c, "tip") == []


def test_a_station_that_handed_a_case_over_fetches_only_the_pictures_it_handed_over(world: World) -> None:
    """A handed a case over to B with B's earlier picture in it (B had it, handed the case back,
    A fetched it); A may fetch that picture again (its read-only copy shows it, after a rebuild),
    never one C added after A handed the case on to C."""
    cred_a, cred_b, cred_c = world.enroll(A), world.enroll(B), world.enroll(C)
    case = case_no(A, 10)
    world.push(cred_a, [change(case)])

    def fetch(credential: str, record: str, sha: str) -> int:
        answer = world.client.get(
            f"/attachments/{sha}/chunks/0", params={"record": record}, headers=auth(credential)
        )
        return answer.status_code

    _hand_over(world, cred_a, cred_b, case)
    by_b, photo_b = b"B's picture of the boy" * 100, protocol.child_id(case, "photo")
    world.push(cred_b, [change(photo_b, payload=_photo(by_b))])
    sha_b = _upload(world, cred_b, by_b)
    _hand_over(world, cred_b, cred_a, case, (B, A))
    _hand_over(world, cred_a, cred_c, case, (A, C))
    by_c, photo_c = b"C's picture, taken after" * 100, protocol.child_id(case, "photo")
    world.push(cred_c, [change(photo_c, payload=_photo(by_c))])
    sha_c = _upload(world, cred_c, by_c)

    assert fetch(cred_a, photo_b, sha_b) == 200  # handed over by A to C
    assert fetch(cred_a, photo_c, sha_c) == 404  # never A's
    assert fetch(cred_a, photo_b, sha_c) == 404  # a record A handed over, naming another picture


def test_an_acceptance_and_changes_to_the_case_in_one_batch_are_all_applied(world: World) -> None:
    """B sends its acceptance and its changes to the case it took over in one batch (what it sends
    again to a server restored from a backup older than the transfer): the acceptance completes
    the transfer before the changes after it are decided, so they are B's own, and the case as
    handed over is A's, without B's change."""
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 11)
    world.push(cred_a, [change(case)])
    tid = transfer_records.request_id(case)
    world.push(cred_a, [change(tid, payload=_request(case, B).to_payload())])
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    edited = case_payload(officer="桂林所赵警官")
    results = _results(
        world.push(
            cred_b,
            [
                change(transfer_records.accept_id(tid), payload=accept.to_payload()),
                change(case, base=1, payload=edited),
                change(protocol.child_id(case, "sample")),
            ],
        )
    )
    assert [(r["status"], r.get("revision")) for r in results] == [
        ("applied", 1),
        ("applied", 2),
        ("applied", 1),
    ]
    (done,) = [i for i in _pull(world, cred_b) if i["payload"]["state"] == "completed"]
    handed = {r["record_id"]: r for r in done["payload"]["records"]}
    assert handed[case]["revision"] == 1 and handed[case]["payload"]["officer"] != "桂林所赵警官"
    with world.sessions() as s:
        record = s.get(Record, case)
        assert record is not None and json.loads(record.payload)["officer"] == "桂林所赵警官"


def test_a_tip_is_given_to_each_holder_once(world: World) -> None:
    """A case handed back and forth (A to B, back to A, to B again): each station is given each tip
    about its child once, however often the case changes hands."""
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 12)
    reference = _published(world, cred_a, case)
    assert _tip(world, reference, "我在火车站见过他") == _tip(world, reference, "他穿红色上衣") == 303
    _hand_over(world, cred_a, cred_b, case)
    _hand_over(world, cred_b, cred_a, case, (B, A))
    _hand_over(world, cred_a, cred_b, case)
    for credential in (cred_a, cred_b):
        tips = [i["record_id"] for i in _gallery_items(world, credential, "tip")]
        assert len(tips) == len(set(tips)) == 2


def test_a_tip_submitted_while_the_transfer_completes_reaches_the_holder(world: World) -> None:
    """A member of the public sends a tip at the moment B's acceptance is being applied: the tip
    waits for the transfer and goes to B, who holds the child from then on (never to A only)."""
    import threading

    from app.sync.protocol import Change
    from server.services import push

    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 13)
    reference = _published(world, cred_a, case)
    tid = transfer_records.request_id(case)
    world.push(cred_a, [change(tid, payload=_request(case, B).to_payload())])
    accept = TransferAcceptance(tid, case, "wang", "2026-12-06T03:00:00Z")
    answers: list[int] = []

    def tip() -> None:
        answers.append(_tip(world, reference, "在车站见过"))

    with world.sessions() as session:
        b_id = session.scalar(select(Station.id).where(Station.code == B))
        assert b_id is not None
        accepted = Change(
            "00000000-0000-4000-8000-0000000000aa", transfer_records.ACCEPT_RECORD_TYPE,
            transfer_records.accept_id(tid), 0, accept.to_payload(), "2026-12-06T03:00:00+00:00",
        )  # fmt: skip
        results = push.push_batch(session, b_id, B, [accepted])  # applied, not yet committed
        assert results[0].status == "applied"
        sender = threading.Thread(target=tip)
        sender.start()
        sender.join(1.0)  # the tip waits for the transfer's transaction
        session.commit()
    sender.join(30)
    assert answers == [303]
    assert [i["payload"]["message"] for i in _gallery_items(world, cred_b, "tip")] == ["在车站见过"]
    assert _gallery_items(world, cred_a, "tip") == []
