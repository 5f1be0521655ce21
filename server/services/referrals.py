"""Referrals between stations (issue 14): a station asks another to act on one of its cases, the
other accepts, answers with a note or declines, and both stations pull each step.

A push batch reads its referrals and answers through one :class:`ReferralBook` (two queries for
the batch, none for a batch without them): a referral needs an enrolled target station other
than the sender (the case's ownership is the push's ordinary child-record rule); an answer needs
a referral the server holds, addressed to the answering station, in a state the step may follow.
:func:`after_push` keeps the referral's row and delivers it (pull kind ``referral``): revision 1
and the case's read-only summary to the target station, every answer to both stations.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.referral import ReferralState, can_answer
from app.sync import protocol
from app.sync.protocol import ProtocolError
from app.sync.protocol.referrals import (
    ANSWER_RECORD_TYPE,
    KIND,
    RECORD_TYPE,
    AnswerStep,
    ReferralAnswer,
    ReferralDelivery,
    ReferralRecord,
)
from app.sync.protocol.summaries import KIND as SUMMARY_KIND
from server.services.deliveries import deliver
from server.services.summaries import case_summary
from server.storage.referral_tables import Referral
from server.storage.tables import Station

TYPES = frozenset({RECORD_TYPE, ANSWER_RECORD_TYPE})
ANSWER_TYPE = ANSWER_RECORD_TYPE


@dataclass
class _Held:
    to_station_id: int
    state: ReferralState


class ReferralBook:
    """What one push batch needs to decide its referrals and answers (loaded once)."""

    def __init__(self, session: Session, station_id: int, changes: Iterable[protocol.Change]) -> None:
        self.station_id = station_id
        targets: set[str] = set()
        referrals: set[str] = set()
        for c in changes:
            if c.record_type == RECORD_TYPE and isinstance(c.payload.get("to"), str):
                targets.add(c.payload["to"])
            elif c.record_type == ANSWER_RECORD_TYPE and isinstance(c.payload.get("referral"), str):
                referrals.add(c.payload["referral"])
        self.stations: dict[str, int] = {}
        if targets:
            self.stations = {
                code: sid
                for sid, code in session.execute(
                    select(Station.id, Station.code).where(
                        Station.code.in_(sorted(targets)), Station.revoked_at.is_(None)
                    )
                )
            }
        self.held: dict[str, _Held] = {}
        if referrals:
            for rid, to, state in session.execute(
                select(Referral.referral_id, Referral.to_station_id, Referral.state).where(
                    Referral.referral_id.in_(sorted(referrals))
                )
            ):
                self.held[rid] = _Held(int(to), ReferralState(state))

    def refusal(self, change: protocol.Change) -> tuple[str, str] | None:
        """(reason, detail) when the server refuses the referral or answer, else None (an
        answer then moves the referral's state for the changes after it in the batch)."""
        if change.base_revision != 0:
            return protocol.INVALID, f"a {change.record_type} is sent once; send a new one"
        try:
            if change.record_type == RECORD_TYPE:
                referral = ReferralRecord.read(change.payload)
                problem = referral.problem_with_id(change.record_id)
                if problem is not None:
                    return protocol.INVALID, problem
                if referral.to not in self.stations:
                    return (
                        protocol.INVALID,
                        f"referral.to: station {referral.to} is not enrolled with the national server",
                    )
                return None
            answer = ReferralAnswer.read(change.payload)
        except ProtocolError as bad:
            return protocol.INVALID, bad.detail
        problem = answer.problem_with_id(change.record_id)
        if problem is not None:
            return protocol.INVALID, problem
        held = self.held.get(answer.referral)
        if held is None:
            return protocol.INVALID, "referral_answer.referral: the server holds no such referral"
        if held.to_station_id != self.station_id:
            return protocol.NOT_OWNER, "the referral is addressed to another station"
        if not can_answer(held.state, answer.state):
            return (
                protocol.INVALID,
                f"referral_answer.state: a {held.state.value} referral cannot be {answer.state.value}",
            )
        held.state = answer.state
        return None

    def target(self, code: str) -> int:
        return self.stations[code]


def after_push(
    session: Session, book: ReferralBook, station_code: str, applied: list[protocol.Change], now: datetime
) -> None:
    """Keep and deliver each applied referral and answer, in the batch's order."""
    names = dict(session.execute(select(Station.id, Station.name)).all()) if applied else {}
    for change in applied:
        if change.record_type == RECORD_TYPE:
            _sent(session, book, station_code, change, names, now)
        else:
            _answered(session, station_code, change, now)


def _sent(
    session: Session,
    book: ReferralBook,
    station_code: str,
    change: protocol.Change,
    names: dict[int, str],
    now: datetime,
) -> None:
    referral = ReferralRecord.read(change.payload)
    to = book.target(referral.to)
    delivery = ReferralDelivery(
        id=change.record_id, case_no=referral.case_no, from_station=station_code,
        from_name=names.get(book.station_id, ""), to_station=referral.to, to_name=names.get(to, ""),
        request=referral.request, note=referral.note, asked_by=referral.asked_by, asked_at=referral.asked_at,
        state=ReferralState.SENT,
    )  # fmt: skip
    payload = delivery.to_payload()
    session.add(
        Referral(
            referral_id=change.record_id, case_no=referral.case_no, from_station_id=book.station_id,
            to_station_id=to, state=ReferralState.SENT.value, revision=1, payload=_text(payload),
            created_at=now, updated_at=now,
        )
    )  # fmt: skip
    session.flush()
    deliver(session, [to], KIND, RECORD_TYPE, change.record_id, 1, payload)
    made = case_summary(session, referral.case_no)
    if made is not None:  # what the target station needs to act: the case's read-only summary
        summary, revision = made
        deliver(session, [to], SUMMARY_KIND, "case", summary.case_no, revision, summary.to_payload())


def _answered(session: Session, station_code: str, change: protocol.Change, now: datetime) -> None:
    answer = ReferralAnswer.read(change.payload)
    row = session.get(Referral, answer.referral)
    if row is None:  # checked by the book before it was applied
        return
    payload: dict[str, Any] = json.loads(row.payload)
    step = AnswerStep(change.record_id, answer.state, answer.note, answer.by, station_code, answer.at,
                      now.isoformat().replace("+00:00", "Z"))  # fmt: skip
    held = ReferralDelivery.read(row.referral_id, payload)
    delivery = ReferralDelivery(**{**_fields(held), "state": answer.state, "answers": (*held.answers, step)})
    row.state = answer.state.value
    row.revision += 1
    row.payload = _text(delivery.to_payload())
    row.updated_at = now
    session.flush()
    deliver(session, [row.from_station_id, row.to_station_id], KIND, RECORD_TYPE, row.referral_id,
            row.revision, delivery.to_payload())  # fmt: skip


def _fields(delivery: ReferralDelivery) -> dict[str, Any]:
    return {name: getattr(delivery, name) for name in delivery.__dataclass_fields__}


def _text(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
