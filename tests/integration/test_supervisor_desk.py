"""The supervisor's desk on a real encrypted station (issue 16): the review queue and its rules,
assignment with history, the role matrix for every pair of requester and decider."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, Station

PW = "Officer-Passw0rd-26"
AS_LI = {"XUNREN_USER": "li", "XUNREN_PASSWORD": PW}
AS_ZHAO = {"XUNREN_USER": "zhao", "XUNREN_PASSWORD": PW}
AS_SUN = {"XUNREN_USER": "sun", "XUNREN_PASSWORD": PW}


def _staff(st: Station) -> None:
    env = {"XUNREN_NEW_PASSWORD": PW}
    for name, role in (("li", "officer"), ("wang", "officer"), ("zhao", "supervisor"), ("sun", "supervisor")):
        assert st.run("user", "add", name, "--role", role, **env).code == 0


def _queue(st: Station, **env: str) -> list[dict[str, Any]]:
    r = st.run("review", "list", "--json", **(env or AS_ZHAO))
    assert r.code == 0, r.err
    return json.loads(r.out)  # type: ignore[no-any-return]


def _show(st: Station, case_no: str) -> dict[str, Any]:
    return json.loads(st.run("case", "show", case_no, "--json").out)  # type: ignore[no-any-return]


def test_queue_lists_kind_reason_officer_and_waiting_since(ready_station: Station) -> None:
    st = ready_station
    _staff(st)
    case_no = st.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"), **AS_LI).out.strip()
    assert st.run("case", "void", case_no, "--reason", "重复登记", **AS_LI).code == 0
    items = [q for q in _queue(st) if q["case_no"] == case_no]
    assert [q["kind"] for q in items] == ["registration", "void"]
    for q in items:
        assert {"id", "kind", "reason", "officer", "waiting_since"} <= set(q)
        assert q["officer"] == "li" and q["waiting_since"].endswith("Z")
    assert items[1]["reason"] == "重复登记"
    text = st.run("review", "list", **AS_ZHAO).out
    assert "作废申请" in text and "新登记" in text and "li" in text


def test_with_a_registration_and_a_void_waiting_approval_acts_on_the_item_named(
    ready_station: Station,
) -> None:
    st = ready_station
    _staff(st)
    case_no = st.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"), **AS_LI).out.strip()
    assert st.run("case", "void", case_no, "--reason", "重复登记", **AS_LI).code == 0
    # The case number names two items: refused, nothing changed, the ids given in the message.
    r = st.run("review", "approve", case_no, **AS_ZHAO)
    assert r.code == 1 and "事项编号" in r.err
    registration, void = (q["id"] for q in _queue(st) if q["case_no"] == case_no)
    assert registration in r.err and void in r.err
    assert _show(st, case_no)["status"] == "void_pending"
    # The registration named: the registration approved, the void still waits.
    r = st.run("review", "approve", registration, **AS_ZHAO)
    assert r.code == 0 and "登记已审核通过" in r.out
    shown = _show(st, case_no)
    assert shown["review"] == "approved" and shown["status"] == "void_pending"
    # Now one item waits: the case number names it, and it is the void.
    r = st.run("review", "approve", case_no, **AS_ZHAO)
    assert r.code == 0 and "作废已批准" in r.out and "登记" not in r.out
    assert _show(st, case_no)["status"] == "voided"


def test_batch_approval_is_all_or_nothing(ready_station: Station) -> None:
    st = ready_station
    _staff(st)
    numbers = [
        st.run("case", "add", "--file", str(EXAMPLES / f"{n}.json"), **AS_LI).out.strip()
        for n in ("missing_child", "found_child")
    ]
    own = st.run("case", "add", "--file", str(EXAMPLES / "trafficking.json"), **AS_ZHAO).out.strip()
    r = st.run("review", "approve", *numbers, own, **AS_ZHAO)  # one of them is zhao's own
    assert r.code == 1 and "本人" in r.err
    assert all(_show(st, n)["review"] == "pending" for n in numbers)  # none approved
    r = st.run("review", "approve", *numbers, **AS_ZHAO)
    assert r.code == 0 and all(n in r.out for n in numbers)
    assert all(_show(st, n)["review"] == "approved" for n in numbers)
    assert st.run("review", "approve", own, **AS_SUN).code == 0


def test_editing_a_reviewed_field_waits_for_review(ready_station: Station, tmp_path: Path) -> None:
    st = ready_station
    _staff(st)
    case_no = st.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"), **AS_LI).out.strip()
    assert st.run("review", "approve", case_no, **AS_ZHAO).code == 0
    patch = tmp_path / "p.json"
    patch.write_text(json.dumps({"summary": "补充：孩子穿红色外套"}, ensure_ascii=False), "utf-8")
    assert st.run("case", "edit", case_no, "--file", str(patch), "--reason", "补充", **AS_LI).code == 0
    assert not [q for q in _queue(st) if q["case_no"] == case_no]  # not a reviewed field
    patch.write_text(json.dumps({"persons": [{"name": "王晓明"}]}, ensure_ascii=False), "utf-8")
    assert st.run("case", "edit", case_no, "--file", str(patch), "--reason", "家属更正", **AS_LI).code == 0
    (item,) = [q for q in _queue(st) if q["case_no"] == case_no]
    assert item["kind"] == "edit" and "persons[0].name" in item["reason"] and item["officer"] == "li"
    r = st.run("review", "return", item["id"], "--comment", "请附户口本复印件", **AS_ZHAO)
    assert r.code == 0 and "修改已退回" in r.out and "li" in r.out
    assert [e["event"] for e in _show(st, case_no)["thread"]][-2:] == ["edit_requested", "edit_returned"]


def test_assign_reassign_with_history_and_owner_filters(ready_station: Station) -> None:
    st = ready_station
    _staff(st)
    numbers = [
        st.run("case", "add", "--file", str(EXAMPLES / f"{n}.json"), **AS_LI).out.strip()
        for n in ("missing_child", "found_child", "trafficking")
    ]
    r = st.run("case", "assign", numbers[0], "--to", "wang", "--reason", "王警官熟悉该片区", **AS_ZHAO)
    assert r.code == 0 and "li → wang" in r.out
    rows = {r["case_no"]: r for r in json.loads(st.run("case", "list", "--json").out)}
    assert rows[numbers[0]]["officer"] == "wang" and rows[numbers[0]]["registered_by"] == "li"
    assert rows[numbers[1]]["officer"] == "li"
    by_wang = json.loads(st.run("case", "list", "--officer", "wang", "--json").out)
    assert [r["case_no"] for r in by_wang] == [numbers[0]]
    mine = json.loads(st.run("case", "list", "--mine", "--json", **AS_LI).out)
    assert sorted(r["case_no"] for r in mine) == sorted(numbers[1:])
    assert st.run("case", "assign", numbers[0], "--to", "wang", **AS_LI).code == 1  # an officer cannot
    # li leaves: every active case of li's goes to wang at once, each with its history.
    r = st.run("case", "reassign", "--from", "li", "--to", "wang", "--reason", "李明调离", **AS_ZHAO)
    assert r.code == 0 and "2" in r.out.splitlines()[-1]
    assert json.loads(st.run("case", "list", "--officer", "li", "--json").out) == []
    thread = _show(st, numbers[0])["thread"]
    assert [e["text"] for e in thread if e["event"] == "assigned"] == ["li → wang：王警官熟悉该片区"]
    thread = _show(st, numbers[1])["thread"]
    assert [e["text"] for e in thread if e["event"] == "assigned"] == ["li → wang：李明调离"]
    (first,) = _show(st, numbers[0])["assignments"]  # wang's already: the hand-over left it alone
    assert [first[k] for k in ("from", "to", "by", "reason")] == ["li", "wang", "zhao", "王警官熟悉该片区"]
    (handed,) = _show(st, numbers[1])["assignments"]
    assert [handed[k] for k in ("from", "to", "reason")] == ["li", "wang", "李明调离"]
    assert st.run("audit", "verify").code == 0


ROLES = ("officer", "supervisor", "admin")


@pytest.mark.parametrize("requester", ROLES)
@pytest.mark.parametrize("decider", [*ROLES, "self"])
def test_role_matrix_for_every_pair(session: Any, requester: str, decider: str) -> None:
    """Who may decide an item another (or the same) person filed: a supervisor or an admin other
    than the requester, never an officer, never the requester."""
    from app.core.model import AccountRole
    from app.services import cases
    from app.services.errors import ServiceError
    from app.services.review_desk import approve_items, return_item
    from app.storage import station_repository as stations

    names = {"officer": "li", "supervisor": "zhao", "admin": "root2"}
    with session.store.unit_of_work() as uow:
        for role, name in names.items():
            stations.add_account(uow.conn, name, AccountRole(role), "admin")
        stations.add_account(uow.conn, "sun", AccountRole.SUPERVISOR, "admin")
        uow.commit()

    def as_(name: str, role: str) -> Any:
        return dataclasses.replace(session, user=name, role=AccountRole(role))

    asker = as_(names[requester], requester)
    if decider == "self":
        judge, allowed = asker, False
    else:
        other = "sun" if decider == "supervisor" and requester == "supervisor" else names[decider]
        if decider == "admin" and requester == "admin":
            other = "admin"  # the station's first admin: another person of the same role
        judge, allowed = as_(other, decider), decider in ("supervisor", "admin")
    from app.core.validation import parse_case_file

    (reg,) = cases.register_cases(asker, parse_case_file((EXAMPLES / "found_child.json").read_bytes()))
    for act in ("approve", "return"):
        try:
            if act == "approve":
                approve_items(judge, [reg.case_no])
            else:
                return_item(judge, reg.case_no, "请补充")
            done = True
        except ServiceError:
            done = False
        assert done is allowed, (requester, decider, act)
        if done:
            break


def test_a_dna_recheck_is_an_item_for_the_pair(ready_station: Station) -> None:
    st = ready_station
    _staff(st)
    missing, found, _traffic = st.add_examples()
    assert st.run("match", "queue", "--json").code == 0  # the candidates computed
    assert st.run("match", "confirm", found, missing).code == 0  # the admin confirms the DNA hit
    (item,) = [q for q in _queue(st) if q["kind"] == "dna_recheck"]
    assert item["id"].startswith("D") and item["item"] is None
    assert {item["case_no"], item["other_case"]} == {missing, found} and item["officer"] == "admin"
    assert "DNA" in item["reason"]
    r = st.run("review", "approve", item["id"])  # the confirming admin: not theirs to re-check
    assert r.code == 1 and "本人" in r.err
    r = st.run("review", "return", item["id"], "--comment", "不对", **AS_ZHAO)
    assert r.code == 1 and "比对审核" in r.err  # a wrong hit is rejected in the match review
    r = st.run("review", "approve", item["id"], **AS_ZHAO)
    assert r.code == 0 and "DNA 比中复核完成" in r.out and missing in r.out and found in r.out
    assert not [q for q in _queue(st) if q["kind"] == "dna_recheck"]
    assert st.run("match", "reunite", missing, found).code == 0  # the four eyes are satisfied
    assert st.run("audit", "verify").code == 0
