"""Registering each case type through the intake form, typed like an officer at the counter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.model import CaseType, Role, Sex
from app.ui.intake import IntakeDialog
from tests.ui.test_intake_fixtures import on_db, type_text, ui_ctx, with_check_digit, wrong_check_digit

__all__ = ["ui_ctx"]
CASE_NO = re.compile(r"^370783001-\d{4}-\d{6}$")


def open_intake(qtbot: QtBot, ctx: Any, case_type: CaseType) -> IntakeDialog:
    dialog = IntakeDialog(ctx, case_type)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(ctx.runner.idle)
    return dialog


def type_into(qtbot: QtBot, widget: Any, text: str) -> None:
    type_text(qtbot, widget, text)


def choose_place(qtbot: QtBot, picker: Any, query: str, code: str) -> None:
    type_into(qtbot, picker, query)
    offered = picker.matches()
    assert code in offered
    picker.set_code(code)  # what choosing the row in the drop-down does
    assert picker.code() == code


def test_missing_case_id_error_shown_while_typing_save_refused_then_filed(qtbot: QtBot, ui_ctx: Any) -> None:
    dialog = open_intake(qtbot, ui_ctx, CaseType.MISSING)
    form = dialog.form
    child = form.persons[0]
    choose_place(qtbot, form.event_place, "shouguang", "370783")
    type_into(qtbot, form.event_place_text, "圣城街道农贸市场东门")
    type_into(qtbot, form.summary, "孩子在菜市场门口走失")
    type_into(qtbot, child.name, "王小明")
    type_into(qtbot, child.nicknames, "明明、小明")
    type_into(qtbot, child.height_range.lo, "95")
    type_into(qtbot, child.height_range.hi, "100")
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
    assert (person.name, person.sex, person.nicknames, person.height_cm) == (
        "王小明",
        Sex.MALE,
        ("明明", "小明"),
        (95, 100),
    )
    assert reg.case.event is not None and reg.case.event.place_code == "370783"
    assert reg.case.reporter is not None and reg.case.reporter.phone == "13853612345"


def test_found_case_with_estimated_age_dialect_and_photo(qtbot: QtBot, ui_ctx: Any, tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "boy.png"
    Image.new("RGB", (2400, 1800), (180, 40, 40)).save(picture)
    dialog = open_intake(qtbot, ui_ctx, CaseType.FOUND)
    form = dialog.form
    assert form.reporter.isEnabled() is False
    boy = form.persons[0]
    choose_place(qtbot, form.event_place, "七星", "450305")
    type_into(qtbot, boy.name, "明明")
    boy.self_reported.setChecked(True)
    boy.sex.setCurrentIndex(boy.sex.findData("M"))
    type_into(qtbot, boy.age.lo, "5")
    type_into(qtbot, boy.age.hi, "3")
    qtbot.waitUntil(lambda: boy.fields["estimated_age"].problem.isVisible())
    boy.age.set_values("3", "5")
    type_into(qtbot, boy.dialect, "山东口音")
    type_into(qtbot, boy.statement, "说妈妈在买菜")
    boy.photos.add_files([picture])
    qtbot.waitUntil(lambda: len(boy.photos.photos()) == 1)
    assert boy.photos.photos()[0]["width"] == 1600
    with qtbot.waitSignal(dialog.registered, timeout=20_000) as filed:
        dialog.save()
    case_no = filed.args[0]

    from app.services.cases import show_case
    from app.services.photos import list_photos

    reg = on_db(qtbot, ui_ctx, lambda s: show_case(s, case_no))
    person = reg.case.persons[0]
    assert person.estimated_age == (3, 5) and person.name_is_self_reported and person.dialect == "山东口音"
    assert [p.person_position for p in on_db(qtbot, ui_ctx, lambda s: list_photos(s, case_no))] == [0]


def test_trafficking_case_with_victim_and_suspect(qtbot: QtBot, ui_ctx: Any) -> None:
    dialog = open_intake(qtbot, ui_ctx, CaseType.TRAFFICKING)
    form = dialog.form
    victim = form.persons[0]
    type_into(qtbot, victim.name, "杨美玲")
    with qtbot.waitSignal(dialog.save_refused):
        dialog.save()  # no exploitation chosen yet
    assert form.fields["exploitation"].problem.isVisible()
    form.exploitation["forced_labour"].setChecked(True)
    choose_place(qtbot, form.event_place, "三穗", "522624")
    type_into(qtbot, victim.id_number, "522624199507182025")
    assert victim.sex.currentData() == "F"
    suspect = form.add_person(focus=True)
    suspect.role.setCurrentIndex(suspect.role.findData("suspect"))
    type_into(qtbot, suspect.name, "覃某")
    type_into(qtbot, suspect.phone, "no phone")
    qtbot.waitUntil(lambda: suspect.fields["phone"].problem.isVisible())
    assert form.tabs.tabText(form.tabs.indexOf(suspect)).startswith("⚠")
    suspect.phone.clear()
    with qtbot.waitSignal(dialog.registered, timeout=20_000) as filed:
        dialog.save()

    from app.services.cases import show_case

    reg = on_db(qtbot, ui_ctx, lambda s: show_case(s, filed.args[0]))
    assert [p.role for p in reg.case.persons] == [Role.VICTIM, Role.SUSPECT]
    assert [e.value for e in reg.case.exploitation] == ["forced_labour"]


def test_draft_survives_closing_the_dialog_and_a_lock(qtbot: QtBot, ui_ctx: Any) -> None:
    dialog = open_intake(qtbot, ui_ctx, CaseType.MISSING)
    type_into(qtbot, dialog.form.persons[0].name, "张伟")
    type_into(qtbot, dialog.form.summary, "放学后未回家")
    dialog.reject()
    qtbot.waitUntil(ui_ctx.runner.idle)

    again = IntakeDialog(ui_ctx, CaseType.MISSING)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.draft_offered, timeout=10_000):
        again.show()
    assert again.banner.isVisible()
    qtbot.mouseClick(again.restore_button, Qt.MouseButton.LeftButton)
    assert again.form.persons[0].name.text() == "张伟" and again.form.summary.toPlainText() == "放学后未回家"

    type_into(qtbot, again.form.persons[0].clothing, "蓝色校服")
    with qtbot.waitSignal(again.draft_saved, timeout=10_000):
        ui_ctx.locked.emit()
    assert not again.isVisible()
    ui_ctx.unlocked.emit()
    assert again.isVisible()

    from app.services.drafts import load_draft

    kept = on_db(qtbot, ui_ctx, lambda s: load_draft(s, "intake:missing"))
    assert kept is not None and kept.content["persons"][0]["clothing"] == "蓝色校服"
    assert on_db(qtbot, ui_ctx, lambda s: load_draft(s, "intake:found")) is None
