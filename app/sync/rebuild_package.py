"""The rebuild package: a station that lost its disk and never reaches the network takes its
register back from a USB stick (issue 14).

Written by ``xunren-server station rotate CODE --package FILE --rebuild``, opened by ``xunren
enroll --file FILE --rebuild`` with the passphrase the operator reads out by phone (24 digits,
as for the offline enrolment package, :mod:`app.sync.enrolment_package`). A zip file (stored, not
compressed: the members are ciphertext) holding:

- ``header.json``: the format, the station's code, the Argon2id parameters and salt (plain; the
  exact bytes are the associated data of every member, so nothing in it can be changed);
- ``enrolment.xep``: the ordinary offline enrolment package (the fresh one-time token, the
  server's bundle key, epoch and numbers), sealed under the same passphrase;
- ``pages/NNNNNN``: the pages of ``GET /sync/rebuild`` in order
  (:class:`app.sync.protocol.rebuild.RebuildPage` JSON), at most 500 records each;
- ``photos/SHA256/N``: chunk N of each photo's bytes (at most 1 MiB each);
- ``manifest``: written last, how many pages and which photos with how many chunks. A package
  cut short (no manifest, a member missing) is refused as damaged.

Every member but the header is AES-256-GCM under the key the passphrase derives (nonce first),
its associated data the header and the member's name, so a member moved, swapped or changed is
refused. Writing and reading hold one page or one chunk at a time (a photo at a time when read).
Shared by the server (writing) and the station (reading); no storage.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.sync import enrolment_package
from app.sync.enrolment_package import KDF_PARAMS, PackageRefused, kdf_params

FORMAT = "xunren-rebuild/1"
HEADER, ENROLMENT, MANIFEST = "header.json", "enrolment.xep", "manifest"
MAX_PAGES = 1_000_000
#: the most a member may hold, by the start of its name: a member is read whole into memory, so a
#: crafted package on a stick cannot make the station read more than this at once
_LIMITS = {
    HEADER: 64 << 10,
    ENROLMENT: 1 << 20,
    MANIFEST: 256 << 20,
    "pages/": 256 << 20,
    "photos/": 16 << 20,
}
_DAMAGED = "the file is damaged or not a rebuild package"


def is_rebuild_package(path: Path) -> bool:
    """True when *path* begins as a rebuild package does (a zip whose first member is the
    header), whatever follows: a package cut short is still one, and is refused as damaged."""
    try:
        with path.open("rb") as f:
            start = f.read(30 + len(HEADER))
    except OSError:
        return False
    return start[:4] == b"PK\x03\x04" and start[30:] == HEADER.encode()


def _aad(header: bytes, name: str) -> bytes:
    return header + b"\x00" + name.encode()


class PackageWriter:
    """Writes a rebuild package to *path* atomically (``.part``, fsync, rename; 0600).

    Use as a context manager: :meth:`enrolment`, then :meth:`page` for each page and
    :meth:`photo` for each photo; leaving the block without an exception seals the manifest and
    puts the file in place, an exception leaves nothing behind."""

    def __init__(self, path: Path, station: str, passphrase: str) -> None:
        self.path = path
        self._passphrase = passphrase
        salt = os.urandom(16)
        params = kdf_params()
        self._header = json.dumps(
            {
                "format": FORMAT,
                "station": station,
                "kdf": {"alg": "argon2id", **params},
                "salt": salt.hex(),
            },
            sort_keys=True,
        ).encode()
        self._aead = AESGCM(enrolment_package.passphrase_key(passphrase, salt, params))
        self._tmp = path.with_name(path.name + ".part")
        self._file: IO[bytes] | None = None
        self._zip: zipfile.ZipFile | None = None
        self._pages = 0
        self._photos: dict[str, int] = {}
        self.bytes_of_photos = 0

    def __enter__(self) -> PackageWriter:
        self._tmp.unlink(missing_ok=True)  # a leftover (or planted) one: never written through
        fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._zip = zipfile.ZipFile(self._file, "w", zipfile.ZIP_STORED)
        self._zip.writestr(HEADER, self._header)
        return self

    def _put(self, name: str, data: bytes) -> None:
        assert self._zip is not None
        nonce = os.urandom(12)
        with self._zip.open(name, "w", force_zip64=True) as member:
            member.write(nonce)
            member.write(self._aead.encrypt(nonce, data, _aad(self._header, name)))

    def enrolment(self, body: dict[str, Any]) -> None:
        """The offline enrolment package's body, sealed as ``station add --package`` seals it."""
        assert self._zip is not None
        sealed = enrolment_package.seal_package(
            body, station=str(body["station"]), passphrase=self._passphrase
        )
        self._zip.writestr(ENROLMENT, sealed)

    def page(self, text: str) -> None:
        """The next page (``app.sync.protocol.rebuild.encode_page`` text)."""
        self._pages += 1
        self._put(f"pages/{self._pages:06d}", text.encode())

    def photo(self, sha256: str, chunks: Iterable[bytes]) -> None:
        """A photo's bytes, chunk by chunk as the server holds them (once per SHA-256)."""
        if sha256 in self._photos:
            return
        count = 0
        for chunk in chunks:
            self._put(f"photos/{sha256}/{count}", chunk)
            self.bytes_of_photos += len(chunk)
            count += 1
        self._photos[sha256] = count

    @property
    def pages(self) -> int:
        return self._pages

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        assert self._zip is not None and self._file is not None
        try:
            if kind is None:
                self._put(MANIFEST, json.dumps({"pages": self._pages, "photos": self._photos}).encode())
            self._zip.close()
            self._file.flush()
            os.fsync(self._file.fileno())
        finally:
            self._file.close()
        if kind is None:
            os.replace(self._tmp, self.path)
        else:
            self._tmp.unlink(missing_ok=True)


class PackageReader:
    """An opened rebuild package: :attr:`enrolment` (the sealed enrolment package's bytes, opened
    by ``app.services.enrolment.enroll_from_package``), :meth:`pages` and :meth:`photo`.
    :class:`PackageRefused` (``damaged``, ``wrong_passphrase``, ``bad_passphrase``) when it
    cannot be opened. Use as a context manager (it holds the file open)."""

    def __init__(self, path: Path, passphrase: str) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise PackageRefused("damaged", _DAMAGED) from None
        try:
            self._open(passphrase)
        except BaseException:
            self._zip.close()
            raise

    def _open(self, passphrase: str) -> None:
        try:
            self._header = self._member(HEADER)
            header = json.loads(self._header)
            params = {k: int(header["kdf"][k]) for k in ("t", "m", "p")}
            # the product's cost only (the tests' cheap one while it is in force)
            known = params in (KDF_PARAMS, kdf_params())
            if header["format"] != FORMAT or header["kdf"]["alg"] != "argon2id" or not known:
                raise PackageRefused("damaged", _DAMAGED)
            self.station = str(header["station"])
            salt = bytes.fromhex(header["salt"])
            self.enrolment = self._member(ENROLMENT)
        except (KeyError, ValueError, TypeError, zipfile.BadZipFile):
            raise PackageRefused("damaged", _DAMAGED) from None
        self._aead = AESGCM(enrolment_package.passphrase_key(passphrase, salt, params))
        raw = self._member(MANIFEST)
        nonce, body = raw[:12], raw[12:]
        try:
            manifest = json.loads(self._aead.decrypt(nonce, body, _aad(self._header, MANIFEST)))
        except InvalidTag:
            raise PackageRefused("wrong_passphrase", "the passphrase does not open this package") from None
        try:
            self.page_count = int(manifest["pages"])
            self.photos = {str(k): int(v) for k, v in dict(manifest["photos"]).items()}
        except (KeyError, TypeError, ValueError):
            raise PackageRefused("damaged", _DAMAGED) from None
        if not 0 < self.page_count <= MAX_PAGES:
            raise PackageRefused("damaged", _DAMAGED)

    def _member(self, name: str) -> bytes:
        """A member's bytes as written: stored (this format never compresses, so nothing can
        inflate on reading), not zip-encrypted, and no larger than its kind allows; anything else
        — or a zip damaged on the way — is ``damaged``."""
        limit = next(size for prefix, size in _LIMITS.items() if name.startswith(prefix))
        try:
            info = self._zip.getinfo(name)
            if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1 or info.file_size > limit:
                raise PackageRefused("damaged", _DAMAGED)
            return self._zip.read(info)
        except (KeyError, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, OSError):
            raise PackageRefused("damaged", _DAMAGED) from None

    def _get(self, name: str) -> bytes:
        raw = self._member(name)
        try:
            return self._aead.decrypt(raw[:12], raw[12:], _aad(self._header, name))
        except InvalidTag:
            raise PackageRefused("damaged", _DAMAGED) from None

    def pages(self) -> Iterator[Any]:
        """The pages in order, each decoded JSON (read with ``RebuildPage.read``)."""
        for n in range(1, self.page_count + 1):
            try:
                yield json.loads(self._get(f"pages/{n:06d}"))
            except ValueError:
                raise PackageRefused("damaged", _DAMAGED) from None

    def photo(self, sha256: str) -> bytes | None:
        """A photo's bytes (None when the package holds none with this SHA-256; unchecked: the
        caller checks them against the SHA-256)."""
        count = self.photos.get(sha256)
        if count is None:
            return None
        return b"".join(self._get(f"photos/{sha256}/{i}") for i in range(count))

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> PackageReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
