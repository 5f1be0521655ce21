"""Authorization matrix: every endpoint × anonymous, wrong station, revoked station, owner, operator."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from conftest import World, auth, case_no, change

from app.sync import protocol

OWNER, OTHER, REVOKED = "370786001", "450300002", "110101003"
CHUNK = b"photo bytes"
SHA = hashlib.sha256(CHUNK).hexdigest()
CASE = case_no(OWNER, 1)

Call = Callable[[World, dict[str, str]], Any]


def _push(w: World, h: dict[str, str]) -> Any:
    answer = w.client.post("/sync/push", json={"changes": [change(CASE, base=1)]}, headers=h)
    if answer.status_code == 200:  # "applied" for the owner, "not_owner" for anyone else
        return answer.json()["results"][0].get("reason") or "applied"
    return answer.status_code


def _chunk(w: World, h: dict[str, str]) -> int:
    headers = {**h, "X-Chunk-SHA256": protocol.chunk_sha256(CHUNK)}
    return w.client.put(f"/attachments/{SHA}/chunks/0", content=CHUNK, headers=headers).status_code


ENDPOINTS: dict[str, Call] = {
    "POST /sync/push": _push,
    "GET /sync/pull": lambda w, h: w.client.get("/sync/pull", headers=h).status_code,
    "GET /sync/state": lambda w, h: w.client.get("/sync/state", headers=h).status_code,
    "PUT /attachments/{sha}/chunks/{i}": _chunk,
    "GET /attachments/{sha}": lambda w, h: w.client.get(f"/attachments/{SHA}", headers=h).status_code,
    "POST /attachments/{sha}/complete": lambda w, h: (
        w.client.post(f"/attachments/{SHA}/complete", json={"chunks": 1}, headers=h).status_code
    ),
    "GET /national/cases": lambda w, h: w.client.get("/national/cases", headers=h).status_code,
    "GET /national/matches": lambda w, h: w.client.get("/national/matches", headers=h).status_code,
    "GET /verify/{code}": lambda w, h: w.client.get("/verify/ABCD-EFGH", headers=h).status_code,
    "GET /health": lambda w, h: w.client.get("/health", headers=h).status_code,
}

# Expected answer per endpoint for: anonymous, bad token, wrong station, revoked, owner, operator.
# The owner's attachment calls run after its own upload was started (see the fixture).
EXPECTED: dict[str, tuple[Any, ...]] = {
    "POST /sync/push": (401, 401, "not_owner", 403, "applied", 403),
    "GET /sync/pull": (401, 401, 200, 403, 200, 403),
    "GET /sync/state": (401, 401, 200, 403, 200, 403),
    "PUT /attachments/{sha}/chunks/{i}": (401, 401, 200, 403, 200, 403),
    "GET /attachments/{sha}": (401, 401, 404, 403, 200, 403),
    "POST /attachments/{sha}/complete": (401, 401, 404, 403, 200, 403),
    "GET /national/cases": (401, 401, 403, 403, 403, 200),
    "GET /national/matches": (401, 401, 403, 403, 403, 200),
    "GET /verify/{code}": (200, 200, 200, 200, 200, 200),
    "GET /health": (200, 200, 200, 200, 200, 200),
}
CALLERS = ("anonymous", "bad token", "wrong station", "revoked station", "owning station", "operator")


@pytest.fixture
def callers(world: World) -> dict[str, dict[str, str]]:
    owner, other, revoked = world.enroll(OWNER), world.enroll(OTHER), world.enroll(REVOKED)
    assert world.push(owner, [change(CASE)]).json()["results"][0]["status"] == "applied"
    assert _chunk(world, auth(owner)) == 200
    world.revoke(REVOKED)
    return {
        "anonymous": {},
        "bad token": auth("xd_not-a-real-credential"),
        "wrong station": auth(other),
        "revoked station": auth(revoked),
        "owning station": auth(owner),
        "operator": auth(world.operator()),
    }


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_matrix(world: World, callers: dict[str, dict[str, str]], endpoint: str) -> None:
    got = tuple(ENDPOINTS[endpoint](world, callers[who]) for who in CALLERS)
    assert got == EXPECTED[endpoint], dict(zip(CALLERS, got, strict=True))


def test_enrolment_tokens(world: World) -> None:
    token = world.station_token(OWNER)
    assert token.startswith("xe_") and not token.startswith("-")
    first = world.client.post("/enroll", json={"token": token})
    assert first.status_code == 200 and first.json()["station_code"] == OWNER
    assert token not in first.text
    again = world.client.post("/enroll", json={"token": token})
    assert again.status_code == 401 and again.json()["reason"] == "bad_token"
    assert world.client.post("/enroll", json={"token": "x", "station": 1}).status_code == 422
    revoked = world.station_token(REVOKED)
    world.revoke(REVOKED)
    assert world.client.post("/enroll", json={"token": revoked}).status_code == 401
