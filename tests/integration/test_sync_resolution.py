"""Resolving refused changes on a real encrypted store (no server: the refusals are written as the
engine writes them): who may, the note, per-record order, the kept rows, the counts.

The same decisions against a real server process are in tests/e2e/test_sync_resolution.py.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from app.core.model import AccountRole
from app.core.validation import parse_case_file
from app.services import cases
from app.services.errors import ServiceError
from app.services.sync import sync_status
from app.services.sync_problems import SyncProblemError, problems, resend, withdraw
from app.storage import outbox, sync_queries
from app.storage import sync_state as st
from app.sync.protocol import held_revision
from tests.conftest import example_bytes

STALE = "stale_revision: the server holds revision 4"


def _rows(session: Any) -> list[tuple[Any, ...]]:
    with session.store.reader() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT id, change_id, record_id, base_revision, state, reason, resolved_by, resolution_note,"
            " resent_as, payload FROM outbox ORDER BY id"
        ).all()]  # fmt: skip


def _write(session: Any, work: Any) -> Any:
    with session.store.unit_of_work() as uow:
        result = work(uow.cursor)
        uow.commit()
    return result


def _registered(session: Any) -> str:
    """A case whose registration the server acknowledged (every entry marked sent)."""
    case_no = cases.register_cases(session, parse_case_file(example_bytes("missing_child")))[0].case_no
    _write(session, lambda c: st.mark_sent(c, [r[0] for r in _rows(session)], "2026-01-01T00:00:00Z"))
    return case_no


def _refuse_last(session: Any, reason: str) -> str:
    """The newest entry, refused by the server with *reason*; returns its change id."""
    last = _rows(session)[-1]
    _write(session, lambda c: st.mark_refused(c, [(last[0], reason)]))
    return str(last[1])


def _audit(session: Any, action: str) -> list[tuple[str, str, str, str]]:
    with session.store.reader() as conn:
        rows = conn.exec_driver_sql(
            "SELECT actor, object, outcome, detail FROM audit_log WHERE action = ? ORDER BY seq", (action,)
        ).all()
    return [tuple(r) for r in rows]


def test_held_revision_reads_the_protocols_words() -> None:
    assert held_revision("the server holds revision 4") == 4
    assert held_revision(STALE) == 4
    assert held_revision("stale_revision:  the server holds revision 0 ") == 0
    assert held_revision("not_owner: the server holds revision 4") is None
    assert held_revision("the server holds revision four") is None
    assert held_revision("") is None


def test_a_stale_change_is_resent_over_the_servers_revision(session: Any) -> None:
    case_no = _registered(session)
    cases.assign(session, case_no, "admin")  # base 1: the station believed the server held 1
    refused = _refuse_last(session, STALE)
    before = _rows(session)
    (row,) = problems(session)
    assert row["change_id"] == refused and row["record"] == case_no and row["resend"] and row["later"] == 0

    officer = dataclasses.replace(session, user="officer1", role=AccountRole.OFFICER)
    for decide in (resend, withdraw):
        with pytest.raises(ServiceError) as raised:
            decide(officer, refused, "我想重发")
        assert raised.value.key == "forbidden"
    for blank in ("", "   "):
        with pytest.raises(SyncProblemError) as refused_note:
            resend(session, refused, blank)
        assert refused_note.value.text() == "必须填写处理说明"
        assert refused_note.value.text("en") == "a note saying why is required"
    assert _rows(session) == before and not _audit(session, "sync.resend")

    done = resend(session, refused, "已与上级核对，以本站版本为准")
    assert done.state == "resent" and done.base_revision == 4 and done.record_id == case_no
    rows = _rows(session)
    assert len(rows) == len(before) + 1  # the refused row stays; a new change carries it
    old, new = rows[-2], rows[-1]
    assert old[1] == refused and old[4] == "resent" and old[5] == STALE
    assert old[6:9] == ("admin", "已与上级核对，以本站版本为准", done.new_change_id)
    assert new[1] == done.new_change_id != refused
    assert (new[2], new[3], new[4], new[9]) == (case_no, 4, "waiting", old[9])  # same payload, server's base
    (entry,) = _audit(session, "sync.resend")
    assert entry[:3] == ("admin", case_no, "ok") and refused in entry[3] and old[9] not in entry[3]

    status = sync_status(session)
    assert status.waiting == 1 and not status.failed and set(status.as_json()) == {
        "waiting", "sent", "failed", "last_success"}  # fmt: skip
    assert problems(session) == []
    # The next change of the record follows the resent one, not the count of entries.
    assert _write(session, lambda c: sync_queries.next_base(c, case_no)) == 5
    with pytest.raises(SyncProblemError) as again:
        resend(session, refused, "再发一次")
    assert again.value.key == "change_unknown"


def test_an_older_refusal_is_superseded_by_a_later_change_of_its_record(session: Any) -> None:
    case_no = _registered(session)
    cases.assign(session, case_no, "admin")
    older = _refuse_last(session, "stale_revision: the server holds revision 3")
    cases.void_case(session, case_no, "重复登记")  # queued after it, still waiting
    rows = {r["change_id"]: r for r in problems(session)}
    assert rows[older]["later"] == 1 and not rows[older]["resend"]
    with pytest.raises(SyncProblemError) as raised:
        resend(session, older, "重发")
    assert raised.value.key == "superseded" and "withdraw this older one" in raised.value.text("en")
    newer = _refuse_last(session, "stale_revision: the server holds revision 3")
    withdraw(session, older, "内容已被后一条更改包含")
    (row,) = problems(session)
    assert row["change_id"] == newer and row["resend"]
    done = resend(session, newer, "以本站为准")
    assert done.base_revision == 3
    states = [(r[1], r[4]) for r in _rows(session)][-3:]
    assert states == [(older, "withdrawn"), (newer, "resent"), (done.new_change_id, "waiting")]


def test_what_cannot_be_resent_can_be_withdrawn_and_stays_out_of_every_count(session: Any) -> None:
    case_no = _registered(session)
    foreign = "999999999-2026-000001"
    _write(session, lambda c: outbox.enqueue(c, "case", foreign, 0, {"type": "missing"}))
    not_owner = _refuse_last(session, "not_owner: the record's case number belongs to another station")
    cases.assign(session, case_no, "admin")
    unknown = _refuse_last(session, "stale_revision: try again later")
    by_id = {r["change_id"]: r for r in problems(session)}
    assert not by_id[not_owner]["resend"] and not by_id[unknown]["resend"]
    with pytest.raises(SyncProblemError) as raised:
        resend(session, not_owner, "重发")
    assert raised.value.key == "not_resendable" and "属于其他工作站" in raised.value.text()
    assert "not_owner" not in raised.value.text()  # no protocol code inside Chinese text
    assert "owned by another station" in raised.value.text("en")
    with pytest.raises(SyncProblemError) as raised:
        resend(session, unknown, "重发")
    assert raised.value.key == "revision_unknown"
    assert raised.value.text().startswith("服务器的答复没有说明它持有的版本")
    assert "try again" not in raised.value.text()  # the server's English stays out of Chinese
    assert "(try again later)" in raised.value.text("en")

    sent = sync_status(session).sent
    done = withdraw(session, not_owner, "他站案件，误录入")
    assert done.state == "withdrawn" and done.new_change_id is None
    row = next(r for r in _rows(session) if r[1] == not_owner)
    assert row[4] == "withdrawn" and row[6:8] == ("admin", "他站案件，误录入")
    (entry,) = _audit(session, "sync.withdraw")
    assert entry[:3] == ("admin", foreign, "ok") and "not_owner" in entry[3]
    status = sync_status(session)
    assert (status.waiting, status.sent) == (0, sent)
    assert [f["record"] for f in status.failed] == [case_no]
    # A server epoch change re-queues what was sent, never what a person withdrew or resent.
    _write(session, st.requeue_sent)
    assert next(r for r in _rows(session) if r[1] == not_owner)[4] == "withdrawn"
    waiting = _write(session, lambda c: st.waiting_page(c, 0, 1000))
    assert not_owner not in {w.change_id for w in waiting} and len(waiting) == sent
    assert ("waiting", sent) in _write(session, lambda c: list(st.outbox_counts(c).items()))
    with pytest.raises(SyncProblemError):
        withdraw(session, not_owner, "再撤回一次")


def test_the_server_writes_the_stale_detail_the_station_reads() -> None:
    from app.sync import protocol

    for held in (0, 1, 4, 10**17):
        assert protocol.held_revision(protocol.stale_detail(held)) == held
        assert protocol.held_revision(f"{protocol.STALE_REVISION}: {protocol.stale_detail(held)}") == held
