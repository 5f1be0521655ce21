"""Matches from the main window: the station-wide queue from the menu, one case's candidates from
the detail pane, and the lock hiding every pair. A real encrypted station, the real runner."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tests.conftest import EXAMPLES, PASSWORD
from tests.ui.conftest import open_main, wait_op


def register_examples(qtbot: Any, ctx: Any, *names: str) -> list[str]:
    """Register shared/examples cases as the intake would (a mutating operation on the runner)."""
    from app.core.validation import parse_case
    from app.services.cases import register_cases

    cases = [parse_case(json.loads((EXAMPLES / f"{n}.json").read_text("utf-8"))) for n in names]
    return [r.case_no for r in wait_op(qtbot, ctx, lambda s: register_cases(s, cases), mutates=True)]


def test_the_queue_opens_from_the_menu_shows_the_pair_and_the_lock_hides_it(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell)
    missing, found = register_examples(qtbot, shell.ctx, "missing_child", "found_child")
    acts = main.actions_
    assert acts.match_queue in acts.match_menu.actions() and acts.case_matches in acts.match_menu.actions()
    assert acts.match_queue.shortcut() == QKeySequence("Ctrl+M")
    assert acts.case_matches.shortcut() == QKeySequence("Ctrl+Shift+M")
    assert "Ctrl+M" in acts.match_queue.toolTip()
    assert acts.match_menu.title() == "比对(&M)"

    main.activateWindow()
    qtbot.keyClick(main, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # the keyboard, as an officer
    window = main.matches_window
    assert window is not None and window.isVisible()
    qtbot.waitUntil(lambda: window.view.table.rowCount() == 1, timeout=30_000)
    assert [(i.missing_case, i.found_case) for i in window.view.items] == [(missing, found)]
    assert window.view.table.item(0, 0).text() == missing and window.view.table.item(0, 1).text() == found
    assert window.view.title.text() == "待审核的比对候选"
    qtbot.waitUntil(lambda: window.view.compare.reasons.count() > 0, timeout=20_000)

    main.lock()
    assert main.is_locked and not window.isVisible()
    assert window.view.table.rowCount() == 0 and window.view.compare.reasons.count() == 0
    qtbot.waitUntil(shell.ctx.runner.idle, timeout=20_000)
    assert window.view.table.rowCount() == 0  # an answer that arrives late is not shown either
    assert not acts.match_queue.isEnabled()
    main.show_match_queue()  # the command is off while locked
    assert not window.isVisible()

    main.lock_screen.password.setText(PASSWORD)
    main.lock_screen.unlock_button.click()
    qtbot.waitUntil(lambda: not main.is_locked and window.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: window.view.table.rowCount() == 1, timeout=20_000)


def test_matches_for_the_selected_case_from_the_detail_pane(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell)
    missing, found = register_examples(qtbot, shell.ctx, "missing_child", "found_child")
    main.show_case_matches()  # nothing chosen yet: said in the status bar, no window
    assert main.matches_window is None and main.statusBar().currentMessage()

    with qtbot.waitSignal(main.detail.loaded, timeout=20_000):
        main.detail.show_case(found)
    assert main.detail.matches_button.isEnabled()
    main.detail.matches_button.click()
    window = main.matches_window
    assert window is not None
    qtbot.waitUntil(lambda: window.view.table.rowCount() == 1, timeout=30_000)
    assert window.view.items[0].case_no == missing
    assert window.view.title.text() == f"案件 {found} 的比对候选"

    # Double-clicking the missing case shows it in the register's detail pane.
    with qtbot.waitSignal(main.detail.loaded, timeout=20_000, check_params_cb=lambda n: n == missing):
        window.view.table.cellDoubleClicked.emit(0, 0)
    assert main.detail.case_no == missing

    # The menu entry does the same for the case now in the detail pane.
    with qtbot.waitSignal(window.view.loaded, timeout=30_000) as shown:
        main.actions_.case_matches.trigger()
    assert shown.args == [missing] and window.view.items[0].case_no == found
