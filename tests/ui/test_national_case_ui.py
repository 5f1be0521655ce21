"""The match view opens a national candidate from another station (issue 14): a double-click on
its case number shows the read-only summary the pull brought (owning station, phone, address,
what the matcher compared), rendered in both languages (docs/screenshots/national_case_*.png
with XUNREN_SCREENSHOTS=1)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.core.validation import parse_case
from app.ui.matches import MatchesView
from tests.conftest import EXAMPLES, station_case_payload
from tests.ui.test_detail import register
from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]

ROOT = Path(__file__).resolve().parents[2]
FOREIGN = "450305002-2026-000031"  # a missing case filed at a station in Guilin


def _pull(found: str) -> Any:
    def pull(session: Any) -> None:
        from app.core.lifecycle import CaseStatus
        from app.core.validation import read_stored_case
        from app.storage.sync_state import store_pulled
        from app.sync.protocol.summaries import CaseSummary, OwningStation

        payload = station_case_payload()
        case = read_stored_case(payload["case"])
        station = OwningStation(
            "450305002", "桂林市公安局象山分局火车站派出所", "0773-3822110", "广西桂林市象山区上海路火车站"
        )
        summary = CaseSummary.of(FOREIGN, case, CaseStatus.OPEN, station, "ab" * 32, _photo_base64())
        match = {"missing": FOREIGN, "found": found, "score": 0.74, "dna_verdict": None, "state": "potential",
                 "reasons": [{"key": "match.age", "zh": "年龄相符", "en": "age fits", "weight": 0.3}]}  # fmt: skip
        with session.store.unit_of_work() as uow:
            store_pulled(uow.cursor, [(11, "match", "match", f"{FOREIGN}~{found}", 1, match),
                                      (12, "summary", "case", FOREIGN, 1, summary.to_payload())], "now")  # fmt: skip
            uow.commit()

    return pull


def _photo_base64() -> str:
    """A small JPEG as the server sends it with a candidate: a face-coloured oval on grey."""
    import base64
    import io

    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (150, 200), (190, 190, 195))
    ImageDraw.Draw(picture).ellipse((35, 30, 115, 140), fill=(226, 180, 150))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    return base64.b64encode(out.getvalue()).decode("ascii")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_national_candidate_opens_as_another_stations_case(
    qtbot: QtBot, ui_ctx: Any, tmp_path: Path, lang: str
) -> None:
    from PySide6.QtWidgets import QApplication

    from app.services.matching import drain_stale
    from app.ui.fonts import apply_application_font, register_fonts
    from app.ui.i18n import install_language

    register_fonts()
    apply_application_font(QApplication.instance())  # type: ignore[arg-type]
    install_language(lang)
    ui_ctx.lang = lang
    try:
        found = register(qtbot, ui_ctx, "found_child")
        on_db(qtbot, ui_ctx, _pull(found))
        on_db(qtbot, ui_ctx, drain_stale)
        view = MatchesView(ui_ctx)
        qtbot.addWidget(view)
        view.resize(1100, 640)
        view.show()
        with qtbot.waitSignal(view.loaded, timeout=60_000):
            view.show_case(found)
        row = next(i for i, item in enumerate(view.items) if item.case_no == FOREIGN)
        opened: list[str] = []
        view.open_case.connect(opened.append)
        view._double_clicked(row, 0)  # the missing side: another station's case
        qtbot.waitUntil(lambda: getattr(view, "national_dialog", None) is not None, timeout=20_000)
        dialog = view.national_dialog
        texts = [v.text() for v in dialog.values]
        assert opened == []  # not sent to the register, which has no such case
        assert FOREIGN in texts and "0773-3822110" in texts and "广西桂林市象山区上海路火车站" in texts
        assert any("王小明" in t for t in texts)
        pixmap = dialog.photo.pixmap()  # the photo that came with the candidate, shown
        assert pixmap is not None and not pixmap.isNull() and pixmap.height() == 240
        assert not any("held by the owning station" in t or "办案单位" in t for t in texts)
        banner = dialog.banner.text()
        assert ("Another station's case" in banner) if lang == "en" else ("外站案件" in banner)
        qtbot.waitUntil(ui_ctx.runner.idle, timeout=20_000)
        out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
        assert dialog.grab().save(str(out / f"national_case_{lang}.png"))
        with qtbot.waitSignal(view.open_case, timeout=20_000) as own:  # the station's side: the case
            view._double_clicked(row, 1)
        assert own.args == [found]
    finally:
        install_language("zh_CN")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_status_bar_names_a_conflicting_national_decision(
    qtbot: QtBot, ui_ctx: Any, tmp_path: Path, lang: str
) -> None:
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    from app.services.sync import SyncStatus
    from app.ui.fonts import apply_application_font, register_fonts
    from app.ui.i18n import install_language
    from app.ui.sync_indicator import SyncIndicator

    register_fonts()
    apply_application_font(QApplication.instance())  # type: ignore[arg-type]
    install_language(lang)
    ui_ctx.lang = lang
    try:
        pair = f"370783001-2026-000001~{FOREIGN}"
        conflict = {"pair": pair, "decisions": [{"station": "370783001", "state": "confirmed"},
                                                {"station": "450305002", "state": "rejected"}]}  # fmt: skip
        frame = QWidget()
        qtbot.addWidget(frame)
        indicator = SyncIndicator(ui_ctx, frame, auto_sync=False)
        indicator.status = SyncStatus(0, 12, [], "2026-12-06T04:04:05Z", None, False, True, False,
                                      conflicts=[conflict])  # fmt: skip
        indicator.show_state()
        tooltip = QLabel(indicator.long_text, frame)  # what the tooltip says, shown under the bar
        tooltip.setWordWrap(True)
        layout = QVBoxLayout(frame)
        layout.addWidget(indicator)
        layout.addWidget(tooltip)
        frame.resize(760, 150)
        frame.show()
        qtbot.waitUntil(lambda: frame.isVisible(), timeout=5_000)
        assert indicator.level == "warn" and pair in indicator.long_text
        out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
        assert frame.grab().save(str(out / f"sync_conflict_{lang}.png"))
    finally:
        install_language("zh_CN")


def test_a_case_taken_over_opens_in_the_register_from_the_matches(
    qtbot: QtBot, ui_ctx: Any, tmp_path: Path
) -> None:
    """Guilin's missing boy, handed over to this station (issue 14): his number names Guilin, but
    a double-click on him among the found boy's candidates opens the case here, never the national
    summary of another station's case."""
    from app.core.transfer import TransferState
    from app.services.cases import register_cases
    from app.services.matching import drain_stale
    from app.services.session import init_station
    from app.storage import sync_state as st
    from app.storage.cursor import cursor_of
    from app.sync import records, transfer_intake, transfer_records
    from app.sync.transfer_records import HeldRecord, TransferDelivery
    from tests.conftest import PASSWORD, STATION_CODE

    guilin = init_station(
        tmp_path / "guilin", "450304001", "桂林市公安局象山分局象山派出所", "admin", PASSWORD
    )
    try:
        case = parse_case(json.loads((EXAMPLES / "missing_child.json").read_text("utf-8")))
        taken = register_cases(guilin, [case])[0].case_no
        with guilin.store.reader() as conn:
            payload = records.case_payload(cursor_of(conn), taken)
    finally:
        guilin.close()
    delivery = TransferDelivery(
        transfer_id=transfer_records.request_id(taken), case_no=taken, state=TransferState.COMPLETED,
        from_station="450304001", from_name="桂林市公安局象山分局象山派出所", to_station=STATION_CODE,
        to_name="寿光市公安局圣城派出所", reason="家属已迁居寿光", requested_by="li", approved_by="zhao",
        requested_at="2026-12-06T01:00:00Z", case_type="missing", names="王小明", accepted_by="wang",
        completed_at="2026-12-06T03:00:00Z", verification_code="ABCD-1234",
        records=(HeldRecord("case", taken, 1, payload),),
    )  # fmt: skip
    item = (40, "transfer", "transfer", delivery.transfer_id, 2, delivery.to_payload())

    def take_over(s: Any) -> None:
        with s.store.unit_of_work() as uow:
            st.store_pulled(uow.cursor, [item], "2026-12-06T03:00:05Z")
            transfer_intake.apply_pulled(uow.cursor, [item])
            uow.commit()

    on_db(qtbot, ui_ctx, take_over)
    found = register(qtbot, ui_ctx, "found_child")
    on_db(qtbot, ui_ctx, drain_stale)
    view = MatchesView(ui_ctx)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=60_000):
        view.show_case(found)
    row = next(i for i, item in enumerate(view.items) if item.case_no == taken)
    with qtbot.waitSignal(view.open_case, timeout=20_000) as opened:
        view._double_clicked(row, 0)
    assert opened.args == [taken] and getattr(view, "national_dialog", None) is None
