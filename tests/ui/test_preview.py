"""Print preview: the receipt's pages rendered, printed to a (PDF) printer, saved as a PDF file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from app.core.validation import parse_case
from app.ui.preview import open_form_preview
from tests.conftest import EXAMPLES
from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]


def _case(qtbot: QtBot, ctx: Any, name: str) -> str:
    from app.services.cases import register_cases

    case = parse_case(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")))
    return on_db(qtbot, ctx, lambda s: register_cases(s, [case]))[0].case_no


def test_receipt_preview_renders_prints_and_saves(qtbot: QtBot, ui_ctx: Any, tmp_path: Path) -> None:
    case_no = _case(qtbot, ui_ctx, "missing_child")
    dialog = open_form_preview(ui_ctx, "receipt", case_no)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.pages_ready, timeout=20_000) as ready:
        pass
    assert ready.args[0] >= 1 and dialog.pages[0].width() > 800
    assert dialog.print_button.isEnabled()

    target = tmp_path / "receipt.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save_to(target)
    assert target.read_bytes().startswith(b"%PDF")

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    printer.setResolution(150)
    with qtbot.waitSignal(dialog.printed, timeout=30_000) as done:
        dialog.print_to(printer)
    assert done.args[0] == ready.args[0] and printed.stat().st_size > 10_000


def test_every_form_previews_and_a_refused_poster_says_why(qtbot: QtBot, ui_ctx: Any) -> None:
    missing = _case(qtbot, ui_ctx, "missing_child")
    for form in ("intake", "dna", "poster", "transfer"):
        dialog = open_form_preview(ui_ctx, form, missing)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.pages_ready, timeout=30_000):
            pass
    trafficking = _case(qtbot, ui_ctx, "trafficking")
    dialog = open_form_preview(ui_ctx, "poster", trafficking)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=20_000) as refused:
        pass
    assert "寻人启事" in refused.args[0]
    assert not dialog.print_button.isEnabled()


def test_preview_from_the_confirmation_after_registering(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.core.model import CaseType
    from app.ui.intake import IntakeDialog

    intake = IntakeDialog(ui_ctx, CaseType.FOUND)
    qtbot.addWidget(intake)
    intake.show()
    with qtbot.waitSignal(intake.save_refused):
        intake.save()  # nothing typed yet: no empty case is filed
    intake.form.persons[0].name.setText("明明")
    with qtbot.waitSignal(intake.registered, timeout=20_000):
        intake.save()
    with qtbot.waitSignal(intake.confirmation.preview_opened) as opened:
        intake.confirmation.receipt_button.click()
    preview = opened.args[0]  # a child of the intake dialog: closed along with it
    with qtbot.waitSignal(preview.pages_ready, timeout=20_000):
        pass
    assert preview.pages
