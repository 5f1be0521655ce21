"""No database query on the GUI thread, and the busy indicator for anything over 200 ms."""

from __future__ import annotations

import time
from typing import Any

from tests.ui.conftest import first_row_loaded, open_main, wait_op


def test_the_guard_catches_a_query_on_the_gui_thread(qtbot: Any, shell: Any, guard: Any) -> None:
    """Negative control: the hook really fires on the GUI thread (so the suite's check means something)."""
    open_main(qtbot, shell)
    from app.services.cases import count_cases

    count_cases(shell.ctx.session)  # deliberately on the GUI thread
    assert guard.violations, "the query hook did not see a query on the GUI thread"
    guard.violations.clear()


def test_driving_the_windows_runs_every_query_on_the_database_thread(
    qtbot: Any, shell: Any, guard: Any
) -> None:
    main = open_main(qtbot, shell, demo_cases=60)
    qtbot.waitUntil(lambda: first_row_loaded(main), timeout=10_000)
    before = guard.queries
    main.case_table.selectRow(1)
    main.search_box.setText("zh")
    qtbot.waitUntil(lambda: main.ctx.runner.idle() and main.search.model.rowCount() >= 0, timeout=10_000)
    main.search_box.clear()
    main.filters.type_box.setCurrentIndex(2)
    main.lock()
    main.lock_screen.password.setText("Station-Admin-2026!")
    main.lock_screen.unlock_button.click()
    qtbot.waitUntil(lambda: not main.is_locked and main.ctx.runner.idle(), timeout=20_000)
    assert guard.queries > before
    assert guard.violations == []


def test_busy_indicator_shows_for_slow_work_and_hides_after(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell)
    qtbot.waitUntil(main.ctx.runner.idle, timeout=10_000)
    assert not main.busy_bar.isVisible()

    def slow(_session: Any) -> int:
        time.sleep(0.5)  # slow work on the database thread, as a big report would be
        return 1

    shell.ctx.submit(slow, label="Working…")
    qtbot.waitUntil(lambda: main.busy_bar.isVisible(), timeout=2_000)
    assert main.busy_label.text() == "Working…"
    qtbot.waitUntil(lambda: not main.busy_bar.isVisible(), timeout=5_000)
    assert wait_op(qtbot, shell.ctx, lambda s: 2) == 2
