"""The offline national screening index (issue 15): base file and deltas by journal sequence.

A station asks for "since version N" (``GET /sync/screening?since=N``, or its USB bundle's
``screening_since``). The version is the journal's highest sequence when the file was made.
- N equal to the newest version: ``none``.
- N within :data:`DELTA_SPAN` entries: a ``delta`` — the cases the journal names after
  ``N - OVERLAP`` are read again (:func:`match_subjects.load_inputs`) and sent whole (their
  active missing persons), every one of them also listed as removed first; so a delta is an
  idempotent replacement of those cases. The overlap re-reads entries whose sequence number
  became visible late (concurrent pushes commit out of order, see ``matching_index.py``).
- else (N = 0, unknown, from before a restore, or too far behind): the ``base`` — every active
  missing person, read a page at a time (``stream_inputs``); built once per version and kept.

The file is signed with the server's screening key (Ed25519, a key file like the bundle keys,
0600) and encrypted with a fresh AES key per file that travels beside it over the authenticated
channel (app.sync.protocol.screening). Read-only on the database except the USB bookmark.
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.matching import MatchSubject
from app.core.matching.screening import ScreeningTable
from app.sync import protocol
from app.sync.protocol.screening import ScreeningAnswer, encode_table, seal_index, sign_public
from server.services.match_subjects import is_active, load_inputs, parse_subjects, stream_inputs
from server.services.meta import server_time
from server.services.screening_keys import screening_key
from server.storage.screening_tables import ScreeningRequest
from server.storage.tables import JournalEntry, utcnow

__all__ = ["DELTA_SPAN", "OVERLAP", "answer", "remember_since", "screening_key", "since_of"]

DELTA_SPAN = 200_000  # journal entries behind beyond which the base is cheaper than a delta
OVERLAP = 1000  # entries re-read below N: sequence numbers that became visible late
_RECORD_TYPES = ("case", "person", "sample", "profile")
_BASES: dict[tuple[str, int], tuple[bytes, bytes]] = {}  # (signer, version) → (file, key)
_LOCK = threading.Lock()


def _missing(subjects: list[MatchSubject] | None) -> list[MatchSubject]:
    return [s for s in subjects or [] if s.side == "missing"]


def build_base(session: Session) -> ScreeningTable:
    """Every active missing person of the country (a page of cases at a time)."""
    parts: list[ScreeningTable] = []
    for page in stream_inputs(session):
        subjects: list[MatchSubject] = []
        for item in page:
            if item.case_type == "missing" and is_active(item.payload):
                subjects += _missing(parse_subjects(item, None, check=False))
        parts.append(ScreeningTable.from_subjects(subjects))  # columns only: memory stays small
    return ScreeningTable.concat(parts)


def build_delta(session: Session, since: int) -> tuple[ScreeningTable, list[str]]:
    """(rows of the cases changed after ``since - OVERLAP``, every such case number)."""
    names = session.scalars(
        select(JournalEntry.record_id).where(
            JournalEntry.seq > max(0, since - OVERLAP),
            JournalEntry.audience_station_id.is_(None),
            JournalEntry.record_type.in_(_RECORD_TYPES),
        )
    ).all()
    touched = sorted({protocol.case_of(r) for r in names})
    subjects: list[MatchSubject] = []
    for start in range(0, len(touched), 1000):
        for item in load_inputs(session, case_nos=touched[start : start + 1000]):
            if item.case_type == "missing" and is_active(item.payload):
                subjects += _missing(parse_subjects(item, None, check=True))
    return ScreeningTable.from_subjects(subjects), touched


def answer(session: Session, since: int, seed: str) -> ScreeningAnswer:
    """What a station holding version *since* needs (see the module's text)."""
    from server.services.screening_rotation import rotations

    signer, rotated = sign_public(seed), rotations(session)
    version = int(session.scalar(select(func.max(JournalEntry.seq))) or 0)
    if since == version and since > 0:
        return ScreeningAnswer("none", version, signer, rotations=rotated)
    if 0 < since < version and version - since <= DELTA_SPAN:
        table, touched = build_delta(session, since)
        file, key = seal_index(encode_table(table, touched), kind="delta", version=version, since=since,
                               sign_seed=seed, made_at=server_time())  # fmt: skip
        return ScreeningAnswer("delta", version, signer, file, key, rotated)
    with _LOCK:
        kept = _BASES.get((signer, version))
    if kept is None:
        file, key = seal_index(encode_table(build_base(session)), kind="base", version=version, since=0,
                               sign_seed=seed, made_at=server_time())  # fmt: skip
        kept = (file, key)
        with _LOCK:
            _BASES.clear()  # one base kept: the newest
            _BASES[(signer, version)] = kept
    return ScreeningAnswer("base", version, signer, kept[0], kept[1], rotated)


def remember_since(session: Session, code: str, since: int) -> None:
    """The version a station's imported bundle says it holds (the USB answer's delta starts there)."""
    row = session.get(ScreeningRequest, code)
    if row is None:
        session.add(ScreeningRequest(station_code=code, since=since, asked_at=utcnow()))
    else:
        row.since, row.asked_at = since, utcnow()


def since_of(session: Session, code: str) -> int | None:
    """The version to answer from on the USB path; None when the station never asked."""
    row = session.get(ScreeningRequest, code)
    return None if row is None else int(row.since)
