"""An officer's day, driven through the real windows: first run, logon, list, search, lock, unlock."""

from __future__ import annotations

from typing import Any

from pypinyin import Style, lazy_pinyin
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import PASSWORD, STATION_CODE, first_row_loaded, make_station, wait_op


def test_first_run_wizard_checks_the_station_code_live(qtbot: Any, shell: Any) -> None:
    wizard = shell.start()
    page = wizard.station_page
    qtbot.keyClicks(page.code, "3707830")
    assert "7" in page.county.text() and not page.isComplete()
    qtbot.keyClicks(page.code, "01")
    assert "寿光市" in page.county.text()  # the county named from GB/T 2260
    page.name.setText("圣城派出所")  # QTest types ASCII only
    assert page.isComplete()
    page.code.setText("999999001")
    assert not page.isComplete() and "GB/T 2260" in page.county.text()
    page.code.setText(STATION_CODE)
    wizard.next()
    admin = wizard.admin_page
    qtbot.keyClicks(admin.password, "short")
    assert not admin.isComplete() and "10" in admin.hint.text()
    admin.password.setText(PASSWORD)
    qtbot.keyClicks(admin.repeat, PASSWORD + "x")
    assert not admin.isComplete() and "不一致" in admin.hint.text()


def test_officer_day_first_run_logon_list_search_lock_unlock(qtbot: Any, shell: Any, guard: Any) -> None:
    # First run: the recovery key is shown once, with the prompt to print the sheet.
    wizard = make_station(qtbot, shell)
    key = wizard.recovery_page.key.text()
    assert len(key.replace("-", "")) >= 20
    assert wizard.recovery_page.print_button.isEnabled()
    assert "打印" in wizard.recovery_page.prompt.text()
    wizard.accept()
    main = shell.main
    from app.services.demo import fill_demo

    wait_op(qtbot, shell.ctx, lambda s: fill_demo(s, 300), mutates=True)

    # Log off, then log on again: the banner must be acknowledged first.
    main.actions_.logoff.trigger()
    logon = shell.window
    qtbot.waitUntil(lambda: shell.ctx.session is None)
    qtbot.keyClicks(logon.user, "admin")
    qtbot.keyClicks(logon.password, "wrong-password-1")
    assert not logon.logon_button.isEnabled()  # banner not yet acknowledged
    logon.submit()
    assert "我已阅读并同意" in logon.error.text()
    logon.agree.setFocus()
    qtbot.keyClick(logon.agree, Qt.Key.Key_Space)
    assert logon.agree.isChecked() and logon.logon_button.isEnabled()
    qtbot.keyClick(logon.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "4" in logon.error.text(), timeout=20_000)
    assert "密码错误" in logon.error.text()  # the count of attempts left, in words
    qtbot.keyClicks(logon.password, PASSWORD)
    with qtbot.waitSignal(logon.logged_on, timeout=20_000):
        qtbot.keyClick(logon.password, Qt.Key.Key_Return)

    # The main window lists the cases, fetched in pages in the background.
    main = shell.main
    qtbot.waitUntil(lambda: main.model.rowCount() == 300 and first_row_loaded(main), timeout=20_000)
    assert "300" in main.count_label.text()
    assert "admin" in main.identity.text() and STATION_CODE in main.identity.text()

    # Search by the pinyin initials of a registered person's name.
    row = next(r for r in (main.model.row_at(i) for i in range(5, 100)) if r is not None and r.names)
    name = row.names.replace("、", ",").split(",")[0].strip()
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    main.activateWindow()
    qtbot.keyClick(main, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main.search_box.hasFocus()
    qtbot.keyClicks(main.search_box, initials)
    qtbot.waitUntil(lambda: any(h.case_no == row.case_no for h in main.search.model.hits), timeout=10_000)
    hit = next(h for h in main.search.model.hits if h.case_no == row.case_no)
    assert hit.matched_on == "initials"
    assert main.lists.currentWidget() is main.hit_table

    # Another window with case data is open when the screen locks (Ctrl+L).
    case_window = QWidget()
    case_window.setWindowTitle(row.case_no)
    qtbot.addWidget(case_window)
    case_window.show()
    qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert main.is_locked
    assert main.stack.currentWidget() is main.lock_screen
    assert not main.workspace.isVisible() and not main.toolbar.isVisible()
    assert not case_window.isVisible()
    assert main.model.rowCount() == 0 and main.search.model.rowCount() == 0
    assert row.case_no not in main.windowTitle() and "锁定" in main.windowTitle()
    assert not main.actions_.search.isEnabled()

    # Unlocking needs the password again; a wrong one is counted.
    lock = main.lock_screen
    qtbot.keyClicks(lock.password, "not-the-password")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(lock.error.text()), timeout=20_000)
    assert main.is_locked and "密码错误" in lock.error.text()
    qtbot.keyClicks(lock.password, PASSWORD)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not main.is_locked, timeout=20_000)
    assert main.workspace.isVisible() and case_window.isVisible()
    qtbot.waitUntil(lambda: main.search.model.rowCount() > 0 or main.model.rowCount() == 300, timeout=10_000)
    assert shell.ctx.session is not None  # the session was kept across the lock

    # The query hook saw the work, and none of it ran on the GUI thread.
    assert guard.queries > 0
    assert guard.violations == []
