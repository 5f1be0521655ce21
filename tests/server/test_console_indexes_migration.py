"""Migration 0030_console_indexes marks the conflicts a server of the previous version holds: a
pair on which the stations' decisions disagree (one confirms or reunites, another rejects) is
listed by the console after the upgrade as before it; a pair the matcher re-scored, or one the
stations agree on, is not. Downgrading removes the mark and the indexes again."""

from __future__ import annotations

import datetime as dt
import json

from alembic import command
from conftest import migration_config
from sqlalchemy import Connection, create_engine, inspect, text

from app.core.lifecycle import MatchState
from app.sync.protocol.matches import MatchDecision, decision_id

A, B = "370783001", "450305001"
AT = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)


def _case(n: int, code: str) -> str:
    return f"{code}-2026-{n:06d}"


def _pair(conn: Connection, n: int, revision: int, state: str = "potential") -> tuple[str, str]:
    missing, found = _case(n, A), _case(n, B)
    conn.execute(
        text(
            "INSERT INTO matches (missing_case, found_case, score, reasons, state, revision, updated_at)"
            " VALUES (:m, :f, 0.8, '[]', :state, :rev, :at)"
        ),
        {"m": missing, "f": found, "state": state, "rev": revision, "at": AT + dt.timedelta(minutes=n)},
    )
    return missing, found


def _decision(conn: Connection, own: str, pair: tuple[str, str], state: MatchState) -> None:
    payload = MatchDecision(pair[0], pair[1], state, "zhao", "2026-11-27T08:00:00Z").to_payload()
    conn.execute(
        text(
            "INSERT INTO records (record_id, record_type, case_no, owner_station_id, revision, payload,"
            " updated_at) VALUES (:rid, 'decision', :case, :sid, 1, :payload, :at)"
        ),
        {
            "rid": decision_id(own, *pair),
            "case": own,
            "sid": 1 if own.startswith(A) else 2,
            "payload": json.dumps(payload),
            "at": AT,
        },  # fmt: skip
    )


def test_the_upgrade_marks_the_conflicts_the_old_server_holds(empty_db: str) -> None:
    engine = create_engine(empty_db)
    try:
        with engine.connect() as conn:
            command.upgrade(migration_config(conn), "0029_journal_deliveries")
            conn.commit()
            for sid, code in ((1, A), (2, B)):
                conn.execute(
                    text("INSERT INTO stations (id, code, name, created_at) VALUES (:id, :code, '所', :at)"),
                    {"id": sid, "code": code, "at": AT},
                )
            disputed = _pair(conn, 1, 3)  # A confirmed, B rejected: a conflict
            _decision(conn, disputed[0], disputed, MatchState.CONFIRMED)
            _decision(conn, disputed[1], disputed, MatchState.REJECTED)
            reunion = _pair(conn, 2, 3)  # A reunited alone, B rejected: a conflict too
            _decision(conn, reunion[0], reunion, MatchState.REUNITED)
            _decision(conn, reunion[1], reunion, MatchState.REJECTED)
            agreed = _pair(conn, 3, 3, "rejected")  # both rejected: settled
            _decision(conn, agreed[0], agreed, MatchState.REJECTED)
            _decision(conn, agreed[1], agreed, MatchState.REJECTED)
            _pair(conn, 4, 5)  # re-scored by the matcher, nobody decided: no conflict
            one = _pair(conn, 5, 2, "confirmed")  # one station's word settles it
            _decision(conn, one[0], one, MatchState.CONFIRMED)
            conn.commit()

            command.upgrade(migration_config(conn), "head")
            conn.commit()
            marked = conn.execute(
                text("SELECT missing_case, conflict_at = updated_at FROM matches WHERE conflict_at IS NOT NULL"
                     " ORDER BY id")
            ).all()  # fmt: skip
            # marked as of their last change, the decision that left them in conflict
            assert [tuple(m) for m in marked] == [(disputed[0], True), (reunion[0], True)]

            command.downgrade(migration_config(conn), "0029_journal_deliveries")
            conn.commit()
            columns = {c["name"] for c in inspect(conn).get_columns("matches")}
            indexes = {i["name"] for i in inspect(conn).get_indexes("referrals")}
            assert "conflict_at" not in columns and {"ix_referrals_to", "ix_referrals_from"} <= indexes
            command.upgrade(migration_config(conn), "head")
            conn.commit()
    finally:
        engine.dispose()
