"""Referrals between stations (issue 14) on PostgreSQL, in process: what a referral and an answer
cost at the push against the same number of plain child records (notes) of the same cases, in
the same run.

Run: ``python -m bench --only referrals [--quick]``. PostgreSQL from ``XUNREN_BENCH_DATABASE_URL``
or ``XUNREN_TEST_DATABASE_URL`` (default postgresql://root@127.0.0.1:5432/test); a fresh database
is made for the run and dropped after. One station per county seat (2,845).

- baselines: batches of 500 found-person cases of station A (the example file; each read in full,
  as every pushed case is), and 500 ``note`` records, one per case.
- referrals: batches of 500 referrals from A to B, one per case: each checks the target station,
  keeps the referral and delivers it with the case's read-only summary (the case document read).
- answers: B's batches of 500 accepts: each checks the referral, moves its state and delivers
  the new revision to both stations.
- edits: A's batches of 500 edits of the referred cases, each giving B the new summary, against
  edits of as many cases nobody was asked about (pushed beside them), in the same run.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.core.referral import ReferralRequest, ReferralState
from app.sync import protocol
from app.sync.protocol import referrals as wire
from bench.harness import Figure, at_most, reported, stopwatch
from bench.scratch_db import migrated_sessions, station_in_every_county
from server.services import push
from server.services.meta import in_transaction

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
BATCH = 500
T0 = dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC)
AT = T0.isoformat()


def _change(record_type: str, record_id: str, payload: dict[str, Any], base: int = 0) -> protocol.Change:
    return protocol.Change(str(uuid.uuid4()), record_type, record_id, base, payload, AT)


def _push(session: Session, sid: int, code: str, changes: list[protocol.Change]) -> float:
    with stopwatch() as elapsed:
        results = in_transaction(session, lambda s: push.push_batch(s, sid, code, changes, clock=lambda: T0))
    refused = [r for r in results if r.status != "applied"]
    assert not refused, refused[:1]
    return elapsed()


def run(quick: bool) -> list[Figure]:
    with migrated_sessions("xunren_bench_referrals") as sessions:
        ids = station_in_every_county(sessions, T0)
        a, b = "370783001", "450305001"
        document = json.loads((EXAMPLES / "found_child.json").read_text(encoding="utf-8"))
        payload = {"type": "found", "status": "open", "created_at": AT, "case": document,
                   "station_contact": {"phone": "0536-5221110"}}  # fmt: skip
        rounds = 2 if quick else 6
        cases = [f"{a}-2026-{n:06d}" for n in range(1, rounds * BATCH + 1)]
        plain = [f"{a}-2026-{n:06d}" for n in range(rounds * BATCH + 1, 2 * rounds * BATCH + 1)]
        edited = {**payload, "case": {**document, "summary": "补充：孩子称家在河边"}}
        cases_s = notes_s = referrals_s = answers_s = edits_s = plain_edits_s = 0.0
        with sessions() as s:
            for r in range(rounds):
                batch = cases[r * BATCH : (r + 1) * BATCH]
                cases_s += _push(s, ids[a], a, [_change("case", c, payload) for c in batch])
                notes = [
                    _change("note", protocol.child_id(c, "note"), {"text": "走访记录", "by": "li", "at": AT})
                    for c in batch
                ]
                refs = [
                    _change(wire.RECORD_TYPE, wire.new_referral_id(c),
                            wire.ReferralRecord(c, b, ReferralRequest.DNA_SAMPLE, "请采集外婆口腔拭子", "li", AT).to_payload())
                    for c in batch
                ]  # fmt: skip
                answers = [
                    _change(wire.ANSWER_RECORD_TYPE, wire.new_answer_id(protocol.case_of(ref.record_id)),
                            wire.ReferralAnswer(ref.record_id, ReferralState.ACCEPTED, "已受理", "wang", AT).to_payload())
                    for ref in refs
                ]  # fmt: skip
                notes_s += _push(s, ids[a], a, notes)
                referrals_s += _push(s, ids[a], a, refs)
                answers_s += _push(s, ids[b], b, answers)
                others = plain[r * BATCH : (r + 1) * BATCH]
                _push(s, ids[a], a, [_change("case", c, payload) for c in others])
                plain_edits_s += _push(s, ids[a], a, [_change("case", c, edited, 1) for c in others])
                edits_s += _push(s, ids[a], a, [_change("case", c, edited, 1) for c in batch])
        n = len(cases)
        return [
            reported("referrals: push of found cases (baseline)", n / cases_s, "records/s"),
            reported("referrals: push of notes, one per case (baseline)", n / notes_s, "records/s"),
            reported("referrals: push of referrals (checked, kept, delivered with the case summary)", n / referrals_s, "records/s"),
            at_most("referrals: push time referrals / their cases' own push", referrals_s / cases_s, "ratio", 1.0),
            reported("referrals: push of answers (checked, delivered to both stations)", n / answers_s, "records/s"),
            at_most("referrals: push time answers / notes", answers_s / notes_s, "ratio", 5.0),
            reported("referrals: push of edits of referred cases (the asked station's summary refreshed)", n / edits_s, "records/s"),
            at_most("referrals: push time edits of referred cases / of cases nobody was asked about", edits_s / plain_edits_s, "ratio", 2.0),
        ]  # fmt: skip
