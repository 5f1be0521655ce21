"""A person's review of candidate pairs: confirm, reject (with a reason), reunite; the DNA re-check.

Transitions: potential → confirmed | rejected, confirmed → reunited. Each decision is audited
(``match.confirm``, ``match.reject``, ``match.reunite``) with the pair ``{missing}~{found}`` as
its object. A DNA "supports" is never final: it opens a re-check (``dna_recheck = pending``)
that the person who confirms the pair closes (audited ``match.recheck``); a pair cannot be
marked reunited while its re-check is pending.

Outbox: the wire protocol (app/sync/protocol.py, RECORD_TYPES) has no record type for a match
decision, so decisions are not queued yet. TODO(sync): add a "match" record type (id
``{missing}~{found}``, payload {"missing", "found", "state", "reason", "decided_by",
"decided_at"}) and queue it here in the decision's transaction.

Runs on the store's owning thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services.errors import ServiceError
from app.services.matching import MatchItem, item_from_row, recompute_for
from app.services.session import Session
from app.storage import match_repository as repo
from app.storage.audit import now_utc

__all__ = ["DECISIONS", "MatchError", "QueueEntry", "review_candidate", "review_queue"]

MATCH_MESSAGES: dict[str, tuple[str, str]] = {
    "match_pair_unknown": ("{a} 与 {b} 之间没有比对候选", "there is no match candidate between {a} and {b}"),
    "match_transition": ("此候选已是“{state}”，不能{decision}", "this candidate is already {state}; cannot {decision}"),
    "match_reason_required": ("否定比对必须填写理由", "rejecting a candidate needs a reason"),
    "match_recheck_pending": ("DNA 比中尚待人工复核，请先确认", "the DNA hit still waits for its re-check; confirm it first"),
    "match_decision": ("未知的审核决定：{decision}", "unknown review decision: {decision}"),
}  # fmt: skip

_ZH_STATE = {"potential": "待审核", "confirmed": "已确认", "rejected": "已否定", "reunited": "已团圆"}
_ZH_DECISION = {"confirm": "确认", "reject": "否定", "reunite": "标记团圆"}

# decision → (states it may start from, state it leads to)
DECISIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "confirm": (("potential",), "confirmed"),
    "reject": (("potential",), "rejected"),
    "reunite": (("confirmed",), "reunited"),
}


class MatchError(ServiceError):
    """A review the user asked for cannot be done; ``text(lang)`` says why."""

    messages = MATCH_MESSAGES

    def text(self, lang: str = "zh_CN") -> str:
        zh, en = self.messages[self.key]
        if lang.startswith("en"):
            return en.format(**self.params)
        params = dict(self.params)
        params["state"] = _ZH_STATE.get(str(params.get("state", "")), params.get("state", ""))
        params["decision"] = _ZH_DECISION.get(str(params.get("decision", "")), params.get("decision", ""))
        return zh.format(**params)


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """A pair in the station-wide queue, seen from its found side."""

    found_case: str
    item: MatchItem


def _case_exists(session: Session, case_no: str) -> None:
    with session.store.reader() as conn:
        row = conn.exec_driver_sql("SELECT 1 FROM cases WHERE case_no = ?", (case_no,)).first()
    if row is None:
        raise ServiceError("case_unknown", case_no=case_no)


def review_candidate(session: Session, a: str, b: str, decision: str, reason: str | None = None) -> str:
    """Apply *decision* (confirm | reject | reunite) to every pair between cases *a* and *b*.

    Returns the new state. Audits ``match.<decision>``; confirming a DNA hit also closes its
    re-check (``match.recheck``). Raises MatchError / ServiceError for an unknown case or pair,
    a decision the pair's state does not allow, or a rejection without a reason.
    """
    if decision not in DECISIONS:
        raise MatchError("match_decision", decision=decision)
    if decision == "reject" and not (reason or "").strip():
        raise MatchError("match_reason_required")
    with session.store.reader() as conn:
        known = repo.pairs_between(conn, a, b)
    if not known:  # never computed yet (or marked stale): compute before deciding
        _case_exists(session, a)  # a national pair may name another station's case; others may not
        _case_exists(session, b)
        recompute_for(session, a)
    sources, target = DECISIONS[decision]
    now = now_utc()
    with session.store.unit_of_work() as uow:
        rows = repo.pairs_between(uow.conn, a, b)
        if not rows:
            raise MatchError("match_pair_unknown", a=a, b=b)
        for row in rows:
            if row.state not in sources:
                raise MatchError("match_transition", state=row.state, decision=decision)
            if decision == "reunite" and row.dna_recheck == "pending":
                raise MatchError("match_recheck_pending")
        for row in rows:
            pair = f"{row.missing_case}~{row.found_case}"
            text = (reason or "").strip() or None
            repo.decide(uow.cursor, row.id, target, session.user, now, text if decision == "reject" else None)
            detail = f"score={row.score:.3f}" + (f" reason={text[:200]}" if text else "")
            uow.audit.record(session.user, f"match.{decision}", pair, detail=detail)
            if decision == "confirm" and row.dna_recheck == "pending":
                repo.finish_recheck(uow.cursor, row.id, session.user, now)
                uow.audit.record(session.user, "match.recheck", pair, detail=f"dna={row.verdict()}")
        uow.commit()
    return target


def review_queue(
    session: Session, states: tuple[str, ...] = ("potential",), limit: int = 500
) -> list[QueueEntry]:
    """The station-wide queue of candidates waiting for a person, DNA re-checks first.

    Takes in the national candidates the last sync pulled first (a write: owning thread only).
    """
    from app.services.match_national import import_national

    import_national(session)
    with session.store.reader() as conn:
        rows = repo.queue(conn, states, limit)
    return [QueueEntry(r.found_case, item_from_row(r, r.found_case)) for r in rows]
