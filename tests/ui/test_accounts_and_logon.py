"""Accounts and station details in the app, and the logon window's focus (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFormLayout
from pytestqt.qtbot import QtBot

from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]
FIELD = QFormLayout.ItemRole.FieldRole


def test_admin_manages_accounts_and_the_station_in_the_app(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.services.accounts import list_users
    from app.ui.accounts import AccountsWindow

    window = AccountsWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.table.rowCount() == 1, timeout=10_000)
    assert window.add_button.isVisible() and window.phone.isEnabled()  # an admin
    form = window.ask_add()
    user, name, badge, _role, password = (form.layout().itemAt(i, FIELD).widget() for i in range(5))  # type: ignore[union-attr]
    user.setText("li")
    name.setText("李明")
    badge.setText("037245")
    password.setText("Officer-Passw0rd-26")
    with qtbot.waitSignal(window.changed, timeout=20_000):
        form.accept()
    qtbot.waitUntil(lambda: window.table.rowCount() == 2, timeout=10_000)
    li = next(a for a in on_db(qtbot, ui_ctx, list_users) if a.name == "li")
    assert (li.full_name, li.badge) == ("李明", "037245")
    window.table.selectRow([r[0].name for r in window.rows].index("li"))
    role_form = window.ask_role()
    assert role_form is not None
    role_box = role_form.layout().itemAt(0, FIELD).widget()  # type: ignore[union-attr]
    role_box.setCurrentIndex(role_box.findData("supervisor"))
    with qtbot.waitSignal(window.changed, timeout=20_000):
        role_form.accept()
    assert next(a for a in on_db(qtbot, ui_ctx, list_users) if a.name == "li").role.value == "supervisor"
    window.phone.setText("0536-5221110")
    window.address.setText("寿光市银海路18号")
    with qtbot.waitSignal(window.changed, timeout=20_000):
        window.save_station.click()
    assert ui_ctx.session.station.phone == "0536-5221110"
    window.phone.setText("not a phone")
    window.save_station.click()
    qtbot.waitUntil(lambda: "phone" in window.message.text(), timeout=10_000)  # refused, in words
    assert ui_ctx.session.station.phone == "0536-5221110"


def test_logon_window_starts_in_the_password_for_a_remembered_user(
    qtbot: QtBot, tmp_path: Path, monkeypatch: Any
) -> None:
    from app.services.preferences import save_last_user
    from app.ui.context import UiContext
    from app.ui.logon import LogonWindow
    from app.ui.runner import Runner

    monkeypatch.setenv("XUNREN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("XUNREN_USER", raising=False)
    runner = Runner()
    try:
        ctx = UiContext(runner, None, "zh_CN")
        fresh = LogonWindow(ctx, tmp_path / "data")
        qtbot.addWidget(fresh)
        fresh.show()
        qtbot.waitUntil(fresh.isVisible)
        assert fresh.user.text() == "" and fresh.focusWidget() is fresh.agree
        save_last_user("li")
        again = LogonWindow(ctx, tmp_path / "data")
        qtbot.addWidget(again)
        again.show()
        again.activateWindow()
        qtbot.waitUntil(lambda: again.focusWidget() is again.password, timeout=5_000)
        assert again.user.text() == "li"
    finally:
        runner.shutdown()
