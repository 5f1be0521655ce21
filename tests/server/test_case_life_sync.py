"""A case's life reaches the server through the outbox, and the family's receipt check follows it:
closing a case (once a supervisor approved it) makes the check answer ``closed`` (issue 13)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from conftest import World

from app.core.lifecycle import ClosureOutcome
from app.core.model import AccountRole
from app.core.validation import parse_case_file
from tests.conftest import EXAMPLES

PASSWORD = "Station-Admin-2026!"


def _outbox(session: Any, after: int) -> list[tuple[int, dict[str, Any]]]:
    with session.store.reader() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, record_type, record_id, base_revision, payload FROM outbox WHERE id > ? ORDER BY id",
            (after,),
        ).all()
    return [
        (int(r[0]), {"change_id": str(uuid.uuid4()), "record_type": r[1], "record_id": r[2],
                     "base_revision": int(r[3]), "payload": json.loads(r[4]), "created_at": "2026-11-20T00:00:00+00:00"})
        for r in rows
    ]  # fmt: skip


def test_a_closed_case_answers_closed_on_the_receipt_check(world: World, tmp_path: Path) -> None:
    from app.services.accounts import add_user
    from app.services.case_life import close_case
    from app.services.cases import register_cases
    from app.services.review_desk import approve_shown
    from app.services.session import init_station, logon

    session = init_station(tmp_path / "st", "370783001", "寿光市公安局圣城派出所", "admin", PASSWORD,
                           phone="0536-5221110")  # fmt: skip
    try:
        cred = world.enroll("370783001")
        (reg,) = register_cases(session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes()))
        sent = 0

        def push_all() -> None:
            nonlocal sent
            entries = _outbox(session, sent)
            answer = world.push(cred, [c for _i, c in entries])
            assert answer.status_code == 200, answer.text
            assert all(r["status"] == "applied" for r in answer.json()["results"]), answer.json()
            sent = entries[-1][0]

        def check() -> Any:
            return world.client.get(f"/verify/{reg.verification_code}").json()

        push_all()
        # issue 14: a just-registered case is "registered", not in_progress, until it is approved
        assert check() == {"registered": True, "status": "registered"}
        close_case(session, reg.case_no, ClosureOutcome.FOUND_BY_FAMILY, "孩子已自行回家")
        push_all()
        assert check()["status"] == "in_progress"  # asked for, not yet approved
        add_user(session, "zhao", AccountRole.SUPERVISOR, "Zhao-Passw0rd-26")
        second = logon(session.data_dir, "zhao", "Zhao-Passw0rd-26")
        try:
            session.store.claim_writer()
            second.store.claim_writer()
            approve_shown(second, reg.case_no)  # the closure (its registration waits too)
            entries = _outbox(second, sent)
            payload = entries[-1][1]["payload"]
            assert payload["status"] == "closed" and payload["closure"]["outcome"] == "found_by_family"
            assert payload["station_contact"]["phone"] == "0536-5221110"
            assert [e["event"] for e in payload["thread"]] == ["close_requested", "closed"]
        finally:
            second.close()
        push_all()
        assert check() == {"registered": True, "status": "closed"}
    finally:
        session.close()
