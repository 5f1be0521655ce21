"""Switching the interface language (Settings) while the alerts, referrals or transfers window is
open changes its words at once, the rows already read included, without reading them again."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XUNREN_TEST_WEAK_KDF", "1")

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.test_intake_fixtures import ui_ctx

__all__ = ["ui_ctx"]


def switch(ctx: Any, lang: str) -> None:
    """What Settings does: the translator first, then the context (as app/bootstrap.py)."""
    from app.ui import i18n

    i18n.install_language(lang)
    ctx.set_lang(lang)


@pytest.fixture
def chinese_first(ui_ctx: Any) -> Iterator[Any]:
    switch(ui_ctx, "zh_CN")
    yield ui_ctx
    switch(ui_ctx, "zh_CN")


def test_alerts_window_and_banner_follow_the_language(qtbot: QtBot, chinese_first: Any) -> None:
    from app.ui.alerts import AlertWatch
    from tests.ui.test_alerts_ui import deliver_alert
    from tests.ui.test_intake_fixtures import on_db

    ctx = chinese_first
    watch = AlertWatch(ctx)
    qtbot.addWidget(watch)
    on_db(qtbot, ctx, deliver_alert)
    watch.check()
    qtbot.waitUntil(lambda: watch.dialog is not None and bool(watch.dialog.cards), timeout=10_000)
    dialog = watch.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "儿童走失预警" and "1 条" in watch.banner.text.text()
    switch(ctx, "en")
    qtbot.waitUntil(lambda: "Look out for the child" in dialog.summary.text(), timeout=5_000)
    assert dialog.windowTitle() == "Missing-child alerts"
    assert dialog.show_all.text() == "Show cancelled alerts too" and dialog.close_button.text() == "Close"
    assert "waiting for your acknowledgement: 1" in watch.banner.text.text()
    (card,) = dialog.cards
    shown = " ".join(label.text() for label in card.findChildren(type(watch.banner.text)))
    assert "25 km from this station" in shown and "公里" not in shown


def test_referrals_window_follows_the_language(qtbot: QtBot, chinese_first: Any) -> None:
    from app.ui.referrals import ReferralsDialog
    from tests.ui.test_intake_fixtures import on_db
    from tests.ui.test_referrals_ui import deliver_referral

    ctx = chinese_first
    on_db(qtbot, ctx, deliver_referral)
    dialog = ReferralsDialog(ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.present()
    assert dialog.tabs.tabText(0) == "收到的请求（1 条待处理）"
    assert dialog.incoming.item(0, 4).text() == "待对方处理"
    with qtbot.waitSignal(dialog.loaded, timeout=5_000):
        switch(ctx, "en")
    assert dialog.windowTitle() == "Referrals between stations"
    assert dialog.tabs.tabText(0) == "Sent here (1 waiting)"
    assert dialog.incoming.horizontalHeaderItem(0).text() == "Referral"
    assert dialog.incoming.item(0, 3).text() == "take a relative's DNA sample"
    assert dialog.accept_button.text() == "A&ccept" and dialog.close_button.text() == "Close"


def test_transfers_window_follows_the_language(qtbot: QtBot, chinese_first: Any) -> None:
    from app.ui.transfers import TransfersWindow
    from tests.ui.test_intake_fixtures import on_db
    from tests.ui.test_transfers_ui import officer_request, register

    ctx = chinese_first
    case_no = on_db(qtbot, ctx, register)
    on_db(qtbot, ctx, lambda s: officer_request(s, case_no))
    window = TransfersWindow(ctx)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=10_000)
    assert window.windowTitle() == "案件移交" and window.table.item(0, 5).text() == "待本所所长批准"
    switch(ctx, "en")
    qtbot.waitUntil(lambda: window.table.item(0, 5).text() != "待本所所长批准", timeout=5_000)
    assert window.windowTitle() == "Case transfers"
    assert window.table.horizontalHeaderItem(1).text() == "Case"
    assert window.approve_button.text() == "&Approve"
    assert "supervisor" in window.note.text()
