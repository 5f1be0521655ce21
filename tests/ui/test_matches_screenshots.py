"""The matches view rendered at 1366×768 in both languages (docs/screenshots/matches_*.png).

The pictures go to a temporary folder; with XUNREN_SCREENSHOTS=1 they replace the ones under
docs/screenshots. The persons' photos are drawn here (plain synthetic portraits, no real person).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from pytestqt.qtbot import QtBot

from app.ui.matches import MatchesView
from tests.ui.test_detail import register
from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]

ROOT = Path(__file__).resolve().parents[2]
SIZE = (1366, 768)


def portrait(shirt: str) -> bytes:
    """A plain drawn child's portrait (a placeholder picture, not a person)."""
    img = Image.new("RGB", (300, 360), "#dfe7ee")
    d = ImageDraw.Draw(img)
    d.ellipse((95, 60, 205, 180), fill="#f1c9a5")
    d.pieslice((90, 50, 210, 150), 180, 360, fill="#3b2a20")
    d.rounded_rectangle((60, 185, 240, 360), 40, fill=shirt)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_render_matches_screenshots(qtbot: QtBot, ui_ctx: Any, tmp_path: Path, lang: str) -> None:
    from app.services.demo import fill_demo
    from app.services.photos import add_photos, prepare_photo
    from app.ui.fonts import apply_application_font, register_fonts
    from app.ui.i18n import install_language

    register_fonts()
    app: Any = qtbot  # keep the qapp alive via qtbot's fixture
    from PySide6.QtWidgets import QApplication

    apply_application_font(QApplication.instance())  # type: ignore[arg-type]
    install_language(lang)
    ui_ctx.lang = lang
    try:
        on_db(qtbot, ui_ctx, lambda s: fill_demo(s, 80), timeout=120_000)
        missing = register(qtbot, ui_ctx, "missing_child")
        found = register(qtbot, ui_ctx, "found_child")
        on_db(qtbot, ui_ctx, lambda s: add_photos(s, missing, 0, [prepare_photo(portrait("#c0392b"))]))
        on_db(qtbot, ui_ctx, lambda s: add_photos(s, found, 0, [prepare_photo(portrait("#b03a2e"))]))
        view = MatchesView(ui_ctx)
        qtbot.addWidget(view)
        view.resize(*SIZE)
        view.show()
        with qtbot.waitSignal(view.loaded, timeout=60_000):
            view.show_case(found)
        qtbot.waitUntil(lambda: not view.compare.missing_photo.pixmap().isNull(), timeout=20_000)
        qtbot.waitUntil(ui_ctx.runner.idle, timeout=20_000)
        assert view.items[0].case_no == missing
        shot = view.grab()
        assert (shot.width(), shot.height()) == SIZE
        out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
        assert shot.save(str(out / f"matches_{lang}.png"))
        del app
    finally:
        install_language("zh_CN")
