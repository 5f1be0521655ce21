"""A refused change's reason in the user's language: `xunren sync status` and the words behind it.

The refusals are written into a real encrypted store as the sync engine writes them
(``code: detail``); the CLI reads them back. ``--json`` keeps the server's words (contract).
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.services.refusal_words import refusal_words
from app.services.session import logon
from app.storage import sync_state as st
from tests.conftest import PASSWORD, Station

REFUSALS = [
    "stale_revision: the server holds revision 3",
    "not_owner: the record belongs to another station",
    "invalid: case.name: a text of at most 10000 characters, without NUL",
    "missing_case: the server does not hold this record's case",
]
LATIN = re.compile(r"[A-Za-z]{3,}")


def _refuse_all(station: Station) -> None:
    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        with session.store.unit_of_work() as uow:
            ids = [r[0] for r in uow.cursor.execute("SELECT id FROM outbox ORDER BY id").fetchall()]
            st.mark_refused(uow.cursor, list(zip(ids, REFUSALS, strict=False)))
            uow.commit()
    finally:
        session.close()


def test_each_refusal_code_has_a_word_and_data_stays() -> None:
    words = [refusal_words(r, "zh_CN") for r in REFUSALS]
    assert words[0].line("zh_CN") == "服务器上的版本更新：服务器持有第 3 版"
    assert words[1].line("zh_CN") == "属于其他工作站：该记录属于其他工作站"
    assert words[2].line("zh_CN") == "内容不符合同步协议：字段 case.name 有误"
    assert words[3].line("zh_CN") == "服务器上没有所属案件：服务器没有此记录所属的案件"
    assert (
        refusal_words("invalid: something new the server says", "zh_CN").line("zh_CN") == "内容不符合同步协议"
    )
    assert refusal_words("gone_fishing: x", "zh_CN").reason == "服务器拒绝了此更改（gone_fishing）"
    assert refusal_words("stale_revision: the server holds revision 3", "en").line("en") == (
        "the server holds a newer version: the server holds revision 3"
    )


def test_sync_status_says_refusals_in_the_users_language(ready_station: Station) -> None:
    ready_station.add_examples()
    _refuse_all(ready_station)
    r = ready_station.run("sync", "status")
    assert r.code == 0, r.err
    lines = [line for line in r.out.splitlines() if line.startswith("  ")]
    assert len(lines) == len(REFUSALS)
    for line in lines:
        said = line.split(None, 1)[1]
        assert not LATIN.search(said.replace("case.name", "")), line  # no English inside Chinese
    assert "服务器持有第 3 版" in r.out and "stale_revision" not in r.out
    assert "字段 case.name 有误" in r.out and "invalid" not in r.out
    en = ready_station.run("sync", "status", XUNREN_LANG="en")
    assert "the server holds a newer version: the server holds revision 3" in en.out
    assert "owned by another station: the record belongs to another station" in en.out
    out = json.loads(ready_station.run("sync", "status", "--json").out)
    reasons: list[Any] = [f["reason"] for f in out["failed"]]
    assert reasons == REFUSALS  # the contract keeps the server's words


def test_every_not_owner_detail_the_server_writes_has_its_chinese_words() -> None:
    """The server's ``not_owner`` details (owned by another station, or moved away by a transfer
    of the station's own case) are fixed texts: each one is worded, none left in English."""
    from server.services.push import NOT_OWNER_DETAILS

    details = [d for pair in NOT_OWNER_DETAILS.values() for d in pair]
    assert len(set(details)) == 6
    for detail in details:
        zh = refusal_words(f"not_owner: {detail}", "zh_CN")
        assert zh.detail and not LATIN.search(zh.line("zh_CN")), detail
        assert refusal_words(f"not_owner: {detail}", "en").detail == detail


def test_the_acknowledgement_id_refusal_has_its_chinese_words() -> None:
    from server.services.push import ACK_ID_DETAIL

    zh = refusal_words(f"invalid: {ACK_ID_DETAIL}", "zh_CN")
    assert zh.detail and not LATIN.search(zh.line("zh_CN"))
    assert refusal_words(f"invalid: {ACK_ID_DETAIL}", "en").detail == ACK_ID_DETAIL
