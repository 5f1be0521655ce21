"""National matching: the worker job that compares touched cases with every other station's.

NOT YET WIRED: :func:`national_candidates` is the seam where ``app.core.matching`` (issue 7,
written in parallel) will plug in; today it proposes no candidates. Everything around it is
real: the job, storing and updating candidate pairs, and delivering each to both stations.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from server.services.deliveries import deliver
from server.storage.tables import Match, Record, Station, utcnow


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
    missing_case: str
    found_case: str
    score: float
    dna_verdict: str | None
    reasons: list[str]


def national_candidates(session: Session, cases: Sequence[CaseFacts]) -> list[Candidate]:
    """Candidate pairs for ``cases`` against all stations' open cases of the other type.

    Not wired yet: returns no candidates until app.core.matching is connected here.
    """
    return []


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
