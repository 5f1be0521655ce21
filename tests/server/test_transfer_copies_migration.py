"""Migration 0031_transfer_copies gives the sending station's word of a transfer completed on a
server of the previous version the case as it was handed over (the receiving station's item, less
the receiving station's own records: its acceptance, its decline of an earlier transfer, its
acknowledgements and answers): a station rebuilt after the upgrade keeps its read-only copy of a
case it handed over before it. An awaiting transfer, and a completion whose receiving item is
gone, are left as they are."""

from __future__ import annotations

import datetime as dt
import json

from alembic import command
from conftest import migration_config
from sqlalchemy import Connection, create_engine, text

from app.sync import transfer_records

A, B = "370783001", "450305001"
AT = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


def _transfer(conn: Connection, n: int, state: str) -> str:
    case_no = f"{A}-2026-{n:06d}"
    tid = transfer_records.request_id(case_no)
    conn.execute(
        text(
            "INSERT INTO case_transfers (transfer_id, case_no, from_station_id, to_station_id, state, payload,"
            " requested_at) VALUES (:tid, :case, 1, 2, :state, '{}', :at)"
        ),
        {"tid": tid, "case": case_no, "state": state, "at": AT},
    )
    return tid


def _told(conn: Connection, tid: str, station: int, payload: dict[str, object]) -> None:
    conn.execute(
        text(
            "INSERT INTO journal (audience_station_id, kind, record_type, record_id, revision, payload,"
            " received_at) VALUES (:sid, 'transfer', 'transfer', :tid, 2, :payload, :at)"
        ),
        {"sid": station, "tid": tid, "payload": json.dumps(payload, ensure_ascii=False), "at": AT},
    )


def _payload(conn: Connection, tid: str, station: int) -> dict[str, object]:
    text_ = conn.execute(
        text("SELECT payload FROM journal WHERE record_id = :tid AND audience_station_id = :sid"),
        {"tid": tid, "sid": station},
    ).scalar_one()
    return dict(json.loads(text_))


def test_the_upgrade_gives_the_sending_station_the_case_it_handed_over(empty_db: str) -> None:
    engine = create_engine(empty_db)
    try:
        with engine.connect() as conn:
            command.upgrade(migration_config(conn), "0030_console_indexes")
            conn.commit()
            for sid, code in ((1, A), (2, B)):
                conn.execute(
                    text("INSERT INTO stations (id, code, name, created_at) VALUES (:id, :code, '所', :at)"),
                    {"id": sid, "code": code, "at": AT},
                )
            case = {
                "record_type": "case",
                "record_id": f"{A}-2026-000001",
                "revision": 3,
                "payload": {"v": 2},
            }
            done = _transfer(conn, 1, "completed")
            handed = {"state": "completed", "verification_code": "CODE-1", "records": [case]}
            receivers_own = [  # the receiving station's own records of the case, which it kept
                {"record_type": "transfer_accept", "record_id": transfer_records.accept_id(done), "revision": 1,
                 "payload": {}},
                {"record_type": "transfer_end", "record_id": f"{A}-2026-000001/x/{1:032x}", "revision": 1,
                 "payload": {}},
                {"record_type": "alert_ack", "record_id": f"{A}-2026-000001/k/{2:032x}", "revision": 1,
                 "payload": {}},
            ]  # fmt: skip
            _told(conn, done, 2, {**handed, "records": [case, *receivers_own]})
            _told(conn, done, 1, {"state": "completed", "verification_code": "", "records": []})
            lost = _transfer(conn, 2, "completed")  # the receiving station's item is not there
            _told(conn, lost, 1, {"state": "completed", "verification_code": "", "records": []})
            waiting = _transfer(conn, 3, "awaiting_receiver")
            conn.commit()

            command.upgrade(migration_config(conn), "head")
            conn.commit()
            assert _payload(conn, done, 1) == handed
            assert _payload(conn, lost, 1)["records"] == []
            assert (
                conn.execute(
                    text("SELECT count(*) FROM journal WHERE record_id = :tid"), {"tid": waiting}
                ).scalar_one()
                == 0
            )
    finally:
        engine.dispose()
