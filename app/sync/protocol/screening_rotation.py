"""A replaced screening key (issue 15): the rotation statement and the chain a station follows.

The station pins the screening signer on the first index it accepts and refuses any other. When
the operator replaces the key (``xunren-server screening rotate-key``: the old one was lost, or
may be known to someone else), the server records a :class:`Rotation` — old key, new key, when —
signed by the *new* key (it proves the server holds it). Every index answer carries the server's
rotations, and it reaches a station only over the authenticated channel: HTTPS with the
station's device credential, or inside the USB answer bundle that is sealed for the station and
signed by the server's bundle key pinned at enrolment. A station follows a chain of rotations
from the key it pinned to the answer's signer (:func:`reachable`), never a key no rotation names.

Why not a statement signed by the old key: a lost key signs nothing, so the rotation it is for
could never be made; and a key someone else knows signs *their* rotation as well as ours, so the
stations would follow the thief. The device channel is guarded by what the thief of a screening
key does not hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.sync.protocol import ProtocolError

__all__ = ["Rotation", "reachable", "sign_rotation"]

_CONTEXT = b"xunren-screening-rotation/1\n"


def _message(old: str, new: str, at: str) -> bytes:
    return _CONTEXT + f"{old}\n{new}\n{at}".encode()


@dataclass(frozen=True)
class Rotation:
    """The screening key *old* was replaced by *new* at *at*; *statement*: new's signature."""

    old: str  # hex Ed25519 public keys
    new: str
    at: str  # the server's clock, ISO 8601
    statement: str  # hex Ed25519 signature by *new* over the context, old, new and at

    def holds(self) -> bool:
        """The statement is the new key's signature over this rotation."""
        try:
            key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(self.new))
            key.verify(bytes.fromhex(self.statement), _message(self.old, self.new, self.at))
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_json(self) -> dict[str, str]:
        return {"old": self.old, "new": self.new, "at": self.at, "statement": self.statement}

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Rotation:
        try:
            values = [data["old"], data["new"], data["at"], data["statement"]]
            if not all(isinstance(v, str) for v in values):
                raise TypeError("a rotation's fields are text")
            return cls(*values)
        except (KeyError, TypeError) as exc:
            raise ProtocolError("invalid", f"malformed screening key rotation: {exc}") from None


def sign_rotation(old: str, new_seed: str, at: str) -> Rotation:
    """The rotation from public key *old* to the key of *new_seed* (hex), signed by the new key."""
    from app.sync.protocol.screening import sign_public

    new = sign_public(new_seed)
    signature = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(new_seed)).sign(_message(old, new, at))
    return Rotation(old, new, at, signature.hex())


def reachable(pinned: str, signer: str, rotations: Iterable[Rotation]) -> list[Rotation] | None:
    """The rotations, in the server's order, that lead from *pinned* to *signer* (each one's
    statement holding); None when *signer* cannot be reached — an unannounced key."""
    paths: dict[str, list[Rotation]] = {pinned: []}
    for rotation in rotations:
        if rotation.old in paths and rotation.new not in paths and rotation.holds():
            paths[rotation.new] = [*paths[rotation.old], rotation]
    return paths.get(signer)
