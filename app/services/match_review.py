"""A person's review of candidate pairs: confirm, reject (with a reason), re-check, reunite.

Transitions (app.core.lifecycle.MATCH_MOVES): potential → confirmed | rejected, confirmed →
reunited. Each decision is audited (``match.confirm``, ``match.reject``, ``match.recheck``,
``match.reunite``) with the pair ``{missing}~{found}`` as its object. A DNA "supports" is never
final: it opens a re-check (``dna_recheck = pending``) that a second person, a supervisor other
than the one who confirmed the pair, closes (four eyes); a pair cannot be marked reunited while
its re-check is pending. A reunion proposes closing both cases: each of the station's own open
cases of the pair gets a closure request (outcome ``reunited``) for a supervisor to approve.

Outbox: a decision on a national pair (one of its cases is another station's) is queued in the
decision's transaction as this station's ``decision`` record on the pair
(:class:`app.sync.protocol.matches.MatchDecision`); the server settles the pair from both
stations' decisions and delivers it to both (issue 14). A re-check stays the station's own.

Runs on the store's owning thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core import words
from app.core.lifecycle import IllegalMove, MatchState, RecheckState, move
from app.core.model import AccountRole
from app.services.errors import ServiceError
from app.services.matching import MatchItem, item_from_row, recompute_for
from app.services.session import Session
from app.services.transfers import refuse_if_held_elsewhere
from app.storage import case_queries, outbox, sync_queries
from app.storage import match_repository as repo
from app.storage import transfer_repository as transfer_repo
from app.storage.audit import now_utc
from app.storage.cursor import Cursor
from app.sync.protocol.matches import MatchDecision

__all__ = ["DECISIONS", "MatchError", "QueueEntry", "review_candidate", "review_queue"]

MATCH_MESSAGES: dict[str, tuple[str, str]] = {
    "match_pair_unknown": ("{a} 与 {b} 之间没有比对候选", "there is no match candidate between {a} and {b}"),
    "match_transition": ("此候选已是“{state}”，不能{decision}", "this candidate is already {state}; cannot {decision}"),
    "match_reason_required": ("否定比对必须填写理由", "rejecting a candidate needs a reason"),
    "match_recheck_pending": ("DNA 比中尚待另一名所长复核", "the DNA hit still waits for its re-check by another supervisor"),
    "match_recheck_none": ("此候选没有待复核的 DNA 比中", "this candidate has no DNA hit waiting for a re-check"),
    "match_recheck_self": ("DNA 比中须由确认人以外的另一名所长复核", "a DNA hit must be re-checked by a supervisor other than the one who confirmed it"),
    "match_recheck_role": ("DNA 复核需要所长或管理员角色", "re-checking a DNA hit needs the supervisor or admin role"),
    "match_decision": ("未知的审核决定：{decision}", "unknown review decision: {decision}"),
}  # fmt: skip

# decision → the state it leads to ("recheck" keeps the state and closes the DNA re-check)
DECISIONS: dict[str, MatchState] = {
    "confirm": MatchState.CONFIRMED,
    "reject": MatchState.REJECTED,
    "reunite": MatchState.REUNITED,
    "recheck": MatchState.CONFIRMED,
}


def decision_verb(state: MatchState) -> str:
    """The decision that leads to *state* (``confirm``, ``reject``, ``reunite``), as the audit
    names it (``match.<verb>``)."""
    return next(verb for verb, leads_to in DECISIONS.items() if leads_to is state and verb != "recheck")


_DECISION_WORDS = {
    "confirm": ("确认", "confirm"),
    "reject": ("否定", "reject"),
    "reunite": ("标记团聚", "mark reunited"),
    "recheck": ("复核", "re-check"),
}


class MatchError(ServiceError):
    """A review the user asked for cannot be done; ``text(lang)`` says why."""

    messages = MATCH_MESSAGES

    def text(self, lang: str = "zh_CN") -> str:
        zh, en = self.messages[self.key]
        params = dict(self.params)
        if "state" in params:
            params["state"] = words.word(MatchState, params["state"], lang)
        if "decision" in params:
            pair = _DECISION_WORDS.get(str(params["decision"]))
            params["decision"] = pair[1 if words.is_english(lang) else 0] if pair else params["decision"]
        return (en if words.is_english(lang) else zh).format(**params)


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """A pair in the station-wide queue, seen from its found side."""

    found_case: str
    item: MatchItem


def _case_exists(session: Session, case_no: str) -> None:
    with session.store.reader() as conn:
        held = case_queries.case_exists(conn, case_no)
    if not held:
        raise ServiceError("case_unknown", case_no=case_no)


def review_candidate(
    session: Session,
    a: str,
    b: str,
    decision: str,
    reason: str | None = None,
    *,
    proposals: list[str] | None = None,
) -> MatchState:
    """Apply *decision* (confirm | reject | recheck | reunite) to every pair between cases *a* and *b*.

    Returns the pairs' state. Audits ``match.<decision>``. A re-check is a supervisor's, never the
    confirming person's. A reunion files a closure request for each of the station's own open
    cases of the pair (audited ``case.close_request``). Raises MatchError / ServiceError for an
    unknown case or pair, a decision the pair's state does not allow, or a rejection without a
    reason. The case numbers whose closure a reunion proposed are appended to *proposals*.
    """
    if decision not in DECISIONS:
        raise MatchError("match_decision", decision=decision)
    if decision == "reject" and not (reason or "").strip():
        raise MatchError("match_reason_required")
    if decision == "recheck" and session.role not in (AccountRole.SUPERVISOR, AccountRole.ADMIN):
        raise MatchError("match_recheck_role")
    with session.store.reader() as conn:
        known = repo.pairs_between(conn, a, b)
    if not known:  # never computed yet (or marked stale): compute before deciding
        _case_exists(session, a)  # a national pair may name another station's case; others may not
        _case_exists(session, b)
        recompute_for(session, a)
    target = DECISIONS[decision]
    now = now_utc()
    text = (reason or "").strip() or None
    with session.store.unit_of_work() as uow:
        rows = repo.pairs_between(uow.conn, a, b)
        if not rows:
            raise MatchError("match_pair_unknown", a=a, b=b)
        for row in rows:
            _check(row, decision, session.user)
        # every row is a pair of the same two cases: the one the station holds (a case it took
        # over counts, one it handed over does not) carries its decision
        both = (rows[0].missing_case, rows[0].found_case)
        held = [c for c in both if transfer_repo.held_here(uow.cursor, c)]
        if not held:
            for case_no in both:  # a candidate of a copy handed over is read-only with it
                refuse_if_held_elsewhere(uow.cursor, case_no)
        # Two cases filed by different stations, both held here (one taken over by transfer): the
        # pair may be one the server proposed, which it settles from each side's record, and the
        # other side's would otherwise still say what the station that handed its case over had
        # decided (a conflict nobody could settle). The station decides for both sides. (Its row
        # may be its own matcher's by now.) Held by neither (handed over): nothing to send.
        deciding = held if both[0][:9] != both[1][:9] else held[:1]
        queued: set[tuple[str, str]] = set()
        for row in rows:
            pair = f"{row.missing_case}~{row.found_case}"
            detail = f"score={row.score:.3f}" + (f" reason={text[:200]}" if text else "")
            if decision == "recheck":
                repo.finish_recheck(uow.cursor, row.id, session.user, now)
                uow.audit.record(session.user, "match.recheck", pair, detail=f"dna={row.verdict()}")
                continue
            repo.decide(uow.cursor, row.id, target, session.user, now, text if decision == "reject" else None)
            uow.audit.record(session.user, f"match.{decision}", pair, detail=detail)
            if (row.missing_case, row.found_case) not in queued:  # one record per pair of cases
                queued.add((row.missing_case, row.found_case))
                for case_no in deciding:
                    _queue_decision(uow.cursor, case_no, row, target, session.user, now, text)
        if decision == "reunite":
            from app.services.case_life import propose_reunion_closure

            proposed = propose_reunion_closure(
                uow, session.user, session.lang, rows[0].missing_case, rows[0].found_case
            )
            if proposals is not None:
                proposals.extend(proposed)
        uow.commit()
    return target


def _queue_decision(
    cursor: Cursor, own: str, row: repo.PairRow, state: MatchState, user: str, now: str, reason: str | None
) -> None:
    """Queue this station's decision on a pair: a national pair's reaches the other station through
    the server; one on a pair of its own two cases is only held there (the server settles no
    pair it never proposed), so a station rebuilt from the server gets it back (issue 14). The
    decision is a record of *own*, a case of the pair the station holds now."""
    decision = MatchDecision(row.missing_case, row.found_case, state, user, now, reason or "")
    record_id = decision.record_id(own)
    outbox.enqueue(
        cursor, "decision", record_id, sync_queries.next_base(cursor, record_id), decision.to_payload()
    )


def _check(row: repo.PairRow, decision: str, user: str) -> None:
    if decision == "recheck":
        if row.dna_recheck is not RecheckState.PENDING or row.state is not MatchState.CONFIRMED:
            raise MatchError("match_recheck_none")
        if row.decided_by == user:
            raise MatchError("match_recheck_self")
        return
    try:
        move(row.state, DECISIONS[decision])
    except IllegalMove:
        raise MatchError("match_transition", state=row.state.value, decision=decision) from None
    if decision == "reunite" and row.dna_recheck is RecheckState.PENDING:
        raise MatchError("match_recheck_pending")


def review_queue(
    session: Session, states: tuple[MatchState, ...] = (MatchState.POTENTIAL,), limit: int = 500
) -> list[QueueEntry]:
    """The station-wide queue of candidates waiting for a person, DNA re-checks first.

    Takes in the national candidates the last sync pulled first (a write: owning thread only).
    """
    from app.services.match_national import import_national

    import_national(session)
    with session.store.reader() as conn:
        rows = repo.queue(conn, states, limit)
    return [QueueEntry(r.found_case, item_from_row(r, r.found_case)) for r in rows]
