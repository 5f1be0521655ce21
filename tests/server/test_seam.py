"""The seam between station and server (issue 14): what a station of this release really sends
is what the server reads, with the station's own rules.

- every status a station can send reaches the family's receipt check as the right coarse status;
- a case the station's rules cannot read is refused ``invalid`` (kept and shown at the station),
  never stored and silently left out of national matching;
- the national case list names the persons, who travel inside the case record.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import World, case_no, case_payload, change

from app.core.lifecycle import ClosureOutcome
from app.core.model import AccountRole
from app.core.validation import parse_case_file
from app.sync.protocol.cases import CaseRecord
from server.services import national
from tests.conftest import EXAMPLES

PASSWORD = "Station-Admin-2026!"
STATION = "370783001"


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


def test_every_status_a_station_sends_answers_on_the_receipt_check(world: World, tmp_path: Path) -> None:
    from app.services.accounts import add_user
    from app.services.case_life import close_case
    from app.services.cases import approve, register_cases, return_case, void_case
    from app.services.session import init_station, logon

    session = init_station(
        tmp_path / "st", STATION, "寿光市公安局圣城派出所", "admin", PASSWORD, phone="0536-5221110"
    )
    add_user(session, "zhao", AccountRole.SUPERVISOR, "Zhao-Passw0rd-26")
    cases = parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
    regs = [register_cases(session, cases, allow_duplicate="测试：同一份报案登记七次")[0] for _ in range(7)]
    pending, returned, approved, void_asked, voided, close_asked, closed = (r.case_no for r in regs)
    supervisor = logon(session.data_dir, "zhao", "Zhao-Passw0rd-26")
    try:
        session.store.claim_writer()
        supervisor.store.claim_writer()
        return_case(supervisor, returned, "请补充最后见到的时间")
        for number in (approved, void_asked, voided, close_asked, closed):
            approve(supervisor, number)
        session.store.claim_writer()
        for number in (void_asked, voided):
            void_case(session, number, "重复登记")
        for number in (close_asked, closed):
            close_case(session, number, ClosureOutcome.FOUND_BY_FAMILY, "孩子已自行回家")
        supervisor.store.claim_writer()
        for number in (voided, closed):  # the void or closure request is all that waits for these
            approve(supervisor, number)
    finally:
        supervisor.close()
    try:
        session.store.claim_writer()
        credential = world.enroll(STATION)
        answer = world.push(credential, [c for _i, c in _outbox(session, 0)])
        assert answer.status_code == 200, answer.text
        assert {r["status"] for r in answer.json()["results"]} == {"applied"}, answer.json()
    finally:
        session.close()
    expected = {
        pending: "registered",
        returned: "registered",
        approved: "in_progress",
        void_asked: "in_progress",
        voided: "closed",
        close_asked: "in_progress",
        closed: "closed",
    }
    codes = {r.case_no: r.verification_code for r in regs}
    seen = {n: world.client.get(f"/verify/{codes[n]}").json() for n in expected}
    assert seen == {n: {"registered": True, "status": s} for n, s in expected.items()}


@pytest.mark.parametrize(
    ("where", "bad", "field"),
    [
        ("case", lambda p: p["case"]["persons"][0].update(sex="X"), "case.persons[0].sex"),
        ("case", lambda p: p["case"].pop("persons"), "case.persons"),
        ("status", lambda p: p.update(status="dna_sent"), "case.status"),
        ("type", lambda p: p.update(type="found"), "case.type"),
    ],
)
def test_a_case_the_station_rules_cannot_read_is_refused_invalid(
    world: World, where: str, bad: Any, field: str
) -> None:
    credential = world.enroll(STATION)
    payload = case_payload()
    bad(payload)
    answer = world.push(credential, [change(case_no(STATION, 1), payload=payload)])
    assert answer.status_code == 200, answer.text
    (result,) = answer.json()["results"]
    assert (result["status"], result["reason"]) == ("refused", "invalid")
    assert result["detail"].startswith(field), result["detail"]
    assert world.run(lambda s: national.list_cases(s)) == []  # not stored, so nothing to leave out


def test_the_national_case_list_names_the_persons_inside_the_case_record(world: World) -> None:
    credential = world.enroll(STATION)
    payload = case_payload("missing")
    names = CaseRecord.read(payload).names()
    assert names  # the example names the missing child
    world.push(credential, [change(case_no(STATION, 1), payload=payload)])
    (row,) = world.run(lambda s: national.list_cases(s))
    assert row["names"] == names
