"""National matching: the worker job that compares touched cases with every station's.

The job ``match_cases`` (queued by every push that touched a case) runs the same matcher as the
stations (:mod:`app.core.matching`) over the records of all stations: each touched found person
against every active missing person, each touched missing person against every active found
person; DNA where the stored profiles allow. The register lives in the worker's long-lived
:class:`~server.services.matching_index.NationalIndex`, loaded once and kept current from the
journal, so a job reads only the cases it touched and those changed since the last job. Queued
jobs are coalesced: a worker takes every due one at once. Pairs are stored in ``matches`` and
delivered to both stations on their next pull; a pair a person already reviewed keeps its state.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.core.matching import Candidate as Ranked
from server.services.case_owners import case_owners
from server.services.decisions import with_closure
from server.services.deliveries import Item, deliver_many
from server.services.jobs import JobReport
from server.services.matching_index import NationalIndex
from server.services.meta import current_epoch
from server.storage.bulk import written
from server.storage.match_rows import PairRow, upsert_pairs
from server.storage.tables import Record, utcnow

log = logging.getLogger("xunren.server.worker")
LIMIT = 20  # candidates kept per touched person
# touched persons screened together (the families' DNA gathered once for all of them); the
# worker looks at a stop between two such batches
SCREEN_TOGETHER = 32


@dataclass(frozen=True)
class CaseFacts:
    """What the matcher sees of one case: its record and its child records' payloads."""

    case_no: str
    case_type: str
    payload: dict[str, Any]
    persons: list[dict[str, Any]] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    """A national pair; ``reasons`` are ``{"key", "zh", "en"}`` objects (or plain text)."""

    missing_case: str
    found_case: str
    score: float
    dna_verdict: str | None
    reasons: list[Any]
    dna: dict[str, Any] | None = None


def _as_candidate(missing: str, found: str, ranked: Ranked) -> Candidate:
    reasons = [{"key": r.key, "zh": r.zh, "en": r.en} for r in ranked.reasons]
    dna = None if ranked.dna is None else {**ranked.dna.to_json(), "kind": ranked.dna.kind}
    verdict = ranked.dna.verdict if ranked.dna else None
    return Candidate(missing, found, round(ranked.score, 6), verdict, reasons, dna)


@dataclass(frozen=True)
class Touched:
    """A case a job must match (only its number: the index reads the rest)."""

    case_no: str


@dataclass
class Screened:
    """What one screen of touched cases found, for the job records."""

    touched: int = 0
    refused: list[str] = field(default_factory=list)
    per_case: dict[str, int] = field(default_factory=dict)  # candidates per touched case
    rows_read: int = 0
    screen_seconds: float = 0.0  # ranking the touched persons in memory (no database in it)


_INDEXES: dict[tuple[str, str], NationalIndex] = {}
_INDEXES_LOCK = threading.Lock()


def index_for(session: Session) -> NationalIndex:
    """This process's index of the session's database (loaded on first use; a restored
    database — a new epoch — gets a fresh one)."""
    key = (str(session.get_bind().engine.url), current_epoch(session))
    with _INDEXES_LOCK:
        index = _INDEXES.get(key)
        if index is None:
            for old in [k for k in _INDEXES if k[0] == key[0]]:
                del _INDEXES[old]
            index = _INDEXES[key] = NationalIndex()
    return index


def national_candidates(
    session: Session,
    cases: Sequence[Any],
    index: NationalIndex | None = None,
    screened: Screened | None = None,
) -> list[Candidate]:
    """Candidate pairs for *cases* (anything with a ``case_no``) against all stations' active
    cases of the other type. The index is brought up to date first: the journal since its
    position, then the touched cases themselves."""
    index = index or index_for(session)
    report = screened or Screened()
    before = index.rows_read
    if not index.loaded:
        index.load(session)
    caught = index.catch_up(session)
    wanted = {c.case_no for c in cases}
    fresh = index.refresh(session, wanted - set(caught.subjects) - set(caught.refused))
    subjects = {**caught.subjects, **fresh.subjects}
    report.refused = sorted(wanted & {*caught.refused, *fresh.refused})
    for case_no in report.refused:
        log.info("case %s: its stored case file cannot be read; refused from matching", case_no)
    best: dict[tuple[str, str], Candidate] = {}
    touched = [subject for case_no in sorted(wanted) for subject in subjects.get(case_no, [])]
    report.touched += len(touched)
    answers: list[list[Ranked]] = []
    for at in range(0, len(touched), SCREEN_TOGETHER):
        started = time.perf_counter()
        answers += index.screen_many(touched[at : at + SCREEN_TOGETHER], LIMIT)
        report.screen_seconds += time.perf_counter() - started
    for subject, found in zip(touched, answers, strict=True):
        for ranked in found:
            if subject.side == "found":
                cand = _as_candidate(ranked.case_no, subject.case_no, ranked)
            else:
                cand = _as_candidate(subject.case_no, ranked.case_no, ranked)
            pair = (cand.missing_case, cand.found_case)
            if pair not in best or cand.score > best[pair].score:
                best[pair] = cand
    for cand in best.values():
        for case_no in {cand.missing_case, cand.found_case} & wanted:
            report.per_case[case_no] = report.per_case.get(case_no, 0) + 1
    report.rows_read = index.rows_read - before
    return sorted(best.values(), key=lambda c: (-c.score, c.missing_case, c.found_case))


def load_facts(session: Session, case_nos: Sequence[str]) -> list[CaseFacts]:
    """The stored facts of ``case_nos`` (cases the server does not hold are skipped)."""
    rows = session.execute(
        select(Record.record_id, Record.record_type, Record.case_no, Record.case_type, Record.payload).where(
            or_(
                Record.record_id.in_(list(case_nos)),
                and_(
                    Record.case_no.in_(list(case_nos)),
                    Record.record_type != written("case"),  # the children index leaves cases out
                    Record.record_type.in_(("person", "sample", "profile")),
                ),
            )
        )
    ).all()
    by_case: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = by_case.setdefault(row.case_no, {"persons": [], "samples": []})
        body = json.loads(row.payload)
        if row.record_type == "case":
            entry["case"], entry["type"] = body, row.case_type or ""
        elif row.record_type == "person":
            entry["persons"].append(body)
        else:
            entry["samples"].append(body)
    return [
        CaseFacts(no, e["type"], e["case"], e["persons"], e["samples"])
        for no, e in by_case.items()
        if "case" in e
    ]


def record_candidates(session: Session, candidates: Sequence[Candidate]) -> int:
    """Store or refresh each pair and deliver it to both stations; returns how many changed.

    A pair already reviewed (confirmed / rejected / reunited) keeps its state; it is delivered
    again only when its score or DNA verdict changed (new evidence). One upsert for the whole
    batch (``server/storage/match_rows.py``) answers which pairs changed; their deliveries are
    written a few statements at a time, whatever the number of candidates.
    """
    # each pair goes to the stations holding its cases now (after a transfer, not the station
    # whose code the number begins with)
    owners = case_owners(session, (c for cand in candidates for c in (cand.missing_case, cand.found_case)))
    by_pair = {(cand.missing_case, cand.found_case): cand for cand in candidates}  # a pair once: the last
    rows = [
        PairRow(
            c.missing_case, c.found_case, c.score, c.dna_verdict, json.dumps(c.reasons, ensure_ascii=False)
        )
        for c in by_pair.values()
    ]
    changed = upsert_pairs(session, rows, utcnow())
    order = {pair: n for n, pair in enumerate(by_pair)}  # deliveries in the candidates' order
    changed.sort(key=lambda p: order[(p.missing_case, p.found_case)])
    items: list[Item] = []
    for stored in changed:
        cand = by_pair[(stored.missing_case, stored.found_case)]
        audience = [owners[c] for c in (cand.missing_case, cand.found_case) if c in owners]
        payload = {
            "missing": cand.missing_case,
            "found": cand.found_case,
            "score": cand.score,
            "dna_verdict": cand.dna_verdict,
            # a candidate a reunion closed says so in every delivery (decisions.py)
            "reasons": cand.reasons if stored.closed_by is None else with_closure(cand.reasons),
            "state": stored.state,
        }
        if cand.dna is not None:
            payload["dna"] = cand.dna  # the numbers behind the verdict, for the stations' review
        items.append(
            (audience, "match", "match", f"{cand.missing_case}~{cand.found_case}", stored.revision, payload)
        )
    deliver_many(session, items)
    return len(changed)


class MatchCases:
    """The ``match_cases`` job. Coalescing: :meth:`batch` matches every claimed job's cases in
    one screen; each job's record gets its own touched, refused and candidate counts."""

    def __init__(self, index: NationalIndex | None = None) -> None:
        self.index = index
        self.last: list[JobReport] = []  # the last batch's reports (the worker prints them)
        self.on_start: Callable[[int, int], None] | None = None  # (jobs, cases) as a batch starts

    def __call__(self, session: Session, payload: dict[str, Any]) -> JobReport:
        return self.batch(session, [payload])[0]

    def batch(self, session: Session, payloads: Sequence[dict[str, Any]]) -> list[JobReport]:
        started = time.perf_counter()
        per_job = [sorted({str(c) for c in p.get("cases", [])}) for p in payloads]
        wanted = sorted({c for cases in per_job for c in cases})
        screened = Screened()
        if self.on_start is not None:
            self.on_start(len(payloads), len(wanted))
        if wanted:
            found = national_candidates(session, [Touched(c) for c in wanted], self.index, screened)
            record_candidates(session, found)
        took = round((time.perf_counter() - started) * 1000)
        refused = set(screened.refused)
        self.last = [
            JobReport(
                touched=len(cases),
                candidates=sum(screened.per_case.get(c, 0) for c in cases),
                refused=sorted(refused.intersection(cases)),
                took_ms=took,
                rows_read=screened.rows_read,
                screen_ms=round(screened.screen_seconds * 1000) if wanted else None,
            )
            for cases in per_job
        ]
        return self.last


match_cases_job = MatchCases()  # the process's job over its own index (tests, the e2e harness)
