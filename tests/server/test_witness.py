"""The server witnesses each station's audit chain (issue 12, item 5): a head that does not go on
from the last one it acknowledged is refused and raised as an alert; a declared restore is an
event, not tampering; the pushed changes themselves are never lost over it."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import World, case_no, change

from server.cli import main

A = "370786001"


def h(n: int, chain: str = "") -> str:
    return hashlib.sha256(f"{chain}{n}".encode()).hexdigest()


def head(
    seq: int, chain: str = "", anchor: int | None = None, restored_to: int | None = None
) -> dict[str, object]:
    body: dict[str, object] = {"seq": seq, "hash": h(seq, chain)}
    if anchor is not None:
        body["anchor"] = {"seq": anchor, "hash": h(anchor, chain)}
    if restored_to is not None:
        body["restored_to"] = {"seq": restored_to, "hash": h(restored_to)}
    return body


def push(world: World, cred: str, n: int, audit_head: dict[str, object]) -> dict[str, object]:
    answer = world.push(cred, [change(case_no(A, n))], audit_head=audit_head)
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["status"] == "applied"  # the data is never refused over it
    witness: dict[str, object] = answer.json()["witness"]
    return witness


def events(db_url: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["station", "events", "--station", A, "--json", "--db", db_url]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_a_cut_or_rewritten_chain_is_refused_and_raised_once(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cred = world.enroll(A)
    assert push(world, cred, 1, head(10))["accepted"] is True
    assert push(world, cred, 2, head(15, anchor=10))["accepted"] is True  # goes on from 10
    cut = push(world, cred, 3, head(12))  # fewer entries than acknowledged
    assert cut == {"accepted": False, "seq": 15, "hash": h(15), "reason": "shortened"}
    assert push(world, cred, 4, head(12))["reason"] == "shortened"  # the same head again
    assert push(world, cred, 5, head(15, chain="x"))["reason"] == "rewritten"  # another entry 15
    assert push(world, cred, 6, head(20, chain="x", anchor=15))["reason"] == "rewritten"  # another past
    alerts = [e for e in events(db_url, capsys) if e["alert"]]
    assert [a["detail"]["reason"] for a in alerts] == ["rewritten", "rewritten", "shortened"]  # newest first
    assert push(world, cred, 7, head(22, anchor=15))["accepted"] is True  # the true chain goes on


def test_a_declared_restore_is_an_event_not_tampering(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cred = world.enroll(A)
    push(world, cred, 1, head(10))
    push(world, cred, 2, head(20, anchor=10))
    # The station restored a backup taken when the server had acknowledged head 10; its chain
    # goes on from there with other entries than the ones the server saw up to 20.
    back = push(
        world,
        cred,
        3,
        head(14, chain="after-restore", restored_to=10) | {"anchor": {"seq": 10, "hash": h(10)}},
    )
    assert back["accepted"] is True and back["seq"] == 14
    kinds = [(e["kind"], e["alert"]) for e in events(db_url, capsys)]
    assert ("restore_declared", False) in kinds and not any(alert for _, alert in kinds)
    # A restore to a head the server never acknowledged is not believed.
    bogus = push(world, cred, 4, head(5, restored_to=7) | {"anchor": {"seq": 7, "hash": h(7)}})
    assert bogus["accepted"] is False and bogus["reason"] == "unknown_restore_point"


def anchored(
    seq: int, chain: str, anchors: list[tuple[int, str]], restored_to: int | None = None
) -> dict[str, object]:
    """A head with the station's own entries at the heads it sent (as (seq, chain) pairs)."""
    body = head(seq, chain, restored_to=restored_to)
    body["anchors"] = [{"seq": s, "hash": h(s, c)} for s, c in anchors]
    return body


def test_lost_requests_and_answers_never_look_like_a_rewrite(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cred = world.enroll(A)
    assert push(world, cred, 1, head(10))["accepted"] is True
    # The answer for 15 was lost: the next head anchors at the acknowledged 10 and the sent 15.
    assert push(world, cred, 2, anchored(15, "", [(10, "")]))["accepted"] is True
    assert push(world, cred, 3, anchored(20, "", [(10, ""), (15, "")]))["accepted"] is True
    late = push(world, cred, 4, anchored(15, "", [(10, "")]))  # a dead process's copy, late
    assert late == {"accepted": True, "seq": 15, "hash": h(15), "reason": None}
    assert push(world, cred, 5, anchored(25, "", [(20, "")]))["accepted"] is True  # 20 still stands
    # Anchored only at older heads, the witnessed 25 not among them: the gap was rewritten.
    assert push(world, cred, 6, anchored(30, "y", [(10, ""), (15, "")]))["reason"] == "rewritten"
    assert push(world, cred, 7, anchored(24, "", [(25, "")]))["reason"] == "shortened"  # past the head
    # A declared restore whose answer was lost is sent again: accepted, one event.
    assert push(world, cred, 8, anchored(12, "r", [(10, "")], restored_to=10))["accepted"] is True
    again = push(world, cred, 9, anchored(13, "r", [(10, ""), (12, "r")], restored_to=10))
    assert again["accepted"] is True
    kinds = [e["kind"] for e in events(db_url, capsys)]
    assert kinds.count("restore_declared") == 1, kinds
    assert [e["detail"]["reason"] for e in events(db_url, capsys) if e["alert"]] == ["shortened", "rewritten"]
