"""Case transfers on the desktop (issue 14): a supervisor asks for a transfer from the case
detail; the transfers window lists it and lets a supervisor approve an officer's request (never
their own); once the server completed it, the case detail says the case is held elsewhere and
offers no change. Screenshots in both languages:

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

from pytestqt.qtbot import QtBot

from tests.ui.test_intake_fixtures import ui_ctx
from tests.ui.test_intake_screenshots import PASSWORD, on_db, screens_main, shoot, spin, wait_for

__all__ = ["ui_ctx"]

GUILIN = "450304001"


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


def render(out: Path, lang: str, *, work: Path) -> list[Path]:
    """The case detail of a case transferred away, and the transfers window, in *lang*."""
    from app import bootstrap
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
        main.show_transfers()
        window = main.transfers_window
        wait_for(lambda: window.table.rowCount() == 2)
        window.resize(1180, 360)
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


def test_transfer_screens_render(tmp_path: Path) -> None:
    files = render(tmp_path, "zh_CN", work=tmp_path)
    assert len(files) == 2 and all(f.stat().st_size > 10_000 for f in files)


if __name__ == "__main__":
    sys.exit(screens_main(render, __doc__))
