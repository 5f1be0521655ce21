"""The recovery sheet is offered once, right after the station is made, through the print preview."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import make_station


def test_recovery_sheet_opens_in_the_print_preview(qtbot: Any, shell: Any) -> None:
    preview = pytest.importorskip("app.ui.preview")
    wizard = make_station(qtbot, shell)
    wizard.recovery_page.print_button.click()
    dialogs = [w for w in wizard.findChildren(preview.PreviewDialog)]
    assert dialogs, "the preview did not open"
    dialog = dialogs[0]
    qtbot.waitUntil(lambda: len(dialog.pages) > 0, timeout=30_000)
    dialog.close()
    assert not wizard.button(wizard.WizardButton.CancelButton).isVisible()
    wizard.reject()  # closing after the station exists still opens it
    assert shell.main is not None
