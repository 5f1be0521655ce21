"""Leads from the offline national index (issue 15): stored, re-screened when the index moves.

A found case is screened against the index held when it is registered or edited
(:func:`refresh_index_candidates`). When a new version arrives, the station's active found
children are screened again (:func:`rescreen_after_update`): after a **delta** only against the
persons the delta carries — the cost follows the delta's size, not the register's — and the
leads whose missing person the delta removed (found, closed, voided) are dropped; after a
**base** against the whole index. Each found case keeps its best *limit* leads, as a full screen
would. A lead the server already delivered stays the server's; a lead someone decided on keeps
its decision. Runs on the thread that applied the index; writes go through *writer*.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.lifecycle import MatchState
from app.core.matching import Candidate, MatchSubject
from app.core.matching.national_screen import SOURCE, NationalScreen
from app.services.session import Session
from app.storage import match_repository as repo
from app.storage.audit import now_utc
from app.storage.cursor import Cursor
from app.storage.match_repository import PairRow, PairUpdate
from app.storage.store import UnitOfWork, Writer

__all__ = [
    "LIMIT",
    "RESCREEN_KEY",
    "Rescreen",
    "drop_confirmed",
    "refresh_index_candidates",
    "rescreen_after_update",
]

LIMIT = 20
VERSION_KEY = "screening.version"  # the index version held (0: none)
ROTATED_KEY = "screening.rotated"  # the last accepted key rotation (JSON), shown by the sync corner
RESCREEN_KEY = "screening.rescreen"  # what the last re-screen did (JSON), shown by the sync corner

Best = dict[str, tuple[MatchSubject, Candidate]]  # missing case → (found person, its best lead)


@dataclass(frozen=True)
class Rescreen:
    """What screening the held found children against a new index version did."""

    version: int
    kind: str  # "delta" or "base"
    screened_persons: int  # index persons screened against (the delta's, or the whole index)
    found_cases: int
    added: int  # leads that were not there before
    dropped: int  # leads gone (their missing person removed, or outranked)

    def to_json(self) -> dict[str, object]:
        return {"version": self.version, "kind": self.kind, "persons": self.screened_persons,
                "found": self.found_cases, "added": self.added, "dropped": self.dropped}  # fmt: skip


def best_leads(
    screen: NationalScreen, own_station: str, subjects: Sequence[MatchSubject], limit: int
) -> Best:
    """Each missing case's best lead for the found persons among *subjects* (not this station's
    own cases: its own matcher compares those exactly)."""
    best: Best = {}
    for found in subjects:
        if found.side != "found":
            continue
        for cand in screen.screen(found, limit=limit):
            if cand.case_no[:9] == own_station:
                continue
            if cand.case_no not in best or cand.score > best[cand.case_no][1].score:
                best[cand.case_no] = (found, cand)
    return best


def _index_keys(missing: str, found: str) -> tuple[str, str]:
    return f"{missing}#index", f"{found}#index"


def _pair(missing: str, found_case: str, cand: Candidate) -> PairUpdate:
    reasons = [{"key": r.key, "zh": r.zh, "en": r.en, "weight": round(r.weight, 4)} for r in cand.reasons]
    dna = None if cand.dna is None else cand.dna.to_record()
    evidence = json.dumps([round(cand.score, 6), dna, reasons], sort_keys=True, ensure_ascii=False)
    mk, fk = _index_keys(missing, found_case)
    return PairUpdate(missing, found_case, mk, fk, round(cand.score, 6), reasons, dna,
                      hashlib.sha256(evidence.encode()).hexdigest(), origin=SOURCE)  # fmt: skip


def _store(
    uow: UnitOfWork, case_no: str, best: Best, touched: set[str] | None, limit: int
) -> tuple[int, int]:
    """Store *best* as *case_no*'s leads in place of the leads for *touched* missing cases (all
    of them when None); keep the best *limit*. Returns (added, dropped)."""
    now = now_utc()
    existing = repo.pairs_of(uow.conn, case_no)
    delivered = {r.missing_case for r in existing if r.origin == "national"}
    held: dict[str, PairRow] = {r.missing_case: r for r in existing if r.origin == SOURCE}
    scores = {m: r.score for m, r in held.items() if touched is not None and m not in touched}
    scores.update({m: round(c.score, 6) for m, (_f, c) in best.items() if m not in delivered})
    kept = set(sorted(scores, key=lambda m: (-scores[m], m))[:limit])
    added = dropped = 0
    for missing in kept & set(best):
        repo.save_pair(uow.cursor, _pair(missing, case_no, best[missing][1]), now)
        added += missing not in held
    for missing, row in held.items():
        if missing not in kept:
            repo.delete_pair(uow.cursor, row.id)  # a decided lead keeps its decision
            dropped += row.state is MatchState.POTENTIAL
    return added, dropped


def refresh_index_candidates(
    session: Session,
    case_no: str,
    subjects: list[MatchSubject],
    limit: int = LIMIT,
    *,
    writer: Writer | None = None,
) -> int:
    """Screen found case *case_no* against the national index and store the leads (origin
    ``national_index``); a lead the server's national matching already delivered is left out
    (the server's candidate stands), and a lead that no longer comes up is dropped while
    nobody decided on it. Returns how many leads are stored. Not audited (the system's work)."""
    from app.services.screening import load_screen

    found_subjects = [s for s in subjects if s.side == "found"]
    screen = load_screen(session) if found_subjects else None
    if screen is None:
        return 0
    best = best_leads(screen, session.station.code, found_subjects, limit)

    def store(uow: UnitOfWork) -> int:
        _store(uow, case_no, best, None, limit)
        return sum(r.origin == SOURCE for r in repo.pairs_of(uow.conn, case_no))

    return int((writer or session.store.write)(store))


def rescreen_after_update(
    session: Session,
    screen: NationalScreen | None,
    touched: set[str] | None,
    *,
    kind: str,
    version: int,
    found: Mapping[str, list[MatchSubject]] | None = None,
    writer: Writer | None = None,
    limit: int = LIMIT,
    persons: int | None = None,
) -> Rescreen:
    """Screen every active found case of the station against *screen* (a delta's persons, or
    the whole new index when *touched* is None) and replace the leads for the *touched* missing
    cases. *persons*: how many index persons the update brought (the screen's size by default).
    Audits ``sync.screening`` ``rescreen`` and keeps the summary for the sync corner."""
    if found is None:
        from app.services.matching import active_found

        found = active_found(session)
    own = session.station.code
    results = {case_no: best_leads(screen, own, subs, limit) if screen is not None and len(screen) else {}
               for case_no, subs in found.items()}  # fmt: skip
    if persons is None:
        persons = 0 if screen is None else len(screen)

    def store(uow: UnitOfWork) -> Rescreen:
        added = dropped = 0
        for case_no, best in results.items():
            a, d = _store(uow, case_no, best, touched, limit)
            added, dropped = added + a, dropped + d
        done = Rescreen(version, kind, persons, len(results), added, dropped)
        repo.set_setting(uow.cursor, RESCREEN_KEY, json.dumps(done.to_json()))
        uow.audit.record(session.user, "sync.screening", "", "rescreen",
                         detail=f"{kind} version={version} persons={persons} found={len(results)} "
                                f"added={added} dropped={dropped}")  # fmt: skip
        return done

    result: Rescreen = (writer or session.store.write)(store)
    return result


def last_rescreen(conn: object) -> dict[str, int | str] | None:
    """The summary :func:`rescreen_after_update` kept (None before the first)."""
    raw = repo.setting(conn, RESCREEN_KEY)  # type: ignore[arg-type]
    return None if not raw else dict(json.loads(raw))


def drop_confirmed(cursor: Cursor, missing: str, found: str) -> None:
    """The server delivered its own candidate for this pair: the offline lead gives way to it
    (a lead someone already decided on keeps its decision)."""
    pair_id = repo.pair_id_of(cursor, *_index_keys(missing, found))
    if pair_id is not None:
        repo.delete_pair(cursor, pair_id)


@dataclass(frozen=True)
class IndexState:
    """What the sync corner says about the offline national index: the version held, what the
    last update's re-screen did and the last accepted key rotation (``old``, ``new``, ``at``,
    ``accepted_at``)."""

    version: int
    rescreen: dict[str, int | str] | None
    rotated: dict[str, int | str] | None


def index_state(conn: object) -> IndexState | None:
    """None while the station never held an index."""
    version = int(repo.setting(conn, VERSION_KEY) or 0)  # type: ignore[arg-type]
    rotated = repo.setting(conn, ROTATED_KEY)  # type: ignore[arg-type]
    if not version and not rotated:
        return None
    return IndexState(version, last_rescreen(conn), None if not rotated else dict(json.loads(rotated)))
