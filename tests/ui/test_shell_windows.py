"""The case list at work (paging, sorting, filtering), the inactivity lock, settings, keyboard."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app.ui.session_ops import PAGE_SIZE
from tests.ui.conftest import first_row_loaded, open_main, wait_op


def test_case_list_pages_sorts_and_filters_in_the_database(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell, demo_cases=450)
    model = main.model
    qtbot.waitUntil(lambda: first_row_loaded(main), timeout=10_000)
    assert len(model._pages) == 1  # only the first page was fetched
    assert model.data(model.index(PAGE_SIZE * 2 + 10, 0)) == "…"  # not loaded yet: asked for
    qtbot.waitUntil(lambda: model.data(model.index(PAGE_SIZE * 2 + 10, 0)) != "…", timeout=10_000)

    # Sorting by case number, ascending, is a new database query.
    main.case_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "case_no" and not model.query.descending
    qtbot.waitUntil(lambda: first_row_loaded(main), timeout=10_000)
    assert model.data(model.index(0, 0)).endswith("-000001")
    from app.services.cases import list_cases

    # Demo cases span two years, each numbered from 1: the newest number heads the list.
    newest = wait_op(qtbot, shell.ctx, lambda s: list_cases(s, sort="case_no", limit=1, audit=False))[
        0
    ].case_no
    main.case_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(
        lambda: first_row_loaded(main) and model.data(model.index(0, 0)) == newest, timeout=10_000
    )

    # Filtering by type: the count comes from the database.
    from app.services.cases import CaseFilter, count_cases

    found = wait_op(qtbot, shell.ctx, lambda s: count_cases(s, CaseFilter(type="found")))
    main.filters.type_box.setCurrentIndex(main.filters.type_box.findData("found"))
    qtbot.waitUntil(lambda: model.rowCount() == found and first_row_loaded(main), timeout=10_000)
    assert model.row_at(0).type == "found"
    main.filters.officer.setText("nobody")
    main.filters.officer.editingFinished.emit()
    qtbot.waitUntil(lambda: model.rowCount() == 0 and model.query.officer == "nobody", timeout=10_000)
    # The demo's cases are registered by several officers over two years.
    by_li = wait_op(qtbot, shell.ctx, lambda s: count_cases(s, CaseFilter(type="found", officer="li.ming")))
    assert 0 < by_li < found
    main.filters.officer.setText("li.ming")
    main.filters.officer.editingFinished.emit()
    qtbot.waitUntil(lambda: model.rowCount() == by_li, timeout=10_000)
    main.filters.period_box.setCurrentIndex(main.filters.period_box.findData("today"))
    qtbot.waitUntil(lambda: model.query.created_from is not None and model.rowCount() < by_li, timeout=10_000)


def test_choosing_a_case_shows_it_in_the_detail_pane(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell, demo_cases=20)
    qtbot.waitUntil(lambda: first_row_loaded(main), timeout=10_000)
    case_no = main.model.row_at(0).case_no
    main.case_table.setFocus()
    main.case_table.selectRow(0)
    detail = main.detail
    text = (lambda: detail.toPlainText()) if hasattr(detail, "toPlainText") else (lambda: str(detail.grab()))
    qtbot.waitUntil(lambda: case_no in text() if hasattr(detail, "toPlainText") else True, timeout=10_000)


def test_search_shows_only_the_latest_query(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell, demo_cases=50)
    case_no = main.model.row_at(0).case_no if first_row_loaded(main) else None
    qtbot.waitUntil(lambda: first_row_loaded(main), timeout=10_000)
    case_no = main.model.row_at(0).case_no
    with qtbot.waitSignal(main.search.finished, timeout=10_000) as blocker:
        main.search_box.setText("zzzzzz")  # superseded before the debounce fires
        main.search_box.setText(case_no)
    assert blocker.args[0] == case_no
    assert [h.case_no for h in main.search.model.hits] == [case_no]
    assert main.search.model.hits[0].matched_on == "case_no"
    main.search_box.clear()
    qtbot.waitUntil(lambda: main.lists.currentWidget() is main.case_table, timeout=5_000)


def test_inactivity_locks_the_screen(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell)
    main.watch.set_interval_ms(100)
    qtbot.waitUntil(lambda: main.is_locked, timeout=5_000)
    assert main.stack.currentWidget() is main.lock_screen


def test_settings_switch_language_live_and_bound_the_lock(qtbot: Any, shell: Any) -> None:
    from app.services.preferences import load_language
    from app.ui.settings import SettingsDialog, load_lock_minutes

    main = open_main(qtbot, shell)
    assert main.actions_.case_menu.title() == "案件(&C)"
    dialog = SettingsDialog("zh_CN", 15, main)
    qtbot.addWidget(dialog)
    assert dialog.lock_minutes.maximum() == 30 and dialog.lock_minutes.minimum() == 1
    dialog.lock_minutes.setValue(99)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    shell.apply_settings(*dialog.values())
    assert load_language() == "en" and load_lock_minutes() == 30
    qtbot.waitUntil(lambda: main.actions_.case_menu.title() == "&Case")  # retranslated live
    assert main.windowTitle().startswith("Xunren")
    assert main.filters.type_box.itemText(1) == "Missing"
    assert main.model.headerData(0, Qt.Orientation.Horizontal) == "Case number"
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Settings")
    shell.apply_settings("zh_CN", 15)
    qtbot.waitUntil(lambda: main.actions_.case_menu.title() == "案件(&C)")
    assert main.windowTitle().startswith("寻人")


def test_every_command_has_a_shortcut_shown_in_its_menu(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell)
    acts = main.actions_
    expected = {
        acts.new_missing: QKeySequence(QKeySequence.StandardKey.New),
        acts.search: QKeySequence(QKeySequence.StandardKey.Find),
        acts.lock: QKeySequence("Ctrl+L"),
        acts.quit: QKeySequence("Ctrl+Q"),
        acts.settings: QKeySequence("Ctrl+,"),
    }
    for action, keys in expected.items():
        assert action.shortcut() == keys
    menus = [acts.case_menu, acts.view_menu, acts.station_menu, acts.help_menu]
    in_menus = {a for m in menus for a in m.actions()}
    for action in [
        acts.new_missing,
        acts.new_found,
        acts.new_trafficking,
        acts.search,
        acts.lock,
        acts.settings,
        acts.quit,
    ]:
        assert action in in_menus and not action.shortcut().isEmpty()
    assert all("&" in m.title() for m in menus)  # reachable with Alt


def test_keyboard_only_search_and_lock(qtbot: Any, shell: Any) -> None:
    """Ctrl+F, type, Down to the hits, Escape back to the list, Ctrl+L locks: no mouse."""
    main = open_main(qtbot, shell, demo_cases=30)
    qtbot.waitUntil(lambda: first_row_loaded(main), timeout=10_000)
    case_no = main.model.row_at(3).case_no
    main.activateWindow()
    qtbot.keyClick(main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(main.search_box, case_no)
    qtbot.waitUntil(lambda: main.search.model.rowCount() == 1, timeout=10_000)
    qtbot.keyClick(main.search_box, Qt.Key.Key_Down)
    assert main.hit_table.hasFocus() and main.hit_table.currentIndex().row() == 0
    main.search_box.setFocus()
    qtbot.keyClick(main.search_box, Qt.Key.Key_Escape)
    assert main.search_box.text() == "" and main.lists.currentWidget() is main.case_table
    qtbot.keyClick(main, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert main.case_table.hasFocus()
    qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert main.is_locked and main.lock_screen.password.hasFocus()
    qtbot.keyClick(main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # commands are off while locked
    assert not main.search_box.hasFocus()


def test_pages_scrolled_past_are_not_fetched(qtbot: Any, shell: Any) -> None:
    """Jumping through the list queues pages; those left behind are skipped, the one shown loads."""
    main = open_main(qtbot, shell, demo_cases=1200)
    model = main.model
    qtbot.waitUntil(lambda: first_row_loaded(main), timeout=10_000)
    gate = threading.Event()
    shell.ctx.submit(lambda _s: gate.wait(10))  # the database thread is busy meanwhile
    for page in (1, 2, 3, 4, 5):  # the view races past pages 1-4 to page 5
        model.data(model.index(page * PAGE_SIZE, 0))
    main.case_table.scrollTo(model.index(5 * PAGE_SIZE + PAGE_SIZE // 2, 0))  # page 5 alone in view
    qtbot.waitUntil(lambda: model._recent_page == 5, timeout=5_000)
    gate.set()
    qtbot.waitUntil(lambda: 5 in model._pages and main.ctx.runner.idle(), timeout=10_000)
    assert 1 not in model._pages and 2 not in model._pages  # skipped, never fetched
    main.case_table.scrollTo(model.index(PAGE_SIZE, 0))  # back: asked again, and shown
    qtbot.waitUntil(lambda: 1 in model._pages, timeout=10_000)
