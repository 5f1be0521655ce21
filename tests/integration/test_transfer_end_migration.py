"""Station migration 0021_transfer_end makes ``case_transfers`` again (SQLite cannot change a
CHECK): a station of the previous release keeps every transfer it sent or received, word for
word, and may then record a declined or withdrawn one."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.transfer import TransferState
from app.services import transfers
from app.services.session import init_station, logon
from app.storage import migrate
from app.storage.migrate import current_revision
from tests.conftest import PASSWORD

ROW = (
    "370783001-2026-000007/t/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "370783001-2026-000007", "out", "completed",
    "370783001", "寿光市公安局圣城派出所", "450304001", "桂林市公安局象山分局象山派出所", "家属已迁居桂林",
    "missing", "王小明", "li", "2026-12-01T01:00:00Z", "zhao", "2026-12-01T02:00:00Z", "wang",
    "2026-12-01T03:00:00Z", "2026-12-01T03:00:05Z", "completed",
)  # fmt: skip
COLUMNS = (
    "id, case_no, direction, state, from_station, from_name, to_station, to_name, reason, case_type, names,"
    " requested_by, requested_at, approved_by, approved_at, accepted_by, accepted_at, completed_at, audited_state"
)


def test_a_station_of_the_previous_release_keeps_its_transfers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    with monkeypatch.context() as old:
        old.setattr(migrate, "HEAD", "0020_transfers")  # the previous release's schema
        session = init_station(data, "370783001", "寿光市公安局圣城派出所", "admin", PASSWORD)
        try:
            with session.store.unit_of_work() as uow:
                uow.cursor.execute(
                    f"INSERT INTO case_transfers ({COLUMNS}) VALUES ({', '.join('?' * 19)})", ROW
                )
                uow.commit()
            with session.store.reader() as conn:
                assert current_revision(conn) == "0020_transfers"
        finally:
            session.close()

    session = logon(data, "admin", PASSWORD)  # upgraded on opening
    try:
        with session.store.reader() as conn:
            assert current_revision(conn) == "0021_transfer_end"
            kept = conn.exec_driver_sql(
                f"SELECT {COLUMNS}, ended_by, end_reason FROM case_transfers"
            ).fetchall()
        assert [tuple(r) for r in kept] == [(*ROW, None, None)]
        (shown,) = transfers.list_transfers(session)
        assert (shown.state, shown.to_name, shown.completed_at) == (
            TransferState.COMPLETED, "桂林市公安局象山分局象山派出所", "2026-12-01T03:00:05Z",
        )  # fmt: skip
        assert transfers.held_elsewhere(session, ROW[1]) == ("450304001", "桂林市公安局象山分局象山派出所")
        with session.store.unit_of_work() as uow:  # the new states are allowed now
            uow.cursor.execute(
                "UPDATE case_transfers SET state = 'declined', ended_by = 'qin' WHERE id = ?", (ROW[0],)
            )
            uow.commit()
    finally:
        session.close()


def test_an_end_pulled_by_the_previous_release_takes_effect_on_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A station of the previous release pulled a withdrawal (a state it could not read: the item
    was kept, the transfer left awaiting). The upgrade applies it: the transfer no longer waits
    for this station's supervisor, and says who withdrew it and why."""
    import json

    data = tmp_path / "data"
    waiting = (ROW[0], ROW[1], "in", "awaiting_receiver", *ROW[4:15], None, None, None, "awaiting_receiver")
    withdrawn = {"case_no": ROW[1], "state": "withdrawn", "from_station": ROW[4], "to_station": ROW[6],
                 "ended_by": "zhao", "end_reason": "家属已回寿光", "records": []}  # fmt: skip
    with monkeypatch.context() as old:
        old.setattr(migrate, "HEAD", "0020_transfers")
        session = init_station(data, "450304001", "桂林市公安局象山分局象山派出所", "admin", PASSWORD)
        try:
            with session.store.unit_of_work() as uow:
                uow.cursor.execute(
                    f"INSERT INTO case_transfers ({COLUMNS}) VALUES ({', '.join('?' * 19)})", waiting
                )
                uow.cursor.execute(
                    "INSERT INTO pulled_items (seq, kind, record_type, record_id, revision, payload, received_at)"
                    " VALUES (7, 'transfer', 'transfer', ?, 2, ?, '2026-12-01T04:00:00Z')",
                    (ROW[0], json.dumps(withdrawn, ensure_ascii=False)),
                )
                uow.commit()
        finally:
            session.close()

    session = logon(data, "admin", PASSWORD)
    try:
        (shown,) = transfers.list_transfers(session)
        assert (shown.state, shown.ended_by, shown.end_reason) == (
            TransferState.WITHDRAWN,
            "zhao",
            "家属已回寿光",
        )
        assert not shown.waits_for_us() and transfers.waiting_count(session) == 0
    finally:
        session.close()
