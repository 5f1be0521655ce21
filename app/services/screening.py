"""The offline national screening index at the station (issue 15): apply, keep, screen.

The server's answer (:class:`~app.sync.protocol.screening.ScreeningAnswer`, pulled by sync or
carried by the USB answer bundle) is checked before anything else: its signer must be the one
pinned on the first accepted answer, and the file's Ed25519 signature must hold
(:func:`~app.sync.protocol.screening.open_index`); a refused file changes nothing. A delta is
applied to the index held (its version must be the delta's ``since``), a base replaces it.

At rest the index is a file in the data folder (owner-only, written atomically) encrypted with
AES-256-GCM under a random key that lives only inside the SQLCipher store (``settings``), with
the version and the pinned signer; a new key per version. So the file alone says nothing.

:func:`national_candidates` screens a found case's persons against it; the candidates are
stored with origin ``national_index`` and say so, and are replaced by the server's own national
candidates on the next sync (:func:`drop_confirmed`). Runs on the store's owning thread.
"""

from __future__ import annotations

import json
import os
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.core.matching import Candidate, MatchSubject
from app.core.matching.national_screen import SOURCE, NationalScreen
from app.core.matching.screening import ScreeningTable
from app.services.enrolment import SyncError
from app.services.screening_leads import (
    ROTATED_KEY,
    VERSION_KEY,
    drop_confirmed,
    refresh_index_candidates,
    rescreen_after_update,
)
from app.services.session import Session
from app.storage import match_repository as repo
from app.storage import sync_state as st
from app.storage.atomic import write_atomic
from app.storage.cursor import cursor_of
from app.storage.store import StationStore, UnitOfWork, Writer
from app.sync.client import SyncClient, SyncFailure
from app.sync.engine import SyncGaveUp
from app.sync.protocol import ProtocolError
from app.sync.protocol.screening import (
    IndexRefused,
    ScreeningAnswer,
    ScreeningFile,
    decode_table,
    encode_table,
    open_index,
)
from app.sync.protocol.screening_rotation import Rotation, reachable

__all__ = [
    "REASONS",
    "SOURCE",
    "apply_answer",
    "drop_confirmed",
    "held_version",
    "load_screen",
    "national_candidates",
    "refresh_index_candidates",
]

SIGNER_KEY = "screening.signer"
FILE_KEY = "screening.file_key"  # hex AES key of the file at rest (inside SQLCipher only)
FILE_NAME = "screening.idx"

#: why an index was refused, by IndexRefused.code (and "signer_changed")
REASONS: dict[str, tuple[str, str]] = {
    "forged": ("签名不符：索引文件被改动过或不是国家平台制作的", "the signature does not match: the index file was changed or forged"),
    "signer": ("索引文件所署的签名者或格式不符", "the index file names another signer or format"),
    "signer_changed": ("签名密钥与本站首次接受的国家平台密钥不同，国家平台也未经认证的通道宣布更换为该密钥",
                       "it is signed by another key than the national server's key this station accepted first, "
                       "and the national server announced no replacement by it over the authenticated channel"),
    "key": ("无法用随附的密钥解密索引文件", "the index file cannot be decrypted with the key that came with it"),
    "damaged": ("索引文件已损坏", "the index file is damaged"),
}  # fmt: skip


def refused(code: str) -> SyncError:
    zh, en = REASONS.get(code, REASONS["damaged"])
    return SyncError("screening_refused", zh=zh, en=en)


def _path(session: Session) -> Path:
    return Path(session.data_dir) / FILE_NAME


def held_version(session: Session) -> int:
    """The version of the index this station holds (0: none, or its file is gone)."""
    with session.store.reader() as conn:
        version = int(repo.setting(conn, VERSION_KEY) or 0)
    return version if version and _path(session).exists() else 0


def _read_table(session: Session) -> tuple[int, ScreeningTable] | None:
    with session.store.reader() as conn:
        version, key = int(repo.setting(conn, VERSION_KEY) or 0), repo.setting(conn, FILE_KEY)
    path = _path(session)
    if not version or not key or not path.exists():
        return None
    data = path.read_bytes()
    try:
        plain = AESGCM(bytes.fromhex(key)).decrypt(data[:12], data[12:], str(version).encode())
        return version, decode_table(plain)[0]
    except (InvalidTag, ValueError, ProtocolError):
        return None  # a restored store or a damaged file: the next sync brings the base again


def apply_answer(session: Session, answer: ScreeningAnswer, *, writer: Writer | None = None) -> int:
    """Verify and apply the server's index answer; returns the version now held.

    Raises :class:`SyncError` (``screening_refused``) with nothing changed when the file's
    signature fails or it comes from another signer. Audits ``sync.screening``."""
    with session.store.reader() as conn:
        pinned = repo.setting(conn, SIGNER_KEY)
        held = int(repo.setting(conn, VERSION_KEY) or 0)
        server_key = st.get(cursor_of(conn), st.SERVER_SIGN_KEY)  # pinned at enrolment
    if answer.kind == "none" or answer.file is None or answer.key is None:
        return held
    rotated: list[Rotation] = []
    try:
        if pinned and answer.signer != pinned:
            # only a rotation the server's own bundle key vouches for moves the pin: whoever
            # answers in the server's place cannot sign with it, whatever the channel
            chain = reachable(pinned, answer.signer, answer.rotations, server_key)
            if chain is None:
                raise IndexRefused("signer_changed", "another signer")
            rotated = chain
        opened = open_index(answer.file, answer.key, answer.signer)
        if opened.kind == "delta":
            current = _read_table(session)
            if current is None or current[0] != opened.since:
                # not an attack: the file was lost or a backup restored older settings. The
                # station holds nothing usable, so the next request asks for the base.
                _forget(session, writer)
                return 0
            table = current[1].without(set(opened.removed)).merged(opened.table)
        else:
            table = opened.table
    except IndexRefused as exc:
        _audit(session, "refused", f"reason={exc.code}", writer)
        raise refused(exc.code) from None
    key = os.urandom(32)
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(key).encrypt(nonce, encode_table(table), str(opened.version).encode())
    write_atomic(_path(session), sealed)  # the old key no longer opens it: settings follow at once

    def record(uow: UnitOfWork) -> None:
        repo.set_setting(uow.cursor, VERSION_KEY, str(opened.version))
        repo.set_setting(uow.cursor, FILE_KEY, key.hex())
        repo.set_setting(uow.cursor, SIGNER_KEY, answer.signer)
        if rotated:
            _record_rotation(uow, session, rotated)
        uow.audit.record(
            session.user,
            "sync.screening",
            "",
            detail=f"{opened.kind} version={opened.version} persons={len(table)}",
        )

    (writer or session.store.write)(record)
    _rescreen(session, opened, table, writer)
    return opened.version


def _record_rotation(uow: UnitOfWork, session: Session, chain: list[Rotation]) -> None:
    """The pinned screening key was replaced through the announced rotations: kept for the sync
    corner, audited ``sync.screening`` ``rotated`` (public keys only, by their first 16 digits)."""
    from app.storage.audit import now_utc

    first, last = chain[0], chain[-1]
    shown = {"old": first.old, "new": last.new, "at": last.at, "accepted_at": now_utc(), "steps": len(chain)}
    repo.set_setting(uow.cursor, ROTATED_KEY, json.dumps(shown))
    uow.audit.record(session.user, "sync.screening", "", "rotated",
                     detail=f"old={first.old[:16]} new={last.new[:16]} at={last.at} steps={len(chain)}")  # fmt: skip


def _rescreen(session: Session, opened: ScreeningFile, table: ScreeningTable, writer: Writer | None) -> None:
    """The held found children against what the new version changed: a delta's persons only
    (the leads for the cases it removed or replaced go first), or the whole index for a base
    (its screen is built now only when the station holds a found child; kept for later use)."""
    from app.services.matching import active_found

    found = active_found(session)
    screen: NationalScreen | None = None
    touched: set[str] | None = None
    if opened.kind == "delta":
        touched = set(opened.removed) | set(opened.table.case_no)
        if found and len(opened.table):
            screen = NationalScreen(opened.table, opened.version)
    elif found:
        screen = _remember(session, NationalScreen(table, opened.version))
    persons = len(opened.table) if opened.kind == "delta" else len(table)
    rescreen_after_update(session, screen, touched, kind=opened.kind, version=opened.version, found=found,
                          writer=writer, persons=persons)  # fmt: skip


def _remember(session: Session, screen: NationalScreen) -> NationalScreen:
    with _LOCK:
        _SCREENS[session.store] = screen
    return screen


def _forget(session: Session, writer: Writer | None) -> None:
    def record(uow: UnitOfWork) -> None:
        repo.set_setting(uow.cursor, VERSION_KEY, "0")
        uow.audit.record(session.user, "sync.screening", "", "reset", detail="delta out of order: base next")

    (writer or session.store.write)(record)


def _audit(session: Session, outcome: str, detail: str, writer: Writer | None) -> None:
    def record(uow: UnitOfWork) -> None:
        uow.audit.record(session.user, "sync.screening", "", outcome, detail=detail)

    (writer or session.store.write)(record)


_SCREENS: weakref.WeakKeyDictionary[StationStore, NationalScreen] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def load_screen(session: Session) -> NationalScreen | None:
    """The index in memory (loaded once per version), or None when the station holds none."""
    version = held_version(session)
    with _LOCK:
        kept = _SCREENS.get(session.store)
    if kept is not None and kept.version == version:
        return kept
    read = _read_table(session)
    if read is None:
        return None
    screen = NationalScreen(read[1], read[0])
    with _LOCK:
        _SCREENS[session.store] = screen
    return screen


def national_candidates(
    session: Session, subjects: list[MatchSubject], limit: int
) -> list[tuple[MatchSubject, Candidate]]:
    """The found persons' counterparts in the national index, other stations' cases only (this
    station's own are matched exactly by its own matcher)."""
    screen = load_screen(session)
    if screen is None:
        return []
    own = session.station.code
    out: list[tuple[MatchSubject, Candidate]] = []
    for found in subjects:
        if found.side != "found":
            continue
        for cand in screen.screen(found, limit=limit):
            if cand.case_no[:9] != own:
                out.append((found, cand))
    return out


def pull_screening(
    session: Session,
    client: SyncClient,
    *,
    writer: Writer | None = None,
    retrying: Callable[[Callable[[], ScreeningAnswer]], ScreeningAnswer] | None = None,
) -> int | None:
    """Ask the server for the index after the version held and apply it (a sync's last step).
    *retrying* is the sync's own (a 429's Retry-After is honoured). None when the server could
    not answer (the next sync asks again); a refused file raises :class:`SyncError` after the
    sync itself has been recorded."""
    ask = retrying or (lambda call: call())
    try:
        since = held_version(session)
        answer = ask(lambda: client.screening(since))
        held = apply_answer(session, answer, writer=writer)
        if answer.kind == "delta" and held == 0:  # the delta did not fit: the base instead
            held = apply_answer(session, ask(lambda: client.screening(0)), writer=writer)
        return held
    except (SyncFailure, SyncGaveUp):  # the next sync asks again
        return None
