"""The match view marks a lead from the national offline index (issue 15), in both languages:
the index is applied as a sync would (signed file, verified, kept encrypted), the found child is
matched, and the other station's missing child shows with "national, offline index"."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.ui.matches import MatchesView
from tests.conftest import EXAMPLES
from tests.ui.test_detail import register
from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]

ROOT = Path(__file__).resolve().parents[2]
FOREIGN = "370783002-2026-000001"  # a missing child reported at another station in Shouguang


def _apply_index(session: Any) -> None:
    from app.core.matching import subjects_from_case
    from app.core.matching.screening import ScreeningTable
    from app.core.validation import parse_case
    from app.services.screening import apply_answer
    from app.sync.protocol.screening import ScreeningAnswer, encode_table, seal_index, sign_public

    doc = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
    table = ScreeningTable.from_subjects(subjects_from_case(FOREIGN, parse_case(doc)))
    seed = os.urandom(32).hex()
    file, key = seal_index(encode_table(table), kind="base", version=5, since=0, sign_seed=seed, made_at="t")
    apply_answer(session, ScreeningAnswer("base", 5, sign_public(seed), file, key))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_lead_from_the_offline_index_is_marked(qtbot: QtBot, ui_ctx: Any, lang: str) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui.fonts import apply_application_font, register_fonts
    from app.ui.i18n import install_language

    register_fonts()
    apply_application_font(QApplication.instance())  # type: ignore[arg-type]
    install_language(lang)
    ui_ctx.lang = lang
    try:
        found = register(qtbot, ui_ctx, "found_child")
        on_db(qtbot, ui_ctx, _apply_index)
        view = MatchesView(ui_ctx)
        qtbot.addWidget(view)
        view.resize(1366, 768)
        view.show()
        with qtbot.waitSignal(view.loaded, timeout=60_000):
            view.show_case(found)
        row = next(i for i, item in enumerate(view.items) if item.case_no == FOREIGN)
        assert view.items[row].origin == "national_index"
        cell = view.table.item(row, 0).text()
        assert cell.startswith(FOREIGN)
        assert ("全国离线索引" if lang == "zh_CN" else "national, offline index") in cell
        assert view.table.item(row, 0).toolTip()
        if os.environ.get("XUNREN_SCREENSHOTS"):
            qtbot.waitUntil(lambda: view.compare.reasons.count() > 0, timeout=20_000)
            view.grab().save(str(ROOT / "docs" / "screenshots" / f"matches_national_index_{lang}.png"))
    finally:
        install_language("zh_CN")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_sync_corner_says_what_the_last_index_update_did(
    qtbot: QtBot, ui_ctx: Any, lang: str, tmp_path: Path
) -> None:
    """A delta signed by a replaced key (the rotation announced with it) re-screens the found
    child held: the sync corner's text says the version, the re-screen and the key rotation."""
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    from app.core.matching import subjects_from_case
    from app.core.matching.screening import ScreeningTable
    from app.core.validation import parse_case
    from app.services.screening import apply_answer
    from app.services.sync import sync_status
    from app.sync.protocol.screening import ScreeningAnswer, encode_table, seal_index, sign_public
    from app.sync.protocol.screening_rotation import sign_rotation
    from app.ui.fonts import apply_application_font, register_fonts
    from app.ui.i18n import install_language
    from app.ui.sync_indicator import SyncIndicator

    register_fonts()
    apply_application_font(QApplication.instance())  # type: ignore[arg-type]
    install_language(lang)
    ui_ctx.lang = lang
    first, second = os.urandom(32).hex(), os.urandom(32).hex()

    server = os.urandom(32).hex()  # the server's bundle signing key, pinned at enrolment

    def update(session: Any) -> None:
        from app.storage import sync_state as st

        session.store.write(lambda uow: st.put(uow.cursor, st.SERVER_SIGN_KEY, sign_public(server)))
        apply_answer(session, _sealed(ScreeningTable(), "base", 5, 0, [], first))
        doc = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
        table = ScreeningTable.from_subjects(subjects_from_case(FOREIGN, parse_case(doc)))
        rotation = sign_rotation(sign_public(first), second, "2026-12-06T09:30:00.000Z", server)
        delta = _sealed(table, "delta", 6, 5, [FOREIGN], second)
        apply_answer(session, ScreeningAnswer("delta", 6, delta.signer, delta.file, delta.key, (rotation,)))

    def _sealed(table: Any, kind: str, version: int, since: int, removed: list[str], seed: str) -> Any:
        file, key = seal_index(encode_table(table, removed), kind=kind, version=version, since=since,
                               sign_seed=seed, made_at="t")  # fmt: skip
        return ScreeningAnswer(kind, version, sign_public(seed), file, key)

    try:
        register(qtbot, ui_ctx, "found_child")
        on_db(qtbot, ui_ctx, update)
        status = on_db(qtbot, ui_ctx, sync_status)
        assert status.screening is not None and status.screening.rescreen["added"] == 1
        frame = QWidget()
        qtbot.addWidget(frame)
        indicator = SyncIndicator(ui_ctx, frame, auto_sync=False)
        indicator.status = status
        indicator.show_state()
        tooltip = QLabel(indicator.long_text, frame)  # what the tooltip says, shown under the bar
        tooltip.setWordWrap(True)
        layout = QVBoxLayout(frame)
        layout.addWidget(indicator)
        layout.addWidget(tooltip)
        frame.resize(760, 190)
        frame.show()
        qtbot.waitUntil(lambda: frame.isVisible(), timeout=5_000)
        from app.ui.sync_words import local_time

        replaced = local_time("2026-12-06T09:30:00.000Z")  # this computer's time, as every time shown
        words = {
            "zh_CN": ["全国离线索引：第 6 版", "重新筛查：新增线索 1 条", "更换离线索引签名密钥", replaced],
            "en": ["National offline index: version 6", "again against them: 1 new lead,",
                   f"screening key was replaced on {replaced}"],
        }[lang]  # fmt: skip
        for said in words:
            assert said in indicator.long_text, indicator.long_text
        out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
        assert frame.grab().save(str(out / f"sync_screening_{lang}.png"))
    finally:
        install_language("zh_CN")
