"""Referrals between stations (issue 14): a station asks another to act on one of its cases, the
other accepts, answers with a note or declines, and both stations pull each step.

A push batch reads its referrals and answers through one :class:`ReferralBook` (two queries for
the batch, none for a batch without them): a referral needs an enrolled target station other
than the sender (the case's ownership is the push's ordinary child-record rule); an answer needs
a referral the server holds, addressed to the answering station, in a state the step may follow.
:func:`after_push` keeps the referral's row and delivers it (pull kind ``referral``): revision 1
and the case's read-only summary to the target station, every answer to both stations;
:func:`refresh_summaries` gives the target station the summary again when the owning station
edits the case.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core.referral import ReferralState, can_answer
from app.sync import protocol
from app.sync.protocol import ProtocolError
from app.sync.protocol.referrals import (
    ANSWER_RECORD_TYPE,
    KIND,
    RECORD_TYPE,
    ReferralAnswer,
    ReferralDelivery,
    ReferralRecord,
)
from app.sync.protocol.summaries import KIND as SUMMARY_KIND
from server.services.deliveries import Item, deliver_many
from server.services.summaries import case_summaries, given_summaries
from server.storage.bulk import among, insert_rows
from server.storage.referral_tables import Referral
from server.storage.tables import Station

TYPES = frozenset({RECORD_TYPE, ANSWER_RECORD_TYPE})
# Refusal details: fixed texts, which the station words in its officer's language
# (app/services/refusal_words.py); the data they concern is in the refused record itself.
SENT_ONCE = "a referral or an answer is sent once; send a new one"
NOT_ENROLLED = "referral.to: the station is not enrolled with the national server"
NO_SUCH_REFERRAL = "referral_answer.referral: the server holds no such referral"
ADDRESSED_ELSEWHERE = "the referral is addressed to another station"
STEP_NOT_ALLOWED = "referral_answer.state: the referral's state does not allow this step"
ANSWER_TYPE = ANSWER_RECORD_TYPE


@dataclass
class _Held:
    to_station_id: int
    state: ReferralState


class ReferralBook:
    """What one push batch needs to decide its referrals and answers (loaded once)."""

    def __init__(
        self, session: Session, station_id: int, station_code: str, changes: Iterable[protocol.Change]
    ) -> None:
        self.station_id = station_id
        self.station_code = station_code  # the pushing station: it refers a case to others only
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
            return protocol.INVALID, SENT_ONCE
        try:
            if change.record_type == RECORD_TYPE:
                referral = ReferralRecord.read(change.payload)
                problem = referral.problem_with_id(change.record_id, self.station_code)
                if problem is not None:
                    return protocol.INVALID, problem
                if referral.to not in self.stations:
                    return protocol.INVALID, NOT_ENROLLED
                return None
            answer = ReferralAnswer.read(change.payload)
        except ProtocolError as bad:
            return protocol.INVALID, bad.detail
        problem = answer.problem_with_id(change.record_id)
        if problem is not None:
            return protocol.INVALID, problem
        held = self.held.get(answer.referral)
        if held is None:
            return protocol.INVALID, NO_SUCH_REFERRAL
        if held.to_station_id != self.station_id:
            return protocol.NOT_OWNER, ADDRESSED_ELSEWHERE
        if not can_answer(held.state, answer.state):
            return protocol.INVALID, STEP_NOT_ALLOWED
        held.state = answer.state
        return None

    def target(self, code: str) -> int:
        return self.stations[code]


def after_push(
    session: Session, book: ReferralBook, station_code: str, applied: list[protocol.Change], now: datetime
) -> None:
    """Keep and deliver each applied referral and answer, in the batch's order: one insert of
    the new referrals, one read of the referrals answered, one update, one delivery statement,
    and the case summaries a target station does not hold yet in that revision."""
    sent = [c for c in applied if c.record_type == RECORD_TYPE]
    answered = [c for c in applied if c.record_type == ANSWER_RECORD_TYPE]
    involved = {book.station_id, *(book.target(c.payload["to"]) for c in sent)}
    rows: dict[str, dict[str, Any]] = {}
    new: set[str] = set()
    if sent:
        names = dict(
            session.execute(select(Station.id, Station.name).where(Station.id.in_(sorted(involved)))).all()
        )
        for change in sent:
            r = ReferralRecord.read(change.payload)
            to = book.target(r.to)
            delivery = ReferralDelivery(
                id=change.record_id, case_no=r.case_no, from_station=station_code,
                from_name=names.get(book.station_id, ""), to_station=r.to, to_name=names.get(to, ""),
                request=r.request, note=r.note, asked_by=r.asked_by, asked_at=r.asked_at, state=ReferralState.SENT,
            )  # fmt: skip
            rows[change.record_id] = {
                "referral_id": change.record_id, "case_no": r.case_no, "from_station_id": book.station_id,
                "to_station_id": to, "state": ReferralState.SENT.value, "revision": 1,
                "payload": delivery.to_payload(), "created_at": now, "updated_at": now,
            }  # fmt: skip
            new.add(change.record_id)
    if answered:
        wanted = sorted({c.payload["referral"] for c in answered} - new)
        for found in session.execute(
            select(Referral.referral_id, Referral.case_no, Referral.from_station_id, Referral.to_station_id,
                   Referral.state, Referral.revision, Referral.payload).where(among(session, Referral.referral_id, wanted))
        ).mappings():  # fmt: skip
            rows[found["referral_id"]] = {
                **dict(found),
                "payload": json.loads(found["payload"]),
                "updated_at": now,
            }
        stamp = now.isoformat().replace("+00:00", "Z")
        for change in answered:
            answer = ReferralAnswer.read(change.payload)
            row = rows[answer.referral]  # the book checked that the server holds it
            step = {"id": change.record_id, "state": answer.state.value, "note": answer.note, "by": answer.by,
                    "station": station_code, "at": answer.at, "received_at": stamp}  # fmt: skip
            row["payload"] = {**row["payload"], "state": answer.state.value,
                              "answers": [*row["payload"]["answers"], step]}  # fmt: skip
            row["state"] = answer.state.value
            row["revision"] += 1
            row.setdefault("audience", set()).update({row["from_station_id"], row["to_station_id"]})
    columns = (
        "referral_id",
        "case_no",
        "from_station_id",
        "to_station_id",
        "state",
        "revision",
        "created_at",
        "updated_at",
    )
    inserts = [
        {**{k: rows[rid][k] for k in columns}, "payload": _text(rows[rid]["payload"])}
        for rid in rows
        if rid in new
    ]
    insert_rows(session, Referral.__table__, inserts)  # type: ignore[arg-type]
    updates = [
        {"referral_id": rid, "state": row["state"], "revision": row["revision"], "payload": _text(row["payload"]),
         "updated_at": now}
        for rid, row in rows.items() if rid not in new
    ]  # fmt: skip
    if updates:
        session.execute(update(Referral), updates)  # by primary key
    items: list[Item] = []
    for rid, row in rows.items():
        audience = row.get("audience") or set()
        if rid in new:
            audience = audience | {row["to_station_id"]}
        items.append((sorted(audience), KIND, RECORD_TYPE, rid, row["revision"], row["payload"]))
    items += _summaries(session, [(rows[rid]["to_station_id"], rows[rid]["case_no"]) for rid in new])
    deliver_many(session, items)


def refresh_summaries(session: Session, station_id: int, edited: Iterable[str]) -> None:
    """After the owning station (*station_id*) pushed a new revision of the cases *edited*:
    deliver the new summary to every station a referral of one of them asked, so it acts on
    what the case says now (one indexed read; nothing for a case nobody was asked about), except
    to a station that declined: it has nothing more to do with the case."""
    cases = sorted(set(edited))
    if not cases:
        return
    wanted = [
        (int(sid), str(case_no))
        for sid, case_no in session.execute(
            select(Referral.to_station_id, Referral.case_no)
            .where(
                among(session, Referral.case_no, cases),
                Referral.to_station_id != station_id,
                Referral.state != ReferralState.DECLINED.value,  # a station that declined is done with it
            )
            .distinct()
        )
    ]
    if wanted:
        deliver_many(session, _summaries(session, wanted))


def follow_transfer(
    session: Session, case_no: str, from_station_id: int, to_station_id: int, now: datetime
) -> None:
    """The case's referrals are asked by the holder from now on (issue 14): the holder receives
    each with every step so far, the asked station learns who asks now, and later answers go to
    the holder; a station that asked before (the one that handed the case over, or one before it)
    keeps what it was given and hears no more. A referral asking the holder itself stays as asked
    (a station never asks itself: it answers the station that asked it) until the case moves on,
    when the next holder asks. *from_station_id*: the station that handed the case over.

    Each station still asked (none that declined) is given the case's summary again, naming the
    holder with the holder's own contact (summaries.case_summaries): the one it holds names the
    station that handed the case over, whose phone the case record carries until the holder
    pushes it. At the record's revision, which the transfer does not move: the station shows the
    newest summary it pulled of a revision."""
    moving = (
        session.execute(
            select(Referral)
            .where(
                Referral.case_no == case_no,
                Referral.from_station_id != to_station_id,
                Referral.to_station_id != to_station_id,
            )
            .order_by(Referral.referral_id)
        )
        .scalars()
        .all()
    )
    if not moving:
        return
    holder = session.get(Station, to_station_id)
    assert holder is not None
    items: list[Item] = []
    for referral in moving:
        payload = json.loads(referral.payload)
        payload["from"] = {"code": holder.code, "name": holder.name}
        referral.from_station_id, referral.payload = to_station_id, _text(payload)
        referral.revision, referral.updated_at = referral.revision + 1, now
        audience = sorted({to_station_id, referral.to_station_id})
        items.append((audience, KIND, RECORD_TYPE, referral.referral_id, referral.revision, payload))
    session.flush()
    asked = sorted({r.to_station_id for r in moving if r.state != ReferralState.DECLINED.value})
    made = case_summaries(session, [case_no]).get(case_no) if asked else None
    if made is not None:
        summary, revision = made
        items.append((asked, SUMMARY_KIND, "case", case_no, revision, summary.to_payload()))
    deliver_many(session, items)


def _summaries(session: Session, wanted: list[tuple[int, str]]) -> list[Item]:
    """The read-only summary of each referred case for its target station, unless that station
    was given the case's current revision already (a second referral of the same case)."""
    if not wanted:
        return []
    cases = sorted({case_no for _sid, case_no in wanted})
    made = case_summaries(session, cases)
    given = given_summaries(session, cases, {sid for sid, _c in wanted})
    out: list[Item] = []
    for sid, case_no in sorted(set(wanted)):
        if case_no not in made or given.get((sid, case_no), 0) >= made[case_no][1]:
            continue
        summary, revision = made[case_no]
        out.append(([sid], SUMMARY_KIND, "case", case_no, revision, summary.to_payload()))
    return out


def _text(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
