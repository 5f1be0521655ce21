"""Match decisions that travel (issue 14): a station's confirm, reject or reunite of a national
pair, held by the server as the pair's state and revision and delivered to both stations.

Each station's decision is a record of its own (``decision``, a child of its case of the pair);
the server settles the pair from all of them (:func:`app.sync.protocol.matches.settle`): agreeing
stations settle it, disagreeing ones are a conflict both stations see, never a silent last write.
A reunion closes the other open candidates of both cases (delivered as rejected, with the reason);
when it no longer holds (the other station rejects it) they open again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from app.core.lifecycle import MatchState
from app.sync.protocol.matches import MatchDecision, StationDecision, decision_id, settle
from server.services.case_owners import case_owners
from server.services.deliveries import deliver
from server.storage.bulk import written
from server.storage.tables import JournalEntry, Match, Record, Station, as_utc, utcnow

CLOSED_BY_REUNION = {
    "key": "match.closed_by_reunion",
    "zh": "其中一方已与另一案件团聚，此候选关闭",
    "en": "closed: one of the cases was reunited through another pair",
    "weight": 0.0,
}


def after_push(session: Session, decisions: list[MatchDecision]) -> None:
    """Settle and deliver every pair a pushed batch decided (inside the push's transaction)."""
    for pair in sorted({(d.missing, d.found) for d in decisions}):
        match = session.execute(
            select(Match).where(Match.missing_case == pair[0], Match.found_case == pair[1])
        ).scalar_one_or_none()
        if match is not None:  # a pair the national matcher never proposed is the station's own
            _settle(session, match)


def _held_decisions(session: Session, match: Match) -> list[StationDecision]:
    ids = [
        decision_id(c, match.missing_case, match.found_case) for c in (match.missing_case, match.found_case)
    ]
    out: list[StationDecision] = []
    for code, payload in session.execute(  # each decision under the code of the station that made it
        select(Station.code, Record.payload)
        .join(Station, Station.id == Record.owner_station_id)
        .where(Record.record_id.in_(ids))
        .order_by(Record.record_id)
    ):
        d = MatchDecision.read(json.loads(payload))
        out.append(StationDecision(code, d.state, d.decided_at, d.reason))
    return out


def last_delivery_statement(missing_case: str, found_case: str) -> Select[str | None]:
    """The payload of the pair's last delivery to the stations: found through the journal's
    index of match deliveries by pair (``ix_journal_deliveries``), never by walking the journal."""
    return (
        select(JournalEntry.payload)
        .where(
            JournalEntry.kind == written("match"), JournalEntry.record_id == f"{missing_case}~{found_case}"
        )
        .order_by(JournalEntry.seq.desc())
        .limit(1)
    )


def _last_delivery(session: Session, match: Match) -> dict[str, Any]:
    row = session.execute(last_delivery_statement(match.missing_case, match.found_case)).scalar_one_or_none()
    if row:
        body: dict[str, Any] = json.loads(row)
        return body
    return {"missing": match.missing_case, "found": match.found_case, "score": match.score,
            "dna_verdict": match.dna_verdict, "reasons": json.loads(match.reasons)}  # fmt: skip


def _settle(session: Session, match: Match, extra_reason: dict[str, Any] | None = None) -> None:
    was = match.state
    decisions = _held_decisions(session, match)
    if decisions:
        match.closed_by = None  # the stations' own word decides the pair from now on
    state, conflict = settle(decisions)
    if state is not None or conflict:  # a conflict unsettles the pair until the stations agree
        match.state = (state or MatchState.POTENTIAL).value
    match.revision += 1
    match.updated_at = utcnow()
    match.conflict_at = match.updated_at if conflict else None  # what the console lists (conflicts)
    payload = _last_delivery(session, match)
    payload["state"] = match.state
    payload["decisions"] = [
        {"station": d.station, "state": d.state.value, "decided_at": d.decided_at, "reason": d.reason}
        for d in decisions
    ]
    payload["conflict"] = conflict
    if extra_reason is not None and extra_reason not in payload.get("reasons", []):
        payload["reasons"] = [*payload.get("reasons", []), extra_reason]
    session.flush()
    deliver(session, _audience(session, match), "match", "match", f"{match.missing_case}~{match.found_case}",
            match.revision, payload)  # fmt: skip
    if state is MatchState.REUNITED:
        _close_others(session, match)
    elif was == MatchState.REUNITED.value:  # disputed or withdrawn: what it closed opens again
        _reopen_closed(session, match)


def _close_others(session: Session, reunited: Match) -> None:
    for other in _others(
        session, reunited, MatchState.POTENTIAL, (reunited.missing_case, reunited.found_case)
    ):
        payload = _last_delivery(session, other)
        other.closed_by = reunited.id  # held by the pair: a later delivery of it keeps the closure
        _move(session, other, MatchState.REJECTED, payload, with_closure(payload.get("reasons", [])))


def _reopen_closed(session: Session, undone: Match) -> None:
    """The candidates of both cases that a reunion closed, open again once that reunion no longer
    holds (one station declared it, the other rejected it): a pair a station rejected by its own
    decision stays rejected, and so does one whose case is still reunited through another pair."""
    closed = [
        m
        for m in _others(session, undone, MatchState.REJECTED, (undone.missing_case, undone.found_case))
        if m.closed_by == undone.id
        # closed by a server of the previous version: only its delivery says so
        or (
            m.closed_by is None and any(_is_closure(r) for r in _last_delivery(session, m).get("reasons", []))
        )
    ]
    if not closed:
        return
    touched = {c for m in closed for c in (m.missing_case, m.found_case)}
    reunited = {
        c: m.id
        for m in _others(session, undone, MatchState.REUNITED, touched)
        for c in (m.missing_case, m.found_case)
    }
    for other in closed:
        holding = reunited.get(other.missing_case) or reunited.get(other.found_case)
        if holding is not None:  # still closed, now by the reunion that holds: it opens with that one
            other.closed_by = holding
            continue
        if _held_decisions(session, other):
            continue
        payload = _last_delivery(session, other)
        other.closed_by = None
        reasons = payload.get("reasons", [])
        _move(session, other, MatchState.POTENTIAL, payload, [r for r in reasons if not _is_closure(r)])


def _others(session: Session, match: Match, state: MatchState, cases: Iterable[str]) -> list[Match]:
    """The pairs other than *match* in *state* that name one of *cases*."""
    named = sorted(set(cases))
    return list(
        session.execute(
            select(Match).where(
                Match.id != match.id,
                Match.state == state.value,
                or_(Match.missing_case.in_(named), Match.found_case.in_(named)),
            )
        ).scalars()
    )


def _is_closure(reason: Any) -> bool:
    return isinstance(reason, dict) and reason.get("key") == CLOSED_BY_REUNION["key"]


def with_closure(reasons: list[Any]) -> list[Any]:
    """*reasons* ending with the reunion's closure (once): what a closed candidate's delivery
    says, whoever delivers it (a reunion here, new evidence from the matcher later)."""
    return [*(r for r in reasons if not _is_closure(r)), CLOSED_BY_REUNION]


def _move(
    session: Session, match: Match, state: MatchState, payload: dict[str, Any], reasons: list[Any]
) -> None:
    """*match* to *state* as its next revision, delivered (its last delivery's *payload* with the
    state and *reasons*) to the stations holding its cases."""
    match.state = state.value
    match.revision += 1
    match.updated_at = utcnow()
    match.conflict_at = None  # closed, or opened again with no decision held: no conflict to list
    payload["state"], payload["reasons"] = match.state, reasons
    session.flush()
    deliver(session, _audience(session, match), "match", "match", f"{match.missing_case}~{match.found_case}",
            match.revision, payload)  # fmt: skip


def _audience(session: Session, match: Match) -> list[int]:
    """The stations holding the pair's cases now (after a transfer, the receiving station)."""
    return sorted(set(case_owners(session, (match.missing_case, match.found_case)).values()))


@dataclass(frozen=True)
class DecisionConflict:
    """A national pair on which the stations disagree, as the operator's console lists it:
    each station's code and name, its decision, when and why."""

    missing_case: str
    found_case: str
    score: float
    updated_at: str
    stations: list[dict[str, str]]


def conflicts_statement(limit: int) -> Select[Match]:
    """The pairs a decision left in conflict, the most recently decided first: read in that
    order from the index of conflicts (``ix_matches_conflicts``, partial on ``conflict_at``), so
    the console reads the conflicts it shows, never the pairs the matcher re-scored."""
    return (
        select(Match)
        .where(Match.conflict_at.is_not(None))
        .order_by(Match.conflict_at.desc(), Match.id.desc())
        .limit(limit)
    )


def conflicts(session: Session, limit: int = 100) -> list[DecisionConflict]:
    """Pairs whose held decisions conflict, the most recently decided first. A decision that
    leaves the pair in conflict marks it (``conflict_at``, set and cleared by :func:`_settle`,
    cleared when a reunion closes the pair), so the cost follows the conflicts shown, not the
    register. Read-only."""
    found: list[tuple[Match, list[StationDecision]]] = []
    for match in session.scalars(conflicts_statement(limit)):
        held = _held_decisions(session, match)
        if settle(held)[1]:  # as marked; checked again, as each pair's stations are read anyway
            found.append((match, held))
    codes = {d.station for _m, held in found for d in held}
    names: dict[str, str] = {
        code: name
        for code, name in session.execute(select(Station.code, Station.name).where(Station.code.in_(codes)))
    }
    return [
        DecisionConflict(
            missing_case=m.missing_case,
            found_case=m.found_case,
            score=m.score,
            updated_at=as_utc(m.conflict_at or m.updated_at).isoformat(timespec="seconds"),
            stations=[
                {
                    "code": d.station,
                    "name": names.get(d.station, ""),
                    "state": d.state.value,
                    "decided_at": d.decided_at,
                    "reason": d.reason,
                }
                for d in held
            ],  # fmt: skip
        )
        for m, held in found
    ]
