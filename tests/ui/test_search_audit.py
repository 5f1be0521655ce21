"""Search as you type: a result per keystroke without waiting, and one audit entry per look-up."""

from __future__ import annotations

from typing import Any

from app.ui import search as search_module
from tests.ui.conftest import first_row_loaded, open_main, wait_op


def _searches(qtbot: Any, main: Any) -> list[str]:
    def read(session: Any) -> list[str]:
        with session.store.reader() as conn:
            rows = conn.exec_driver_sql("SELECT detail FROM audit_log WHERE action = 'search' ORDER BY seq")
            return [str(r[0]) for r in rows]

    result: list[str] = wait_op(qtbot, main.ctx, read)
    return result


def test_each_keystroke_shows_its_result_and_the_settled_query_is_audited_once(
    qtbot: Any, shell: Any
) -> None:
    main = open_main(qtbot, shell, demo_cases=30)
    qtbot.waitUntil(lambda: first_row_loaded(main), timeout=10_000)
    case_no = main.model.row_at(0).case_no
    shown: list[str] = []
    main.search.finished.connect(lambda text, _n, _s: shown.append(text))
    for end in range(len(case_no) - 3, len(case_no) + 1):  # typing the last four characters
        with qtbot.waitSignal(main.search.finished, timeout=10_000):
            main.search_box.setText(case_no[:end])
    assert shown[-1] == case_no and len(shown) == 4  # every keystroke got its answer
    assert [h.case_no for h in main.search.model.hits] == [case_no]
    assert _searches(qtbot, main) == []  # still typing, as far as the audit knows
    qtbot.waitUntil(lambda: len(_searches(qtbot, main)) == 1, timeout=search_module.AUDIT_SETTLE_MS + 5_000)
    assert _searches(qtbot, main) == ["hits=1 on=case_no"]  # the count and kind, never the query
    qtbot.wait(search_module.AUDIT_SETTLE_MS + 200)
    assert len(_searches(qtbot, main)) == 1


def test_locking_right_after_a_search_still_audits_it(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell, demo_cases=10)
    qtbot.waitUntil(lambda: first_row_loaded(main), timeout=10_000)
    case_no = main.model.row_at(0).case_no
    with qtbot.waitSignal(main.search.finished, timeout=10_000):
        main.search_box.setText(case_no)
    main.lock()
    assert main.search.model.rowCount() == 0
    qtbot.waitUntil(lambda: _searches(qtbot, main) == ["hits=1 on=case_no"], timeout=5_000)
