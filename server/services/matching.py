"""National matching: the worker job that compares touched cases with every station's.

The job ``match_cases`` (queued by every push that touched a case) runs the same matcher as the
stations (:mod:`app.core.matching`) over the records of all stations: each touched found person
against every active missing person (through :class:`~app.core.matching.MissingIndex` when the
register is large), each touched missing person against every active found person; DNA where
the stored profiles allow. Pairs are stored in ``matches`` and delivered to both stations on
their next pull; a pair a person already reviewed keeps its state.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.core.matching import Candidate as Ranked
from app.core.matching import MatchSubject, MissingIndex, rank, rank_found
from server.services.deliveries import deliver
from server.services.match_subjects import build_subjects, is_active, load_inputs
from server.storage.tables import Match, Record, Station, utcnow

LIMIT = 20  # candidates kept per touched person
INDEX_AT = 300  # missing persons above which a found person is ranked through the index


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


def _pool(session: Session, case_type: str) -> list[MatchSubject]:
    return [s for item in load_inputs(session, case_type=case_type) if is_active(item.payload)
            for s in build_subjects(item)]  # fmt: skip


def _as_candidate(missing: str, found: str, ranked: Ranked) -> Candidate:
    reasons = [{"key": r.key, "zh": r.zh, "en": r.en} for r in ranked.reasons]
    dna = None if ranked.dna is None else {**ranked.dna.to_json(), "kind": ranked.dna.kind}
    verdict = ranked.dna.verdict if ranked.dna else None
    return Candidate(missing, found, round(ranked.score, 6), verdict, reasons, dna)


def national_candidates(session: Session, cases: Sequence[CaseFacts]) -> list[Candidate]:
    """Candidate pairs for ``cases`` against all stations' active cases of the other type."""
    touched = [
        s
        for item in load_inputs(session, case_nos=[c.case_no for c in cases])
        if is_active(item.payload)
        for s in build_subjects(item)
    ]
    sides = {s.side for s in touched}
    missing_pool = _pool(session, "missing") if "found" in sides else []
    found_pool = _pool(session, "found") if "missing" in sides else []
    index = MissingIndex(missing_pool) if len(missing_pool) > INDEX_AT else None
    best: dict[tuple[str, str], Candidate] = {}
    for subject in touched:
        if subject.side == "found":
            ranked = index.rank(subject, limit=LIMIT) if index else rank(subject, missing_pool, limit=LIMIT)
            pairs = [_as_candidate(r.case_no, subject.case_no, r) for r in ranked]
        else:
            pairs = [
                _as_candidate(subject.case_no, r.case_no, r) for r in rank_found(subject, found_pool, LIMIT)
            ]
        for cand in pairs:
            key = (cand.missing_case, cand.found_case)
            if key not in best or cand.score > best[key].score:
                best[key] = cand
    return sorted(best.values(), key=lambda c: (-c.score, c.missing_case, c.found_case))


def load_facts(session: Session, case_nos: Sequence[str]) -> list[CaseFacts]:
    """The stored facts of ``case_nos`` (cases the server does not hold are skipped)."""
    rows = session.execute(
        select(Record.record_id, Record.record_type, Record.case_no, Record.case_type, Record.payload).where(
            or_(
                Record.record_id.in_(list(case_nos)),
                and_(
                    Record.case_no.in_(list(case_nos)),
                    Record.record_type != "case",  # the children index leaves cases out
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
    again only when its score or DNA verdict changed (new evidence).
    """
    changed = 0
    codes = {c[:9] for cand in candidates for c in (cand.missing_case, cand.found_case)}
    station_ids = {
        code: sid
        for code, sid in session.execute(select(Station.code, Station.id).where(Station.code.in_(codes)))
    }
    for cand in candidates:
        match = session.scalar(
            select(Match).where(Match.missing_case == cand.missing_case, Match.found_case == cand.found_case)
        )
        if match is None:
            match = Match(
                missing_case=cand.missing_case,
                found_case=cand.found_case,
                state="potential",
                revision=1,
                score=cand.score,
                dna_verdict=cand.dna_verdict,
                reasons=json.dumps(cand.reasons, ensure_ascii=False),
                updated_at=utcnow(),
            )
            session.add(match)
        elif abs(match.score - cand.score) < 1e-9 and match.dna_verdict == cand.dna_verdict:
            continue
        else:
            match.score, match.dna_verdict = cand.score, cand.dna_verdict
            match.reasons = json.dumps(cand.reasons, ensure_ascii=False)
            match.revision += 1
            match.updated_at = utcnow()
        session.flush()
        audience = [station_ids[c[:9]] for c in (cand.missing_case, cand.found_case) if c[:9] in station_ids]
        payload = {
            "missing": cand.missing_case,
            "found": cand.found_case,
            "score": cand.score,
            "dna_verdict": cand.dna_verdict,
            "reasons": cand.reasons,
            "state": match.state,
        }
        if cand.dna is not None:
            payload["dna"] = cand.dna  # the numbers behind the verdict, for the stations' review
        deliver(
            session,
            audience,
            "match",
            "match",
            f"{cand.missing_case}~{cand.found_case}",
            match.revision,
            payload,
        )
        changed += 1
    return changed


def match_cases_job(session: Session, payload: dict[str, Any]) -> None:
    """Worker job ``match_cases``: match the touched cases nationally and deliver candidates."""
    facts = load_facts(session, [str(c) for c in payload.get("cases", [])])
    if facts:
        record_candidates(session, national_candidates(session, facts))
