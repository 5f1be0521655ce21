"""The wire protocol module on its own (no server)."""

from __future__ import annotations

import hashlib

import pytest

from app.sync import protocol


def test_record_ids() -> None:
    case = "370786001-2026-000001"
    person = protocol.child_id(case, "person")
    assert protocol.check_record_id("case", case) is None
    assert protocol.check_record_id("person", person) is None
    assert protocol.check_record_id("sample", person) is not None
    assert protocol.check_record_id("case", "37078600-2026-000001") is not None
    assert protocol.check_record_id("widget", person) is not None
    assert protocol.station_of(person) == "370786001"
    assert protocol.case_of(person) == case


def test_digest_is_defined_over_sorted_lines() -> None:
    pairs = [("b", 2), ("a", 1)]
    expected = hashlib.sha256(b"a 1\nb 2\n").hexdigest()
    assert protocol.records_digest(pairs) == expected
    assert protocol.records_digest([]) == hashlib.sha256(b"").hexdigest()


def test_coarse_status() -> None:
    assert protocol.coarse_status(None) == "registered"
    assert protocol.coarse_status("reunited") == "closed"
    assert protocol.coarse_status("dna_sent") == "in_progress"


def test_change_problem_and_json_round_trip() -> None:
    change = protocol.Change(
        "0b8e6b0c-8f40-4d7c-9d8a-1f2e3d4c5b6a",
        "case",
        "370786001-2026-000001",
        0,
        {"type": "found"},
        "2026-01-01T00:00:00+08:00",
    )
    assert change.problem() is None
    body = protocol.PushRequest([change], protocol.AuditHead(3, "a" * 64)).to_json()
    assert b'"audit_head":{"seq":3' in body
    bad = protocol.Change("nope", "case", "x", -1, {}, "")
    assert bad.problem() is not None


def test_audit_head_round_trip_and_its_proofs() -> None:
    a, b, c = ("a" * 64), ("b" * 64), ("c" * 64)
    head = protocol.AuditHead(9, c, anchor=(3, a), anchors=((3, a), (6, b), (12, a)))
    assert protocol.AuditHead.from_json(head.to_json()) == head
    assert head.proofs() == {(3, a), (6, b), (9, c)}  # a point past the head proves nothing
    for bad in (
        {"seq": -1, "hash": a},
        {"seq": 1, "hash": "A" * 64},
        {"seq": True, "hash": a},
        {"seq": 1, "hash": a, "anchors": [{"seq": 1}]},
        {"seq": 1, "hash": a, "anchors": [{"seq": 1, "hash": a}] * (protocol.MAX_AUDIT_ANCHORS + 3)},
        [1, a],
    ):
        with pytest.raises(ValueError):
            protocol.AuditHead.from_json(bad)
