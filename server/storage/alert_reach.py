"""New alerts' deliveries and the journal items the stations pull for them, a statement each on
PostgreSQL for a whole push (issue 14's push throughput).

A push of 500 new missing children's cases reaches every station near each place: on the bench's
four stations that is 1,500 deliveries and 1,500 pullable items, each item the alert's body with
the station's radius and distance added. Written row by row from Python (a dict per row, its COPY
text, each body sent once per station) that was a fifth of a push. Here the batch sends each
alert's body once and four lists of numbers (which alert, station, radius, distance), as texts the
database splits; it inserts the deliveries (before the delivery lock) and then each item in the
order given (under the lock), so the items' sequence numbers come out as they would one by one.
Nothing is read from the tables: the work is the batch's, whatever the size of the register.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, text
from sqlalchemy.orm import Session

_LISTS = """
    WITH alert AS (
        SELECT * FROM unnest(string_to_array(:cases, ','), string_to_array(:revisions, ',')::int[],
                             string_to_array(:bodies, :newline))
                      WITH ORDINALITY AS a(case_no, revision, body, n)
    ), reach AS (
        SELECT a.case_no, a.revision, a.body, r.station_id, r.radius_km, r.km, r.ord
        FROM unnest(string_to_array(:which, ',')::int[], string_to_array(:stations, ',')::int[],
                    string_to_array(:radii, ',')::int[], string_to_array(:kms, ',')::int[])
             WITH ORDINALITY AS r(n, station_id, radius_km, km, ord)
        JOIN alert a ON a.n = r.n
    )
"""
# The deliveries need no body: their alerts' list leaves the bodies out (a megabyte of text a
# thousand alerts, sent and split for nothing).
_DELIVERIES = text(
    """
    WITH alert AS (
        SELECT * FROM unnest(string_to_array(:cases, ',')) WITH ORDINALITY AS a(case_no, n)
    ), reach AS (
        SELECT a.case_no, r.station_id, r.radius_km, r.km, r.ord
        FROM unnest(string_to_array(:which, ',')::int[], string_to_array(:stations, ',')::int[],
                    string_to_array(:radii, ',')::int[], string_to_array(:kms, ',')::int[])
             WITH ORDINALITY AS r(n, station_id, radius_km, km, ord)
        JOIN alert a ON a.n = r.n
    )
    INSERT INTO child_alert_deliveries (case_no, station_id, distance_km, radius_km, delivered_at, cancelled_at)
    SELECT case_no, station_id, km, radius_km, :delivered_at, NULL FROM reach ORDER BY ord
    """
)
# The item's payload is the body's text with the two per-station fields added, exactly as
# server.services.deliveries.with_reach writes it (tests/server/test_push_alert_rows.py compares).
_ITEMS = text(
    _LISTS
    + """
    INSERT INTO journal (audience_station_id, kind, record_type, record_id, revision, payload, received_at)
    SELECT station_id, :kind, :record_type, case_no, revision,
           left(body, -1) || ',"radius_km":' || radius_km || ',"distance_km":' || km || '}', :received_at
    FROM reach ORDER BY ord
    """
)


def reach_lists(
    alerts: Sequence[tuple[str, int, str]], reach: Sequence[tuple[int, int, int, int]]
) -> dict[str, str]:
    """The statements' lists: ``alerts`` (case number, revision, body text) of alerts whose rows
    exist, ``reach`` (index into ``alerts`` from 0, station id, radius km, distance km)."""
    # texts split by the database: far cheaper to send than arrays of 1,500 values. Case numbers
    # hold no comma, and JSON text as json.dumps writes it no raw line feed.
    return {
        "cases": ",".join([a[0] for a in alerts]),
        "revisions": ",".join([str(a[1]) for a in alerts]),
        "bodies": "\n".join([a[2] for a in alerts]),
        "newline": "\n",
        "which": ",".join([str(r[0] + 1) for r in reach]),
        "stations": ",".join([str(r[1]) for r in reach]),
        "radii": ",".join([str(r[2]) for r in reach]),
        "kms": ",".join([str(r[3]) for r in reach]),
    }


def insert_deliveries(session: Session, lists: dict[str, str], delivered_at: datetime) -> None:
    """PostgreSQL only: a ``child_alert_deliveries`` row for each reach, in the given order."""
    wanted = ("cases", "which", "stations", "radii", "kms")
    session.execute(_DELIVERIES, {**{k: lists[k] for k in wanted}, "delivered_at": delivered_at})


def insert_items(
    session: Session, lists: dict[str, str], received_at: datetime, kind: str, record_type: str
) -> None:
    """PostgreSQL only: the journal item each reached station pulls, in the given order. The
    caller holds the delivery lock (``server.services.deliveries``)."""
    session.execute(_ITEMS, {**lists, "received_at": received_at, "kind": kind, "record_type": record_type})


_FIRST_STEPS = text(
    """
    UPDATE child_alerts AS a SET radius_km = s.radius_km, next_step_at = nullif(s.next_step_at, '')::timestamptz
    FROM unnest(string_to_array(:cases, ','), string_to_array(:radii, ',')::int[],
                string_to_array(:next_steps, ',')) AS s(case_no, radius_km, next_step_at)
    WHERE a.case_no = s.case_no
    """
)


def take_first_steps(session: Session, steps: Sequence[tuple[str, int, datetime | None]]) -> None:
    """PostgreSQL only: each alert's row at its first radius, in one statement for a chunk of
    alerts (``steps``: case number, radius km, next step or None after the last). The ORM's
    update by primary key sent a statement an alert: a sixth of a first step's time."""
    if any(at is not None and at.utcoffset() is None for _c, _r, at in steps):
        raise ValueError("a next step without its offset would be read in the session's time zone")
    done = cast(
        CursorResult[Any],
        session.execute(
            _FIRST_STEPS,
            {
                "cases": ",".join([case_no for case_no, _r, _n in steps]),
                "radii": ",".join([str(radius) for _c, radius, _n in steps]),
                # ISO 8601 with its offset (no comma in it); empty: no next step
                "next_steps": ",".join(["" if at is None else at.isoformat() for _c, _r, at in steps]),
            },
        ),
    )
    if done.rowcount != len(steps):  # the caller holds every row locked: none can be missing
        raise RuntimeError(f"{len(steps)} alerts to take a first step, {done.rowcount} rows written")
