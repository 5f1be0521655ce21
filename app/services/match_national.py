"""National candidates delivered by the server, kept beside the station's own for review.

The sync engine stores what it pulls in ``pulled_items`` (kind ``match``, record id
``{missing case}~{found case}``, payload :class:`~app.sync.protocol.matches.MatchDelivery`, with
``dna`` where the server compared profiles). :func:`import_national`
copies the new ones into ``match_candidates`` (origin ``national``) under the same review rules
as local pairs: a pair this station rejected stays hidden until the server's evidence changes.
Pairs between two of this station's own cases are skipped: the station matches those itself.
Every change is audited on the pair ``{missing}~{found}``: its arrival (``match.national``) or
return (``match.reopen``), a national state it takes (``match.national_state``), and the
station's own decision it takes back (``match.confirm`` / ``match.reject`` / ``match.reunite``).

Runs on the store's owning thread (called by :func:`app.services.matching.drain_stale`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from app.core.lifecycle import MatchState
from app.services.match_review import decision_verb
from app.services.screening import drop_confirmed
from app.services.session import Session
from app.storage import epoch_change, rebuild_repository
from app.storage import match_repository as repo
from app.storage import transfer_repository as transfer_repo
from app.storage.audit import now_utc
from app.storage.match_repository import PairUpdate
from app.storage.store import UnitOfWork, Writer
from app.sync.protocol import ProtocolError
from app.sync.protocol.matches import MatchDecision, MatchDelivery, decision_id

CURSOR_KEY = epoch_change.NATIONAL_MATCH_POSITION


def _reasons(raw: object) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in raw if isinstance(raw, list) else []:
        if isinstance(r, dict) and isinstance(r.get("zh"), str) and isinstance(r.get("en"), str):
            out.append(
                {"key": str(r.get("key", "")), "zh": r["zh"], "en": r["en"], "weight": r.get("weight", 0.0)}
            )
        elif isinstance(r, str):
            out.append({"key": "", "zh": r, "en": r, "weight": 0.0})
    prefix = {"key": "match.national", "zh": "全国比对（跨站）", "en": "national match (another station)"}
    return [{**prefix, "weight": 0.0}, *out]


def pair_from_payload(payload: dict[str, Any]) -> PairUpdate | None:
    """A pulled match payload as a stored pair, or None when it is malformed. The DNA figures are
    the server's own (:class:`~app.sync.protocol.matches.DnaFigures`); a delivery without them
    carries no DNA comparison here, never one with invented numbers."""
    try:
        delivery = MatchDelivery.read(payload)
    except ProtocolError:
        return None
    missing, found, score = delivery.missing, delivery.found, delivery.score
    reasons = _reasons(list(delivery.reasons))
    dna = None if delivery.dna is None else {"kind": "duo", **delivery.dna.to_json()}
    evidence = json.dumps([round(score, 6), dna, reasons], sort_keys=True, ensure_ascii=False)
    return PairUpdate(
        missing, found, f"{missing}#national", f"{found}#national", score,
        reasons, dna, hashlib.sha256(evidence.encode()).hexdigest(), origin="national",
    )  # fmt: skip


def _take_national_state(uow: UnitOfWork, user: str, delivery: MatchDelivery, now: str) -> bool:
    """A pair the stations settled nationally (another station's decision, or a reunion that
    closed it) stops waiting here: a candidate still potential at this station takes the national
    state. A pair this station already decided keeps its decision; a conflict settles nothing. A
    pair the national state closed here opens again when the server opens it (the reunion that
    closed it was disputed)."""
    if delivery.conflict:
        return False
    if delivery.state is MatchState.POTENTIAL:
        if not repo.reopen_national(uow.cursor, delivery.missing, delivery.found):
            return False
        pair = f"{delivery.missing}~{delivery.found}"
        uow.audit.record(
            user, "match.reopen", pair, detail="national: the reunion that closed it no longer holds"
        )
        return True
    row = repo.national_pair(uow.cursor, delivery.missing, delivery.found)
    if row is None or row[1] != MatchState.POTENTIAL.value:
        return False
    by = "、".join(d.station for d in delivery.decisions) or "national"
    reason = next((d.reason for d in delivery.decisions if d.reason), None)
    if delivery.state is MatchState.REJECTED and reason is None:
        reason = next((str(r.get("zh")) for r in delivery.reasons if isinstance(r, dict)
                       and r.get("key") == "match.closed_by_reunion"), "national")  # fmt: skip
    repo.decide(uow.cursor, row[0], delivery.state, f"national:{by}", now, reason)
    pair = f"{delivery.missing}~{delivery.found}"
    uow.audit.record(user, "match.national_state", pair, detail=f"state={delivery.state.value} by={by}")
    return True


def _own_decision(uow: UnitOfWork, user: str, own: str, pair: PairUpdate) -> bool:
    """A pair new here that this station had decided (a station rebuilt from the server, whose
    decisions came back before the pairs did) takes its own decision back, over any national
    state: as it stood at the lost station. Audited as the decision it takes back
    (``match.confirm`` / ``match.reject`` / ``match.reunite``, as :mod:`app.services.match_review`
    writes them), naming what the pair was and who decided it when."""
    missing, found = pair.missing_case, pair.found_case
    own_case = missing if missing[:9] == own else found
    text = rebuild_repository.sent_decision(uow.cursor, decision_id(own_case, missing, found))
    row = repo.national_pair(uow.cursor, missing, found)
    if text is None or row is None:
        return False
    decision = MatchDecision.read(json.loads(text))
    repo.decide(
        uow.cursor, row[0], decision.state, decision.decided_by, decision.decided_at, decision.reason or None
    )
    audit_decision_back(uow, user, decision, row[1], before=f"score={pair.score:.3f} ")
    return True


def audit_decision_back(
    uow: UnitOfWork, user: str, decision: MatchDecision, was: str, *, before: str = "", after: str = ""
) -> None:
    """A decision of this station's put back on its pair (a national pair arriving, a rebuild),
    audited as the decision it is (``match.<verb>``, as :mod:`app.services.match_review` writes
    it): what the pair was, who decided it when, and why."""
    detail = f"{before}was={was} by={decision.decided_by} at={decision.decided_at}"
    detail += f" reason={decision.reason[:200]}" if decision.reason else ""
    pair = f"{decision.missing}~{decision.found}"
    uow.audit.record(user, f"match.{decision_verb(decision.state)}", pair, detail=detail + after)


def national_conflicts(session: Session) -> list[MatchDelivery]:
    """National pairs on which stations decided differently, as last delivered: shown to every
    station of the pair until they agree."""
    with session.store.reader() as conn:
        payloads = repo.latest_pulled_matches(conn)
    out: list[MatchDelivery] = []
    for payload in payloads:
        try:
            delivery = MatchDelivery.read(payload)
        except ProtocolError:
            continue
        if delivery.conflict:
            out.append(delivery)
    return out


def import_national(session: Session, *, writer: Writer | None = None) -> int:
    """Copy newly pulled national candidates into the review table; returns how many changed."""
    with session.store.reader() as conn:
        after = int(repo.setting(conn, CURSOR_KEY) or 0)
        items = repo.pulled_matches(conn, after)
    if not items:
        return 0
    own = session.station.code
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    for _seq, record_id, revision, payload in items:
        if record_id not in latest or revision >= latest[record_id][0]:
            latest[record_id] = (revision, payload)
    now = now_utc()

    def store(uow: UnitOfWork) -> int:
        changed = 0
        for _revision, payload in latest.values():
            pair = pair_from_payload(payload)
            if pair is None or all(
                transfer_repo.held_here(uow.cursor, c) for c in (pair.missing_case, pair.found_case)
            ):
                continue  # a pair of two cases it holds: its own matching's (a case handed over is not one)
            outcome = repo.save_pair(uow.cursor, pair, now)
            drop_confirmed(uow.cursor, pair.missing_case, pair.found_case)  # issue 15: the lead gives way
            # The pair's arrival is audited before what then settles it (the national state, then
            # the station's own decision taken back), so the chain reads in the order things happened.
            if outcome == "new":
                uow.audit.record(session.user, "match.national", f"{pair.missing_case}~{pair.found_case}")
            elif outcome == "reopened":
                uow.audit.record(session.user, "match.reopen", f"{pair.missing_case}~{pair.found_case}",
                                 detail="new national evidence")  # fmt: skip
            changed += outcome != "unchanged"
            changed += _take_national_state(uow, session.user, MatchDelivery.read(payload), now)
            if outcome == "new":
                changed += _own_decision(uow, session.user, own, pair)
        repo.set_setting(uow.cursor, CURSOR_KEY, str(max(seq for seq, *_rest in items)))
        return changed

    changed: int = (writer or session.store.write)(store)
    return changed
