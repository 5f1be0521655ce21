"""Applying a station's pushed batch: idempotent, owner- and revision-checked, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic_core import PydanticSerializationError, to_json
from sqlalchemy import Integer, String, bindparam, literal, select, union_all, update
from sqlalchemy.orm import Session

from app.core.model import Case
from app.sync import alert_records, protocol, transfer_records
from app.sync.protocol import ChangeResult, ProtocolError
from app.sync.protocol.cases import CaseRecord
from app.sync.protocol.matches import MatchDecision
from server.services import child_alerts, decisions, gallery, jobs, numbers, referrals, transfers
from server.storage.bulk import (
    PlainQuery,
    among_named,
    among_values,
    each_of,
    insert_columns,
    insert_rows,
)
from server.storage.tables import JournalEntry, Record, Refusal, Station, utcnow

_GALLERY_FOLLOWS = frozenset({"case", "publication"})
_ALERTS_FOLLOW = frozenset({"case", "photo", alert_records.ACK_RECORD_TYPE})  # issue 14: child alerts
_TRANSFER_TYPES = frozenset(
    {transfer_records.RECORD_TYPE, transfer_records.ACCEPT_RECORD_TYPE, transfer_records.END_RECORD_TYPE}
)
# another station's case (an acknowledgement, an acceptance) or a transfer's end: nothing to match
_NOT_MATCHED = frozenset(
    {alert_records.ACK_RECORD_TYPE, transfer_records.ACCEPT_RECORD_TYPE, transfer_records.END_RECORD_TYPE}
)
_JSON = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
# An acknowledgement whose id is not the pushing station's own (a fixed text: stations word it).
ACK_ID_DETAIL = "alert_ack id is {case}/k/{uuid5 of the pushing station, the case and the officer}"
# A not_owner refusal's detail by what another station holds: (owned there; transferred there,
# a case number of the refused station's own, issue 14). Fixed texts: stations word them
# (app/services/refusal_words.py).
NOT_OWNER_DETAILS: dict[str, tuple[str, str]] = {
    "record's case": (
        "the record's case number belongs to another station",
        "the record's case was transferred to another station, which changes it now",
    ),
    "record": (
        "the record belongs to another station",
        "the record was transferred to another station, which changes it now",
    ),
    "case": (
        "the case belongs to another station",
        "the case was transferred to another station, which changes it now",
    ),
}


@dataclass
class _RecordState:
    owner: int
    revision: int
    stored: bool  # the row exists in the database (update) or is new in this batch (insert)
    row: dict[str, Any] | None = None  # the values to write, when changed by this batch


def push_batch(
    session: Session,
    station_id: int,
    station_code: str,
    changes: list[protocol.Change],
    audit_head: protocol.AuditHead | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> list[ChangeResult]:
    """Apply ``changes`` in order for the station and answer one result per change.

    Inside the caller's transaction (see ``meta.in_transaction``). A change id already answered
    answers the same again and changes nothing. Applied changes are journalled with their new
    revision; refusals are kept with their reason. Queues national matching for the touched
    cases (the audit head is witnessed by ``witness.observe``; *audit_head* is unused here and
    kept for callers of the old signature). ``clock`` is the server's clock the missing-child
    alerts run on (injectable in tests). Safe to call from any request thread.

    An acceptance of a transfer ends its part of the batch: the transfer is completed before the
    changes after it are decided, so a station's changes to the case it took over, sent in one
    batch with its acceptance (all it sends again to a server restored from a backup), are its own.
    """
    results: list[ChangeResult] = []
    start = 0
    for at, change in enumerate(changes[:-1]):
        if change.record_type == transfer_records.ACCEPT_RECORD_TYPE:
            results += _push_part(session, station_id, station_code, changes[start : at + 1], clock)
            start = at + 1
    return results + _push_part(session, station_id, station_code, changes[start:], clock)


def _push_part(
    session: Session,
    station_id: int,
    station_code: str,
    changes: list[protocol.Change],
    clock: Callable[[], datetime],
) -> list[ChangeResult]:
    """:func:`push_batch` of one part of a batch (inside the caller's transaction)."""
    _serialize_station(session, station_id)
    answered = _answered(session, station_id, [c.change_id for c in changes])
    wanted = {c.record_id for c in changes if c.change_id not in answered}
    state = _load(session, wanted | {protocol.case_of(r) for r in wanted if "/" in r})
    acks = [c.record_id for c in changes if c.record_type == alert_records.ACK_RECORD_TYPE]
    alerted = child_alerts.delivered_to(session, station_id, map(protocol.case_of, acks)) if acks else set()
    fresh = [c for c in changes if c.change_id not in answered]
    book = (  # issue 14: referrals and their answers, read once for the batch
        referrals.ReferralBook(session, station_id, station_code, fresh)
        if any(c.record_type in referrals.TYPES for c in fresh)
        else None
    )
    moving = [c for c in changes if c.record_type in _TRANSFER_TYPES]  # issue 14: case transfers
    known = transfers.preload(session, station_id, moving) if moving else transfers.Preloaded()
    now = utcnow()
    journal: list[tuple[protocol.Change, int | None]] = []  # applied changes and their revisions
    refusals: list[dict[str, Any]] = []
    touched_cases: set[str] = set()
    seen_numbers: list[tuple[str, int, int]] = []
    public_side: list[protocol.Change] = []  # what the gallery must follow (issue 18)
    decided: list[MatchDecision] = []  # national pairs to settle (issue 14)
    alert_side: list[protocol.Change] = []  # what the child alerts must follow (issue 14)
    referral_side: list[protocol.Change] = []  # referrals and answers to keep and deliver (issue 14)
    transfer_side: list[protocol.Change] = []  # transfers requested and accepted (issue 14)
    edited: list[str] = []  # cases changed after their creation: referred ones get a new summary
    results: list[ChangeResult] = []
    cases: dict[str, Case] = {}  # change id → the pushed case as read once, for what follows
    for change in changes:
        if change.change_id in answered:
            results.append(answered[change.change_id])
            continue
        result, row = _decide(change, station_id, station_code, state, now, alerted, book, known, cases)
        answered[change.change_id] = result
        results.append(result)
        if result.status == "applied" and row is not None:
            journal.append((change, result.revision))
            if change.record_type in _ALERTS_FOLLOW:
                alert_side.append(change)
            if change.record_type in _TRANSFER_TYPES:
                transfer_side.append(change)
                known.note_applied(change)
            if change.record_type in _NOT_MATCHED:
                continue  # nothing to match, no numbers of ours
            if change.record_type in referrals.TYPES:
                referral_side.append(change)
                continue  # nothing to match, no numbers
            touched_cases.add(row["case_no"])
            if change.record_type in _GALLERY_FOLLOWS:
                public_side.append(change)
            if change.record_type == "case" and change.base_revision > 0:
                edited.append(change.record_id)
            if change.record_type == MatchDecision.RECORD_TYPE:
                decided.append(MatchDecision.read(change.payload))
            seen_numbers += protocol.numbered(
                station_code, change.record_type, change.record_id, change.payload
            )
        else:
            refusals.append(
                {
                    "station_id": station_id,
                    "change_id": change.change_id,
                    "record_id": change.record_id[:120],
                    "reason": result.reason,
                    "detail": (result.detail or "")[:300],
                    "received_at": now,
                }
            )
    _write(session, state, _journal_columns(station_id, journal, now), refusals)
    if transfer_side:
        transfers.after_push(session, station_id, transfer_side)
    if public_side:
        gallery.after_push(session, station_code, public_side)
    if decided:
        decisions.after_push(session, decided)
    if alert_side:
        child_alerts.after_push(session, station_id, station_code, alert_side, clock(), cases)
    if referral_side and book is not None:
        referrals.after_push(session, book, station_code, referral_side, now)
    if edited:  # issue 14: the stations a referral asked see the case as it is now
        referrals.refresh_summaries(session, station_id, edited)
    numbers.remember(session, station_id, seen_numbers)
    if touched_cases:
        jobs.enqueue(session, "match_cases", {"cases": sorted(touched_cases)})
    return results


def _serialize_station(session: Session, station_id: int) -> None:
    # One batch per station at a time: a resent batch racing its original then sees the
    # original's committed answers instead of mistaking its own records for someone's newer ones.
    # (SQLite's BEGIN IMMEDIATE already serialises every writer.)
    if session.get_bind().dialect.name == "postgresql":
        _rows(session, "lock", station_id=station_id)


def _answered(session: Session, station_id: int, ids: list[str]) -> dict[str, ChangeResult]:
    """Results already given for any of ``ids`` by this station (one round trip)."""
    done: dict[str, ChangeResult] = {}
    for change_id, record_id, revision, reason, detail, station in _rows(
        session, "answered", ids, station_id=station_id
    ):
        if station != station_id:
            continue  # another station's change of the same id (read by the id alone on PostgreSQL)
        if reason is None:
            done[change_id] = ChangeResult(change_id, record_id, "applied", revision=revision)
        else:
            done[change_id] = ChangeResult(change_id, record_id, "refused", reason=reason, detail=detail)
    return done


def _load(session: Session, record_ids: set[str]) -> dict[str, _RecordState]:
    if not record_ids:
        return {}
    # a concurrent batch on the same records waits for us (FOR UPDATE, on PostgreSQL)
    rows = _rows(session, "load", sorted(record_ids))
    return {rid: _RecordState(owner, rev, True) for rid, owner, rev in rows}


# The batch's reads, each made once per process. On PostgreSQL each is compiled once and run with
# the driver's own cursor in the session's transaction (bulk.PlainQuery): through SQLAlchemy's ORM
# execution each cost half a millisecond of the server's CPU per batch, the driver's call a tenth
# of it. SQLite runs the same statement through the session.
_STATEMENTS: dict[tuple[str, bool], Any] = {}
_PLAIN: dict[str, PlainQuery] = {}


def _rows(session: Session, name: str, ids: Sequence[str] = (), **values: Any) -> list[Any]:
    """The rows of the read *name* for the batch's *ids* (bulk.among_named) and *values*."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    statement = _STATEMENTS.get((name, postgresql))
    if statement is None:
        statement = _STATEMENTS[(name, postgresql)] = _statement(name, postgresql)
    values["ids"] = among_values(ids, postgresql)
    if not postgresql:
        return list(session.execute(statement, values))
    query = _PLAIN.get(name)
    if query is None:
        query = _PLAIN[name] = PlainQuery(session, statement)
    return query.rows(session, **values)


def _statement(name: str, postgresql: bool) -> Any:
    station = bindparam("station_id", 0, type_=Integer())
    if name == "lock":
        return select(Station.id).where(Station.id == station).with_for_update(key_share=True)
    if not postgresql:
        if name == "answered":
            return union_all(
                select(*_answered_columns()).where(
                    among_named(JournalEntry.change_id, "ids", False), JournalEntry.station_id == station
                ),
                select(*_refused_columns()).where(
                    among_named(Refusal.change_id, "ids", False), Refusal.station_id == station
                ),
            )
        return (  # "load"
            select(Record.record_id, Record.owner_station_id, Record.revision)
            .where(among_named(Record.record_id, "ids", False))
            .order_by(Record.record_id)
            .with_for_update()
        )
    if name == "answered":  # by change id alone (the indexes lead with it), the station's kept
        return union_all(
            each_of(
                "ids", lambda wanted: select(*_answered_columns()).where(JournalEntry.change_id == wanted)
            ),
            each_of("ids", lambda wanted: select(*_refused_columns()).where(Refusal.change_id == wanted)),
        )
    # "load": locked one by one in the order of the ids (sorted), as ORDER BY … FOR UPDATE would
    return each_of(
        "ids",
        lambda wanted: (
            select(Record.record_id, Record.owner_station_id, Record.revision)
            .where(Record.record_id == wanted)
            .with_for_update()
        ),
    )


def _answered_columns() -> tuple[Any, ...]:
    return (
        JournalEntry.change_id,
        JournalEntry.record_id,
        JournalEntry.revision,
        literal(None, String).label("reason"),
        literal(None, String).label("detail"),
        JournalEntry.station_id,
    )


def _refused_columns() -> tuple[Any, ...]:
    return (
        Refusal.change_id,
        Refusal.record_id,
        literal(None, Integer),
        Refusal.reason,
        Refusal.detail,
        Refusal.station_id,
    )


def _refuse(change: protocol.Change, reason: str, detail: str) -> tuple[ChangeResult, None]:
    return ChangeResult(
        change.change_id, change.record_id, "refused", reason=reason, detail=detail[:300]
    ), None


def _decide(
    change: protocol.Change,
    station_id: int,
    station_code: str,
    state: dict[str, _RecordState],
    now: datetime,
    alerted: Collection[str] = (),
    book: referrals.ReferralBook | None = None,
    known: transfers.Preloaded | None = None,
    cases: dict[str, Case] | None = None,
) -> tuple[ChangeResult, dict[str, Any] | None]:
    problem = change.problem()
    text = None
    if problem is None:
        text, problem = _serialise(change)
    if problem is not None or text is None:
        return _refuse(change, protocol.INVALID, problem or "payload is not storable")
    record_id = change.record_id
    current = state.get(record_id)
    is_ack = change.record_type == alert_records.ACK_RECORD_TYPE
    if is_ack and protocol.case_of(record_id) not in alerted:
        return _refuse(change, protocol.INVALID, "no alert of this case reached the station")
    if is_ack and record_id != alert_records.ack_record_id(
        station_code, protocol.case_of(record_id), str(change.payload.get("officer"))
    ):  # the id is the pushing station's own for its officer: no station takes another's first
        return _refuse(change, protocol.INVALID, ACK_ID_DETAIL)
    # an end is the station's own record on a case of either side (the receiving one declines)
    is_accept = change.record_type in (transfer_records.ACCEPT_RECORD_TYPE, transfer_records.END_RECORD_TYPE)
    # issue 14: an answer is a child of the asking station's case, owned by the station answering;
    # an acceptance is the receiving station's record of the sender's case
    foreign = is_ack or is_accept or change.record_type == referrals.ANSWER_TYPE
    if change.record_type in _TRANSFER_TYPES:
        problem = transfers.problem(change, station_code, known or transfers.Preloaded())
        if problem is not None:
            return _refuse(change, protocol.INVALID, problem)
    case_no = protocol.case_of(record_id)
    moved = record_id[:9] == station_code  # refused a number of its own: the case was transferred
    if current is None:
        # The case's owner decides for a new child: after a transfer (issue 14) the receiving
        # station adds children to a case whose number begins with the old station's code.
        held = state.get(case_no) if "/" in record_id else None
        ours = held.owner == station_id if held is not None else record_id[:9] == station_code
        if not ours and not foreign:
            return _refuse(change, protocol.NOT_OWNER, NOT_OWNER_DETAILS["record's case"][moved])
        have = 0
    elif current.owner != station_id:
        return _refuse(change, protocol.NOT_OWNER, NOT_OWNER_DETAILS["record"][moved])
    else:
        have = current.revision
    if change.base_revision != have:
        return _refuse(change, protocol.STALE_REVISION, protocol.stale_detail(have))
    is_case = change.record_type == "case"
    record: CaseRecord | None = None
    if is_case:
        try:  # the station's own rules: a case the server cannot read is refused, never stored
            record, case_read = CaseRecord.read_with_case(change.payload)
        except ProtocolError as bad:
            return _refuse(change, protocol.INVALID, bad.detail)
        if cases is not None:
            cases[change.change_id] = case_read
    elif change.record_type == MatchDecision.RECORD_TYPE:
        try:
            problem = MatchDecision.read(change.payload).problem_with_id(record_id)
        except ProtocolError as bad:
            problem = bad.detail
        if problem is not None:
            return _refuse(change, protocol.INVALID, problem)
    elif change.record_type in referrals.TYPES:
        refused = book.refusal(change) if book is not None else (protocol.INVALID, "not a referral batch")
        if refused is not None:
            return _refuse(change, *refused)
    if not is_case and not foreign:
        case = state.get(case_no)
        if case is None:
            return _refuse(change, protocol.MISSING_CASE, "the server does not hold this record's case")
        if case.owner != station_id:
            return _refuse(change, protocol.NOT_OWNER, NOT_OWNER_DETAILS["case"][moved])
    revision = have + 1
    row = {
        "record_id": record_id,
        "record_type": change.record_type,
        "case_no": case_no,
        "owner_station_id": station_id,
        "revision": revision,
        "payload": text,
        "case_type": record.type.value if record else None,
        "status": record.status.value if record else None,
        "verification_hash": record.verification_hash if record else None,
        "updated_at": now,
        "pushed_by_station_id": station_id,  # a transfer moves the owner, never this
    }
    if current is None:
        state[record_id] = _RecordState(station_id, revision, False, row)
    else:
        current.revision, current.row = revision, row
    return ChangeResult(change.change_id, record_id, "applied", revision=revision), row


def _serialise(change: protocol.Change) -> tuple[str | None, str | None]:
    """(the payload as stored JSON text, None) or (None, why it cannot be stored)."""
    # pydantic-core's encoder costs a fifth of the standard library's per payload. It writes NaN
    # and Infinity where JSON has none, and cannot write a lone surrogate: any payload where that
    # may be so is decided by the standard library's strict encoder, as it always was. The text
    # differs from the standard library's only in how some floats are spelled (1e-7, not 1e-07).
    try:
        raw = to_json(change.payload)
    except (PydanticSerializationError, ValueError, RecursionError, TypeError):
        raw = b"NaN"
    # (a single byte's search first: neither word can be there without its capital letter)
    if (b"N" in raw or b"I" in raw) and (b"NaN" in raw or b"Infinity" in raw):
        try:
            raw = _JSON.encode(change.payload).encode("utf-8")
        except (ValueError, RecursionError, UnicodeEncodeError, TypeError):
            return None, "payload is not storable JSON (NaN, lone surrogate or too deep)"
    text, size = raw.decode("utf-8"), len(raw)
    if size > protocol.MAX_PAYLOAD_BYTES:
        return None, f"payload is larger than {protocol.MAX_PAYLOAD_BYTES} bytes"
    if change.record_type == "publication":
        return text, gallery.payload_problem(change.record_id, change.payload)
    if change.record_type == alert_records.ACK_RECORD_TYPE:
        try:
            alert_records.AlertAck.from_payload(change.record_id, change.payload)
        except protocol.ProtocolError as exc:
            return text, exc.detail
    return text, None


def _journal_columns(
    station_id: int, applied: list[tuple[protocol.Change, int | None]], now: datetime
) -> dict[str, list[Any]]:
    """The ``journal`` rows of the applied changes, column by column (no dict per change)."""
    count = len(applied)
    return {
        "station_id": [station_id] * count,
        "change_id": [c.change_id for c, _r in applied],
        "audience_station_id": [None] * count,
        "kind": ["record"] * count,
        "record_type": [c.record_type for c, _r in applied],
        "record_id": [c.record_id for c, _r in applied],
        "revision": [r for _c, r in applied],
        "payload": [None] * count,  # the record's state is in `records`; only pulled items carry one
        "client_created_at": [c.created_at[:64] for c, _r in applied],
        "received_at": [now] * count,
    }


def _write(
    session: Session,
    state: dict[str, _RecordState],
    journal: dict[str, list[Any]],
    refusals: list[dict[str, Any]],
) -> None:
    new_rows = [s.row for s in state.values() if not s.stored and s.row is not None]
    changed = [s.row for s in state.values() if s.stored and s.row is not None]
    if new_rows:
        insert_rows(session, Record.__table__, new_rows)  # type: ignore[arg-type]
    if changed:
        session.execute(
            update(Record),
            [
                {k: v for k, v in row.items() if k not in ("case_no", "record_type", "owner_station_id")}
                for row in changed
            ],
        )
    insert_columns(session, JournalEntry.__table__, journal)  # type: ignore[arg-type]
    insert_rows(session, Refusal.__table__, refusals)  # type: ignore[arg-type]
