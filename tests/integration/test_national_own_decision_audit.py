"""A national pair that arrives at a station which had decided it (a station rebuilt from the
server: its decisions came back before the pairs did) takes the station's own decision back
(``app.services.match_national``), and that change of the pair's decision is audited like an
officer's (``match.<decision>``, as ``match_review`` writes it), naming the officer who decided at
the lost station, when, on what reason and what the pair was before: on a real SQLCipher store."""

from __future__ import annotations

from typing import Any

from app.core.lifecycle import MatchState
from app.services.match_national import import_national
from app.storage import audit
from app.storage.outbox import enqueue
from app.storage.sync_state import store_pulled
from app.sync.protocol.matches import MatchDecision, MatchDelivery, StationDecision

OWN = "370783001"
MISSING = f"{OWN}-2026-000001"
WAITING, SETTLED = "450305001-2026-000002", "450305001-2026-000003"
DECIDED_AT = "2026-11-30T08:00:00.000Z"


def _decided_before(uow: Any) -> None:
    """The lost station's decisions, written back by the rebuild as sent: one rejection, one
    confirmation."""
    for found, state, reason in (
        (WAITING, MatchState.REJECTED, "核实不符"),
        (SETTLED, MatchState.CONFIRMED, ""),
    ):
        decision = MatchDecision(MISSING, found, state, "li.ming", DECIDED_AT, reason)
        enqueue(uow.cursor, "decision", decision.record_id(MISSING), 1, decision.to_payload())
    uow.cursor.execute("UPDATE outbox SET state = 'sent'")
    # The pull brings both pairs: one still waiting nationally, one the other station rejected.
    waiting = MatchDelivery(MISSING, WAITING, 0.9, None, (), MatchState.POTENTIAL)
    other = StationDecision("450305001", MatchState.REJECTED, "2026-11-29T08:00:00.000Z", "年龄不符")
    settled = MatchDelivery(MISSING, SETTLED, 0.8, None, (), MatchState.REJECTED, decisions=(other,))
    store_pulled(
        uow.cursor,
        [(1, "match", "match", f"{MISSING}~{WAITING}", 1, waiting.to_payload()),
         (2, "match", "match", f"{MISSING}~{SETTLED}", 1, settled.to_payload())],
        "2026-12-01T00:00:00.000Z",
    )  # fmt: skip
    uow.commit()


def _entries(session: Any, pair: str) -> list[audit.AuditEntry]:
    with session.store.reader() as conn:
        return list(audit.iter_entries(conn, obj=pair))


def test_an_own_decision_taken_back_on_an_arriving_national_pair_is_audited(session: Any) -> None:
    with session.store.unit_of_work() as uow:
        _decided_before(uow)
    assert import_national(session) >= 2

    with session.store.reader() as conn:
        states = {
            found: (state, by)
            for found, state, by in conn.exec_driver_sql(
                "SELECT found_case, state, decided_by FROM match_candidates WHERE origin = 'national'"
            )
        }
    assert states == {WAITING: ("rejected", "li.ming"), SETTLED: ("confirmed", "li.ming")}

    waiting = _entries(session, f"{MISSING}~{WAITING}")
    assert [e.action for e in waiting] == ["match.national", "match.reject"], waiting
    taken_back = waiting[-1]
    assert taken_back.actor == "admin"
    assert taken_back.detail == f"score=0.900 was=potential by=li.ming at={DECIDED_AT} reason=核实不符"

    settled = _entries(session, f"{MISSING}~{SETTLED}")
    # The other station's rejection first settled the pair here; the station's own confirmation
    # then took it back: both changes are in the chain, in that order.
    assert [e.action for e in settled] == ["match.national", "match.national_state", "match.confirm"], settled
    assert settled[-1].detail == f"score=0.800 was=rejected by=li.ming at={DECIDED_AT}"
    with session.store.reader() as conn:
        assert audit.verify(conn)[1] is None  # the chain holds
