"""Referrals between stations at the desktop (issue 14): a referral another station sent here is
listed under "sent here" with the case's read-only summary behind "Open the case"; the officer
accepts it and answers with a note (each step queued for the server); a referral asked from the
case detail's "Refer to another station…" is listed under "sent from here" as waiting to sync,
and a refusal by the national server is shown with its reason. Screenshots in both languages:

    python -m tests.ui.test_referrals_ui [--out docs/screenshots]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XUNREN_TEST_WEAK_KDF", "1")

from pytestqt.qtbot import QtBot

from tests.conftest import EXAMPLES
from tests.ui.test_intake_fixtures import ui_ctx
from tests.ui.test_intake_screenshots import PASSWORD, on_db, screens_main, shoot, spin, wait_for

__all__ = ["ui_ctx"]

ASKER = "370702001"
ASKER_CASE = f"{ASKER}-2026-000031"
REFERRAL = f"{ASKER_CASE}/q/5b1e9c2a-7d0f-4c3e-9a41-2f6b8d0c1e77"


def delivery(to: str, answers: list[dict[str, Any]] | None = None, state: str = "sent") -> dict[str, Any]:
    return {
        "id": REFERRAL, "case_no": ASKER_CASE, "from": {"code": ASKER, "name": "潍坊市公安局潍城分局城关派出所"},
        "to": {"code": to, "name": "寿光市公安局圣城派出所"}, "request": "dna_sample",
        "note": "失踪儿童王小明的外婆住贵辖区圣城街道建新路 12 号，请采集其口腔拭子并寄省厅实验室",
        "asked_by": "li", "asked_at": "2026-12-06T01:30:00Z", "state": state, "answers": answers or [],
    }  # fmt: skip


def summary() -> dict[str, Any]:
    return {
        "case_no": ASKER_CASE, "type": "missing", "status": "open",
        "station": {"code": ASKER, "name": "潍坊市公安局潍城分局城关派出所", "phone": "0536-8230110", "address": "潍坊市潍城区胜利西街 1 号"},
        "event_at": "2026-12-05T09:10:00+08:00", "event_place": "潍城区农贸市场东门",
        "subjects": [{"name": "王小明", "sex": "M", "birth_date": "2022-03-01", "estimated_age": None, "height_cm": [100, 105],
                      "marks": "左耳后有一颗黑痣", "clothing": "红色羽绒服", "dialect": "潍坊话"}],
        "photo_sha256": None,
    }  # fmt: skip


def deliver_referral(session: Any, seq: int = 21) -> None:
    """What the sync engine stores when the server delivers a referral and the case's summary."""
    from app.services.referrals import import_referrals
    from app.storage import sync_state as st

    with session.store.unit_of_work() as uow:
        st.store_pulled(
            uow.cursor,
            [(seq, "referral", "referral", REFERRAL, 1, delivery(session.station.code)),
             (seq + 1, "summary", "case", ASKER_CASE, 1, summary())],
            "2026-12-06T01:31:00Z",
        )  # fmt: skip
        uow.commit()
    import_referrals(session)


def queued(session: Any, record_type: str) -> list[Any]:
    with session.store.reader() as conn:
        return list(
            conn.exec_driver_sql(
                "SELECT record_id, payload FROM outbox WHERE record_type = ?", (record_type,)
            )
        )


def register(session: Any) -> str:
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases

    (reg,) = register_cases(session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes()))
    return str(reg.case_no)


def refuse_all(session: Any) -> None:
    """What the sync engine records when the server refuses the waiting referrals."""
    from app.storage import sync_state as st

    with session.store.unit_of_work() as uow:
        ids = [r[0] for r in uow.cursor.execute("SELECT id FROM outbox WHERE record_type = 'referral'")]
        reason = "invalid: referral.to: the station is not enrolled with the national server"
        st.mark_refused(uow.cursor, [(i, reason) for i in ids])
        uow.commit()


def _close_when_shown(qtbot: QtBot) -> dict[str, str]:
    """Read and close the read-only case window once it is up (it is modal)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from app.ui.national_case import NationalCaseDialog

    seen: dict[str, str] = {}

    def look() -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, NationalCaseDialog):
            seen["text"] = " ".join(label.text() for label in shown.findChildren(QLabel))
            seen["banner"] = shown.banner.text()
            shown.accept()
        else:
            QTimer.singleShot(50, look)

    QTimer.singleShot(50, look)
    return seen


def test_incoming_referral_is_accepted_and_answered(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.ui import i18n
    from app.ui.referrals import ReferralsDialog
    from tests.ui.test_intake_fixtures import on_db as on_db_qt

    i18n.install_language("zh_CN")
    on_db_qt(qtbot, ui_ctx, deliver_referral)
    dialog = ReferralsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as loaded:
        dialog.present()
    assert loaded.args == [1]
    assert dialog.tabs.tabText(0) == "收到的请求（1 条待处理）"
    from app.ui.sync_words import record_kind

    assert (record_kind("referral"), record_kind("referral_answer")) == ("请求其他单位协查", "协查请求的答复")
    assert dialog.incoming.rowCount() == 1 and dialog.outgoing.rowCount() == 0
    assert dialog.select("5b1e9c2a")
    cells = [dialog.incoming.item(0, j).text() for j in range(6)]
    assert (
        cells[1] == ASKER_CASE
        and "城关派出所" in cells[2]
        and cells[3] == "采集亲属 DNA 样本"
        and cells[4] == "待对方处理"
    )
    assert "建新路 12 号" in dialog.detail.toPlainText()
    seen = _close_when_shown(qtbot)
    dialog.open_button.click()  # the asking station's case, as the pull brought its summary
    qtbot.waitUntil(lambda: "banner" in seen, timeout=10_000)
    assert seen["banner"] == "其他单位的案件（请本所协查，只读）"
    assert "王小明" in seen["text"] and "0536-8230110" in seen["text"]
    assert dialog.accept_button.isEnabled() and dialog.decline_button.isEnabled()
    dialog.answer.setPlainText("已受理，明日上门采集")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.accept_button.click()
    assert "已接受协查请求 5b1e9c2a" in dialog.message.text()
    assert dialog.incoming.item(0, 4).text() == "已接受"
    assert not dialog.accept_button.isEnabled() and dialog.answer_button.isEnabled()
    assert "已受理，明日上门采集" in dialog.detail.toPlainText() and "待同步" in dialog.detail.toPlainText()
    dialog.answer.setPlainText("已采集外婆口腔拭子，样本号 370783001-2026-D000009")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.answer_button.click()
    steps = on_db_qt(qtbot, ui_ctx, lambda s: queued(s, "referral_answer"))
    assert len(steps) == 2 and '"state":"accepted"' in steps[0][1] and '"state":"answered"' in steps[1][1]
    assert dialog.tabs.tabText(0) == "收到的请求（0 条待处理）"
    dialog.answer.clear()  # an empty answer is refused in words, nothing queued
    with qtbot.waitSignal(dialog.loaded, timeout=3_000, raising=False):
        dialog.answer_button.click()
    qtbot.waitUntil(lambda: "必须填写说明" in dialog.message.text(), timeout=10_000)
    assert len(on_db_qt(qtbot, ui_ctx, lambda s: queued(s, "referral_answer"))) == 2


def test_a_case_is_referred_from_the_window_and_a_refusal_is_shown(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.ui import i18n
    from app.ui.referrals import ReferralsDialog
    from tests.ui.test_intake_fixtures import on_db as on_db_qt

    i18n.install_language("en")
    ui_ctx.set_lang("en")
    try:
        case_no = on_db_qt(qtbot, ui_ctx, register)
        dialog = ReferralsDialog(ui_ctx)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.loaded, timeout=10_000):
            dialog.present()
        ask = dialog.ask(case_no)
        assert ask.case.text() == case_no and ask.case.isReadOnly()
        ask.station.setText("999999998")
        ask.request.setCurrentIndex(ask.request.findData("visit"))
        ask.note.setPlainText("Visit the uncle at 12 Jianxin Road")
        with qtbot.waitSignal(dialog.loaded, timeout=10_000):
            ask.send_button.click()
        assert "queued" in dialog.message.text()
        dialog.tabs.setCurrentIndex(1)
        assert dialog.outgoing.rowCount() == 1
        assert dialog.outgoing.item(0, 4).text() == "sent · waiting to sync"
        assert dialog.outgoing.item(0, 3).text() == "visit an address"
        assert not dialog.accept_button.isVisibleTo(dialog)
        (row,) = on_db_qt(qtbot, ui_ctx, lambda s: queued(s, "referral"))
        assert '"to":"999999998"' in row[1]
        on_db_qt(qtbot, ui_ctx, refuse_all)
        with qtbot.waitSignal(dialog.loaded, timeout=10_000):
            dialog.reload()
        dialog.outgoing.selectRow(0)
        assert dialog.outgoing.item(0, 4).text() == "sent · refused by the national server"
        assert (
            "Refused by the national server: not valid for the server: referral.to: the station is not enrolled"
            in (dialog.detail.toPlainText())
        )
        with qtbot.waitSignal(dialog.open_case, timeout=5_000) as opened:
            dialog.open_button.click()
        assert opened.args == [case_no]
    finally:
        ui_ctx.set_lang("zh_CN")
        i18n.install_language("zh_CN")


def test_main_window_says_a_referral_waits_and_the_detail_refers_its_case(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.ui import i18n
    from app.ui.main_window import MainWindow
    from app.ui.referrals import ReferralSendDialog
    from tests.ui.test_intake_fixtures import on_db as on_db_qt

    i18n.install_language("zh_CN")
    on_db_qt(qtbot, ui_ctx, deliver_referral)
    case_no = on_db_qt(qtbot, ui_ctx, register)
    main = MainWindow(ui_ctx)
    qtbot.addWidget(main)
    main.sync_indicator.auto_sync = False
    main.start()
    main._check_referrals()  # what a finished sync (network or USB answer) runs
    qtbot.waitUntil(lambda: "协查请求待处理：1 条（F7）" in main.statusBar().currentMessage(), timeout=10_000)
    main.actions_.referrals.trigger()
    qtbot.waitUntil(lambda: main.referrals_window.incoming.rowCount() == 1, timeout=10_000)
    main.referrals_window.hide()
    main.detail.show_case(case_no)
    qtbot.waitUntil(lambda: main.detail.case_no == case_no, timeout=10_000)
    assert main.detail.refer_button.text() == "请求其他单位协查…"
    main.detail.refer_button.click()
    ask = main.referrals_window.findChild(ReferralSendDialog)
    assert ask is not None and ask.case.text() == case_no and ask.isVisible()
    ask.reject()
    main.close()


def ReferralSendDialogType() -> Any:
    from app.ui.referrals import ReferralSendDialog

    return ReferralSendDialog


def render(out: Path, lang: str, *, work: Path) -> list[Path]:
    """The referrals window (an incoming referral accepted) and the request window, in *lang*."""
    from app import bootstrap
    from app.services.referrals import answer_referral
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
        on_db(ctx, deliver_referral)
        note = "已受理，明日上门采集" if lang != "en" else "Accepted: we visit the grandmother tomorrow"
        on_db(
            ctx,
            lambda s: answer_referral(
                s, "5b1e9c2a", note, __import__("app.core.referral").core.referral.ReferralState.ACCEPTED
            ),
        )
        case_no = on_db(ctx, register)
        main = MainWindow(ctx)
        main.sync_indicator.auto_sync = False
        main.start()
        main.detail.show_case(case_no)
        wait_for(lambda: main.detail.case_no == case_no)
        files.append(shoot(main, out, f"referral_detail_{lang}"))
        main.show_referrals()
        dialog = main.referrals_window
        wait_for(lambda: dialog.incoming.rowCount() == 1)
        dialog.select("5b1e9c2a")
        dialog.resize(1000, 640)
        spin(200)
        path = out / f"referrals_{lang}.png"
        dialog.grab().save(str(path))
        files.append(path)
        ask = dialog.ask(case_no)
        ask.station.setText("450305001")
        ask.request.setCurrentIndex(ask.request.findData("interview"))
        ask.note.setPlainText(
            "请询问证人李某（桂林市七星区穿山路 8 号）是否见过失踪儿童"
            if lang != "en"
            else "Please interview the witness Li (8 Chuanshan Road, Qixing District, Guilin)"
        )
        spin(200)
        path = out / f"referral_send_{lang}.png"
        ask.grab().save(str(path))
        files.append(path)
        ask.reject()
        dialog.hide()
        main.close()
        wait_for(runner.idle)
    finally:
        runner.shutdown()
        session.close()
        i18n.install_language("zh_CN")
    return files


def test_referral_screens_render(tmp_path: Path) -> None:
    files = render(tmp_path, "zh_CN", work=tmp_path)
    assert len(files) == 3 and all(f.stat().st_size > 10_000 for f in files)


if __name__ == "__main__":
    sys.exit(screens_main(render, __doc__))
