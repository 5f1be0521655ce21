"""New alerts' deliveries and the journal items the stations pull for them, in one statement on
PostgreSQL (issue 14's push throughput).

A push of 500 new missing children's cases reaches every station near each place: on the bench's
four stations that is 1,500 deliveries and 1,500 pullable items, each item the alert's body with
the station's radius and distance added. Written row by row from Python (a dict per row, its COPY
text, three quarters of a megabyte of bodies sent back to the database that already holds them)
that was a fifth of a push. Here the batch sends four lists (case, station, radius, distance);
the database inserts the deliveries and writes each item from the alert row it holds
(``child_alerts.payload``, written just before), in the order given, so the items' sequence
numbers come out as they would one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

# The item's payload is the body's text with the two per-station fields added, exactly as
# server.services.deliveries.with_reach writes it (its tests compare the two).
_REACH = text(
    """
    WITH reach AS (
        SELECT * FROM unnest(string_to_array(:cases, ','), string_to_array(:stations, ',')::int[],
                             string_to_array(:radii, ',')::int[], string_to_array(:kms, ',')::int[])
                      WITH ORDINALITY AS r(case_no, station_id, radius_km, km, ord)
    ), delivered AS (
        INSERT INTO child_alert_deliveries (case_no, station_id, distance_km, radius_km, delivered_at,
                                            cancelled_at)
        SELECT case_no, station_id, km, radius_km, :delivered_at, NULL FROM reach ORDER BY ord
    )
    INSERT INTO journal (audience_station_id, kind, record_type, record_id, revision, payload, received_at)
    SELECT r.station_id, :kind, :record_type, a.case_no, a.revision,
           left(a.payload, -1) || ',"radius_km":' || r.radius_km || ',"distance_km":' || r.km || '}', :received_at
    FROM reach r JOIN child_alerts a ON a.case_no = r.case_no
    ORDER BY r.ord
    """
)


def insert_reach(
    session: Session,
    reach: Sequence[tuple[str, int, int, int]],
    delivered_at: datetime,
    received_at: datetime,
    kind: str,
    record_type: str,
) -> None:
    """PostgreSQL only: for each (case number, station id, radius km, distance km) of alerts
    whose rows exist, a delivery row and a journal item for the station, in the given order.
    The caller holds the delivery lock (``server.services.deliveries``)."""
    session.execute(
        _REACH,
        {
            # one text each, split by the database: far cheaper to send than arrays of 1,500
            # (case numbers and ids hold no commas)
            "cases": ",".join([r[0] for r in reach]),
            "stations": ",".join([str(r[1]) for r in reach]),
            "radii": ",".join([str(r[2]) for r in reach]),
            "kms": ",".join([str(r[3]) for r in reach]),
            "delivered_at": delivered_at,
            "received_at": received_at,
            "kind": kind,
            "record_type": record_type,
        },
    )
