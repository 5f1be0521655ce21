"""Key slots: how each user's password (or the recovery key) reaches the station's data key.

Two levels, so that removing a user can rotate the data key for everyone else without knowing
their passwords:

* each slot holds an X25519 private key, sealed with AES-256-GCM under a KEK =
  Argon2id(password, salt, t, m, p) (parameters stored per slot); its public key is in clear;
* the data key is sealed to every slot's public key (ephemeral X25519, HKDF-SHA256, AES-256-GCM).

Associated data on every AES-GCM operation names the format version, station code, store id,
slot user and purpose, so a slot copied to another user or another station's file does not open.
A MAC keyed from the data key covers the list of (user, public key) so that someone who can write
the file but holds no key cannot plant a public key of their own and receive the next data key.
The file never holds a secret in clear; messages and reprs never carry key material.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.storage.atomic import json_bytes, write_atomic
from app.storage.files import SLOTS_FILE
from app.storage.kdf import KdfParams, below_floor, derive_kek, product_params, test_cost_active
from app.storage.kdf import calibrate as calibrate
from app.storage.recovery_key import new_recovery_key, parse_recovery_key
from app.storage.slot_errors import (
    BadPasswordError,
    KeySlotError,
    SlotFileMissingError,
    UnknownUserError,
)

__all__ = [
    "SLOTS_FILE",
    "BadPasswordError", "KdfParams", "KeySlotError", "KeySlotFile", "SlotFileMissingError", "UnknownUserError",
    "calibrate", "derive_kek", "new_recovery_key", "parse_recovery_key", "product_params",
]  # fmt: skip

FORMAT = "xunren-keyslots"
VERSION = 1
RECOVERY_USER = "__recovery__"
MIN_PASSWORD_CHARS = 10
DATA_KEY_BYTES = 32
# Letters are ASCII only: Cyrillic or full-width look-alikes would let two accounts read the same.
_USER_RE = re.compile(
    r"[A-Za-z0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f][A-Za-z0-9._\-\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{0,31}"
)
_RESERVED = {"root", "system", "nobody", "recovery"}
_RAW = serialization.Encoding.Raw


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def validate_user_name(user: str) -> str:
    """Return the NFC form of *user* or raise :class:`KeySlotError` naming the rule it breaks."""
    name = unicodedata.normalize("NFC", user)
    if not _USER_RE.fullmatch(name):
        raise KeySlotError("user name must be 1-32 letters, digits, . _ - or Chinese characters")
    if name.casefold() in _RESERVED:
        raise KeySlotError(f"user name '{name}' is reserved")
    return name


def _check_password(password: str) -> bytes:
    pw = unicodedata.normalize("NFC", password)  # the same password typed through another IME
    if len(pw) < MIN_PASSWORD_CHARS:
        raise KeySlotError(f"password must have at least {MIN_PASSWORD_CHARS} characters")
    return pw.encode("utf-8")


@dataclass(frozen=True)
class _Wrap:
    # Sealed material stays out of reprs and tracebacks even though it is ciphertext.
    key_id: str
    epk: bytes = field(repr=False)
    nonce: bytes = field(repr=False)
    ct: bytes = field(repr=False)


@dataclass(frozen=True)
class _Slot:
    user: str
    kdf: KdfParams
    salt: bytes = field(repr=False)
    public: bytes = field(repr=False)
    nonce: bytes = field(repr=False)
    sealed_private: bytes = field(repr=False)
    wraps: tuple[_Wrap, ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "user": self.user,
            "kdf": {"alg": "argon2id", **self.kdf.to_json(), "salt": _b64(self.salt)},
            "public_key": _b64(self.public),
            "private": {"nonce": _b64(self.nonce), "ct": _b64(self.sealed_private)},
            "wraps": [
                {"key_id": w.key_id, "epk": _b64(w.epk), "nonce": _b64(w.nonce), "ct": _b64(w.ct)}
                for w in self.wraps
            ],
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> _Slot:
        kdf = obj["kdf"]
        if kdf["alg"] != "argon2id":
            raise ValueError("unknown KDF")
        wraps = tuple(
            _Wrap(str(w["key_id"]), _unb64(w["epk"]), _unb64(w["nonce"]), _unb64(w["ct"]))
            for w in obj["wraps"]
        )
        return cls(
            user=str(obj["user"]),
            kdf=KdfParams.from_json(kdf),
            salt=_unb64(kdf["salt"]),
            public=_unb64(obj["public_key"]),
            nonce=_unb64(obj["private"]["nonce"]),
            sealed_private=_unb64(obj["private"]["ct"]),
            wraps=wraps,
        )


class KeySlotFile:
    """The station's ``keyslots.json``: one slot per user plus the recovery slot."""

    def __init__(self, path: Path, header: dict[str, Any], slots: list[_Slot]) -> None:
        self._path = path
        self.station_code: str = header["station_code"]
        self.store_id: str = header["store_id"]
        self._key_ids: list[str] = list(header["key_ids"])  # newest first
        self._macs: dict[str, str] = dict(header["macs"])
        self._kdf_default = KdfParams.from_json(header["kdf_default"])
        self._slots = slots
        self._digest: bytes | None = None  # of the file as last read or written by this object

    def __repr__(self) -> str:
        return f"KeySlotFile(station={self.station_code!r}, users={len(self._slots) - 1})"

    # ---- opening and creating -------------------------------------------------------------
    @classmethod
    def create(
        cls, data_dir: Path, station_code: str, admin_user: str, admin_password: str, *, data_key: bytes
    ) -> tuple[KeySlotFile, str]:
        """Create the slot file with the admin's slot and the recovery slot.

        Returns the file and the recovery key text, to be shown once. Fails if a file exists.
        """
        path = Path(data_dir) / SLOTS_FILE
        if path.exists():
            raise KeySlotError("this data directory already has a key slot file")
        _check_key(data_key)
        admin = validate_user_name(admin_user)
        pw = _check_password(admin_password)
        kdf = product_params()
        store_id = secrets.token_hex(16)
        header = {"station_code": station_code, "store_id": store_id, "kdf_default": kdf.to_json(),
                  "key_ids": [], "macs": {}}  # fmt: skip
        slots = cls(path, header, [])
        slots._key_ids = [slots._key_id(data_key)]
        recovery = new_recovery_key()
        slots._slots.append(slots._new_slot(admin, pw, data_key))
        slots._slots.append(slots._new_slot(RECOVERY_USER, parse_recovery_key(recovery).encode(), data_key))
        slots._macs = {slots._key_ids[0]: slots._mac(data_key)}
        slots._save()
        return slots, recovery

    @classmethod
    def load(cls, data_dir: Path) -> KeySlotFile:
        """Read ``keyslots.json``; :class:`SlotFileMissingError` if absent, :class:`KeySlotError` if bad."""
        path = Path(data_dir) / SLOTS_FILE
        try:
            raw = path.read_bytes()
            obj = json.loads(raw.decode("utf-8"))
        except FileNotFoundError as exc:
            raise SlotFileMissingError("the key slot file keyslots.json is missing") from exc
        except (OSError, ValueError) as exc:
            raise KeySlotError("the key slot file is damaged (not readable JSON)") from exc
        try:
            if obj["format"] != FORMAT or obj["version"] != VERSION:
                raise KeySlotError("the key slot file has an unknown format or version")
            slots = [_Slot.from_json(s) for s in obj["slots"]]
            header = {k: obj[k] for k in ("station_code", "store_id", "key_ids", "macs", "kdf_default")}
            if not isinstance(header["station_code"], str) or not re.fullmatch(
                r"[0-9a-f]{32}", header["store_id"]
            ):
                raise ValueError("bad header")
            names = [s.user for s in slots]
            if len(set(names)) != len(names) or RECOVERY_USER not in names or not header["key_ids"]:
                raise ValueError("bad slot list")
            loaded = cls(path, header, slots)
            loaded._digest = hashlib.sha256(raw).digest()
            return loaded
        except KeySlotError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise KeySlotError("the key slot file is damaged") from exc

    # ---- reading -----------------------------------------------------------------------------
    def users(self) -> list[str]:
        """User names that have a slot (the recovery slot is not a user)."""
        return [s.user for s in self._slots if s.user != RECOVERY_USER]

    def pending_rotation(self) -> bool:
        """True while a data-key rotation has begun and not been finished."""
        return len(self._key_ids) > 1

    def unlock(self, user: str, password: str) -> list[bytes]:
        """Candidate data keys for *user*, newest first (two only while a rotation is pending)."""
        slot = self._slot(unicodedata.normalize("NFC", user))
        if slot.user == RECOVERY_USER:
            raise UnknownUserError("no such user")
        pw = unicodedata.normalize("NFC", password).encode("utf-8")
        return self._open_data_keys(slot, self._open_private(slot, pw))

    def unlock_recovery(self, recovery_key: str) -> list[bytes]:
        """Candidate data keys through the recovery slot."""
        slot = self._slot(RECOVERY_USER)
        canon = parse_recovery_key(recovery_key).encode("ascii")
        return self._open_data_keys(slot, self._open_private(slot, canon))

    def unlock_older(self, older: KeySlotFile, user: str | None, secret: str) -> list[bytes]:
        """Data keys of *older* (this station's slot file as a backup kept it) opened with the
        private key of *user*'s slot here (the recovery slot when *user* is None): a password
        change or a key rotation since the backup kept that private key, so today's password
        (or today's recovery key) opens the backup as long as the slot itself was not re-made."""
        if (older.station_code, older.store_id) != (self.station_code, self.store_id):
            raise KeySlotError("the backup's key slots belong to another station")
        name = RECOVERY_USER if user is None else unicodedata.normalize("NFC", user)
        mine = self._slot(name)
        canon = (
            parse_recovery_key(secret).encode("ascii")
            if user is None
            else unicodedata.normalize("NFC", secret).encode("utf-8")
        )
        private = self._open_private(mine, canon)
        theirs = older._slot(name)
        if theirs.public != mine.public:
            raise BadPasswordError("the slot was made anew since the backup")
        return older._open_data_keys(theirs, private)

    # ---- changing ------------------------------------------------------------------------------
    def add_user(self, user: str, password: str, data_key: bytes) -> None:
        """Give *user* a slot for *data_key* (the current key). Written atomically."""
        name = validate_user_name(user)
        pw = _check_password(password)
        if self.pending_rotation():
            raise KeySlotError("a key change is unfinished: open the store once before adding users")
        self._require_current(data_key)
        if any(s.user.casefold() == name.casefold() for s in self._slots):
            raise KeySlotError(f"user '{name}' already exists")
        self._slots.insert(len(self._slots) - 1, self._new_slot(name, pw, data_key))
        self._macs = {self._key_ids[0]: self._mac(data_key)}
        self._save()

    def set_password(self, user: str, old_password: str, new_password: str) -> None:
        """Change *user*'s password; the old one must open the slot. Written atomically."""
        slot = self._slot(unicodedata.normalize("NFC", user))
        new_pw = _check_password(new_password)
        old_pw = unicodedata.normalize("NFC", old_password).encode("utf-8")
        private = self._open_private(slot, old_pw)
        self._open_data_keys(slot, private)  # proves the slot and file are intact before rewriting
        self._replace(slot, replace(self._seal_private(slot.user, private, new_pw), wraps=slot.wraps))
        self._save()

    def reset_password(self, user: str, new_password: str, data_key: bytes) -> None:
        """Admin reset of a forgotten password: a new slot for *user* under the current key."""
        if self.pending_rotation():
            raise KeySlotError("a key change is unfinished: open the store once first")
        self._require_current(data_key)
        slot = self._slot(validate_user_name(user))
        self._replace(slot, self._new_slot(slot.user, _check_password(new_password), data_key))
        self._macs = {self._key_ids[0]: self._mac(data_key)}
        self._save()

    def recover(self, admin: str, new_password: str, new_recovery_key: str, data_key: bytes) -> None:
        """After the recovery key opened the store: a new slot for *admin* under *new_password*
        and a new recovery slot for *new_recovery_key*, in one atomic write (the old recovery key
        and the admin's old password stop opening anything new)."""
        if self.pending_rotation():
            raise KeySlotError("a key change is unfinished: open the store once first")
        self._require_current(data_key)
        slot = self._slot(validate_user_name(admin))
        recovery = self._slot(RECOVERY_USER)
        self._replace(slot, self._new_slot(slot.user, _check_password(new_password), data_key))
        canon = parse_recovery_key(new_recovery_key).encode("ascii")
        self._replace(recovery, self._new_slot(RECOVERY_USER, canon, data_key))
        self._macs = {self._key_ids[0]: self._mac(data_key)}
        self._save()

    def begin_rotation(self, remove_user: str | None, new_key: bytes, current_key: bytes) -> None:
        """Drop *remove_user*'s slot and seal *new_key* to every remaining slot beside the current wrap."""
        if self.pending_rotation():
            raise KeySlotError("a key change is already pending")
        self._require_current(current_key)
        _check_key(new_key)
        new_id = self._key_id(new_key)
        if new_id == self._key_ids[0]:
            raise KeySlotError("the new data key equals the current one")
        if remove_user is not None:
            gone = self._slot(unicodedata.normalize("NFC", remove_user))
            if gone.user == RECOVERY_USER or len(self.users()) == 1:
                raise KeySlotError("the recovery slot and the last account cannot be removed")
            self._slots.remove(gone)
        self._slots = [replace(s, wraps=(self._wrap(s, new_key, new_id), *s.wraps)) for s in self._slots]
        self._key_ids = [new_id, self._key_ids[0]]
        self._macs = {new_id: self._mac(new_key), self._key_ids[1]: self._mac(current_key)}
        self._save()

    def finish_rotation(self, new_key: bytes) -> None:
        """Forget every wrap except *new_key*'s (only after the database uses it). Atomic."""
        if not self.pending_rotation():
            return
        self._require_current(new_key)
        new_id = self._key_ids[0]
        self._slots = [replace(s, wraps=tuple(w for w in s.wraps if w.key_id == new_id)) for s in self._slots]
        self._key_ids = [new_id]
        self._macs = {new_id: self._mac(new_key)}
        self._save()

    # ---- internals ------------------------------------------------------------------------------
    def _slot(self, user: str) -> _Slot:
        for s in self._slots:
            if s.user == user:
                return s
        raise UnknownUserError("no such user")

    def _replace(self, old: _Slot, new: _Slot) -> None:
        self._slots[self._slots.index(old)] = new

    def _aad(self, user: str, purpose: str, extra: str = "") -> bytes:
        fields = [FORMAT, str(VERSION), self.station_code, self.store_id, user, purpose, extra]
        return json.dumps(fields, ensure_ascii=False).encode("utf-8")

    def _key_id(self, key: bytes) -> str:
        # A one-way label so wraps of the old and new key can be told apart; reveals nothing.
        hk = HKDF(hashes.SHA256(), 16, self.store_id.encode(), b"xunren key id v1")
        return hk.derive(key).hex()

    def _mac(self, key: bytes) -> str:
        mac_key = HKDF(hashes.SHA256(), 32, self.store_id.encode(), b"xunren slot list mac v1").derive(key)
        listed = [[s.user, _b64(s.public)] for s in self._slots]
        body = json.dumps([self.station_code, self.store_id, self._key_ids, listed], ensure_ascii=False)
        return hmac.new(mac_key, body.encode("utf-8"), hashlib.sha256).hexdigest()

    def _require_current(self, key: bytes) -> None:
        _check_key(key)
        kid = self._key_id(key)
        if kid != self._key_ids[0]:
            raise KeySlotError("that is not the station's current data key")
        if not hmac.compare_digest(self._macs.get(kid, ""), self._mac(key)):
            raise KeySlotError("the key slot file has been altered: its user list does not verify")

    def _new_cost(self) -> KdfParams:
        """The cost of a slot sealed now: the station's calibrated default, the test cost where
        passed in, and never a test-made default outside tests (it is replaced in the header)."""
        if test_cost_active():
            return product_params()
        if below_floor(self._kdf_default):
            self._kdf_default = product_params()
        return self._kdf_default

    def below_floor(self, user: str) -> bool:
        """True when *user*'s slot was sealed with a cost below the product's floor (test-made)."""
        return below_floor(self._slot(unicodedata.normalize("NFC", user)).kdf)

    def strengthen(self, user: str, password: str) -> bool:
        """Re-seal *user*'s slot at the calibrated cost when it was made with a weaker one (the
        same private key, so its wraps stay). False when nothing needed doing. Atomic."""
        slot = self._slot(unicodedata.normalize("NFC", user))
        if test_cost_active() or not below_floor(slot.kdf):
            return False
        secret = unicodedata.normalize("NFC", password).encode("utf-8")
        private = self._open_private(slot, secret)
        self._open_data_keys(slot, private)
        self._replace(slot, replace(self._seal_private(slot.user, private, secret), wraps=slot.wraps))
        self._save()
        return True

    def _seal_private(self, user: str, private: X25519PrivateKey, secret: bytes) -> _Slot:
        kdf = self._new_cost()
        salt = os.urandom(16)
        public = private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
        nonce = os.urandom(12)
        raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
        sealed = AESGCM(derive_kek(secret, salt, kdf)).encrypt(
            nonce, raw, self._aad(user, "slot-private", _b64(public))
        )
        return _Slot(user, kdf, salt, public, nonce, sealed)

    def _new_slot(self, user: str, secret: bytes, data_key: bytes) -> _Slot:
        slot = self._seal_private(user, X25519PrivateKey.generate(), secret)
        return replace(slot, wraps=(self._wrap(slot, data_key, self._key_ids[0]),))

    def _wrap_key(self, shared: bytes, epk: bytes, public: bytes) -> AESGCM:
        return AESGCM(HKDF(hashes.SHA256(), 32, epk + public, b"xunren data-key wrap v1").derive(shared))

    def _wrap(self, slot: _Slot, key: bytes, key_id: str) -> _Wrap:
        eph = X25519PrivateKey.generate()
        epk = eph.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
        aead = self._wrap_key(eph.exchange(X25519PublicKey.from_public_bytes(slot.public)), epk, slot.public)
        nonce = os.urandom(12)
        return _Wrap(key_id, epk, nonce, aead.encrypt(nonce, key, self._aad(slot.user, "data-key", key_id)))

    def _open_private(self, slot: _Slot, secret: bytes) -> X25519PrivateKey:
        aad = self._aad(slot.user, "slot-private", _b64(slot.public))
        try:
            raw = AESGCM(derive_kek(secret, slot.salt, slot.kdf)).decrypt(
                slot.nonce, slot.sealed_private, aad
            )
        except InvalidTag:
            raise BadPasswordError("wrong password") from None
        private = X25519PrivateKey.from_private_bytes(raw)
        if private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw) != slot.public:
            raise KeySlotError("the key slot is damaged")
        return private

    def _open_data_keys(self, slot: _Slot, private: X25519PrivateKey) -> list[bytes]:
        keys: list[bytes] = []
        for kid in self._key_ids:
            wrap = next((w for w in slot.wraps if w.key_id == kid), None)
            if wrap is None:
                continue
            aead = self._wrap_key(
                private.exchange(X25519PublicKey.from_public_bytes(wrap.epk)), wrap.epk, slot.public
            )
            try:
                key = aead.decrypt(wrap.nonce, wrap.ct, self._aad(slot.user, "data-key", kid))
            except InvalidTag:
                raise KeySlotError("the key slot is damaged or was altered") from None
            if self._key_id(key) != kid or not hmac.compare_digest(self._macs.get(kid, ""), self._mac(key)):
                raise KeySlotError("the key slot file has been altered: its user list does not verify")
            keys.append(key)
        if not keys:
            raise KeySlotError("the key slot holds no usable data key")
        return keys

    def _save(self) -> None:
        obj = {
            "format": FORMAT, "version": VERSION, "station_code": self.station_code,
            "store_id": self.store_id, "kdf_default": self._kdf_default.to_json(),
            "key_ids": self._key_ids, "macs": self._macs, "slots": [s.to_json() for s in self._slots],
        }  # fmt: skip
        # Refuse to overwrite a file someone else changed since we read it (another window, a
        # rotation in another process): writing stale slots could strand users on an old key.
        try:
            on_disk: bytes | None = hashlib.sha256(self._path.read_bytes()).digest()
        except FileNotFoundError:
            on_disk = None
        if on_disk != self._digest:
            raise KeySlotError("the key slot file was changed by another program: reload it and try again")
        data = json_bytes(obj)
        write_atomic(self._path, data)
        self._digest = hashlib.sha256(data).digest()


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) != DATA_KEY_BYTES:
        raise KeySlotError("a data key must be 32 random bytes")
