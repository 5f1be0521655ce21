import re
from typing import Any
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from tests.ui.test_intake import open_intake, type_into, choose_place, CASE_NO
from tests.ui.test_intake_fixtures import *
from app.core.model import Sex, CaseType

def test_missing_case_id_error_shown_while_typing_save_refused_then_filed(qtbot: QtBot, ui_ctx: Any) -> None:
    dialog = open_intake(qtbot, ui_ctx, CaseType.MISSING)
    form = dialog.form
    child = form.persons[0]
    choose_place(qtbot, form.event_place, "shouguang", "370783")
    type_into(qtbot, form.event_place_text, "圣城街道农贸市场东门")
    type_into(qtbot, form.summary, "孩子在菜市场门口走失")
    type_into(qtbot, child.name, "王小明")
    type_into(qtbot, child.nicknames, "明明、小明")
    type_into(qtbot, child.height.lo, "95")
    type_into(qtbot, child.height.hi, "100")
    type_into(qtbot, child.marks, "左耳后有一颗黑痣")
    bad = wrong_check_digit("37078320220315001")
    type_into(qtbot, child.id_number, bad)
    problem = child.fields["id_number"].problem
    qtbot.waitUntil(lambda: problem.isVisible() and "校验位" in problem.text())
    assert not child.fields["name"].problem.isVisible()

    with qtbot.waitSignal(dialog.save_refused):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert child.name.text() == "王小明" and child.id_number.text() == bad  # nothing thrown away
    assert QApplication.focusWidget() is child.id_number

    child.id_number.selectAll()
    qtbot.keyClicks(child.id_number, with_check_digit("37078320220315001"))
    qtbot.waitUntil(lambda: not problem.isVisible())
    assert child.sex.currentData() == "M" and child.birth_date.text() == "2022-03-15"
    assert child.household_place.code() == "370783"

    reporter = form.reporter
    type_into(qtbot, reporter.name, "李秀英")
    type_into(qtbot, reporter.phone, "13853612345")
    type_into(qtbot, reporter.relation, "mother")
    with qtbot.waitSignal(dialog.registered, timeout=20_000) as filed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    case_no = filed.args[0]
    assert CASE_NO.match(case_no)
    assert dialog.confirmation.number.text() == case_no and dialog.confirmation.isVisible()

    from app.services.cases import show_case

    reg = on_db(qtbot, ui_ctx, lambda s: show_case(s, case_no))
    person = reg.case.persons[0]
    assert (person.name, person.sex, person.nicknames, person.height_cm) == ("王小明", Sex.MALE, ("明明", "小明"), (95, 100))
    assert reg.case.event is not None and reg.case.event.place_code == "370783"
    assert reg.case.reporter is not None and reg.case.reporter.phone == "13853612345"


