"""The offline enrolment package: what a station that never reaches the network needs to enrol,
carried on a USB stick and opened with a passphrase the operator reads out by phone.

Written by ``xunren-server station add CODE NAME --package FILE``, opened by ``xunren enroll
--file FILE``. Inside: the station's one-time enrolment token and when it expires, the server's
bundle key, the server's epoch and the station's number high-water marks. The body is encrypted
with AES-256-GCM under a key derived from the passphrase by Argon2id (the header, parameters and
salt included, is the associated data); a SHA-256 over header and ciphertext tells a damaged
file from a wrong passphrase. The passphrase is 24 random digits (about 80 bits), shown once by
the server in groups of four.

The token stays one-time: the station's first sealed bundle carries it and the server takes it
on import (:func:`offline_credential` gives the device credential both sides derive from it).
Shared by the station (app.services.enrolment, app.sync.bundle) and the server; no storage.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT = "xunren-enrolment/1"
PASSPHRASE_DIGITS = 24
# Argon2id cost: fixed (the passphrase is random, so a moderate cost suffices) and stored in the
# header; a header asking for more than the bounds below is refused as damaged.
KDF_PARAMS = {"t": 3, "m": 64 * 1024, "p": 1}
# The cost tests pass in (:func:`use_test_cost`, or the entry points' XUNREN_TEST_WEAK_KDF=1
# switch, which they announce): the product never writes a package with it.
TEST_KDF_PARAMS = {"t": 1, "m": 8192, "p": 1}
_test_cost: list[dict[str, int]] = []  # empty: the product's cost
_OFFLINE_CREDENTIAL_LABEL = b"xunren offline device credential/1\x00"


class PackageRefused(ValueError):
    """The package cannot be opened. ``code``: ``damaged`` (not a package, cut short or changed),
    ``wrong_passphrase`` or ``bad_passphrase`` (not 24 digits); ``str()`` is English."""

    def __init__(self, code: str, english: str) -> None:
        super().__init__(english)
        self.code = code


def use_test_cost(enabled: bool = True) -> None:
    """Tests only: seal new packages with the cheap test cost (``enabled=False`` restores the
    product's). Never called by the product unless its entry point was started with the test
    switch, which it announces."""
    _test_cost.clear()
    if enabled:
        _test_cost.append(dict(TEST_KDF_PARAMS))


def kdf_params() -> dict[str, int]:
    """The Argon2id cost a new package is sealed with: :data:`KDF_PARAMS` (the test cost where
    passed in)."""
    return dict(_test_cost[0] if _test_cost else KDF_PARAMS)


def new_passphrase() -> str:
    """24 random digits in groups of four (easy to read out over the phone, in any dialect)."""
    digits = "".join(secrets.choice("0123456789") for _ in range(PASSPHRASE_DIGITS))
    return " ".join(digits[i : i + 4] for i in range(0, PASSPHRASE_DIGITS, 4))


def normalised(passphrase: str) -> str:
    """The digits of *passphrase*: spaces, hyphens and full-width digits as an officer types them."""
    kept = "".join(ch for ch in passphrase if not ch.isspace() and ch not in "-－—")
    digits = kept.translate({0xFF10 + i: str(i) for i in range(10)})
    if len(digits) != PASSPHRASE_DIGITS or not digits.isascii() or not digits.isdigit():
        raise PackageRefused("bad_passphrase", "the passphrase is 24 digits")
    return digits


def offline_credential(token: str) -> str:
    """The device credential a station enrolled by package holds: derived from its one-time token
    on both sides, so the server's answer never has to carry a secret back to the station."""
    digest = hashlib.sha256(_OFFLINE_CREDENTIAL_LABEL + token.encode("utf-8")).digest()
    return "xd_" + base64.urlsafe_b64encode(digest).decode().rstrip("=")


def passphrase_key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    """The AES-256 key *passphrase* derives with *salt* (also the rebuild package's,
    :mod:`app.sync.rebuild_package`); :class:`PackageRefused` when it is not 24 digits."""
    return _key(passphrase, salt, params)


def _key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    secret = normalised(passphrase).encode()
    return hash_secret_raw(secret, salt, params["t"], params["m"], params["p"], 32, Type.ID)


def _checksum(aad: bytes, ct: bytes) -> str:
    return hashlib.sha256(aad + b"\x00" + ct).hexdigest()


def seal_package(body: dict[str, Any], *, station: str, passphrase: str) -> bytes:
    """The package bytes: *body* encrypted under *passphrase*; the header names the station."""
    params = kdf_params()
    header: dict[str, Any] = {"format": FORMAT, "station": station, "kdf": {"alg": "argon2id", **params},
              "salt": os.urandom(16).hex(), "nonce": os.urandom(12).hex()}  # fmt: skip
    aad = json.dumps(header, sort_keys=True).encode()
    key = _key(passphrase, bytes.fromhex(header["salt"]), params)
    plain = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    ct = AESGCM(key).encrypt(bytes.fromhex(header["nonce"]), plain, aad)
    envelope = {"header": header, "ciphertext": base64.b64encode(ct).decode(), "checksum": _checksum(aad, ct)}
    return json.dumps(envelope, indent=1).encode()


def peek_station(data: bytes) -> str:
    """The station code the header names (unauthenticated: checked again inside)."""
    return str(_read(data)[0]["station"])


def _read(data: bytes) -> tuple[dict[str, Any], bytes, dict[str, int]]:
    damaged = PackageRefused("damaged", "the file is damaged or not an enrolment package")
    try:
        envelope = json.loads(data)
        header = envelope["header"]
        if header["format"] != FORMAT or header["kdf"]["alg"] != "argon2id":
            raise damaged
        params = {k: header["kdf"][k] for k in ("t", "m", "p")}
        if not all(isinstance(v, int) for v in params.values()) or not (
            1 <= params["t"] <= 16 and 8192 <= params["m"] <= 1 << 20 and 1 <= params["p"] <= 8
        ):
            raise damaged
        ct = base64.b64decode(envelope["ciphertext"], validate=True)
        aad = json.dumps(header, sort_keys=True).encode()
        if envelope["checksum"] != _checksum(aad, ct) or not isinstance(header["station"], str):
            raise damaged
        bytes.fromhex(header["salt"] + header["nonce"])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise damaged from None
    return header, ct, params


def open_package(data: bytes, passphrase: str) -> dict[str, Any]:
    """The package's body; :class:`PackageRefused` when damaged or the passphrase is wrong."""
    header, ct, params = _read(data)
    key = _key(passphrase, bytes.fromhex(header["salt"]), params)
    aad = json.dumps(header, sort_keys=True).encode()
    try:
        plain = AESGCM(key).decrypt(bytes.fromhex(header["nonce"]), ct, aad)
    except InvalidTag:
        raise PackageRefused("wrong_passphrase", "the passphrase does not open this package") from None
    try:
        body: dict[str, Any] = json.loads(plain)
    except ValueError:
        raise PackageRefused("damaged", "the file is damaged or not an enrolment package") from None
    if body.get("station") != header["station"]:
        raise PackageRefused("damaged", "the file is damaged or not an enrolment package")
    return body
