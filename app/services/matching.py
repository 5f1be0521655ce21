"""Matching the station's missing and found persons, and keeping the proposals for review.

:func:`candidates_for` ranks one case's counterparts (a found case against the missing persons,
a missing case against the found persons; DNA wherever profiles exist) with the pure matcher in
:mod:`app.core.matching`, stores the pairs in ``match_candidates`` and answers what a person
should see: rejected pairs stay hidden unless new evidence reopened them (see
:func:`app.storage.match_repository.save_pair`). :func:`match_all` does every active case;
:func:`recompute_for` and :func:`drain_stale` are the background path after a case or a profile
changed. Review (confirm / reject / reunite) lives in :mod:`app.services.match_review`.

All functions run on the store's owning thread (CLI main thread, the UI's database worker).
"""

from __future__ import annotations

import gc
import hashlib
import json
import threading
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import orjson

from app.core.matching import Candidate, DnaResult, MatchSubject, MissingIndex, Reason, rank, rank_found
from app.core.matching.from_document import subjects_from_document
from app.core.matching.genotypes import GenotypeStore
from app.core.matching.rank import score_candidate
from app.core.matching.reasons import dna_reason
from app.core.matching.relatives import KinshipModel
from app.services.errors import ServiceError
from app.services.kinship_settings import kinship_model
from app.services.session import Session
from app.storage import case_queries
from app.storage import match_repository as repo
from app.storage.audit import now_utc
from app.storage.cursor import Cursor
from app.storage.match_repository import CaseSource, PairRow, PairUpdate
from app.storage.store import StationStore, UnitOfWork, Writer

__all__ = [
    "INDEX_AT",
    "MatchItem",
    "MatchReport",
    "candidates_for",
    "drain_stale",
    "match_all",
    "mark_stale",
    "recompute_for",
]

LIMIT = 20
INDEX_AT = 300  # missing persons above which a found person is ranked through MissingIndex
_WIDE = 50  # how many counterparts each subject keeps before pairs are merged per case
SWEEP_AT = 50  # new missing cases above which drain_stale re-ranks every found case instead
_EXACT_K = 100  # rows of the index's coarse stage that the exact scorer sees
_INDEX: dict[str, MissingIndex] = {}  # the last index built, by a digest of its inputs


@dataclass(frozen=True, slots=True)
class MatchItem:
    """One counterpart of the case a report is about, with the pair's review state."""

    case_no: str
    score: float
    reasons: tuple[Reason, ...]
    dna: DnaResult | None
    state: str
    dna_recheck: str | None
    origin: str
    missing_case: str
    found_case: str
    missing_key: str = ""
    found_key: str = ""
    reject_reason: str | None = None
    decided_by: str | None = None

    def position(self, side: str) -> int:
        """The person's index in the case of *side* ("missing" | "found"), from ``{case_no}#{i}``."""
        key = self.missing_key if side == "missing" else self.found_key
        tail = key.rsplit("#", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    def to_json(self, lang: str = "zh_CN") -> dict[str, object]:
        """One element of ``candidates`` in ``xunren match --json`` (SPEC.md shape); a lead from
        the offline national index adds ``"source": "national_index"`` (issue 15)."""
        doc = Candidate(self.case_no, self.case_no, self.score, self.reasons, self.dna).to_json(lang)
        if self.origin == "national_index":
            doc["source"] = "national_index"
        return doc


@dataclass(frozen=True, slots=True)
class MatchReport:
    """A case and its candidates, best first."""

    case_no: str
    type: str
    items: tuple[MatchItem, ...]

    def to_json(self, lang: str = "zh_CN") -> dict[str, object]:
        return {"case_no": self.case_no, "candidates": [i.to_json(lang) for i in self.items]}


def _reason_json(r: Reason) -> dict[str, Any]:
    return {"key": r.key, "zh": r.zh, "en": r.en, "weight": round(r.weight, 4)}


def _dna_json(d: DnaResult | None) -> dict[str, Any] | None:
    return None if d is None else d.to_record()


def item_from_row(row: PairRow, case_no: str) -> MatchItem:
    """A stored pair as seen from *case_no*."""
    reasons = tuple(Reason(str(r.get("key", "")), str(r["zh"]), str(r["en"]), float(r.get("weight", 0.0)))
                    for r in row.reasons)  # fmt: skip
    dna = DnaResult.from_record(row.dna) if row.dna else None
    return MatchItem(row.other(case_no), row.score, reasons, dna, row.state, row.dna_recheck, row.origin,
                     row.missing_case, row.found_case, row.missing_key, row.found_key, row.reject_reason,
                     row.decided_by)  # fmt: skip


def fingerprint(found: MatchSubject, missing: MatchSubject) -> str:
    """A hash of everything the pair's score depends on: both subjects' facts and profiles."""
    body = json.dumps([asdict(found), asdict(missing)], default=_plain, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


_TYPES = {"missing": "missing", "found": "found"}  # one string each, not one per case


def _plain(value: object) -> object:
    return dict(value) if isinstance(value, Mapping) else str(value)


class _Pools:
    """The station's active missing and found subjects, in case order. Never changed once built:
    :meth:`changed` makes a new one, so a thread ranking with this one is not disturbed."""

    def __init__(self, sources: Iterable[CaseSource], genotypes: GenotypeStore | None = None) -> None:
        self.by_case: dict[str, list[MatchSubject]] = {}
        self.types: dict[str, str] = {}
        self.digests: dict[str, str] = {}
        # every profile of these pools in columns; pools made by changed() share and extend it
        self.genotypes = genotypes or GenotypeStore()
        for s in sources:
            self._put(s)
        self._finish()

    def _put(self, s: CaseSource) -> None:
        self.digests[s.case_no] = s.digest()
        # the stored document was checked at registration: read it straight, no second validation
        doc = orjson.loads(s.document)
        self.by_case[s.case_no] = subjects_from_document(s.case_no, doc, s.profiles, self.genotypes)
        self.types[s.case_no] = _TYPES.get(s.type, s.type)

    def _finish(self) -> None:
        self.missing = [x for c, subs in self.by_case.items() if self.types[c] == "missing" for x in subs]
        self.found = [x for c, subs in self.by_case.items() if self.types[c] != "missing" for x in subs]
        self.by_key = {s.key: s for s in (*self.missing, *self.found)}
        self._index: MissingIndex | None = None

    def changed(self, case_nos: set[str], sources: Sequence[CaseSource]) -> _Pools:
        """These pools with *case_nos* read again: *sources* holds those still active (a changed
        case keeps its place; a new one comes last, as a full load orders them by id)."""
        new = _Pools([], self.genotypes)
        new.by_case, new.types, new.digests = dict(self.by_case), dict(self.types), dict(self.digests)
        active = {s.case_no for s in sources}
        for case_no in case_nos - active:  # voided, closed or not a missing/found case
            new.by_case.pop(case_no, None)
            new.types.pop(case_no, None)
            new.digests.pop(case_no, None)
        for s in sources:
            new._put(s)
        new._finish()
        return new

    def _missing_index(self) -> MissingIndex:
        """The columnar index of the missing persons, reused while none of them changed."""
        if self._index is None:
            parts = (f"{c}:{self.digests[c]}" for c, t in self.types.items() if t == "missing")
            key = hashlib.sha256("|".join(parts).encode()).hexdigest()
            if key not in _INDEX:
                _INDEX.clear()
                _INDEX[key] = MissingIndex(self.missing)
            self._index = _INDEX[key]
        return self._index

    def rank_subject(
        self, subject: MatchSubject, limit: int = _WIDE, model: KinshipModel | None = None
    ) -> list[Candidate]:
        if subject.side == "found":
            if len(self.missing) > INDEX_AT:
                return self._missing_index().rank(subject, limit=limit, exact_k=_EXACT_K, model=model)
            return rank(subject, self.missing, limit=limit, model=model)
        return rank_found(subject, self.found, limit=limit, model=model)


def _pair(mine: MatchSubject, other: MatchSubject, cand: Candidate) -> PairUpdate:
    found, missing = (mine, other) if mine.side == "found" else (other, mine)
    return PairUpdate(missing.case_no, found.case_no, missing.key, found.key, round(cand.score, 6),
                      [_reason_json(r) for r in cand.reasons], _dna_json(cand.dna), fingerprint(found, missing))  # fmt: skip


def _refresh(
    session: Session,
    pools: _Pools,
    case_nos: Sequence[str],
    *,
    rank_missing: bool = True,
    writer: Writer | None = None,
) -> dict[str, str]:
    """Rank each case, store its pairs (re-scoring the ones already stored); audits reopenings.

    With *rank_missing* False only found cases are ranked; a missing case then gets its pairs
    from the found cases' rankings (every pair is stored once, seen from both sides).
    """
    # Ranking is the long part: it runs before the write, which then only stores the pairs.
    model = kinship_model(session)
    ranked: dict[str, list[PairUpdate]] = {}
    for case_no in case_nos:
        subjects = (
            pools.by_case.get(case_no, []) if rank_missing or pools.types.get(case_no) == "found" else []
        )
        ranked[case_no] = [
            _pair(mine, pools.by_key[cand.key], cand)
            for mine in subjects
            for cand in pools.rank_subject(mine, model=model)
        ]
    stored: dict[str, str] = (writer or session.store.write)(
        lambda uow: _store_pairs(session, uow, pools, ranked, model)
    )
    return stored


def _kept_screen(dna: DnaResult | None, before: dict[str, Any] | None) -> DnaResult | None:
    """A re-scored pair outside this ranking keeps the screen figures it was found with, as long
    as its LR is the same."""
    if dna is None or not before or before.get("screened") is None:
        return dna
    if abs(float(before.get("lr", before["combined_index"])) - dna.lr) > 1e-9 * max(1.0, dna.lr):
        return dna
    old = DnaResult.from_record(before)
    return replace(dna, screened=old.screened, rank=old.rank, expected_random=old.expected_random)


def _store_pairs(
    session: Session, uow: UnitOfWork, pools: _Pools, ranked: dict[str, list[PairUpdate]], model: KinshipModel
) -> dict[str, str]:
    now = now_utc()
    outcomes: dict[str, str] = {}
    case_nos = list(ranked)
    for case_no, pairs in ranked.items():
        for pair in pairs:
            outcomes[f"{pair.missing_key}~{pair.found_key}"] = repo.save_pair(uow.cursor, pair, now)
        for row in repo.pairs_of(uow.conn, case_no):
            key = f"{row.missing_key}~{row.found_key}"
            if key in outcomes or row.origin != "station":
                continue
            found, missing = pools.by_key.get(row.found_key), pools.by_key.get(row.missing_key)
            if found is None or missing is None:
                repo.delete_pair(uow.cursor, row.id)  # a side was voided or closed
                continue
            _s, cand, excluded = score_candidate(found, missing, model=model)
            if excluded:
                repo.delete_pair(uow.cursor, row.id)
                continue
            dna = _kept_screen(cand.dna, row.dna)
            if dna is not cand.dna and dna is not None:
                cand = Candidate(
                    cand.key,
                    cand.case_no,
                    cand.score,
                    (dna_reason(dna, dna.relation or ""), *cand.reasons[1:]),
                    dna,
                )
            outcomes[key] = repo.save_pair(uow.cursor, _pair(found, missing, cand), now)
    for key, outcome in outcomes.items():
        if outcome == "reopened":
            uow.audit.record(session.user, "match.reopen", key, detail="new evidence")
    repo.clear_stale(uow.cursor, case_nos)
    repo.record_inputs(uow.cursor, [(c, pools.digests[c]) for c in case_nos if c in pools.digests], now)
    repo.forget_inputs(uow.cursor, [c for c in case_nos if c not in pools.digests])
    return outcomes


def _report(session: Session, case_no: str, case_type: str, limit: int) -> MatchReport:
    with session.store.reader() as conn:
        rows = [r for r in repo.pairs_of(conn, case_no) if r.visible()]
    best: dict[str, MatchItem] = {}
    for row in rows:  # best first: the first pair per counterpart case is its best
        item = item_from_row(row, case_no)
        best.setdefault(item.case_no, item)
    return MatchReport(case_no, case_type, tuple(list(best.values())[:limit]))


# The pools of each open store, kept between operations. Every change to a case, person, sample
# or profile writes an outbox entry in its own transaction (the sync contract), so the newest
# outbox id and the newest case id (both O(1) look-ups) tell whether anything changed, and the
# outbox entries since then name the cases to read again. Without this, every background pass
# read and parsed the whole register (80,000 cases: 20 s the first time, 3 s after each change).
_POOLS: weakref.WeakKeyDictionary[StationStore, tuple[tuple[int, int], _Pools]] = weakref.WeakKeyDictionary()
_POOLS_LOCK = threading.Lock()
_RELOAD_AT = 5000  # changed cases above which the whole register is read again instead


def _load_pools(session: Session) -> _Pools:
    from app.sync.protocol import case_of

    with session.store.reader() as conn:
        version = case_queries.change_marks(conn)
        with _POOLS_LOCK:
            kept = _POOLS.get(session.store)
        if kept is not None and kept[0] == version:
            return kept[1]
        pools: _Pools | None = None
        if kept is not None and version[0] >= kept[0][0] and version[1] >= kept[0][1]:
            since, newest = kept[0]
            queued, registered = case_queries.changed_since(conn, since, newest)
            changed = {case_of(r) for r in queued} | registered
            if len(changed) <= _RELOAD_AT:
                pools = kept[1].changed(changed, repo.load_sources(conn, case_nos=sorted(changed)))
        if pools is None:
            # The load makes a few hundred thousand objects and no reference cycle: the cycle
            # collector would only walk the growing heap again and again (about a tenth of the
            # load's time at 100,000 cases), so it pauses until the pools are built.
            collecting = gc.isenabled()
            gc.disable()
            try:
                pools = _Pools(repo.iter_sources(conn))
            finally:
                if collecting:
                    gc.enable()
    with _POOLS_LOCK:
        _POOLS[session.store] = (version, pools)
    return pools


def active_found(session: Session) -> dict[str, list[MatchSubject]]:
    """The station's active found cases and their persons (the pools the matcher holds)."""
    pools = _load_pools(session)
    return {c: subs for c, subs in pools.by_case.items() if pools.types.get(c) == "found"}


def _case_type(session: Session, case_no: str) -> str:
    with session.store.reader() as conn:
        found = repo.load_sources(conn, case_nos=[case_no], active=False)
        if found:
            return found[0].type
        other = case_queries.case_type(conn, case_no)
    if other is None:
        raise ServiceError("case_unknown", case_no=case_no)
    return other


def candidates_for(session: Session, case_no: str, limit: int = LIMIT, *, audit: bool = True) -> MatchReport:
    """The case's candidates, best first, at most *limit*; recomputed and stored. Audits ``match.view``."""
    from app.services.match_national import import_national

    case_type = _case_type(session, case_no)
    import_national(session)
    if case_type in ("missing", "found"):
        pools = _load_pools(session)
        _refresh(session, pools, [case_no])
        if case_type == "found":  # issue 15: the country's missing persons, offline
            from app.services.screening import refresh_index_candidates

            refresh_index_candidates(session, case_no, pools.by_case.get(case_no, []), limit)
    if audit:
        with session.store.unit_of_work() as uow:
            uow.audit.record(session.user, "match.view", case_no)
            uow.commit()
    return _report(session, case_no, case_type, limit)


def recompute_for(session: Session, case_no: str) -> int:
    """Recompute one case's candidates after it or a profile changed; returns the pairs touched.

    Not audited (it is the system's work, not a person's look). Unknown cases are ignored.
    """
    return len(_refresh(session, _load_pools(session), [case_no]))


def recompute_cases(session: Session, case_nos: Sequence[str], *, writer: Writer | None = None) -> int:
    """Recompute these cases' candidates (a rebuilt station's pairs its decisions are about);
    returns the pairs touched. Not audited; unknown cases are ignored."""
    return len(_refresh(session, _load_pools(session), list(case_nos), writer=writer)) if case_nos else 0


def drain_stale(session: Session, limit: int = 2000, *, writer: Writer | None = None) -> int:
    """Recompute every case that changed since it was last matched; returns how many.

    A case is due when it was marked (:func:`mark_stale`), is new, or its document or profiles
    differ from the digest it was last matched on, so no hook is needed for correctness: the
    hooks only make the background pass find work sooner. At most *limit* cases per call.
    """
    from app.services.match_national import import_national

    import_national(session, writer=writer)
    with session.store.reader() as conn:
        marked = repo.stale_cases(conn, limit)
        seen = repo.matched_inputs(conn)
    pools = _load_pools(session)
    due = [c for c in pools.by_case if seen.get(c) != pools.digests[c]]
    due += [c for c in seen if c not in pools.by_case]  # voided or closed: drop its open proposals
    todo = list(dict.fromkeys([*marked, *due]))
    if len(todo) <= limit and sum(pools.types.get(c) == "missing" for c in todo) > SWEEP_AT:
        # Many new missing persons (an upgrade, an import): ranking every found person once
        # through the index is cheaper than ranking each missing person against every found one.
        founds = [c for c, t in pools.types.items() if t == "found"]
        _refresh(session, pools, list(dict.fromkeys([*founds, *todo])), rank_missing=False, writer=writer)
        _screen_nationally(session, pools, todo, writer)
        return len(todo)
    todo = todo[:limit]
    if todo:
        _refresh(session, pools, todo, writer=writer)
        _screen_nationally(session, pools, todo, writer)
    return len(todo)


def _screen_nationally(
    session: Session, pools: _Pools, case_nos: Sequence[str], writer: Writer | None = None
) -> None:
    """Issue 15: the found cases among *case_nos* against the offline national index, if held."""
    from app.services.screening import held_version, refresh_index_candidates

    if not held_version(session):
        return
    for c in case_nos:
        if pools.types.get(c) == "found":
            refresh_index_candidates(session, c, pools.by_case.get(c, []), LIMIT, writer=writer)


def match_all(session: Session, limit: int = LIMIT) -> list[MatchReport]:
    """Every open case with its candidates, by case number. Audits ``match.run``.

    A trafficking case is listed with no candidates: its victims are matched through the
    missing or found cases opened for them.
    """
    from app.services.match_national import import_national

    import_national(session)
    pools = _load_pools(session)
    case_nos = list(pools.by_case)
    found_first = sorted(case_nos, key=lambda c: pools.types[c] != "found")
    _refresh(session, pools, found_first, rank_missing=False)
    _screen_nationally(session, pools, found_first)  # issue 15
    with session.store.unit_of_work() as uow:
        uow.audit.record(session.user, "match.run", "", detail=f"cases={len(case_nos)}")
        uow.commit()
    with session.store.reader() as conn:
        others = repo.active_case_numbers(conn, "trafficking")
    reports = [_report(session, c, pools.types[c], limit) for c in case_nos]
    reports += [MatchReport(c, "trafficking", ()) for c in others]
    return sorted(reports, key=lambda r: r.case_no)


def mark_stale(cursor: Cursor, case_no: str) -> None:
    """Hook for the services that change a case or a profile: call inside their transaction."""
    repo.mark_stale(cursor, case_no, now_utc())
