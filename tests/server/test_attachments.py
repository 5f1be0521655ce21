"""Chunked, resumable attachment upload, each chunk and the whole checked by SHA-256."""

from __future__ import annotations

import hashlib
import os

from conftest import World, auth

from app.sync import protocol

A, B = "370786001", "450300002"


def test_resumable_upload(world: World) -> None:
    cred, other = world.enroll(A), world.enroll(B)
    photo = os.urandom(2 * 1000 + 17)
    whole = hashlib.sha256(photo).hexdigest()
    parts = [photo[i : i + 1000] for i in range(0, len(photo), 1000)]

    def put(index: int, data: bytes, digest: str | None = None, who: str = cred) -> int:
        headers = {**auth(who), "X-Chunk-SHA256": digest or protocol.chunk_sha256(data)}
        return world.client.put(
            f"/attachments/{whole}/chunks/{index}", content=data, headers=headers
        ).status_code

    assert world.client.get(f"/attachments/{whole}", headers=auth(cred)).status_code == 404
    assert put(0, parts[0]) == 200
    assert put(0, parts[0]) == 200  # resent: harmless
    assert put(2, parts[2]) == 200
    assert put(1, parts[1], digest="0" * 64) == 422  # corrupted in transit
    assert put(2, parts[1]) == 409  # a different chunk at a held index
    status = world.client.get(f"/attachments/{whole}", headers=auth(cred)).json()
    assert status["received"] == [0, 2] and not status["complete"]
    assert world.client.get(f"/attachments/{whole}", headers=auth(other)).status_code == 404
    done = world.client.post(f"/attachments/{whole}/complete", json={"chunks": 3}, headers=auth(cred))
    assert done.status_code == 409 and done.json()["reason"] == "chunks_missing"
    assert put(1, parts[1]) == 200
    done = world.client.post(f"/attachments/{whole}/complete", json={"chunks": 3}, headers=auth(cred))
    assert done.status_code == 200 and done.json()["complete"] and done.json()["size"] == len(photo)
    too_big = b"x" * (protocol.MAX_CHUNK_BYTES + 1)
    assert put(5, too_big) == 413


def test_whole_file_hash_is_checked(world: World) -> None:
    cred = world.enroll(A)
    claimed = hashlib.sha256(b"what the station meant").hexdigest()
    data = b"what arrived"
    headers = {**auth(cred), "X-Chunk-SHA256": protocol.chunk_sha256(data)}
    assert (
        world.client.put(f"/attachments/{claimed}/chunks/0", content=data, headers=headers).status_code == 200
    )
    done = world.client.post(f"/attachments/{claimed}/complete", json={"chunks": 1}, headers=auth(cred))
    assert done.status_code == 422 and done.json()["reason"] == "hash_mismatch"
