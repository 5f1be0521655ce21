"""The matches view on a real store: ranking with reasons, side-by-side comparison, review, queue."""

from __future__ import annotations

import json
from typing import Any

from pytestqt.qtbot import QtBot

from app.ui.matches import MatchesView
from tests.ui.test_detail import register
from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]


def _actions(qtbot: QtBot, ctx: Any) -> list[str]:
    def read(session: Any) -> list[str]:
        with session.store.reader() as conn:
            return [str(r[0]) for r in conn.exec_driver_sql("SELECT action FROM audit_log ORDER BY seq")]

    return on_db(qtbot, ctx, read)


def open_view(qtbot: QtBot, ctx: Any, case_no: str | None) -> MatchesView:
    view = MatchesView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        if case_no is None:
            view.show_queue()
        else:
            view.show_case(case_no)
    return view


def test_found_case_shows_the_missing_boy_first_and_confirm_is_audited(qtbot: QtBot, ui_ctx: Any) -> None:
    missing = register(qtbot, ui_ctx, "missing_child")
    found = register(qtbot, ui_ctx, "found_child")
    view = open_view(qtbot, ui_ctx, found)
    assert view.items and view.items[0].case_no == missing
    assert view.table.item(0, 0).text() == missing and view.table.item(0, 1).text() == found
    qtbot.waitUntil(lambda: view.compare.reasons.count() > 0, timeout=20_000)
    reasons = [view.compare.reasons.item(i).text() for i in range(view.compare.reasons.count())]
    assert any("DNA 支持亲子关系" in r for r in reasons) and any("年龄相符" in r for r in reasons)
    assert "王小明" in view.compare.missing_facts.toPlainText()
    assert "明明" in view.compare.found_facts.toPlainText()
    assert view.recheck.text()  # a DNA hit opens a re-check
    assert view.confirm_button.isEnabled() and not view.reunite_button.isEnabled()

    with qtbot.waitSignal(view.decided, timeout=20_000) as decided:
        view.confirm_button.click()
    assert decided.args == ["confirmed"]
    qtbot.waitUntil(lambda: bool(view.items) and view.items[0].state == "confirmed", timeout=20_000)
    actions = _actions(qtbot, ui_ctx)
    assert "match.confirm" in actions and "match.recheck" not in actions  # four eyes: not by the confirmer
    qtbot.waitUntil(lambda: view.recheck_button.isEnabled(), timeout=20_000)
    assert not view.reunite_button.isEnabled()
    view.recheck_button.click()  # the confirming admin: refused in words
    qtbot.waitUntil(lambda: "另一名所长" in view.message.text(), timeout=20_000)
    assert not view.reunite_button.isEnabled()


def test_rejected_pair_does_not_come_back_on_recompute(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.services.matching import match_all, recompute_for

    missing = register(qtbot, ui_ctx, "missing_child")
    found = register(qtbot, ui_ctx, "found_child")
    queue = open_view(qtbot, ui_ctx, None)
    assert [(i.missing_case, i.found_case) for i in queue.items] == [(missing, found)]

    view = open_view(qtbot, ui_ctx, found)
    view.reject_button.click()  # no reason typed: refused in place
    assert view.message.text() and view.items[0].state == "potential"
    view.reason.setText("家属当面辨认，不是本人")
    with qtbot.waitSignal(view.decided, timeout=20_000):
        view.reject_button.click()
    qtbot.waitUntil(lambda: not view.items, timeout=20_000)

    on_db(qtbot, ui_ctx, lambda s: recompute_for(s, found))
    on_db(qtbot, ui_ctx, match_all)
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        view.reload()
    assert missing not in [i.case_no for i in view.items]
    assert "match.reject" in _actions(qtbot, ui_ctx)


def test_lock_hides_the_pair(qtbot: QtBot, ui_ctx: Any) -> None:
    register(qtbot, ui_ctx, "missing_child")
    found = register(qtbot, ui_ctx, "found_child")
    view = open_view(qtbot, ui_ctx, found)
    ui_ctx.locked.emit()
    assert view.table.rowCount() == 0 and view.compare.reasons.count() == 0
    qtbot.waitUntil(ui_ctx.runner.idle, timeout=20_000)
    assert view.compare.reasons.count() == 0  # a late answer is not shown on a locked screen


def test_background_matcher_recomputes_after_a_change(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.core.validation import parse_case
    from app.services.cases import register_cases
    from app.services.match_review import review_queue
    from app.ui.matches import BackgroundMatcher
    from tests.conftest import EXAMPLES

    matcher = BackgroundMatcher(ui_ctx)
    matcher.DELAY_MS = 50
    matcher._timer.setInterval(50)
    cases = [
        parse_case(json.loads((EXAMPLES / f"{n}.json").read_text("utf-8")))
        for n in ("missing_child", "found_child")
    ]
    with qtbot.waitSignal(matcher.updated, timeout=20_000) as got:
        ui_ctx.submit(lambda s: register_cases(s, cases), mutates=True)
    assert got.args == [2]
    assert len(on_db(qtbot, ui_ctx, review_queue)) == 1
