"""The enrolment dialog in both languages (docs/screenshots/enrol_*.png with XUNREN_SCREENSHOTS=1).

The dialog against a real server is tested in test_main_sync.py; here: its words in Chinese and
English, the required fields named in the user's language, and an officer refused before any
request is made.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.sync_enrol import EnrolDialog
from app.ui.sync_indicator import SyncIndicator
from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]

ROOT = Path(__file__).resolve().parents[2]
CANCEL = {"zh_CN": "取消", "en": "Cancel"}
WORDS = {
    "zh_CN": ("在全国服务器登记", "登记(&E)", "一次性登记令牌：必填", "服务器地址(&S)"),
    "en": ("Enrol with the national server", "&Enrol", "One-time token: required", "&Server address"),
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_enrolment_dialog_speaks_the_users_language(
    qtbot: QtBot, ui_ctx: Any, tmp_path: Path, lang: str
) -> None:
    from app.ui.fonts import apply_application_font, register_fonts
    from app.ui.i18n import install_language

    register_fonts()
    apply_application_font(QApplication.instance())  # type: ignore[arg-type]
    install_language(lang)
    ui_ctx.lang = lang
    try:
        dialog = EnrolDialog(ui_ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
        title, button, problem, label = WORDS[lang]
        ok = dialog.enrol_button
        assert dialog.windowTitle() == title and ok.text() == button and dialog.labels[0].text() == label
        dialog.server.setText("https://xunren.example.gov.cn")
        ok.click()  # no token: named, nothing asked of any server
        assert not dialog.busy and dialog.problem.text() == "⚠ " + problem
        assert dialog.token.hasFocus()  # the cursor waits where the missing field is
        assert dialog.token.property("invalid") and not dialog.server.property("invalid")
        other = "en" if lang == "zh_CN" else "zh_CN"
        install_language(other)  # the language switches live, as Settings does it
        qtbot.waitUntil(lambda: dialog.windowTitle() == WORDS[other][0], timeout=5_000)
        install_language(lang)
        qtbot.waitUntil(lambda: dialog.windowTitle() == title, timeout=5_000)
        assert ok.text() == button and dialog.cancel_button.text() == CANCEL[lang]  # not Qt's own OK
        shot = dialog.grab()
        out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
        assert shot.save(str(out / f"enrol_{lang}.png"))
    finally:
        install_language("zh_CN")


def test_an_officer_is_told_only_an_administrator_enrols(qtbot: QtBot, ui_ctx: Any) -> None:
    """A real officer account, logged on: refused in words before any request is made."""
    from app.core.model import AccountRole
    from app.services.accounts import add_user
    from app.services.session import logon
    from app.ui.i18n import install_language
    from tests.ui.test_intake_fixtures import on_db

    install_language("zh_CN")  # the default language, whichever test ran before (or none)
    admin = ui_ctx.session
    on_db(qtbot, ui_ctx, lambda s: add_user(s, "li.officer", AccountRole.OFFICER, "Officer-Pass-2026!"))
    officer = logon(admin.data_dir, "li.officer", "Officer-Pass-2026!")
    ui_ctx.session = officer
    try:
        dialog = EnrolDialog(ui_ctx)
        qtbot.addWidget(dialog)
        dialog.server.setText("https://xunren.example.gov.cn")
        dialog.token.setText("xe_some-token")
        dialog.enrol_button.click()
        assert not dialog.busy and "只有管理员可以为本站登记" in dialog.problem.text()
    finally:
        ui_ctx.session = admin
        officer.close()


PACKAGE_WORDS = {
    "zh_CN": ("从 U 盘上的登记包登记（无网络）(&U)", "口令不对", "登记包口令(&P)"),
    "en": ("From a package on a &USB stick (no network)", "passphrase does not open", "Package &passphrase"),
}


USB_ONLY = {"zh_CN": "仅用 U 盘同步", "en": "USB stick only"}


def _package(tmp_path: Path, code: str) -> tuple[Path, str]:
    """An enrolment package as `xunren-server station add --package` writes it (same sealing)."""
    from app.sync.enrolment_package import new_passphrase, seal_package
    from app.sync.sealed import KeyPair

    keys = KeyPair.new()
    body = {"station": code, "station_name": "寿光市公安局圣城派出所", "token": "xe_" + "k" * 43,
            "expires_at": "2099-01-01T00:00:00Z", "server_key": f"xk1.{keys.box_public()}.{keys.sign_public()}",
            "epoch": "epoch-1", "numbers": {"case": {"2026": 40}}, "public_url": ""}  # fmt: skip
    passphrase = new_passphrase()
    path = tmp_path / f"{code}.xep"
    path.write_bytes(seal_package(body, station=code, passphrase=passphrase))
    return path, passphrase


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_enrolment_step_takes_a_package_too(qtbot: QtBot, ui_ctx: Any, tmp_path: Path, lang: str) -> None:
    """Wrong passphrase: said in the user's words, nothing kept; the right one enrols the station
    for the USB path (docs/screenshots/enrol_package_*.png)."""
    from app.services.sync import sync_status
    from app.ui.fonts import apply_application_font, register_fonts
    from app.ui.i18n import install_language

    register_fonts()
    apply_application_font(QApplication.instance())  # type: ignore[arg-type]
    install_language(lang)
    ui_ctx.lang = lang
    try:
        dialog = EnrolDialog(ui_ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        way, refused, label = PACKAGE_WORDS[lang]
        assert dialog.by_package.text() == way and not dialog.package.isVisible()
        dialog.by_package.click()
        assert dialog.package.isVisible() and not dialog.server.isVisible()
        assert dialog.labels[4].text() == label
        path, passphrase = _package(tmp_path, ui_ctx.session.station.code)
        dialog.package.setText(str(path))
        dialog.enrol_button.click()  # no passphrase: named, nothing opened
        assert not dialog.busy and dialog.passphrase.property("invalid")
        dialog.passphrase.setText("1111 2222 3333 4444 5555 6666")
        dialog.enrol_button.click()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
        assert refused in dialog.problem.text()
        assert not on_db(qtbot, ui_ctx, sync_status).enrolled
        shot = dialog.grab()
        out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
        assert shot.save(str(out / f"enrol_package_{lang}.png"))
        dialog.passphrase.setText(passphrase)
        with qtbot.waitSignal(dialog.enrolled, timeout=30_000) as enrolled:
            dialog.enrol_button.click()
        assert enrolled.args[0].station_code == ui_ctx.session.station.code
        assert not dialog.isVisible() and dialog.passphrase.text() == ""  # nothing typed stays
        status = on_db(qtbot, ui_ctx, sync_status)
        assert status.enrolled and status.usb_only
        indicator = SyncIndicator(ui_ctx, auto_sync=False)  # no automatic sync: there is no server
        qtbot.addWidget(indicator)
        indicator.start()
        qtbot.waitUntil(lambda: indicator.status is not None, timeout=10_000)
        assert indicator.state_label.text().startswith(USB_ONLY[lang])
        indicator.resize(720, indicator.sizeHint().height())
        assert indicator.grab().save(str(out / f"sync_usb_only_{lang}.png"))
    finally:
        install_language("zh_CN")
