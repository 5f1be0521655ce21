"""The case detail pane on a real store: everything shown, samples, hand-over, profile, void, lock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from app.core.validation import parse_case
from app.ui.detail import CaseDetailPane
from app.ui.detail.dialogs import LOCI, HandoverDialog, ProfileDialog, VoidDialog
from tests.conftest import EXAMPLES
from tests.ui.test_intake_fixtures import on_db, type_text, ui_ctx

__all__ = ["ui_ctx"]


def register(qtbot: QtBot, ctx: Any, name: str) -> str:
    from app.services.cases import register_cases

    case = parse_case(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")))
    return on_db(qtbot, ctx, lambda s: register_cases(s, [case]))[0].case_no


def open_pane(qtbot: QtBot, ctx: Any, case_no: str) -> CaseDetailPane:
    pane = CaseDetailPane(ctx)
    qtbot.addWidget(pane)
    pane.resize(1000, 700)
    pane.show()
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.show_case(case_no)
    return pane


def test_everything_about_the_case_is_shown(qtbot: QtBot, ui_ctx: Any) -> None:
    case_no = register(qtbot, ui_ctx, "missing_child")
    pane = open_pane(qtbot, ui_ctx, case_no)
    summary = pane.summary.toPlainText()
    assert case_no in summary and "孩子在菜市场门口走失" in summary and "山东省潍坊市寿光市" in summary
    persons = pane.persons.toPlainText()
    for text in (
        "王小明",
        "明明",
        "左耳后有一颗黑痣",
        "红色羽绒服",
        "李秀英",
        "王建国",
        "370783********1016",
    ):
        assert text in persons
    assert "370783198303051016" not in persons  # the full ID number is not put on screen
    # Relations are written as codes in the case file and shown in words (never "mother" in Chinese).
    assert "母亲" in summary and "mother" not in summary
    assert "父亲" in persons and "father" not in persons
    donors = [pane.samples.table.item(r, 1).text() for r in range(pane.samples.table.rowCount())]
    assert not any("father" in d or "mother" in d for d in donors), donors
    assert pane.samples.table.rowCount() == 2
    actions = [pane.history.item(r, 2).text() for r in range(pane.history.rowCount())]
    assert len(actions) >= 2  # registered, viewed


def test_add_sample_hand_over_to_lab_and_enter_profile(qtbot: QtBot, ui_ctx: Any) -> None:
    case_no = register(qtbot, ui_ctx, "found_child")
    pane = open_pane(qtbot, ui_ctx, case_no)
    tab = pane.samples
    pane.tabs.setCurrentWidget(tab)
    assert tab.table.rowCount() == 1

    dialog = tab.sample_dialog()
    assert dialog is not None
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("blood_card"))
    dialog.accept()
    assert not dialog.problem.isHidden()  # no consent yet: refused inside the dialog
    dialog.consent.setChecked(True)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        tab.add_sample(dialog, ask=False)
    assert tab.table.rowCount() == 2
    tab.table.setCurrentCell(1, 0)
    sample_no = tab.selected_sample_no()
    assert sample_no is not None and tab.status_of(sample_no) == "collected"

    handover = HandoverDialog(sample_no, "admin", tab)
    handover.accept()
    assert not handover.problem.isHidden() and handover.result() == 0
    type_text(qtbot, handover.to_party, "潍坊市公安局DNA实验室 刘军")
    handover.purpose.setCurrentIndex(handover.purpose.findData("lab"))
    handover.accept()
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        tab.record_handover(handover, ask=False)
    assert tab.status_of(sample_no) == "sent_to_lab"
    assert tab.custody.rowCount() == 1 and tab.custody.item(0, 2).text() == "潍坊市公安局DNA实验室 刘军"

    profile = ProfileDialog(sample_no, "zh_CN", None, tab)
    profile.set_alleles("D3S1358", "14", "17")
    profile.set_alleles("TH01", "9.3")  # one allele typed: a homozygote
    profile.set_alleles("vWA", "18", "1a9")
    profile.accept()
    assert not profile.problem.isHidden() and "vWA" in profile.problem.text()
    profile.set_alleles("vWA", "18", "19")
    for locus in LOCI[3:]:
        if locus not in ("TH01", "vWA"):
            profile.set_alleles(locus, "10", "11")
    profile.accept()
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        tab.enter_profile(profile, ask=False)
    assert tab.status_of(sample_no) == "profiled"

    from app.services.cases import show_case

    reg = on_db(qtbot, ui_ctx, lambda s: show_case(s, case_no))
    stored = reg.case.persons[0].samples[1]
    assert stored.sample_no == sample_no and stored.custody[0].purpose == "lab"
    actions = {pane.history.item(r, 2).text() for r in range(pane.history.rowCount())}
    from app.ui.detail.history import action_name

    wanted = {
        action_name(a)
        for a in ("case.create", "case.view", "sample.add", "sample.handover", "sample.profile")
    }
    assert wanted <= actions


def test_void_with_reason_and_photo(qtbot: QtBot, ui_ctx: Any, tmp_path: Path) -> None:
    from PIL import Image

    case_no = register(qtbot, ui_ctx, "trafficking")
    pane = open_pane(qtbot, ui_ctx, case_no)
    picture = tmp_path / "suspect.jpg"
    Image.new("RGB", (800, 600), (20, 20, 20)).save(picture)
    pane.photo_person.setCurrentIndex(1)
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.add_photo_files([picture])
    assert pane.persons.toHtml().count("photo:") == 1

    dialog = VoidDialog(case_no, pane)
    dialog.accept()
    assert not dialog.problem.isHidden()
    type_text(qtbot, dialog.reason, "重复登记")
    dialog.accept()
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.ask_void(dialog, ask=False)
    assert pane.view is not None and pane.view.reg.status.value == "void_pending"
    assert "重复登记" in pane.summary.toPlainText()
    assert not pane.void_button.isEnabled()


def test_lock_hides_the_case_and_unlock_brings_it_back(qtbot: QtBot, ui_ctx: Any) -> None:
    case_no = register(qtbot, ui_ctx, "missing_child")
    pane = open_pane(qtbot, ui_ctx, case_no)
    ui_ctx.is_locked = True
    ui_ctx.locked.emit()
    assert pane.summary.toPlainText() == "" and pane.samples.table.rowCount() == 0
    assert pane.pages.currentWidget() is pane.empty
    ui_ctx.is_locked = False
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        ui_ctx.unlocked.emit()
    assert case_no in pane.summary.toPlainText()
