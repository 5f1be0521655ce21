"""The baselines of the push benchmark (``bench/bench_server.py``): the rows a push stores, inserted
straight into PostgreSQL with psycopg (executemany, one transaction per batch, one connection per
station as in the push run), into copies of the server's tables.

- ``plain``: one row per change into a table with a primary key only;
- ``stored``: a ``records`` row and a ``journal`` row per change (same indexes, no foreign key):
  the comparison issue 14 was first measured against;
- ``alerted``: every row a push of a new missing child writes: the ``records`` and ``journal``
  rows and the alert (``child_alerts``, due at once); same indexes and the same foreign keys as
  the server's tables;
- ``every``: those rows and the ones the alert's first widening writes on the bench's four
  stations: a delivery to each of the three other stations (``child_alert_deliveries``) and the
  three journal items they pull; same indexes and the same foreign keys as the server's tables.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import psycopg

from bench.harness import at_once

BATCH = 500
SENT = "2026-11-29T08:00:00+08:00"
_SETUP = {
    "plain": [
        "CREATE TABLE IF NOT EXISTS bench_plain (change_id uuid PRIMARY KEY, record_type text,"
        " record_id text, base_revision int, payload text, created_at text)"
    ],
    "stored": [
        "CREATE TABLE IF NOT EXISTS bench_records (LIKE records INCLUDING ALL)",
        "CREATE TABLE IF NOT EXISTS bench_journal (LIKE journal INCLUDING ALL)",
    ],
    "alerted": [
        "CREATE TABLE IF NOT EXISTS alerted_records (LIKE records INCLUDING ALL,"
        " FOREIGN KEY (owner_station_id) REFERENCES stations (id))",
        "CREATE TABLE IF NOT EXISTS alerted_journal (LIKE journal INCLUDING ALL)",
        "CREATE TABLE IF NOT EXISTS alerted_alerts (LIKE child_alerts INCLUDING ALL,"
        " FOREIGN KEY (owner_station_id) REFERENCES stations (id))",
    ],
    "every": [
        "CREATE TABLE IF NOT EXISTS every_records (LIKE records INCLUDING ALL,"
        " FOREIGN KEY (owner_station_id) REFERENCES stations (id))",
        "CREATE TABLE IF NOT EXISTS every_journal (LIKE journal INCLUDING ALL)",
        "CREATE TABLE IF NOT EXISTS every_alerts (LIKE child_alerts INCLUDING ALL,"
        " FOREIGN KEY (owner_station_id) REFERENCES stations (id))",
        "CREATE TABLE IF NOT EXISTS every_deliveries (LIKE child_alert_deliveries INCLUDING ALL,"
        " FOREIGN KEY (case_no) REFERENCES every_alerts (case_no),"
        " FOREIGN KEY (station_id) REFERENCES stations (id))",
    ],
}


def _alert_body(code: str) -> str:
    """An alert's stored body as the server writes it for the bench's child (same fields, same
    size)."""
    body = {
        "state": "active", "name": "李小明", "sex": "M", "age_min": 5, "age_max": 5, "place_code": "370783",
        "place": "寿光市农贸市场东门", "last_seen_at": "2026-11-28T23:10:00Z",
        "registered_at": "2026-11-29T00:00:00Z", "station_code": code, "station_name": "派出所",
        "station_phone": "0536-5221110", "clothing": "红色上衣，蓝色裤子", "marks": "左耳后有一颗黑痣",
        "photo_jpeg_base64": "",
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def direct_insert_rate(
    db: str, stations: list[str], per_station: int, mode: str, round_no: int, payload: dict[str, Any]
) -> float:
    """Changes per second inserting ``mode``'s rows (see the module) for ``per_station`` new
    cases of each station at once."""
    with psycopg.connect(db, autocommit=True) as conn:
        if round_no == 0:
            for statement in _SETUP[mode]:
                conn.execute(statement)
        ids: dict[str, int] = dict(conn.execute("SELECT code, id FROM stations").fetchall())
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

    def insert(code: str) -> None:
        sid = ids[code]
        others = [i for c, i in sorted(ids.items()) if c != code and c in stations]
        alert = _alert_body(code)
        with psycopg.connect(db) as conn:
            for first in range(0, per_station, BATCH):
                numbers = [
                    f"{code}-{1900 + round_no}-{n:06d}" for n in range(first, min(first + BATCH, per_station))
                ]
                with conn.cursor() as cur:
                    if mode == "plain":
                        cur.executemany(
                            "INSERT INTO bench_plain VALUES (%s, 'case', %s, 0, %s, %s)",
                            [(str(uuid.uuid4()), n, body, SENT) for n in numbers],
                        )
                    else:
                        _case_rows(cur, mode, sid, numbers, body, payload["verification_hash"])
                    if mode in ("alerted", "every"):
                        _alert_row(
                            cur, f"{mode}_alerts", sid, numbers, alert, 0 if mode == "alerted" else 100
                        )
                    if mode == "every":
                        _fan_out_rows(cur, others, numbers, alert)
                conn.commit()

    return per_station * len(stations) / at_once(insert, stations)


def _case_rows(
    cur: psycopg.Cursor[Any], mode: str, sid: int, numbers: list[str], body: str, hash_: str
) -> None:
    prefix = "bench" if mode == "stored" else mode
    records, journal = f"{prefix}_records", f"{prefix}_journal"
    now = datetime.now(UTC)
    cur.executemany(
        f"INSERT INTO {records} (record_id, record_type, case_no, owner_station_id, revision,"
        " payload, case_type, status, verification_hash, updated_at)"
        " VALUES (%s, 'case', %s, %s, 1, %s, 'missing', 'open', %s, %s)",
        [(n, n, sid, body, hash_, now) for n in numbers],
    )
    cur.executemany(
        f"INSERT INTO {journal} (station_id, change_id, kind, record_type, record_id, revision,"
        " client_created_at, received_at) VALUES (%s, %s, 'record', 'case', %s, 1, %s, %s)",
        [(sid, str(uuid.uuid4()), n, SENT, now) for n in numbers],
    )


def _alert_row(
    cur: psycopg.Cursor[Any], table: str, sid: int, numbers: list[str], alert: str, radius_km: int
) -> None:
    now = datetime.now(UTC)
    cur.executemany(
        f"INSERT INTO {table} (case_no, owner_station_id, state, place_code, registered_at, radius_km,"
        " next_step_at, revision, payload, created_at, ended_at)"
        " VALUES (%s, %s, 'active', '370783', %s, %s, %s, 1, %s, %s, NULL)",
        [(n, sid, now, radius_km, now, alert, now) for n in numbers],
    )


def _fan_out_rows(cur: psycopg.Cursor[Any], others: list[int], numbers: list[str], alert: str) -> None:
    now = datetime.now(UTC)
    cur.executemany(
        "INSERT INTO every_deliveries (case_no, station_id, distance_km, radius_km, delivered_at, cancelled_at)"
        " VALUES (%s, %s, 60, 100, %s, NULL)",
        [(n, other, now) for n in numbers for other in others],
    )
    item = alert[:-1] + ',"radius_km":100,"distance_km":60}'
    cur.executemany(
        "INSERT INTO every_journal (audience_station_id, kind, record_type, record_id, revision, payload,"
        " received_at) VALUES (%s, 'alert', 'alert', %s, 1, %s, %s)",
        [(other, n, item, now) for n in numbers for other in others],
    )
