"""The USB bundle envelope: encrypted for the reader, signed by the writer.

Hybrid encryption: an ephemeral X25519 key agreed with the reader's public key, HKDF-SHA256 to
an AES-256-GCM key, the header as associated data; then an Ed25519 signature by the writer over
header and ciphertext. A lost stick reveals nothing (only the reader's private key opens it); a
changed byte anywhere, or a bundle made by anyone without the writer's key, is refused.
Shared by the station (app.sync.bundle) and the server (server.services.bundles); no storage.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT = "xunren-bundle/1"
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw


class BundleRefused(ValueError):
    """The bundle is not one we can trust: damaged, tampered with, or not for us.

    ``code`` names the reason (the station's services word it in the user's language, see
    ``app.services.enrolment.BUNDLE_REASONS``); ``params`` fill that wording; ``str()`` is the
    English text the server's operator sees.
    """

    def __init__(self, code: str, english: str, **params: str) -> None:
        super().__init__(english)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class KeyPair:
    """A party's two keys, kept as 32-byte private seeds (hex)."""

    box_seed: str  # X25519: bundles are encrypted to its public part
    sign_seed: str  # Ed25519: bundles are signed with it

    @classmethod
    def new(cls) -> KeyPair:
        return cls(os.urandom(32).hex(), os.urandom(32).hex())

    def box_public(self) -> str:
        key = X25519PrivateKey.from_private_bytes(bytes.fromhex(self.box_seed))
        return key.public_key().public_bytes(_RAW, _RAW_PUB).hex()

    def sign_public(self) -> str:
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(self.sign_seed))
        return key.public_key().public_bytes(_RAW, _RAW_PUB).hex()


def _aes_key(shared: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal(body: dict[str, Any], *, kind: str, station: str, reader_box_public: str, writer: KeyPair) -> bytes:
    """The bundle bytes: *body* encrypted for the reader and signed by *writer*."""
    ephemeral = X25519PrivateKey.generate()
    eph_pub = ephemeral.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(reader_box_public)))
    header = {"format": FORMAT, "kind": kind, "station": station, "ephemeral": eph_pub.hex(),
              "nonce": os.urandom(12).hex(), "signer": writer.sign_public()}  # fmt: skip
    aad = json.dumps(header, sort_keys=True).encode()
    plain = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    ct = AESGCM(_aes_key(shared, aad)).encrypt(bytes.fromhex(header["nonce"]), plain, aad)
    signer = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(writer.sign_seed))
    signature = signer.sign(aad + ct)
    envelope = {"header": header, "ciphertext": base64.b64encode(ct).decode(), "signature": signature.hex()}
    return json.dumps(envelope).encode()


def peek(data: bytes) -> dict[str, Any]:
    """The unauthenticated header (who claims to have written it); verify with :func:`open_`."""
    try:
        envelope = json.loads(data)
        header = envelope["header"]
        if header.get("format") != FORMAT:
            raise BundleRefused("not_bundle", "not a Xunren sync bundle")
        return dict(header)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BundleRefused("damaged", "not a Xunren sync bundle (damaged or another file)") from None


def open_(data: bytes, *, kind: str, reader: KeyPair, writer_sign_public: str) -> dict[str, Any]:
    """Verify the writer's signature, then decrypt; :class:`BundleRefused` on any doubt."""
    header = peek(data)
    try:
        envelope = json.loads(data)
        ct = base64.b64decode(envelope["ciphertext"], validate=True)
        signature = bytes.fromhex(envelope["signature"])
        aad = json.dumps(header, sort_keys=True).encode()
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(writer_sign_public)).verify(signature, aad + ct)
    except (InvalidSignature, ValueError, KeyError, TypeError):
        raise BundleRefused(
            "forged", "the signature does not match: the bundle was changed or forged"
        ) from None
    if header.get("kind") != kind:
        raise BundleRefused(
            "wrong_kind", f"this is a {header.get('kind')} bundle, not a {kind} bundle",
            kind=str(header.get("kind")), expected=kind,
        )  # fmt: skip
    try:
        box = X25519PrivateKey.from_private_bytes(bytes.fromhex(reader.box_seed))
        shared = box.exchange(X25519PublicKey.from_public_bytes(bytes.fromhex(header["ephemeral"])))
        plain = AESGCM(_aes_key(shared, aad)).decrypt(bytes.fromhex(header["nonce"]), ct, aad)
        body: dict[str, Any] = json.loads(plain)
    except (InvalidTag, ValueError, KeyError):
        raise BundleRefused(
            "undecryptable", "the bundle cannot be decrypted: it is not addressed to us or was changed"
        ) from None
    return body
