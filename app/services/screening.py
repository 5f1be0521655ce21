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
from app.services.session import Session
from app.storage import match_repository as repo
from app.storage.atomic import write_atomic
from app.storage.cursor import Cursor
from app.storage.store import StationStore, UnitOfWork, Writer
from app.sync.client import SyncClient, SyncFailure
from app.sync.engine import SyncGaveUp
from app.sync.protocol import ProtocolError
from app.sync.protocol.screening import IndexRefused, ScreeningAnswer, decode_table, encode_table, open_index

__all__ = ["REASONS", "SOURCE", "apply_answer", "held_version", "load_screen", "national_candidates"]

VERSION_KEY = "screening.version"
SIGNER_KEY = "screening.signer"
FILE_KEY = "screening.file_key"  # hex AES key of the file at rest (inside SQLCipher only)
FILE_NAME = "screening.idx"

#: why an index was refused, by IndexRefused.code (and "signer_changed")
REASONS: dict[str, tuple[str, str]] = {
    "forged": ("签名不符：索引文件被改动过或不是国家平台制作的", "the signature does not match: the index file was changed or forged"),
    "signer": ("索引文件所署的签名者或格式不符", "the index file names another signer or format"),
    "signer_changed": ("签名密钥与本站首次接受的国家平台密钥不同", "it is signed by another key than the national server's key this station accepted first"),
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
    if answer.kind == "none" or answer.file is None or answer.key is None:
        return held
    try:
        if pinned and answer.signer != pinned:
            raise IndexRefused("signer_changed", "another signer")
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
        uow.audit.record(
            session.user,
            "sync.screening",
            "",
            detail=f"{opened.kind} version={opened.version} persons={len(table)}",
        )

    (writer or session.store.write)(record)
    return opened.version


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


def _index_keys(missing: str, found: str) -> tuple[str, str]:
    return f"{missing}#index", f"{found}#index"


def refresh_index_candidates(
    session: Session,
    case_no: str,
    subjects: list[MatchSubject],
    limit: int = 20,
    *,
    writer: Writer | None = None,
) -> int:
    """Screen found case *case_no* against the national index and store the leads (origin
    ``national_index``); a lead the server's national matching already delivered is left out
    (the server's candidate stands), and a lead that no longer comes up is dropped while
    nobody decided on it. Returns how many leads are stored. Not audited (the system's work)."""
    import hashlib
    import json

    from app.storage.audit import now_utc
    from app.storage.match_repository import PairUpdate

    found_subjects = [s for s in subjects if s.side == "found"]
    if not found_subjects or load_screen(session) is None:
        return 0
    best: dict[str, tuple[MatchSubject, Candidate]] = {}
    for found, cand in national_candidates(session, found_subjects, limit):
        if cand.case_no not in best or cand.score > best[cand.case_no][1].score:
            best[cand.case_no] = (found, cand)

    def store(uow: UnitOfWork) -> int:
        now = now_utc()
        existing = repo.pairs_of(uow.conn, case_no)
        delivered = {r.missing_case for r in existing if r.origin == "national"}
        kept = 0
        for missing, (_found, cand) in best.items():
            if missing in delivered:
                continue
            reasons = [
                {"key": r.key, "zh": r.zh, "en": r.en, "weight": round(r.weight, 4)} for r in cand.reasons
            ]
            dna = None if cand.dna is None else cand.dna.to_record()
            evidence = json.dumps([round(cand.score, 6), dna, reasons], sort_keys=True, ensure_ascii=False)
            mk, fk = _index_keys(missing, case_no)
            pair = PairUpdate(missing, case_no, mk, fk, round(cand.score, 6), reasons, dna,
                              hashlib.sha256(evidence.encode()).hexdigest(), origin=SOURCE)  # fmt: skip
            repo.save_pair(uow.cursor, pair, now)
            kept += 1
        for row in existing:
            if row.origin == SOURCE and (row.missing_case not in best or row.missing_case in delivered):
                repo.delete_pair(uow.cursor, row.id)
        return kept

    return int((writer or session.store.write)(store))


def drop_confirmed(cursor: Cursor, missing: str, found: str) -> None:
    """The server delivered its own candidate for this pair: the offline lead gives way to it
    (a lead someone already decided on keeps its decision)."""
    pair_id = repo.pair_id_of(cursor, *_index_keys(missing, found))
    if pair_id is not None:
        repo.delete_pair(cursor, pair_id)


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
