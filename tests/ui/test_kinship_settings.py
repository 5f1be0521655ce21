"""The station's θ in the settings dialog: an administrator changes it within its range and the
change is stored and audited; an officer sees it but cannot change it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import open_main, wait_op


def _theta(qtbot: Any, shell: Any) -> float:
    from app.services.kinship_settings import kinship_model

    return float(wait_op(qtbot, shell.ctx, lambda s: kinship_model(s).theta))


def test_admin_changes_theta_in_the_settings_dialog(qtbot: Any, shell: Any) -> None:
    from app.ui.settings import SettingsDialog

    open_main(qtbot, shell)
    seen: dict[str, Any] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SettingsDialog):
            QTimer.singleShot(20, answer)
            return
        seen["shown"] = dialog.theta.value()
        seen["enabled"] = dialog.theta.isEnabled()
        seen["note"] = dialog.theta_note.text()
        dialog.theta.setValue(0.5)  # beyond the range: held at its top
        seen["clamped"] = dialog.theta.value()
        dialog.theta.setValue(0.02)
        dialog.accept()

    QTimer.singleShot(0, answer)
    shell.open_settings()
    qtbot.waitUntil(lambda: "shown" in seen, timeout=10_000)
    assert seen["shown"] == 0.01 and seen["enabled"] and seen["clamped"] == 0.05
    assert "4.10" in seen["note"] and "0.05" in seen["note"]
    qtbot.waitUntil(lambda: _theta(qtbot, shell) == 0.02, timeout=10_000)

    from app.storage.audit import iter_entries

    def audited(session: Any) -> list[str]:
        with session.store.reader() as conn:
            return [e.detail for e in iter_entries(conn) if e.action == "settings.kinship_theta"]

    assert wait_op(qtbot, shell.ctx, audited) == ["theta=0.02 was=0.01"]


def test_officer_sees_theta_but_cannot_change_it(qtbot: Any) -> None:
    from app.ui.settings import SettingsDialog

    dialog = SettingsDialog("zh_CN", 15, theta=0.01, admin=False)
    qtbot.addWidget(dialog)
    assert not dialog.station.isHidden() and not dialog.theta.isEnabled()
    assert "只有管理员" in dialog.theta_note.text()
    dialog.theta.setValue(0.03)
    assert dialog.theta_change() is None
    plain = SettingsDialog("zh_CN", 15)  # no station open: the station part is not shown
    qtbot.addWidget(plain)
    assert plain.station.isHidden()
