"""Walkthroughs of a case's life in the desktop app, in both languages (issue 13): edit with a
reason, return → correct → resubmit, close with an outcome and another supervisor's approval,
and the duplicate warning at intake."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.model import CaseType
from app.core.validation import parse_case
from tests.conftest import EXAMPLES, ROOT
from tests.ui.test_detail import open_pane
from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]

SHOTS = ROOT / "docs" / "screenshots"
WORDS = {  # (closed, awaiting review, returned) as the pane's state line says them
    "zh_CN": ("已结案", "待审核", "已退回"),
    "en": ("Closed", "Awaiting review", "Returned"),
}


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


def _register(qtbot: QtBot, ctx: Any, name: str, **allow: str) -> str:
    from app.services.cases import register_cases

    case = parse_case(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")))
    return on_db(qtbot, ctx, lambda s: register_cases(s, [case], **allow))[0].case_no  # type: ignore[arg-type]


def _register_as_officer(qtbot: QtBot, ctx: Any, name: str) -> str:
    """Registered by the officer li (an account of the station), not by the logged-on admin."""
    import dataclasses

    from app.core.model import AccountRole
    from app.services.accounts import add_user
    from app.services.cases import register_cases

    case = parse_case(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")))

    def run(s: Any) -> str:
        add_user(s, "li", AccountRole.OFFICER, "Li-Passw0rd-2026")
        li = dataclasses.replace(s, user="li", role=AccountRole.OFFICER)
        return str(register_cases(li, [case])[0].case_no)

    return on_db(qtbot, ctx, run)


def _shot(widget: Any, name: str, tmp_path: Path) -> None:
    out = SHOTS if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
    assert widget.grab().save(str(out / f"{name}.png"))


def _second_supervisor(qtbot: QtBot, ctx: Any) -> None:
    """Log the pane's context on as another supervisor (the admin asked; zhao decides)."""
    from app.core.model import AccountRole
    from app.services.accounts import add_user
    from app.services.session import logon

    on_db(qtbot, ctx, lambda s: add_user(s, "zhao", AccountRole.SUPERVISOR, "Zhao-Passw0rd-26"))
    first = ctx.session

    def switch(s: Any) -> Any:
        other = logon(s.data_dir, "zhao", "Zhao-Passw0rd-26")
        other.store.claim_writer()
        return other

    second = on_db(qtbot, ctx, switch)
    second.store.add_query_hook(lambda: None)
    ctx.session = second
    ctx._first = first  # closed with the fixture's session


def test_edit_walkthrough(qtbot: QtBot, ui_ctx: Any, lang: str, tmp_path: Path) -> None:
    case_no = _register(qtbot, ui_ctx, "missing_child")
    pane = open_pane(qtbot, ui_ctx, case_no)
    assert pane.life.edit_button.isVisible()
    dialog = pane.open_editor()
    assert dialog is not None and case_no in dialog.windowTitle()
    qtbot.addWidget(dialog)
    child = dialog.form.persons[0]
    assert child.name.text() == "王小明"  # the form opens filled with the case
    child.name.setText("王晓明")
    child.marks.setPlainText("左耳后有一颗黑痣；右手背有烫伤疤痕；右膝有旧伤")
    with qtbot.waitSignal(dialog.reason_asked, timeout=10_000) as asked:
        dialog.save()
    reason = asked.args[0]
    _shot(reason, f"edit_reason_{lang}", tmp_path)
    reason.accept()  # no reason: refused inside the dialog
    assert reason.isVisible() and reason.problem.text()
    reason.reason.setPlainText("家属更正姓名" if lang == "zh_CN" else "the family corrected the name")
    with qtbot.waitSignal(pane.loaded, timeout=20_000):
        reason.accept()
    reg = pane.view.reg  # type: ignore[union-attr]
    assert reg.case.persons[0].name == "王晓明" and reg.case_no == case_no
    (rev,) = reg.revisions
    assert {c.path for c in rev.changes} == {"persons[0].name", "persons[0].marks"}
    details = [pane.history.item(r, 4).text() for r in range(pane.history.rowCount())]
    diff = next(d for d in details if "王小明 → 王晓明" in d)  # the diff in words in the history view
    assert ("姓名" if lang == "zh_CN" else "name") in diff
    pane.tabs.setCurrentIndex(3)
    _shot(pane, f"case_history_edit_{lang}", tmp_path)


def test_return_and_resubmit_walkthrough(qtbot: QtBot, ui_ctx: Any, lang: str, tmp_path: Path) -> None:
    closed, pending, returned = WORDS[lang]
    case_no = _register_as_officer(qtbot, ui_ctx, "found_child")  # nobody decides their own item
    pane = open_pane(qtbot, ui_ctx, case_no)
    assert pending in pane.state.text()
    assert (
        pane.life.return_button.isVisible() and pane.life.approve_button.isVisible()
    )  # the admin supervises
    dialog = pane.life.ask_return()
    assert dialog is not None
    dialog.reason.setPlainText("请补充发现经过")
    with qtbot.waitSignal(pane.loaded, timeout=20_000):
        dialog.accept()
    assert returned in pane.state.text() and "请补充发现经过" in pane.life.notice.text()
    assert pane.life.notice.isVisible() and "请补充发现经过" in pane.life.thread_view.text()
    _shot(pane, f"case_returned_{lang}", tmp_path)
    editor = pane.open_editor()
    assert editor is not None and "请补充发现经过" in editor.banner_text.text()  # the comment, in the form
    qtbot.addWidget(editor)
    editor.form.summary.setPlainText("巡逻中在火车站候车室发现，已询问候车旅客。")
    with qtbot.waitSignal(editor.reason_asked, timeout=10_000) as asked:
        editor.save()
    asked.args[0].reason.setPlainText("已补充发现经过")
    with qtbot.waitSignal(pane.loaded, timeout=20_000):
        asked.args[0].accept()
    reg = pane.view.reg  # type: ignore[union-attr]
    assert reg.review.value == "pending" and pending in pane.state.text()
    assert [e.event.value for e in reg.thread] == ["returned", "resubmitted"]
    _second_supervisor(qtbot, ui_ctx)  # the admin resubmitted it: another supervisor approves
    with qtbot.waitSignal(pane.loaded, timeout=20_000):
        pane.reload()
    with qtbot.waitSignal(pane.loaded, timeout=20_000):
        pane.life.approve()
    assert pane.view.reg.review.value == "approved"  # type: ignore[union-attr]


def test_close_walkthrough(qtbot: QtBot, ui_ctx: Any, lang: str, tmp_path: Path) -> None:
    closed, _pending, _returned = WORDS[lang]
    case_no = _register(qtbot, ui_ctx, "missing_child")
    pane = open_pane(qtbot, ui_ctx, case_no)
    dialog = pane.life.ask_close()
    assert dialog is not None and dialog.outcome.count() == 5
    dialog.outcome.setCurrentIndex(1)  # found by the family
    dialog.reason.setPlainText("孩子已由家属找回")
    _shot(dialog, f"close_case_{lang}", tmp_path)
    with qtbot.waitSignal(pane.loaded, timeout=20_000):
        dialog.accept()
    assert pane.view.reg.status.value == "close_pending"  # type: ignore[union-attr]
    assert pane.life.notice.isVisible() and not pane.life.close_button.isVisible()
    with qtbot.waitSignal(pane.life.failed, timeout=20_000) as refused:
        pane.life.approve()  # the one who asked cannot approve it
    assert refused.args[0].key == "own_item"
    _second_supervisor(qtbot, ui_ctx)
    with qtbot.waitSignal(pane.loaded, timeout=20_000):
        pane.reload()
    with qtbot.waitSignal(pane.loaded, timeout=20_000):
        pane.life.approve()
    reg = pane.view.reg  # type: ignore[union-attr]
    assert reg.status.value == "closed" and reg.closure is not None and reg.closure.approved_by == "zhao"
    assert closed in pane.state.text() and pane.life.reopen_button.isVisible()
    _shot(pane, f"case_closed_{lang}", tmp_path)
    reopen = pane.life.ask_reopen()
    assert reopen is not None
    reopen.reason.setPlainText("孩子再次走失")
    with qtbot.waitSignal(pane.loaded, timeout=20_000):
        reopen.accept()
    assert pane.view.reg.status.value == "open"  # type: ignore[union-attr]
    on_db(qtbot, ui_ctx, lambda s: s.close())
    ui_ctx.session = ui_ctx._first


def test_duplicate_warning_walkthrough(qtbot: QtBot, ui_ctx: Any, lang: str, tmp_path: Path) -> None:
    from app.ui.intake import IntakeDialog
    from app.ui.intake.shape import state_from_case

    first = _register(qtbot, ui_ctx, "trafficking")
    doc = json.loads((EXAMPLES / "trafficking.json").read_text("utf-8"))
    dialog = IntakeDialog(ui_ctx, CaseType.TRAFFICKING)
    qtbot.addWidget(dialog)
    dialog.show()
    from app.core.casejson import case_to_json

    dialog.form.load(state_from_case(case_to_json(parse_case(doc))))
    with qtbot.waitSignal(dialog.duplicate_warned, timeout=20_000) as warned:
        dialog.save()
    warning = warned.args[0]
    assert first in warning.note.text()
    _shot(warning, f"duplicate_warning_{lang}", tmp_path)
    warning.accept()  # no reason: refused, nothing registered
    assert warning.isVisible()
    warning.reason.setPlainText(
        "同一被害人的另一起案件" if lang == "zh_CN" else "another incident, same victim"
    )
    with qtbot.waitSignal(dialog.registered, timeout=20_000) as done:
        warning.accept()
    second = done.args[0]
    assert second != first
    from app.services.cases import show_case

    reg = on_db(qtbot, ui_ctx, lambda s: show_case(s, second))
    assert reg.thread[0].event.value == "duplicate_allowed" and first in reg.thread[0].text
