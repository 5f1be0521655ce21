"""Applying what the server holds of a station that lost its disk (issue 14): each held record is
read by the protocol's one reader for its kind and written back as the station's own rows, and
kept in the outbox as acknowledged at the server's revision (nothing is sent again, and the next
change to a record continues from that revision).

Runs inside the caller's write transaction (the unit of work's cursor). What the station decided
comes back into its own tables too: a gallery publication request (or its withdrawal) into the
gallery list, an officer's acknowledgement of another station's alert into the alert list (the
alert itself comes with the first pull), and a decision on a pair of cases, which needs the pair
first: :func:`apply_decisions` runs after the rebuild's sync took in the national candidates and
the station matched its own cases again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.casejson import profile_to_json
from app.core.sample_checks import parse_profile
from app.core.validation import read_stored_case
from app.storage import alert_repository, match_repository
from app.storage import rebuild_repository as repo
from app.storage.cursor import Cursor
from app.sync import alert_records, gallery_records, protocol
from app.sync.gallery_intake import keep_publication
from app.sync.protocol.cases import CaseRecord, read_document
from app.sync.protocol.matches import MatchDecision
from app.sync.protocol.photos import PhotoRecord
from app.sync.protocol.rebuild import HeldRecord
from app.sync.protocol.samples import CustodyRecord, ProfileRecord, SampleRecord

_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
APPLIED_KINDS = ("case", "sample", "profile", "custody", "photo", "publication", "alert_ack", "decision")


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _when(text: str) -> dt.datetime:
    return _time(text) or dt.datetime.now(dt.UTC)


def apply(c: Cursor, held: HeldRecord, at: str, photo: tuple[bytes, bytes] | None = None) -> bool:
    """Write *held* back (inside the caller's transaction); False when it was written already.
    *photo*: a photo record's (bytes, thumbnail). Raises ProtocolError on a payload the readers
    refuse (the server accepted it, so a bug: the rebuild stops and says so)."""
    if repo.held(c, held.record_id):
        return False
    payload = held.payload
    case_no = protocol.case_of(held.record_id)
    if held.record_type == "case":
        _case(c, case_no, payload, held.revision)
    elif held.record_type == gallery_records.RECORD_TYPE:
        keep_publication(c, case_no, gallery_records.PublicationRequest.from_payload(payload))
    elif held.record_type == alert_records.ACK_RECORD_TYPE:  # another station's alert: no case here
        ack = alert_records.AlertAck.from_payload(held.record_id, payload)
        alert_repository.acknowledge(c, ack.case_no, ack.officer, ack.acknowledged_at)
    elif held.record_type == MatchDecision.RECORD_TYPE:
        pass  # kept as sent below: apply_decisions takes it once the pair is back
    else:
        case_id = repo.case_id(c, case_no)
        if case_id is not None:
            _child(c, held, case_id, photo)
    repo.keep_as_sent(c, held.record_type, held.record_id, held.revision, _DUMPS(dict(payload)), at)
    return True


def _case(c: Cursor, case_no: str, payload: Mapping[str, Any], revision: int) -> None:
    record = CaseRecord.read(payload)
    case = read_document(record.document)
    closure = record.closure
    state = repo.CaseState(
        officer=record.officer,
        created_at=_when(record.created_at),
        verification_hash=record.verification_hash,
        status=record.status,
        review=record.review,
        assigned_to=record.assigned_to,
        void_reason=record.void_reason,
        review_comment=record.review_comment,
        closure=None
        if closure is None
        else (closure.outcome, closure.reason, _time(closure.closed_at), closure.approved_by),
        thread=tuple((_when(t.at), t.by, t.event, t.text) for t in record.thread),
        revisions=tuple((r.revision, _when(r.at), r.by, r.reason, r.fields) for r in record.revisions),
        revision=revision,
    )
    repo.insert_case(c, case_no, case, _DUMPS(dict(record.document)), state)


def _child(c: Cursor, held: HeldRecord, case_id: int, photo: tuple[bytes, bytes] | None) -> None:
    record_type, payload = held.record_type, held.payload
    if record_type == "sample":
        _sample(c, case_id, SampleRecord.read(payload))
    elif record_type == "profile":
        profile = ProfileRecord.read(payload)
        parsed = parse_profile(dict(profile.profile), where="profile")
        repo.set_profile(c, repo.sample_id(c, case_id, profile.sample_no), profile_to_json(parsed))
    elif record_type == "custody":
        hand = CustodyRecord.read(payload)
        sid = repo.sample_id(c, case_id, hand.sample_no)
        by = repo.officer_of(c, case_id)
        repo.add_custody(c, sid, hand.at, hand.from_party, hand.to_party, hand.purpose, by)
    elif record_type == "photo" and photo is not None:
        record = PhotoRecord.read(payload)
        position = -1 if record.person == "reporter" else int(record.person)
        fields = {"sha256": record.sha256, "mime": record.mime, "width": record.width,
                  "height": record.height, "created_at": record.created_at}  # fmt: skip
        repo.add_photo(c, case_id, position, held.record_id, fields, *photo)


def _sample(c: Cursor, case_id: int, record: SampleRecord) -> None:
    """The sample row at its holder's place in the document: the first of that holder's samples
    filed exactly as the record's body that no other numbered sample holds yet."""
    document = repo.case_document(c, case_id)
    position = -1 if record.person == "reporter" else int(record.person)
    raw_holder = document.get("reporter") if position == -1 else (document.get("persons") or [])[position]
    filed = list((raw_holder or {}).get("samples") or [])
    body = {k: v for k, v in record.sample.items() if k != "profile"}
    taken = repo.used_indexes(c, case_id, position)
    index = next(
        (
            i
            for i, s in enumerate(filed)
            if i not in taken and {k: v for k, v in s.items() if k != "profile"} == body
        ),
        None,
    )
    case = read_stored_case(document)
    holder = case.reporter if position == -1 else case.persons[position]
    if index is None or holder is None:  # not as filed (an older station's record): keep it last
        index = max(taken, default=-1) + 1
        sample_type, collected = str(body.get("type", "")), str(body.get("collected_at", ""))
    else:
        sample = holder.samples[index]
        sample_type, collected = (
            sample.type.value,
            sample.collected_at.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        )
    repo.put_sample(c, case_id, record.sample_no, position, index, sample_type, collected, record.status)


@dataclass(frozen=True)
class PutBack:
    """A decision of the lost station put back on one pair: the state the pair was in before
    (the first of its rows the decision changed) and how many rows (compared persons) took it."""

    decision: MatchDecision
    was: str
    rows: int


def apply_decisions(c: Cursor) -> list[PutBack]:
    """Put the station's own decisions back on its candidate pairs (inside the caller's
    transaction): after a rebuild the national pairs came with the pull and the station's own
    were matched again, all waiting. The station's decision wins over a national state the pull
    set, as it did at the lost station — but never over a decision an officer made here since
    (a rebuild resumed after the station was used: that newer decision waits in the outbox and
    stands). Returns the pairs that took a decision, for the caller to audit; a pair that did not
    come back (the matcher no longer proposes it) is left, its decision kept as sent."""
    placed: list[PutBack] = []
    for text in repo.sent_decisions(c):
        decision = MatchDecision.read(json.loads(text))
        rows = repo.pair_rows(c, decision.missing, decision.found)
        for pair, _state in rows:
            match_repository.decide(
                c, pair, decision.state, decision.decided_by, decision.decided_at, decision.reason or None
            )
        if rows:
            placed.append(PutBack(decision, rows[0][1], len(rows)))
    return placed
