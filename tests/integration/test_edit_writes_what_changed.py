"""An edit writes only what changed (issue 13's edit rate): a case's list columns and persons rows
are rewritten when their values change and left alone otherwise, and what the officer sees in
the case list and the duplicate check at intake follows every edit."""

from __future__ import annotations

import json
from typing import Any

from app.core.validation import parse_case_file
from app.services import cases
from app.services.case_edit import edit_case
from app.services.duplicates import find_duplicates
from tests.conftest import example_bytes


def _persons(session: Any, case_no: str) -> list[tuple[Any, ...]]:
    with session.store.reader() as conn:
        return list(conn.exec_driver_sql(
            "SELECT p.rowid, p.position, p.name, p.birth_date FROM persons p JOIN cases c ON c.id = p.case_id"
            " WHERE c.case_no = ? ORDER BY p.position", (case_no,),
        ))  # fmt: skip


def _row(session: Any, case_no: str) -> cases.CaseRow:
    (row,) = [r for r in cases.list_cases(session, audit=False) if r.case_no == case_no]
    return row


def test_an_edit_rewrites_only_what_changed_and_the_list_follows(session: Any) -> None:
    doc = json.loads(example_bytes("missing_child"))
    (reg,) = cases.register_cases(session, parse_case_file(json.dumps(doc).encode()))
    number = reg.case_no
    before_rows, before_list = _persons(session, number), _row(session, number)

    edit_case(
        session, number, {"summary": "家属补充：孩子戴黄色帽子", "persons": [{"marks": "右手腕有疤"}]}, "补充"
    )
    assert _persons(session, number) == before_rows  # same rows, same row ids: nothing rewritten
    assert _row(session, number).names == before_list.names
    assert _row(session, number).event_at == before_list.event_at

    old_name = doc["persons"][0]["name"]
    again = json.loads(example_bytes("missing_child"))
    again["persons"][0]["name"] = "王晓明"
    (new_report,) = parse_case_file(json.dumps(again).encode())
    assert number not in {d.existing for d in find_duplicates(session, new_report)}
    edit_case(session, number, {"persons": [{"name": "王晓明"}]}, "家属更正姓名")
    assert "王晓明" in _row(session, number).names and old_name not in _row(session, number).names
    assert [r[2] for r in _persons(session, number) if r[1] == 0] == ["王晓明"]
    # the same name, birth date and reporter's phone now finds the edited case at intake
    assert number in {d.existing for d in find_duplicates(session, new_report)}

    seen = doc["last_seen"]["at"]
    moved = seen[:11] + "06" + seen[13:]  # the same day, at six in the morning
    edit_case(session, number, {"last_seen": {"at": moved}}, "时间更正")
    assert _row(session, number).event_at != before_list.event_at
