"""Case transfers on the desktop (issue 14): a supervisor asks for a transfer from the case
detail; the transfers window lists it and lets a supervisor approve an officer's request (never
their own), the receiving supervisor decline an incoming one and the sending station withdraw its
own (each with a reason, shown in the list with who ended it); once the server completed it, the
case detail says the case is held elsewhere and offers no change. Screenshots in both languages:

    python -m tests.ui.test_transfers_ui [--out docs/screenshots]
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XUNREN_TEST_WEAK_KDF", "1")

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.test_intake_fixtures import ui_ctx
from tests.ui.test_intake_screenshots import PASSWORD, on_db, screens_main, shoot, spin, wait_for

__all__ = ["ui_ctx"]

GUILIN = "450304001"
GUILIN_NAME = "桂林市公安局象山分局象山派出所"


def register(session: Any) -> str:
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases
    from tests.conftest import EXAMPLES

    cases = parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
    (reg,) = register_cases(session, cases, allow_duplicate="同名儿童的另一起报案（测试）")
    return reg.case_no


def officer_request(session: Any, case_no: str) -> Any:
    from app.core.model import AccountRole
    from app.services.transfers import request_transfer

    officer = dataclasses.replace(session, user="li", role=AccountRole.OFFICER)
    return request_transfer(officer, case_no, GUILIN, "家属已迁居桂林市象山区，由当地派出所继续办理")


def complete(session: Any, transfer_id: str, case_no: str) -> None:
    """What a sync stores when the server reports the transfer completed (pull kind "transfer")."""
    from app.core.transfer import TransferState
    from app.services.transfers import audit_transfers
    from app.storage import sync_state as st
    from app.sync import transfer_intake
    from app.sync.transfer_records import TransferDelivery

    delivery = TransferDelivery(
        transfer_id=transfer_id, case_no=case_no, state=TransferState.COMPLETED,
        from_station=session.station.code, from_name=session.station.name, to_station=GUILIN,
        to_name="桂林市公安局象山分局象山派出所", reason="家属已迁居桂林市象山区", requested_by="li",
        approved_by="admin", requested_at="2026-12-06T01:00:00Z", case_type="missing", names="王小明",
        accepted_by="wang", completed_at="2026-12-06T03:00:00Z",
    )  # fmt: skip
    item = (40, "transfer", "transfer", transfer_id, 2, delivery.to_payload())
    with session.store.unit_of_work() as uow:
        st.store_pulled(uow.cursor, [item], "2026-12-06T03:00:05Z")
        transfer_intake.apply_pulled(uow.cursor, [item])
        uow.commit()
    audit_transfers(session)


def deliver(session: Any, transfer_id: str, case_no: str, state: str, **more: str) -> None:
    """What a sync stores when the server delivers a transfer (pull kind "transfer"): by default
    one from Guilin to this station; *more* overrides fields (who ended it and why)."""
    from app.core.transfer import TransferState
    from app.services.transfers import audit_transfers
    from app.storage import sync_state as st
    from app.sync import transfer_intake
    from app.sync.transfer_records import TransferDelivery

    fields: dict[str, Any] = dict(
        transfer_id=transfer_id, case_no=case_no, state=TransferState(state), from_station=GUILIN,
        from_name=GUILIN_NAME, to_station=session.station.code, to_name=session.station.name,
        reason="家属已迁居寿光市，由当地派出所继续办理", requested_by="zhao", approved_by="zhao",
        requested_at="2026-12-07T01:00:00Z", case_type="missing", names="李小红",
    )  # fmt: skip
    fields.update(more)
    item = (41, "transfer", "transfer", transfer_id, 2, TransferDelivery(**fields).to_payload())
    with session.store.unit_of_work() as uow:
        st.store_pulled(uow.cursor, [item], "2026-12-07T01:00:05Z")
        transfer_intake.apply_pulled(uow.cursor, [item])
        uow.commit()
    audit_transfers(session)


def incoming(session: Any, serial: int = 7) -> str:
    """A transfer from Guilin awaiting this station; returns its id."""
    from app.sync import transfer_records

    case_no = f"{GUILIN}-2026-{serial:06d}"
    transfer_id = transfer_records.request_id(case_no)
    deliver(session, transfer_id, case_no, "awaiting_receiver")
    return transfer_id


def outbox_count(session: Any, record_type: str) -> int:
    def count(uow: Any) -> int:
        sql = "SELECT count(*) FROM outbox WHERE record_type = ?"
        return int(uow.cursor.execute(sql, (record_type,)).fetchone()[0])

    return int(session.store.write(count))


def row_of(window: Any, transfer_id: str) -> int:
    return next(i for i, t in enumerate(window.rows) if t.id == transfer_id)


def give_reason(qtbot: QtBot, window: Any, button: Any, reason: str) -> Any:
    """Click *button*, type *reason* into the prompt and press OK; returns the prompt."""
    button.click()
    prompt = window.prompt
    assert prompt is not None and prompt.isVisible()
    prompt.note.setPlainText(reason)
    prompt.ok_button.click()
    return prompt


def test_request_approve_and_read_only_copy(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.services.cases import show_case
    from app.services.transfers import held_elsewhere
    from app.ui import i18n
    from app.ui.detail.life_bar import CaseLifeBar
    from app.ui.transfers import TransferDialog, TransfersWindow
    from tests.ui.test_intake_fixtures import on_db as on_db_qt

    i18n.install_language("zh_CN")
    first = on_db_qt(qtbot, ui_ctx, register)
    second = on_db_qt(qtbot, ui_ctx, register)

    # The supervisor asks from the case detail: station code and reason, checked in the dialog.
    bar = CaseLifeBar(ui_ctx)
    qtbot.addWidget(bar)
    bar.show_case(on_db_qt(qtbot, ui_ctx, lambda s: show_case(s, first)))
    assert bar.transfer_button.isVisibleTo(bar)
    with qtbot.waitSignal(bar.dialog_opened) as opened:
        bar.transfer_button.click()
    dialog = opened.args[0]
    assert isinstance(dialog, TransferDialog) and "所长" in dialog.note.text()
    dialog.station.setText("4503")
    dialog.reason.setPlainText("家属迁居桂林")
    dialog.accept()
    assert "9 位" in dialog.problem.text() and dialog.isVisible()
    dialog.station.setText(GUILIN)
    with qtbot.waitSignal(bar.done, timeout=10_000) as done:
        dialog.accept()
    assert "移交" in done.args[0]

    # An officer's request waits for a supervisor: the window shows it first, in bold.
    asked = on_db_qt(qtbot, ui_ctx, lambda s: officer_request(s, second))
    window = TransfersWindow(ui_ctx)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitUntil(lambda: window.table.rowCount() == 2, timeout=10_000)
    assert "：1 项" in window.note.text()
    row = next(i for i, t in enumerate(window.rows) if t.id == asked.id)
    assert window.table.item(row, 5).text() == "待本所所长批准" and window.table.item(row, 0).font().bold()
    other = 1 - row
    assert window.table.item(other, 5).text() == "待接收单位批准"
    window.table.selectRow(other)
    assert not window.approve_button.isEnabled()  # nothing for us to decide there
    window.table.selectRow(row)
    assert window.approve_button.isEnabled()
    with qtbot.waitSignal(window.changed, timeout=10_000):
        window.approve_button.click()
    qtbot.waitUntil(lambda: "已批准" in window.note.text(), timeout=10_000)
    assert all(not t.waits_for_us() for t in window.rows)
    queued = on_db_qt(qtbot, ui_ctx, lambda s: s.store.write(
        lambda uow: uow.cursor.execute("SELECT count(*) FROM outbox WHERE record_type = 'transfer'").fetchone()[0]))  # fmt: skip
    assert queued == 2

    # The server completed it: the detail says where the case is and offers no change.
    on_db_qt(qtbot, ui_ctx, lambda s: complete(s, asked.id, second))
    reg = on_db_qt(qtbot, ui_ctx, lambda s: show_case(s, second))
    reg.extra["held_by"] = on_db_qt(qtbot, ui_ctx, lambda s: held_elsewhere(s, second))
    bar.show_case(reg)
    assert "只读" in bar.notice.text() and GUILIN in bar.notice.text()
    for button in (bar.edit_button, bar.close_button, bar.transfer_button):
        assert not button.isVisibleTo(bar)
    window.reload()
    qtbot.waitUntil(lambda: any(t.state.value == "completed" for t in window.rows), timeout=10_000)

    # The supervisor's desk opens the same window.
    from app.ui.desk.window import DeskWindow

    desk = DeskWindow(ui_ctx)
    qtbot.addWidget(desk)
    assert desk.transfers_button.text() == "案件移交…"
    with qtbot.waitSignal(desk.transfers_requested):
        desk.transfers_button.click()


def test_supervisor_declines_an_incoming_transfer(qtbot: QtBot, ui_ctx: Any) -> None:
    from PySide6.QtCore import Qt

    from app.services.transfers import request_transfer
    from app.ui import i18n
    from app.ui.transfers import TransfersWindow
    from tests.ui.test_intake_fixtures import on_db as on_db_qt

    i18n.install_language("zh_CN")
    arrived = on_db_qt(qtbot, ui_ctx, incoming)
    ours = on_db_qt(qtbot, ui_ctx, register)
    sent = on_db_qt(qtbot, ui_ctx, lambda s: request_transfer(s, ours, GUILIN, "家属已迁居桂林"))
    window = TransfersWindow(ui_ctx)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitUntil(lambda: window.table.rowCount() == 2, timeout=10_000)

    # Keyboard: mnemonics on both, the tab order along the button row.
    assert window.decline_button.text() == "拒绝接收(&D)…" and window.withdraw_button.text() == "撤回(&W)…"
    assert window.approve_button.nextInFocusChain() is window.decline_button
    assert window.decline_button.nextInFocusChain() is window.withdraw_button
    assert window.withdraw_button.nextInFocusChain() is window.open_button
    assert window.table.horizontalHeaderItem(7).text() == "拒绝/撤回说明"

    # Only what the service allows is offered: ours awaits Guilin (withdraw), Guilin's awaits us
    # (approve or decline).
    window.table.selectRow(row_of(window, sent.id))
    assert window.withdraw_button.isEnabled() and not window.decline_button.isEnabled()
    row = row_of(window, arrived)
    window.table.selectRow(row)
    assert window.decline_button.isEnabled() and window.approve_button.isEnabled()
    assert not window.withdraw_button.isEnabled()

    # Escape cancels; an empty reason is refused in the prompt.
    window.decline_button.click()
    prompt = window.prompt
    assert prompt is not None and prompt.isVisible() and arrived[24:32] in prompt.windowTitle()
    assert GUILIN in prompt.explanation.text() and prompt.ok_button.text() == "拒绝接收"
    qtbot.keyClick(prompt.note, Qt.Key.Key_Escape)
    assert not prompt.isVisible()
    window.decline_button.click()
    window.prompt.ok_button.click()
    assert window.prompt.isVisible() and window.prompt.problem.text()
    window.prompt.reject()
    # The screen locks while a reason is typed: it is dropped and the prompt stays closed.
    window.decline_button.click()
    window.prompt.note.setPlainText("该家庭")
    ui_ctx.locked.emit()
    window.prompt.show()
    assert not window.prompt.isVisible() and not window.prompt.text()

    with qtbot.waitSignal(window.changed, timeout=10_000):
        give_reason(qtbot, window, window.decline_button, "该家庭仍在原籍居住，\n不属于本辖区")
    qtbot.waitUntil(lambda: "已拒绝接收移交" in window.note.text(), timeout=10_000)
    row = row_of(window, arrived)
    assert window.table.item(row, 5).text() == "接收单位已拒绝"
    assert window.table.item(row, 7).text() == "admin：该家庭仍在原籍居住， 不属于本辖区"
    assert "不属于本辖区" in window.table.item(row, 0).toolTip()
    window.table.selectRow(row)
    for button in (window.approve_button, window.decline_button, window.withdraw_button):
        assert not button.isEnabled()
    assert on_db_qt(qtbot, ui_ctx, lambda s: outbox_count(s, "transfer_end")) == 1

    # Guilin withdrew another one while the window still offered to decline it: the refusal's
    # words, and the list as it is now (who withdrew it and why).
    second = on_db_qt(qtbot, ui_ctx, lambda s: incoming(s, 8))
    window.reload()
    qtbot.waitUntil(lambda: window.table.rowCount() == 3, timeout=10_000)
    window.table.selectRow(row_of(window, second))
    on_db_qt(qtbot, ui_ctx, lambda s: deliver(s, second, f"{GUILIN}-2026-000008", "withdrawn",
                                              ended_by="zhao", end_reason="家属改变主意"))  # fmt: skip
    assert window.decline_button.isEnabled()
    give_reason(qtbot, window, window.decline_button, "不属于本辖区")
    qtbot.waitUntil(lambda: "不能拒绝" in window.note.text(), timeout=10_000)
    assert "#b3261e" in window.note.styleSheet() and "已撤回" in window.note.text()
    row = row_of(window, second)
    assert window.table.item(row, 5).text() == "已撤回"
    assert window.table.item(row, 7).text() == "zhao：家属改变主意"
    assert on_db_qt(qtbot, ui_ctx, lambda s: outbox_count(s, "transfer_end")) == 1


def test_officer_withdraws_own_request(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.core.model import AccountRole
    from app.services.transfers import request_transfer
    from app.ui import i18n
    from app.ui.transfers import TransfersWindow
    from tests.ui.test_intake_fixtures import on_db as on_db_qt

    i18n.install_language("zh_CN")
    first = on_db_qt(qtbot, ui_ctx, register)
    second = on_db_qt(qtbot, ui_ctx, register)
    asked = on_db_qt(qtbot, ui_ctx, lambda s: officer_request(s, first))
    sent = on_db_qt(qtbot, ui_ctx, lambda s: request_transfer(s, second, GUILIN, "家属已迁居桂林"))
    arrived = on_db_qt(qtbot, ui_ctx, incoming)
    ui_ctx.session = dataclasses.replace(ui_ctx.session, user="li", role=AccountRole.OFFICER)
    window = TransfersWindow(ui_ctx)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitUntil(lambda: window.table.rowCount() == 3, timeout=10_000)

    # An officer: neither approves nor declines, withdraws only a request of theirs not yet sent.
    window.table.selectRow(row_of(window, arrived))
    assert not window.decline_button.isEnabled() and not window.approve_button.isEnabled()
    window.table.selectRow(row_of(window, sent.id))
    assert not window.withdraw_button.isEnabled()
    window.table.selectRow(row_of(window, asked.id))
    assert window.withdraw_button.isEnabled() and not window.approve_button.isEnabled()

    window.withdraw_button.click()
    assert "尚未发出" in window.prompt.explanation.text() and window.prompt.ok_button.text() == "撤回"
    window.prompt.reject()
    with qtbot.waitSignal(window.changed, timeout=10_000):
        give_reason(qtbot, window, window.withdraw_button, "家属已找到孩子，无需移交")
    qtbot.waitUntil(lambda: "已撤回移交" in window.note.text(), timeout=10_000)
    row = row_of(window, asked.id)
    assert window.table.item(row, 5).text() == "已撤回"
    assert window.table.item(row, 7).text() == "li：家属已找到孩子，无需移交"
    window.table.selectRow(row)
    assert not window.withdraw_button.isEnabled()
    # never sent, so nothing travels; the supervisor's request still awaits Guilin
    assert on_db_qt(qtbot, ui_ctx, lambda s: outbox_count(s, "transfer_end")) == 0


def test_refusal_and_declined_transfer_in_english(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.services.transfers import request_transfer
    from app.ui import i18n
    from app.ui.transfers import TransfersWindow
    from tests.ui.test_intake_fixtures import on_db as on_db_qt

    case_no = on_db_qt(qtbot, ui_ctx, register)
    sent = on_db_qt(qtbot, ui_ctx, lambda s: request_transfer(s, case_no, GUILIN, "家属已迁居桂林"))
    i18n.install_language("en")
    ui_ctx.lang = "en"
    try:
        window = TransfersWindow(ui_ctx)
        qtbot.addWidget(window)
        window.present()
        qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=10_000)
        assert window.decline_button.text() == "&Decline…" and window.withdraw_button.text() == "&Withdraw…"
        assert window.table.horizontalHeaderItem(7).text() == "Declined / withdrawn"
        window.table.selectRow(0)
        assert window.withdraw_button.isEnabled()
        window.withdraw_button.click()
        assert "told at the next sync" in window.prompt.explanation.text()
        assert window.prompt.ok_button.text() == "Withdraw"
        window.prompt.reject()

        # Guilin declined it while the window still offered to withdraw it.
        on_db_qt(qtbot, ui_ctx, lambda s: deliver(
            s, sent.id, case_no, "declined", from_station=s.station.code, from_name=s.station.name,
            to_station=GUILIN, to_name=GUILIN_NAME, ended_by="wang", end_reason="not our district"))  # fmt: skip
        give_reason(qtbot, window, window.withdraw_button, "the family stayed")
        qtbot.waitUntil(lambda: "cannot be withdrawn" in window.note.text(), timeout=10_000)
        assert "declined by the receiving station" in window.note.text()
        assert window.table.item(0, 5).text() == "declined by the receiving station"
        assert window.table.item(0, 7).text() == "wang: not our district"
        assert not window.withdraw_button.isEnabled()
    finally:
        i18n.install_language("zh_CN")
        ui_ctx.lang = "zh_CN"


def render(out: Path, lang: str, *, work: Path) -> list[Path]:
    """The case detail of a case transferred away, and the transfers window, in *lang*."""
    from app import bootstrap
    from app.core.model import AccountRole
    from app.services.session import init_station
    from app.ui import i18n
    from app.ui.context import UiContext
    from app.ui.main_window import MainWindow
    from app.ui.runner import Runner

    bootstrap.create_application()
    i18n.install_language(lang)
    name = "寿光市公安局圣城派出所" if lang != "en" else "Shouguang PSB Shengcheng Police Station"
    session = init_station(work / f"data-{lang}", "370783001", name, "admin", PASSWORD, lang=lang)
    runner = Runner()
    ctx = UiContext(runner, session, lang)
    on_db(ctx, lambda s: s.store.claim_writer())
    files: list[Path] = []
    try:
        moved = on_db(ctx, register)
        waiting = on_db(ctx, register)
        done = on_db(ctx, lambda s: officer_request(s, moved))
        from app.services.transfers import approve_transfer

        on_db(ctx, lambda s: approve_transfer(s, done.id))
        on_db(ctx, lambda s: complete(s, done.id, moved))
        on_db(ctx, lambda s: officer_request(s, waiting))
        main = MainWindow(ctx)
        main.sync_indicator.auto_sync = False
        main.start()
        main._open_case_from_elsewhere(moved)
        wait_for(lambda: "450304001" in main.detail.life.notice.text())
        spin(400)
        files.append(shoot(main, out, f"transfer_read_only_{lang}"))
        # A request withdrawn by the officer who asked, and one from Guilin declined here.
        from app.services.transfers import decline_transfer, withdraw_transfer

        kept = on_db(ctx, register)
        asked = on_db(ctx, lambda s: officer_request(s, kept))
        officer = dataclasses.replace(session, user="li", role=AccountRole.OFFICER)
        on_db(ctx, lambda s: withdraw_transfer(officer, asked.id, "家属已找到孩子，无需移交"))
        arrived = on_db(ctx, incoming)
        on_db(ctx, lambda s: decline_transfer(s, arrived, "该家庭仍在原籍居住，不属于本辖区"))
        main.show_transfers()
        window = main.transfers_window
        wait_for(lambda: window.table.rowCount() == 4)
        window.resize(1280, 400)
        spin(200)
        path = out / f"transfer_list_{lang}.png"
        window.grab().save(str(path))
        files.append(path)
        window.hide()
        main.close()
        wait_for(runner.idle)
    finally:
        runner.shutdown()
        session.close()
        i18n.install_language("zh_CN")
    return files


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_transfer_screens_render(tmp_path: Path, lang: str) -> None:
    files = render(tmp_path, lang, work=tmp_path)
    assert len(files) == 2 and all(f.stat().st_size > 10_000 for f in files)


if __name__ == "__main__":
    sys.exit(screens_main(render, __doc__))
