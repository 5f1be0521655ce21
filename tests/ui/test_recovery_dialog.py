"""The logon window's recovery path (issue 12, item 2), driven as the locked-out administrator
would, in both languages (docs/screenshots/recovery_*.png with XUNREN_SCREENSHOTS=1); and the
red notice the logon window shows while the test-only weak key derivation is on (item 11)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.ui.conftest import PASSWORD, GuiThreadGuard, make_station

NEW_PASSWORD = "Recovered-Admin-2026"


@pytest.fixture(params=["zh_CN", "en"])
def lang_shell(
    request: pytest.FixtureRequest,
    qapp: Any,
    qtbot: Any,
    ui_env: Path,
    guard: GuiThreadGuard,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Any]:
    from app import bootstrap
    from app.ui import i18n

    monkeypatch.delenv("XUNREN_TEST_WEAK_KDF")  # the cheap cost is passed in (conftest): no notice

    app = bootstrap.create_application()
    sh = bootstrap.Shell(app, ui_env, request.param)
    sh.ctx.session_changed.connect(lambda: guard.watch(sh.ctx.session))
    yield sh
    for w in app.topLevelWidgets():
        w.close()
    if sh.ctx.session is not None:
        done: list[bool] = []
        sh.ctx.submit(
            lambda s: s.close(), on_done=lambda _r: done.append(True), on_error=lambda _e: done.append(True)
        )
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    sh.ctx.runner.shutdown()
    i18n.install_language("zh_CN")
    assert guard.violations == []


def shot(widget: Any, name: str, tmp_path: Path) -> None:
    out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
    assert widget.grab().save(str(out / f"{name}.png"))


def test_a_locked_out_admin_recovers_from_the_logon_window(
    qtbot: Any, lang_shell: Any, ui_env: Path, tmp_path: Path
) -> None:
    shell, lang = lang_shell, lang_shell.ctx.lang
    wizard = make_station(qtbot, shell)
    key = wizard.recovery_page.key.text()
    wizard.accept()
    shell.logoff()
    from app.services.errors import ServiceError
    from app.services.session import logon as service_logon

    for attempt in range(5):  # locked out by wrong passwords typed by someone at the keyboard
        with pytest.raises(ServiceError):
            service_logon(ui_env, "admin", f"wrong-password-{attempt}")
    window = shell.window
    window.user.setText("admin")
    window.agree.setChecked(True)
    window.password.setText("wrong-password-again")
    window.submit()
    qtbot.waitUntil(lambda: bool(window.error.text()) and window.user.isEnabled(), timeout=30_000)
    assert ("locked" if lang == "en" else "锁定") in window.error.text()
    window.resize(
        max(window.sizeHint().width(), window.fontMetrics().averageCharWidth() * 90),
        window.sizeHint().height(),
    )
    shot(window, f"recovery_logon_locked_{lang}", tmp_path)
    dialog = window.open_recovery()
    assert dialog.user.text() == "admin" and not dialog.recover_button.isEnabled()
    dialog.key.setText(key.lower().replace("-", " "))  # typed as a person would: spaces, lower case
    dialog.password.setText(NEW_PASSWORD)
    dialog.repeat.setText(NEW_PASSWORD[:5])
    assert not dialog.recover_button.isEnabled() and dialog.hint.text()
    dialog.repeat.setText(NEW_PASSWORD)
    assert dialog.recover_button.isEnabled() and not dialog.hint.text()
    dialog.show()
    shot(dialog, f"recovery_form_{lang}", tmp_path)
    dialog.recover_button.click()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.done_page, timeout=30_000)
    new_key = dialog.new_key.text()
    assert len(new_key) == 39 and new_key != key
    shot(dialog, f"recovery_done_{lang}", tmp_path)
    dialog.continue_button.click()
    qtbot.waitUntil(lambda: shell.main is not None, timeout=10_000)
    # The new password opens the station; the old one and the old key do not.
    shell.logoff()
    with pytest.raises(ServiceError):
        service_logon(ui_env, "admin", PASSWORD)


def test_a_wrong_recovery_key_is_said_in_words(qtbot: Any, lang_shell: Any, tmp_path: Path) -> None:
    shell, lang = lang_shell, lang_shell.ctx.lang
    wizard = make_station(qtbot, shell)
    wizard.accept()
    shell.logoff()
    from app.storage.recovery_key import new_recovery_key

    dialog = shell.window.open_recovery()
    dialog.key.setText(new_recovery_key())
    dialog.password.setText(NEW_PASSWORD)
    dialog.repeat.setText(NEW_PASSWORD)
    dialog.recover_button.click()
    qtbot.waitUntil(lambda: dialog.recover_button.isEnabled() and bool(dialog.error.text()), timeout=30_000)
    words = "does not open this station" if lang == "en" else "打不开本工作站"
    assert words in dialog.error.text()
    assert dialog.pages.currentWidget() is dialog.form_page


def test_the_logon_window_warns_of_the_weak_test_key_derivation(
    qtbot: Any, qapp: Any, ui_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app import bootstrap

    app = bootstrap.create_application()
    for switch, shown in (("0", False), ("1", True)):
        monkeypatch.setenv("XUNREN_TEST_WEAK_KDF", switch)
        sh = bootstrap.Shell(app, ui_env, "zh_CN")
        (ui_env / "keyslots.json").parent.mkdir(parents=True, exist_ok=True)
        (ui_env / "keyslots.json").write_text("{}", "utf-8")  # a station exists: the logon window
        window = sh.start()
        assert window.weak_notice.isVisibleTo(window) is shown
        assert "XUNREN_TEST_WEAK_KDF" in window.weak_notice.text()
        window.close()
        sh.ctx.runner.shutdown()
