"""The sync problems view and a case taken over by transfer (issue 14), in the main window.

Guilin handed its missing boy over to this station; his number still names Guilin. A change this
station made to him was refused by the national server (a newer revision there), next to a refused
change of another Guilin case this station does not hold. The officer reads both rows in words, in
Chinese and in English; double-clicking the boy's row opens him in the register as this station's
own case (editable, not a read-only copy), while the other Guilin case is said to belong to another
station. A real encrypted station, the real runner; the transfer and the refusals are stored as a
sync stores them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.conftest import station_case_payload
from tests.ui.conftest import open_main, wait_op
from tests.ui.test_main_sync import indicator_read
from tests.ui.test_transfers_ui import GUILIN, deliver

HELD = f"{GUILIN}-2026-000007"  # taken over from Guilin: held here
NOT_HELD = f"{GUILIN}-2026-000008"  # still Guilin's: never in this register
NOT_OWNER = "not_owner: the record's case number belongs to another station"


def take_over_and_refuse(session: Any) -> None:
    """Guilin's completed transfer of HELD taken over, then what importing the server's answer
    bundle stores on a station enrolled for USB sticks: this station's assignment of HELD refused
    (the server holds revision 2) and a change of NOT_HELD refused as another station's."""
    from app.services.assignment import assign_case
    from app.storage import outbox
    from app.storage import sync_state as st
    from app.sync import protocol, transfer_records
    from app.sync.transfer_records import HeldRecord

    payload = station_case_payload("missing", review="approved")
    deliver(
        session, transfer_records.request_id(HELD), HELD, "completed", accepted_by="admin",
        completed_at="2026-12-07T03:00:00Z", verification_code="K7QM-4XWP-9TRH-3NDE",
        records=(HeldRecord("case", HELD, 1, payload),),
    )  # fmt: skip
    assign_case(session, HELD, "admin", "接收移交后由本所民警负责")
    stale = f"{protocol.STALE_REVISION}: {protocol.stale_detail(2)}"
    with session.store.unit_of_work() as uow:
        c = uow.cursor
        st.put(c, st.CREDENTIAL, "xd_" + "a" * 43)  # enrolled from a package: USB sticks only
        outbox.enqueue(c, "case", NOT_HELD, 0, {"type": "missing"})
        sql = "SELECT change_id, record_id FROM outbox WHERE state = 'waiting' AND record_id IN (?, ?)"
        waiting = c.execute(sql, (HELD, NOT_HELD)).fetchall()
        assert sorted(r for _c, r in waiting) == [HELD, NOT_HELD]
        for change_id, record_id in waiting:  # as importing the server's answer bundle does
            assert st.mark_change_refused(c, change_id, stale if record_id == HELD else NOT_OWNER) == 1
        uow.commit()


def cells(problems: Any, record: str) -> list[str]:
    row = next(i for i, r in enumerate(problems.rows) if r["record"] == record)
    return [problems.table.item(row, c).text() for c in range(4)]


def double_click(qtbot: Any, problems: Any, record: str) -> None:
    """Double-click the row's record cell, as the officer would."""
    row = next(i for i, r in enumerate(problems.rows) if r["record"] == record)
    table = problems.table
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # the press it pairs
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_refused_change_of_a_case_taken_over_opens_it_here(qtbot: Any, shell: Any) -> None:
    from app.ui import i18n

    main = open_main(qtbot, shell)
    wait_op(qtbot, shell.ctx, take_over_and_refuse, mutates=True)
    indicator_read(qtbot, main, lambda s: s.usb_only and len(s.failed) == 2)
    main.show_sync_problems()
    problems = main.sync_problems
    assert problems is not None
    qtbot.waitUntil(lambda: problems.table.rowCount() == 2, timeout=10_000)
    assert "服务器拒绝的更改：2 条" in problems.summary.text()

    # In Chinese: the boy's row says what to do about a newer version, with the server's revision.
    assert cells(problems, HELD) == [
        HELD,
        "案件",
        "服务器上的该记录比本站的版本更新。请核对案件；之后所长可以将本站的版本在服务器版本上重新发送。",
        "服务器持有第 2 版",
    ]
    assert cells(problems, NOT_HELD)[2].startswith("该记录属于其他工作站")

    # The other Guilin case: not in this register, so it is not opened.
    double_click(qtbot, problems, NOT_HELD)
    qtbot.waitUntil(
        lambda: problems.message.text() == "该案件属于其他工作站，无法在本站打开。", timeout=10_000
    )
    assert main.detail.case_no is None
    assert not problems.resend_button.isEnabled()  # refused as another station's: withdraw only

    # The boy: his number names Guilin, yet he opens in the register as this station's own case.
    with qtbot.waitSignal(main.detail.loaded, timeout=20_000) as loaded:
        double_click(qtbot, problems, HELD)
    assert loaded.args == [HELD] and main.detail.case_no == HELD
    assert problems.message.text() == ""  # nothing left saying it belongs to another station
    life = main.detail.life
    assert "只读" not in life.notice.text()  # not the read-only copy of a case handed over
    assert life.edit_button.isVisibleTo(life) and life.transfer_button.isVisibleTo(life)
    assert problems.resend_button.isEnabled()  # the station's own version may go over the server's

    # In English, the same rows in the officer's new language, and the boy opens again.
    i18n.install_language("en")
    shell.ctx.lang = "en"
    try:
        qtbot.waitUntil(lambda: cells(problems, HELD)[1] == "case", timeout=10_000)
        assert cells(problems, HELD) == [
            HELD,
            "case",
            "The server holds a newer version of this record than this station had. Check the case; "
            "a supervisor may then send this station's version again over the server's.",
            "the server holds revision 2",
        ]
        assert cells(problems, NOT_HELD)[2].startswith("Another station owns this record")
        double_click(qtbot, problems, NOT_HELD)
        qtbot.waitUntil(
            lambda: (
                problems.message.text() == "That case belongs to another station; it cannot be opened here."
            ),
            timeout=10_000,
        )
        main.detail.clear()
        with qtbot.waitSignal(main.detail.loaded, timeout=20_000) as loaded:
            double_click(qtbot, problems, HELD)
        assert loaded.args == [HELD] and problems.message.text() == ""
        assert "read-only" not in main.detail.life.notice.text()
    finally:
        i18n.install_language("zh_CN")
        shell.ctx.lang = "zh_CN"
