"""A replaced screening key (issue 15): the rotation statement and the chain a station follows.

The station pins the screening signer on the first index it accepts and refuses any other. When
the operator replaces the key (``xunren-server screening rotate-key``: the old one was lost, or
may be known to someone else), the server records a :class:`Rotation` — old key, new key, when —
signed twice: by the *new* key (the server holds it) and by the server's **bundle signing key**,
the Ed25519 key every station pinned at enrolment (the network answer or the enrolment package)
and checks every USB answer against. A station follows a chain of rotations from the key it
pinned to the answer's signer (:func:`reachable`) only when every link is vouched for by that
key: whoever answers in the server's place (a broken TLS, a plain-http test server) and makes a
key of their own cannot make the server's signature over it, so the pin holds whatever the
channel. A station that holds no server key (enrolled before it was given) follows no rotation
and says so; re-enrolling gives it the key.

Why not a statement signed by the old screening key: a lost key signs nothing, so the rotation
it is for could never be made; and a key someone else knows signs *their* rotation as well as
ours, so the stations would follow the thief. The bundle key is another key, in another file,
which the thief of a screening key does not hold.
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
_VOUCHED = b"xunren-screening-rotation-vouched/1\n"


def _message(old: str, new: str, at: str, context: bytes = _CONTEXT) -> bytes:
    return context + f"{old}\n{new}\n{at}".encode()


def _verify(public: str, signature: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)).verify(bytes.fromhex(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Rotation:
    """The screening key *old* was replaced by *new* at *at*; *statement*: new's signature;
    *vouched*: the server's bundle signing key's signature."""

    old: str  # hex Ed25519 public keys
    new: str
    at: str  # the server's clock, ISO 8601
    statement: str  # hex Ed25519 signature by *new* over the context, old, new and at
    vouched: str  # hex Ed25519 signature by the server's bundle key over its own context, old, new, at

    def holds(self, server_key: str) -> bool:
        """The statement is the new key's signature over this rotation and the server's bundle
        key *server_key* (hex public key, as the station pinned it) vouches for it."""
        return _verify(self.new, self.statement, _message(self.old, self.new, self.at)) and _verify(
            server_key, self.vouched, _message(self.old, self.new, self.at, _VOUCHED)
        )

    def to_json(self) -> dict[str, str]:
        return {
            "old": self.old,
            "new": self.new,
            "at": self.at,
            "statement": self.statement,
            "vouched": self.vouched,
        }

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Rotation:
        try:
            values = [data["old"], data["new"], data["at"], data["statement"], data["vouched"]]
            if not all(isinstance(v, str) for v in values):
                raise TypeError("a rotation's fields are text")
            return cls(*values)
        except (KeyError, TypeError) as exc:
            raise ProtocolError("invalid", f"malformed screening key rotation: {exc}") from None


def sign_rotation(old: str, new_seed: str, at: str, server_seed: str) -> Rotation:
    """The rotation from public key *old* to the key of *new_seed* (hex), signed by the new key
    and vouched for by the server's bundle signing key *server_seed* (hex)."""
    from app.sync.protocol.screening import sign_public

    new = sign_public(new_seed)
    statement = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(new_seed)).sign(_message(old, new, at))
    vouched = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(server_seed)).sign(
        _message(old, new, at, _VOUCHED)
    )
    return Rotation(old, new, at, statement.hex(), vouched.hex())


def reachable(
    pinned: str, signer: str, rotations: Iterable[Rotation], server_key: str | None
) -> list[Rotation] | None:
    """The rotations, in the server's order, that lead from *pinned* to *signer* (each one's
    statements holding under the server's bundle key *server_key*); None when *signer* cannot
    be reached — an unannounced key — or the station holds no server key to check them with."""
    if not server_key:
        return None
    paths: dict[str, list[Rotation]] = {pinned: []}
    for rotation in rotations:
        if rotation.old in paths and rotation.new not in paths and rotation.holds(server_key):
            paths[rotation.new] = [*paths[rotation.old], rotation]
    return paths.get(signer)
