"""Referrals in a station's encrypted store (issue 14): what the pulled deliveries do to the list
— a step taken here and still on its way is not undone by an older delivery, an older or the
same revision changes nothing, a malformed item is skipped without stopping the others — and
what is refused before anything is queued."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.referral import ReferralState
from app.core.validation import parse_case_file
from app.services.cases import register_cases
from app.services.referrals import (
    ReferralError,
    answer_referral,
    import_referrals,
    list_referrals,
    send_referral,
)
from app.storage import sync_state as st
from tests.conftest import example_bytes
from tests.ui.test_referrals_ui import REFERRAL, delivery


def _pull(session: Any, seq: int, revision: int, payload: dict[str, Any]) -> int:
    with session.store.unit_of_work() as uow:
        st.store_pulled(
            uow.cursor, [(seq, "referral", "referral", REFERRAL, revision, payload)], "2026-12-06T02:00:00Z"
        )
        uow.commit()
    return import_referrals(session)


def _step(answer_id: str, state: str, note: str) -> dict[str, Any]:
    return {"id": answer_id, "state": state, "note": note, "by": "admin", "station": "370783001",
            "at": "2026-12-06T02:10:00Z", "received_at": "2026-12-06T02:11:00Z"}  # fmt: skip


def test_a_step_on_its_way_is_not_undone_by_an_older_delivery(session: Any) -> None:
    code = session.station.code
    assert _pull(session, 1, 1, delivery(code)) == 1
    answer_referral(session, "5b1e9c2a", "已受理", ReferralState.ACCEPTED)
    answer_referral(session, "5b1e9c2a", "已采集")
    accepted, answered = list_referrals(session)[0].answers
    # The server applied the acceptance only (the answer is still on its way): revision 2.
    rev2 = delivery(code, [_step(accepted.id, "accepted", "已受理")], state="accepted")
    assert _pull(session, 2, 2, rev2) == 0
    (r,) = list_referrals(session)
    assert r.state is ReferralState.ANSWERED  # what was done here stands
    assert [(a.state, bool(a.received_at)) for a in r.answers] == [
        (ReferralState.ACCEPTED, True), (ReferralState.ANSWERED, False)
    ]  # fmt: skip
    _pull(session, 3, 1, delivery(code))  # an older revision (a page pulled twice): nothing moves
    assert list_referrals(session)[0].state is ReferralState.ANSWERED
    bad = {**delivery(code), "request": "arrest"}
    with session.store.unit_of_work() as uow:
        st.store_pulled(uow.cursor, [(4, "referral", "referral", REFERRAL, 9, bad)], "2026-12-06T02:00:00Z")
        uow.commit()
    rev3 = delivery(code, [_step(accepted.id, "accepted", "已受理"), _step(answered.id, "answered", "已采集")],
                    state="answered")  # fmt: skip
    _pull(session, 5, 3, rev3)  # the malformed item 4 is skipped, item 5 is taken
    (r,) = list_referrals(session)
    assert r.state is ReferralState.ANSWERED and all(a.received_at for a in r.answers)
    with session.store.reader() as conn:
        assert conn.exec_driver_sql("SELECT revision FROM referrals").scalar() == 3


def test_what_is_refused_before_anything_is_queued(session: Any) -> None:
    (reg,) = register_cases(session, parse_case_file(example_bytes("missing_child")))
    cases: list[tuple[str, str, str, str]] = [
        (reg.case_no, "45030500", "x", "bad_station"),
        (reg.case_no, session.station.code, "x", "own_station"),
        (reg.case_no, "450305001", "  ", "note_required"),
        (reg.case_no, "450305001", "x" * 2001, "note_long"),
        ("450305001-2026-000001", "450305002", "x", "case_unknown"),
    ]
    for case_no, to, note, key in cases:
        with pytest.raises(ReferralError) as caught:
            send_referral(session, case_no, to, note)
        assert caught.value.key == key
    with pytest.raises(ReferralError) as caught:
        answer_referral(session, "5b1", "x")  # too short to name one
    assert caught.value.key == "referral_unknown"
    with session.store.reader() as conn:
        assert (
            conn.exec_driver_sql("SELECT COUNT(*) FROM outbox WHERE record_type LIKE 'referral%'").scalar()
            == 0
        )


def test_the_servers_referral_refusals_read_in_the_officers_language() -> None:
    from app.services.refusal_words import refusal_words
    from server.services import referrals as server_referrals

    said = {
        server_referrals.NOT_ENROLLED: "被请求单位未在全国服务器登记",
        server_referrals.ADDRESSED_ELSEWHERE: "该协查请求不是发给本单位的",
        server_referrals.NO_SUCH_REFERRAL: "服务器上没有此协查请求",
        server_referrals.STEP_NOT_ALLOWED: "协查请求当前的状态不允许此项处理",
        server_referrals.SENT_ONCE: "协查请求和答复只发送一次，请重新发起",
    }
    for detail, zh in said.items():
        assert refusal_words(f"invalid: {detail}", "zh_CN").detail == zh
    assert refusal_words(f"not_owner: {server_referrals.ADDRESSED_ELSEWHERE}", "zh_CN").line("zh_CN") == (
        "属于其他工作站：该协查请求不是发给本单位的"
    )
