"""Missing-child alerts (issue 14) on PostgreSQL, in process: what they add to a push, a widening
step across a whole country of stations, and the check every pull makes.

Run: ``python -m bench --only alerts [--quick]``. PostgreSQL from ``XUNREN_BENCH_DATABASE_URL`` or
``XUNREN_TEST_DATABASE_URL`` (default postgresql://root@127.0.0.1:5432/test); a fresh database
is made for the run and dropped after. One station per county seat (2,845, every GB/T 2260
county code + ``001``).

- push: batches of 500 cases of the example case file, as found-person cases (no alert: the
  baseline; the found event and the found person's role in place of the missing ones), as missing adults (each document read, no alert) and as missing children (each an
  alert row, due at once), in the same run.
- first step: every alert the pushes made taken to the stations within 100 km of 寿光 in one step
  (as the next pull does), ms per alert.
- widening: every alert taken from 100 km to 500 km in one step (the stations newly inside
  only), ms per alert.
- pull: a page (station 110101001's journal, 452 alerts) read with ``widen_due`` (nothing due) in
  its transaction, as the endpoint does, against the same page without it, interleaved.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.sync import protocol
from bench.harness import Figure, at_most, reported, stopwatch
from bench.scratch_db import migrated_sessions, station_in_every_county
from server.services import child_alerts, pull, push
from server.services.meta import in_transaction
from server.storage.alert_tables import ChildAlertDelivery

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
BATCH = 500
T0 = dt.datetime(2026, 12, 6, 2, 0, tzinfo=dt.UTC)


def _document() -> dict[str, Any]:
    return dict(json.loads((EXAMPLES / "missing_child.json").read_text(encoding="utf-8")))


def _changes(station: str, start: int, case_type: str, document: dict[str, Any]) -> list[protocol.Change]:
    payload = {"type": case_type, "status": "open", "created_at": T0.isoformat(), "case": document,
               "station_contact": {"phone": "0536-5221110"}}  # fmt: skip
    return [
        protocol.Change(str(uuid.uuid4()), "case", f"{station}-2026-{n:06d}", 0, payload, T0.isoformat())
        for n in range(start, start + BATCH)
    ]


def _push_seconds(
    session: Session, sid: int, code: str, changes: list[protocol.Change], now: dt.datetime
) -> float:
    with stopwatch() as elapsed:
        results = in_transaction(session, lambda s: push.push_batch(s, sid, code, changes, clock=lambda: now))
    seconds = elapsed()
    refused = [r for r in results if r.status != "applied"]
    if refused:  # a batch of refusals stores nothing: it would time nothing the bench names
        raise RuntimeError(f"{len(refused)} changes refused: {refused[0].reason} {refused[0].detail}")
    return seconds


def run(quick: bool) -> list[Figure]:
    with migrated_sessions("xunren_bench_alerts") as sessions:
        ids = station_in_every_county(sessions, T0)
        owner, adults_owner, found_owner = "370783001", "370102001", "370702001"
        document = _document()
        # The found baseline is the same document as a found person's case (its type, its event,
        # its person's role): pushed as the missing child's document with type "found", every
        # case was refused (the document says "missing"), and the baseline stored nothing.
        found = {k: v for k, v in json.loads(json.dumps(document)).items() if k != "last_seen"}
        found.update(type="found", found=document["last_seen"])
        found["persons"][0]["role"] = "found"
        adult = json.loads(json.dumps(document))
        adult["persons"][0]["birth_date"] = "1990-03-15"  # a missing adult: read, no alert
        rounds = 2 if quick else 6
        child_s = adult_s = found_s = 0.0
        with sessions() as s:
            # Untimed first: what a process does once (the reader's tables, the statements made
            # once) is paid by no timed push; before, the first timed push paid it, and the
            # adults' time against the found cases' said more about which kind came first.
            warm = 900_001
            for code, case_type, doc in ((adults_owner, "missing", adult), (found_owner, "found", found)):
                _push_seconds(
                    s, ids[code], code, _changes(code, warm, case_type, doc), T0 + dt.timedelta(minutes=5)
                )
            for r in range(rounds):
                now = T0 + dt.timedelta(minutes=5)
                first = 1 + r * BATCH
                child_s += _push_seconds(
                    s, ids[owner], owner, _changes(owner, first, "missing", document), now
                )
                adult_s += _push_seconds(
                    s,
                    ids[adults_owner],
                    adults_owner,
                    _changes(adults_owner, first, "missing", adult),
                    now,
                )
                found_s += _push_seconds(
                    s, ids[found_owner], found_owner, _changes(found_owner, first, "found", found), now
                )
        cases = rounds * BATCH
        with sessions() as s:  # the first step of every alert made, as the next pull takes it
            with stopwatch() as elapsed:
                in_transaction(s, lambda x: child_alerts.widen_due(x, T0 + dt.timedelta(minutes=5)))
            first_s = elapsed()
            per_alert = len(s.scalars(select(ChildAlertDelivery.station_id).where(
                ChildAlertDelivery.case_no == f"{owner}-2026-000001")).all())  # fmt: skip
        figures = [
            reported("alerts: push of found cases (no alert; baseline)", cases / found_s, "cases/s"),
            reported("alerts: push of missing adults (each read, no alert)", cases / adult_s, "cases/s"),
            at_most("alerts: push time missing adults / found cases", adult_s / found_s, "ratio", 1.5),
            reported("alerts: push of missing children, time per alert made", child_s * 1000 / cases, "ms"),
            reported("alerts: first step (to 100 km), per alert", first_s * 1000 / cases, "ms"),
            reported("alerts: stations alerted per alert at 100 km", per_alert, "stations"),
        ]
        # One widening step (100 km to 500 km) of every alert the pushes made, taken at once.
        with sessions() as s:
            with stopwatch() as elapsed:
                newly = in_transaction(
                    s, lambda x: child_alerts.widen_due(x, T0 + dt.timedelta(hours=3, minutes=1))
                )
            step_s = elapsed()
        figures += [
            reported(
                "alerts: widening 100 → 500 km, per alert (2,845 stations)", step_s * 1000 / cases, "ms"
            ),
            reported("alerts: stations newly alerted per alert by that step", newly / cases, "stations"),
        ]
        # A pull page with the alert check (as the pull endpoint runs it) against one without.
        calls = 200 if quick else 1000
        with sessions() as s:
            later = T0 + dt.timedelta(hours=3, minutes=2)
            quiet = ids["110101001"]
            in_transaction(s, lambda x: child_alerts.widen_due(x, later))
            timings = {"with": 0.0, "without": 0.0}
            for _ in range(calls):
                with stopwatch() as elapsed:
                    in_transaction(
                        s, lambda x: (child_alerts.widen_due(x, later), pull.pull_page(x, quiet, 0, 500))
                    )
                timings["with"] += elapsed()
                with stopwatch() as elapsed:
                    in_transaction(s, lambda x: pull.pull_page(x, quiet, 0, 500))
                timings["without"] += elapsed()
        figures += [
            reported("alerts: pull page with the alert check", timings["with"] * 1e6 / calls, "µs"),
            at_most(
                "alerts: pull page with the check / without",
                timings["with"] / timings["without"],
                "ratio",
                1.3,
            ),
        ]
        return figures
