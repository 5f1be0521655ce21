"""Replacing the server's screening key (issue 15): ``xunren-server screening rotate-key``.

The operator replaces a key that was lost or may be known to someone else. The rotation — old
public key, new public key, when, signed by the new key and vouched for by the server's bundle
signing key, which every station pinned at enrolment (``app.sync.protocol.screening_rotation``)
— is stored first (table ``screening_rotations``), then the key file gets the new key, written
atomically (0600); the old key is not kept. Every index answer carries the rotations, and it
reaches stations only over their authenticated channel, which is how they accept the new key.

Should the process stop between the two steps, the key file still holds the old key: stations
go on as before (a rotation to a key no answer is signed by is never followed) and the operator
runs the command again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync.protocol.screening import sign_public
from app.sync.protocol.screening_rotation import Rotation, sign_rotation
from server.services import bundles
from server.services.meta import server_time
from server.services.screening_keys import default_key_file, screening_key
from server.storage.screening_tables import ScreeningRotation

__all__ = ["KeyFileMissing", "install_key", "record_rotation", "rotations"]


class KeyFileMissing(Exception):
    """A key file the rotation needs is not where the server looks for it (another user's data
    folder, a mistyped ``--key-file`` or environment variable): nothing is rotated, since a key
    made up here is not the key the server signs with, nor the one the stations pinned."""

    def __init__(self, kind: str, path: Path) -> None:
        super().__init__(f"{kind} key file missing: {path}")
        self.kind, self.path = kind, path


def rotations(session: Session) -> tuple[Rotation, ...]:
    """Every rotation of the screening key, oldest first (a handful in a server's life)."""
    rows = session.scalars(select(ScreeningRotation).order_by(ScreeningRotation.id)).all()
    return tuple(Rotation(r.old_signer, r.new_signer, r.rotated_at, r.statement, r.vouched) for r in rows)


def record_rotation(
    session: Session, reason: str, path: Path | None = None, bundle_keys: Path | None = None
) -> tuple[Rotation, str]:
    """Make a new screening key and record its rotation from the current one, vouched for by the
    server's bundle key (*bundle_keys*, default its usual file); returns (the rotation, the new
    key's hex seed for :func:`install_key` once this is committed). :class:`KeyFileMissing`
    when either key file is not there."""
    path = path or default_key_file()
    bundle_keys = bundle_keys or bundles.default_key_file()
    if not path.exists():
        raise KeyFileMissing("screening", path)
    if not bundle_keys.exists():
        raise KeyFileMissing("bundle", bundle_keys)
    old = sign_public(screening_key(path))
    seed = os.urandom(32).hex()
    rotation = sign_rotation(old, seed, server_time(), bundles.server_keys(bundle_keys).sign_seed)
    session.add(ScreeningRotation(old_signer=rotation.old, new_signer=rotation.new, statement=rotation.statement,
                                  vouched=rotation.vouched, rotated_at=rotation.at, reason=reason))  # fmt: skip
    session.flush()
    return rotation, seed


def install_key(seed: str, path: Path | None = None) -> None:
    """The key file holds *seed* from now on (temp file 0600, fsync, rename, fsync of the folder)."""
    path = path or default_key_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)  # a leftover (or planted) one: never written through, never kept
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600), "w") as f:
        json.dump({"sign_seed": seed}, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
