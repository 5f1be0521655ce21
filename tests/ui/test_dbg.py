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
    bad = wrong_check_digit("37078320220315001")
    type_into(qtbot, child.id_number, bad)
    child.id_number.selectAll()
    qtbot.keyClicks(child.id_number, with_check_digit("37078320220315001"))
    qtbot.waitUntil(lambda: not problem.isVisible())
