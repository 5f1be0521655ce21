"""A supervisor's morning at the desk, in both languages (issue 16): the review queue (approve
the item named on a case where a registration and a void wait together, return one with a
comment, approve a batch), the overdue cases (assign one to another officer), the dashboard
(click a bar: exactly its cases), the weekly report in the preview. Screenshots of each step go
to a temporary folder; with XUNREN_SCREENSHOTS=1 they replace docs/screenshots/desk_*.png.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.validation import parse_case
from tests.conftest import EXAMPLES, ROOT
from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]

SHOTS = ROOT / "docs" / "screenshots"
SUPERVISOR_PW = "Zhao-Passw0rd-2026"


@pytest.fixture(params=["zh_CN", "en"])
def lang(request: Any, ui_ctx: Any) -> Any:
    from app.ui.fonts import apply_application_font, register_fonts
    from app.ui.i18n import install_language

    register_fonts()
    apply_application_font(QApplication.instance())  # type: ignore[arg-type]
    install_language(request.param)
    ui_ctx.lang = request.param
    yield request.param
    install_language("zh_CN")


def _shot(widget: Any, name: str, lang: str, tmp_path: Path) -> None:
    out = SHOTS if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
    assert widget.grab().save(str(out / f"desk_{name}_{lang}.png"))


def _morning(qtbot: QtBot, ctx: Any) -> dict[str, str]:
    """A station with history, then overnight: li.ming registered a child and asked to void it,
    wang.fang registered two more; the supervisor zhao logs on."""
    from app.core.model import AccountRole
    from app.services import cases
    from app.services.accounts import add_user
    from app.services.demo import fill_demo
    from app.services.demo_history import as_user
    from app.services.session import logon

    on_db(qtbot, ctx, lambda s: fill_demo(s, 60), timeout=120_000)
    doc = {
        n: parse_case(json.loads((EXAMPLES / f"{n}.json").read_text("utf-8")))
        for n in ("missing_child", "found_child", "trafficking")
    }

    def overnight(s: Any) -> dict[str, str]:
        li, wang = as_user(s, "li.ming"), as_user(s, "wang.fang")
        both = cases.register_cases(li, [doc["missing_child"]], allow_duplicate="另一名儿童")[0].case_no
        cases.void_case(li, both, "误登记：家属已在邻所报案")
        one = cases.register_cases(wang, [doc["found_child"]], check=False)[0].case_no
        two = cases.register_cases(wang, [doc["trafficking"]], check=False)[0].case_no
        add_user(s, "zhao", AccountRole.SUPERVISOR, SUPERVISOR_PW)
        return {"both": both, "one": one, "two": two}

    numbers = on_db(qtbot, ctx, overnight, timeout=60_000)
    first = ctx.session

    def switch(s: Any) -> Any:
        other = logon(s.data_dir, "zhao", SUPERVISOR_PW)
        other.store.claim_writer()
        return dataclasses.replace(other, lang=ctx.lang)

    second = on_db(qtbot, ctx, switch)
    second.store.add_query_hook(lambda: None)
    ctx.session = second
    ctx._first = first
    return numbers


def test_a_supervisors_morning(qtbot: QtBot, ui_ctx: Any, lang: str, tmp_path: Path) -> None:
    from app.core.overdue import OverdueRule
    from app.services.cases import CaseFilter, list_cases, show_case
    from app.services.overdue import thresholds
    from app.ui.desk.table import cell, row_count
    from app.ui.desk.weekly import WeeklyDialog
    from app.ui.desk.window import DeskWindow

    ctx = ui_ctx
    n = _morning(qtbot, ctx)
    desk = DeskWindow(ctx)
    qtbot.addWidget(desk)
    with qtbot.waitSignals([desk.queue.loaded, desk.overdue_view.loaded], timeout=20_000):
        desk.present(0)
    queue = desk.queue
    mine = [i for i in queue.items if i.case_no == n["both"]]
    assert [i.kind.value for i in mine] == ["registration", "void"]
    assert str(len(queue.items)) in desk.tabs.tabText(0)
    _shot(desk, "1_queue", lang, tmp_path)

    # The registration named, not the void: the case is approved and still waits for its void.
    registration, void = mine
    queue.select_items([registration.id])
    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        queue.approve_selected()
    reg = on_db(qtbot, ctx, lambda s: show_case(s, n["both"]))
    assert reg.review.value == "approved" and reg.status.value == "void_pending"
    assert void.id in [i.id for i in queue.items] and registration.id not in [i.id for i in queue.items]

    # Return wang.fang's found child with a comment.
    one = next(i for i in queue.items if i.case_no == n["one"])
    queue.select_items([one.id])
    dialog = queue.ask_return()
    assert dialog is not None
    dialog.reason.setPlainText(
        "请补充发现经过和在场证人" if lang == "zh_CN" else "Add how and where the child was found"
    )
    _shot(dialog, "2_return", lang, tmp_path)
    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        dialog.accept()
    assert on_db(qtbot, ctx, lambda s: show_case(s, n["one"])).review.value == "returned"
    assert "wang.fang" in desk.status.text()

    # A batch: the void and the trafficking registration, in one go.
    two = next(i for i in queue.items if i.case_no == n["two"])
    queue.select_items([void.id, two.id])
    with qtbot.waitSignal(queue.loaded, timeout=20_000):
        queue.approve_selected()
    assert on_db(qtbot, ctx, lambda s: show_case(s, n["both"])).status.value == "voided"
    assert on_db(qtbot, ctx, lambda s: show_case(s, n["two"])).review.value == "approved"

    # Overdue: every case lists the rules it breaks; assign the first to chen.jie.
    overdue = desk.overdue_view
    desk.tabs.setCurrentWidget(overdue)
    qtbot.waitUntil(lambda: row_count(overdue.table) > 0, timeout=20_000)
    assert desk.overdue > 0 and cell(overdue.table, 0, 5)
    _shot(desk, "3_overdue", lang, tmp_path)
    overdue.table.selectRow(0)
    case_no = cell(overdue.table, 0, 0)
    with qtbot.waitSignal(desk.dialog_opened, timeout=20_000) as opened:
        overdue.assign_button.click()
    assign = opened.args[0]
    assign.officer.setCurrentIndex(assign.officer.findData("chen.jie"))
    assign.reason.setPlainText("陈杰熟悉该片区" if lang == "zh_CN" else "Chen knows the area")
    _shot(assign, "4_assign", lang, tmp_path)
    with qtbot.waitSignal(overdue.loaded, timeout=20_000):
        assign.accept()
    assert on_db(qtbot, ctx, lambda s: show_case(s, case_no)).assigned_to == "chen.jie"
    assert "chen.jie" in desk.status.text()

    # The station's rules: reviews may wait two days here; the alert rule stays as it is.
    with qtbot.waitSignal(desk.dialog_opened, timeout=20_000) as opened:
        desk.rules_button.click()
    rules = opened.args[0]
    rules.hours[OverdueRule.REVIEW_WAITING].setValue(48)
    rules.on[OverdueRule.FOUND_CHILD_NO_PROFILE].setChecked(False)
    _shot(rules, "4b_rules", lang, tmp_path)
    assert rules.changes() == [("found_child_no_profile", "off"), ("review_waiting", "48")]
    with qtbot.waitSignal(overdue.loaded, timeout=20_000):
        rules.accept()
    limits = on_db(qtbot, ctx, thresholds)
    assert (
        limits.hours[OverdueRule.REVIEW_WAITING] == 48
        and limits.hours[OverdueRule.FOUND_CHILD_NO_PROFILE] is None
    )

    # wang.fang leaves: every active case of hers goes to li.ming at once.
    with qtbot.waitSignal(desk.dialog_opened, timeout=20_000) as opened:
        desk.reassign_button.click()
    hand = opened.args[0]
    hand.officer.setCurrentIndex(hand.officer.findData("wang.fang"))
    hand.to_box.setCurrentIndex(hand.to_box.findData("li.ming"))
    hand.reason.setPlainText("王芳调离" if lang == "zh_CN" else "Wang Fang moves to another station")
    with qtbot.waitSignal(overdue.loaded, timeout=20_000):
        hand.accept()
    left = on_db(qtbot, ctx, lambda s: list_cases(s, CaseFilter(officer="wang.fang", status="open")))
    assert left == [] and "wang.fang → li.ming" in desk.status.text()

    # The dashboard; a click on a bar lists exactly the cases behind it.
    board_view = desk.dashboard
    with qtbot.waitSignal(board_view.loaded, timeout=30_000):
        desk.tabs.setCurrentWidget(board_view)
    desk.resize(1366, 900)
    _shot(desk, "5_dashboard", lang, tmp_path)
    chart = board_view.charts["type"]
    chart.grab()  # paint once so the bars have their places
    expected = chart.chart.series[0].values[0]  # type: ignore[union-attr]
    with qtbot.waitSignal(board_view.cases_shown, timeout=20_000) as shown:
        chart.click_bar(0)
    behind = shown.args[0]
    assert row_count(behind.table) == expected
    _shot(behind, "6_cases_behind", lang, tmp_path)

    # The weekly report in the preview.
    weekly = WeeklyDialog(ctx)
    qtbot.addWidget(weekly)
    weekly.accept()
    preview = weekly.preview
    assert preview is not None
    qtbot.waitUntil(lambda: len(preview.pages) > 0, timeout=60_000)
    preview.resize(1000, 900)
    _shot(preview, "7_weekly", lang, tmp_path)
    preview.close()


def test_an_unacknowledged_alert_on_the_desk(qtbot: QtBot, ui_ctx: Any, lang: str, tmp_path: Path) -> None:
    """Another station's missing child, alerted here five hours ago and acknowledged by nobody:
    the desk's overdue list shows it as an alert line that opens the alert window (not the
    register), the badge counts it, and an acknowledgement takes it off."""
    from app.services import child_alerts
    from app.services.desk import desk_counts
    from app.ui.desk.table import cell, row_count
    from app.ui.desk.window import DeskWindow
    from tests.ui.test_alerts_ui import CASE, deliver_alert

    ctx = ui_ctx

    def five_hours_ago(s: Any) -> None:
        deliver_alert(s)
        with s.store.unit_of_work() as uow:
            uow.cursor.execute("UPDATE child_alerts SET received_at = '2026-01-01T00:00:00Z'")
            uow.commit()

    on_db(qtbot, ctx, five_hours_ago)
    assert on_db(qtbot, ctx, desk_counts) == (0, 1)
    desk = DeskWindow(ctx)
    qtbot.addWidget(desk)
    opened_alerts: list[str] = []
    opened_cases: list[str] = []
    desk.open_alert.connect(opened_alerts.append)
    desk.open_case.connect(opened_cases.append)
    overdue = desk.overdue_view
    with qtbot.waitSignal(overdue.loaded, timeout=20_000):
        desk.present(1)
    assert row_count(overdue.table) == 1
    alert_word, rule = (
        ("协查通报", "协查通报超过 4 小时未签收") if lang == "zh_CN" else ("Alert", "alert not acknowledged")
    )
    assert (cell(overdue.table, 0, 0), cell(overdue.table, 0, 1), cell(overdue.table, 0, 2)) == (
        CASE,
        alert_word,
        "王小明",
    )
    assert rule in cell(overdue.table, 0, 5)
    overdue.rule_box.setCurrentIndex(overdue.rule_box.findData("alert_unacknowledged"))
    assert row_count(overdue.table) == 1
    overdue.table.selectRow(0)
    _shot(desk, "3b_overdue_alert", lang, tmp_path)
    assert not overdue.assign_button.isEnabled()  # another station's case: nothing to assign here
    assert overdue.open_button.text() == ("打开协查通报(&L)" if lang == "zh_CN" else "Open a&lert")
    overdue.open_button.click()
    assert opened_alerts == [CASE] and opened_cases == []
    on_db(qtbot, ctx, lambda s: child_alerts.acknowledge(s, CASE))
    with qtbot.waitSignal(overdue.loaded, timeout=20_000):
        overdue.reload()
    assert row_count(overdue.table) == 0
    assert on_db(qtbot, ctx, desk_counts) == (0, 0)
