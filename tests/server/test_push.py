"""Push: ownership, revisions, reasons, per-record order, idempotency, limits, gzip."""

from __future__ import annotations

import gzip
import json
import threading
import uuid
from typing import Any

from conftest import World, auth, case_no, case_payload, change
from sqlalchemy import func, select

from app.core.verification import code_hash, new_code
from app.sync import protocol
from server.storage.tables import AuditWitness, JournalEntry, Record

A, B = "370786001", "450300002"


def _results(answer: Any) -> list[dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


def _snapshot(world: World) -> tuple[list[tuple[str, int, str]], int]:
    def read(s: Any) -> tuple[list[tuple[str, int, str]], int]:
        rows = s.execute(select(Record.record_id, Record.revision, Record.payload).order_by(Record.record_id))
        return [tuple(r) for r in rows], s.scalar(select(func.count()).select_from(JournalEntry))

    result: tuple[list[tuple[str, int, str]], int] = world.run(read)
    return result


def test_create_update_and_refusals(world: World) -> None:
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    case = case_no(A, 1)
    person = protocol.child_id(case, "person")
    results = _results(world.push(cred_a, [change(case), change(person, payload={"name": "张明"})]))
    assert [(r["status"], r["revision"]) for r in results] == [("applied", 1), ("applied", 1)]
    results = _results(
        world.push(
            cred_a,
            [
                change(case, base=1, payload=case_payload(review="approved")),
                change(case, base=1),  # stale: the previous change made it revision 2
                change(protocol.child_id(case_no(A, 9), "sample")),  # its case is not on the server
                change(case_no(B, 1)),  # another station's case number
                change(case_no(A, 2), payload={"type": "lost"}),  # invalid case payload
                change(f"{case}/s/{uuid.uuid4()}", record_type="person"),  # id does not fit its type
            ],
        )
    )
    assert [r["status"] for r in results] == ["applied"] + ["refused"] * 5
    assert [r["reason"] for r in results[1:]] == [
        "stale_revision",
        "missing_case",
        "not_owner",
        "invalid",
        "invalid",
    ]
    refused = _results(world.push(cred_b, [change(case, base=2), change(protocol.child_id(case, "person"))]))
    assert {r["reason"] for r in refused} == {"not_owner"}


def test_per_record_order_within_a_batch(world: World) -> None:
    cred = world.enroll(A)
    case = case_no(A, 1)
    statuses = ["void_pending", "open", "close_pending", "open", "close_pending"]
    batch = [change(case)] + [
        change(case, base=i, payload=case_payload(status=s)) for i, s in enumerate(statuses, start=1)
    ]
    results = _results(world.push(cred, batch))
    assert [r["revision"] for r in results] == [1, 2, 3, 4, 5, 6]
    assert world.run(lambda s: s.get(Record, case).status) == "close_pending"


def test_same_push_1_2_and_10_times_leaves_the_same_state(world: World) -> None:
    cred = world.enroll(A)
    batch = [change(case_no(A, i)) for i in range(1, 21)] + [change(case_no(B, 1))]
    first = _results(world.push(cred, batch))
    state = _snapshot(world)
    for _ in range(9):
        assert _results(world.push(cred, batch)) == first
        assert _snapshot(world) == state
    reordered = list(reversed(batch))
    assert _results(world.push(cred, reordered)) == list(reversed(first))


def test_concurrent_identical_pushes(world: World) -> None:
    cred = world.enroll(A)
    batch = [change(case_no(A, i)) for i in range(1, 51)]
    answers: list[Any] = []

    def send() -> None:
        answers.append(world.push(cred, batch))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bodies = [_results(a) for a in answers]
    assert all(b == bodies[0] for b in bodies)
    assert all(r["status"] == "applied" and r["revision"] == 1 for r in bodies[0])
    records, journal = _snapshot(world)
    assert len(records) == 50 and journal == 50


def test_state_counts_and_digest_match_the_client(world: World) -> None:
    cred = world.enroll(A)
    case = case_no(A, 7)
    person = protocol.child_id(case, "person")
    _results(world.push(cred, [change(case), change(person), change(case, base=1)]))
    state = world.client.get("/sync/state", headers=auth(cred)).json()
    assert state["counts"] == {"case": 1, "person": 1} and state["total"] == 2
    assert state["digest"] == protocol.records_digest([(case, 2), (person, 1)])
    assert state["station"] == A and state["epoch"] and state["server_time"].endswith("Z")


def test_bounds_gzip_and_bad_bodies(world: World) -> None:
    cred = world.enroll(A)
    too_many = [change(case_no(A, i)) for i in range(1, world.settings.max_batch_changes + 2)]
    answer = world.push(cred, too_many)
    assert answer.status_code == 413 and answer.json()["reason"] == "batch_too_large"
    big = change(
        case_no(A, 1), payload={"type": "missing", "note": "x" * (world.settings.max_batch_bytes + 10)}
    )
    assert world.push(cred, [big]).status_code == 413
    bomb = gzip.compress(b"[" + b" " * (world.settings.max_batch_bytes + 10) + b"]")
    headers = {**auth(cred), "Content-Encoding": "gzip", "Content-Type": "application/json"}
    assert world.client.post("/sync/push", content=bomb, headers=headers).status_code == 413
    assert world.client.post("/sync/push", content=b"\x1f\x8bnot gzip", headers=headers).status_code == 400
    body = gzip.compress(json.dumps({"changes": [change(case_no(A, 1))]}).encode())
    answer = world.client.post("/sync/push", content=body, headers=headers)
    assert _results(answer)[0]["status"] == "applied"
    for bad in (b"{", b"[]", b'{"changes": [], "extra": 1}', b'{"changes": [{"change_id": 5}]}'):
        answer = world.client.post(
            "/sync/push", content=bad, headers={**auth(cred), "Content-Type": "application/json"}
        )
        assert answer.status_code == 422 and answer.json()["reason"] == "invalid"
    weird = json.dumps({"changes": [change(case_no(A, 3), payload={"type": "found", "bad": "\ud800"})]})
    answer = world.client.post(
        "/sync/push", content=weird.encode(), headers={**auth(cred), "Content-Type": "application/json"}
    )
    assert _results(answer)[0]["reason"] == "invalid"
    ok = change(case_no(A, 4), payload=case_payload("found", nul="a\x00b", name="张\u3000明"))
    assert _results(world.push(cred, [ok]))[0]["status"] == "applied"


def test_audit_head_is_witnessed_and_verification_stored(world: World) -> None:
    cred = world.enroll(A)
    code = new_code()
    payload = case_payload(verification_hash=code_hash(code))
    _results(
        world.push(cred, [change(case_no(A, 1), payload=payload)], audit_head={"seq": 42, "hash": "ab" * 32})
    )
    witness = world.run(lambda s: s.execute(select(AuditWitness.chain_seq, AuditWitness.chain_hash)).one())
    assert tuple(witness) == (42, "ab" * 32)
    assert world.client.get(f"/verify/{code}").json() == {"registered": True, "status": "registered"}


def test_text_postgresql_cannot_store_is_refused_not_a_server_error(world: World) -> None:
    """A NUL character is fine inside the JSON text (it is escaped there) but not in the columns
    the server copies out of a case payload: such a change is refused as invalid, never a 5xx.
    Backslashes, tabs and line breaks arrive in every column exactly as sent."""
    cred = world.enroll(A)
    nul_status = change(case_no(A, 1), payload={**case_payload(), "status": "a\x00b"})
    odd = case_payload(officer="登记\t\\N\r\n", note="a\x00b\\\t\n\\.")
    fine = change(case_no(A, 2), payload=odd)
    results = _results(world.push(cred, [nul_status, fine]))
    assert [r["status"] for r in results] == ["refused", "applied"]
    assert results[0]["reason"] == "invalid"
    rows, journal = _snapshot(world)
    assert [(r[0], r[1]) for r in rows] == [(case_no(A, 2), 1)] and journal == 1
    assert json.loads(rows[0][2]) == odd
    status = world.run(lambda s: s.scalar(select(Record.status).where(Record.record_id == case_no(A, 2))))
    assert status == "open"  # a case status is a CaseStatus: the odd text stays in the payload


def test_payloads_json_cannot_hold_are_refused_and_kept(world: World) -> None:
    """NaN, Infinity and numbers past a double are not JSON a station can be answered with: each
    such change is refused as invalid (the rest of the batch applies); the text "NaN" is fine."""
    cred = world.enroll(A)
    ids = [case_no(A, n) for n in range(1, 5)]
    values = ["NaN", "-Infinity", "1e400", '"NaN and Infinity"']
    changes = [
        json.dumps(change(i, payload=case_payload("found", x=0))).replace('"x": 0', f'"x": {v}')
        for i, v in zip(ids, values, strict=True)
    ]
    body = ('{"changes": [' + ", ".join(changes) + "]}").encode()
    answer = world.client.post(
        "/sync/push", content=body, headers={**auth(cred), "Content-Type": "application/json"}
    )
    results = _results(answer)
    assert [(r["status"], r["reason"]) for r in results] == [("refused", "invalid")] * 3 + [("applied", None)]
    rows, journal = _snapshot(world)
    assert [r[0] for r in rows] == [ids[3]] and journal == 1
    assert json.loads(rows[0][2]) == case_payload("found", x="NaN and Infinity")
