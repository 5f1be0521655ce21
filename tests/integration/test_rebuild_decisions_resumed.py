"""A rebuild puts the station's own decisions back on its pairs (app/sync/rebuild.py
``apply_decisions``), over a state the national pull gave them — but never over a decision an
officer made at the rebuilt station since (a rebuild resumed after the station was used): that
newer decision stands."""

from __future__ import annotations

from typing import Any

from app.core.lifecycle import MatchState
from app.storage import match_repository as repo
from app.storage.outbox import enqueue
from app.sync.protocol.matches import MatchDecision
from app.sync.rebuild import apply_decisions

MISSING, FOUND, OTHER = "370783001-2026-000001", "450305001-2026-000002", "450305001-2026-000003"


def _pair(cursor: Any, found: str) -> int:
    update = repo.PairUpdate(
        MISSING, found, f"{MISSING}#0", f"{found}#0", 0.9, [], None, "f", origin="national"
    )
    repo.save_pair(cursor, update, "2026-12-01T00:00:00.000Z")
    return int(cursor.execute("SELECT id FROM match_candidates WHERE found_case = ?", (found,)).fetchone()[0])


def _sent(cursor: Any, found: str, state: MatchState) -> None:
    decision = MatchDecision(MISSING, found, state, "li.ming", "2026-11-30T08:00:00.000Z", "核实不符")
    enqueue(cursor, "decision", decision.record_id(MISSING), 1, decision.to_payload())
    cursor.execute("UPDATE outbox SET state = 'sent'")


def _two_pairs_decided(c: Any) -> None:
    """Two pairs the lost station rejected: one the pull then set confirmed nationally, one an
    officer of the rebuilt station confirmed since."""
    pulled, decided_here = _pair(c, FOUND), _pair(c, OTHER)
    repo.decide(c, pulled, MatchState.CONFIRMED, "national:450305001", "2026-12-01T00:00:00.000Z", None)
    repo.decide(c, decided_here, MatchState.CONFIRMED, "wang.fang", "2026-12-02T00:00:00.000Z", None)
    _sent(c, FOUND, MatchState.REJECTED)
    _sent(c, OTHER, MatchState.REJECTED)


def test_own_decisions_come_back_but_not_over_an_officers_newer_one(session: Any) -> None:
    def work(uow: Any) -> tuple[str, str]:
        c = uow.cursor
        _two_pairs_decided(c)
        assert [p.decision.found for p in apply_decisions(c)] == [FOUND]
        states = {
            found: (state, by)
            for found, state, by in c.execute("SELECT found_case, state, decided_by FROM match_candidates")
        }
        return states[FOUND], states[OTHER]

    pulled, decided_here = session.store.write(work)
    assert pulled == ("rejected", "li.ming")  # the lost station's own decision, over the pull's state
    assert decided_here == ("confirmed", "wang.fang")  # decided at the rebuilt station since: stands


def test_each_decision_a_rebuild_puts_back_is_audited(session: Any) -> None:
    """A decision the rebuild puts back changes the pair's state at the rebuilt station: the
    audit says so, as it does when an officer decides (``match.<decision>``), naming the officer
    of the lost station, when and why, and what the pair was; a pair it leaves alone (an
    officer's newer decision) gets no entry."""
    from app.services.rebuild import decisions_back
    from app.storage import audit

    session.store.write(lambda uow: _two_pairs_decided(uow.cursor))
    decisions_back(session, None)

    with session.store.reader() as conn:
        put_back = list(audit.iter_entries(conn, obj=f"{MISSING}~{FOUND}"))
        left = list(audit.iter_entries(conn, obj=f"{MISSING}~{OTHER}"))
        assert audit.verify(conn)[1] is None
    assert [e.action for e in put_back] == ["match.reject"], put_back
    assert put_back[0].actor == session.user
    assert (
        put_back[0].detail == "was=confirmed by=li.ming at=2026-11-30T08:00:00.000Z reason=核实不符 (rebuild)"
    )
    assert left == []
