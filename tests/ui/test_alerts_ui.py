"""Missing-child alerts at the station's desktop (issue 14): an alert pulled from the server puts
a red banner across the main window and opens the alerts window at once, with the child's photo,
age, last-seen place and the owning station's phone; the officer acknowledges it, which is
audited and queued for the server; a cancellation takes it off the list. Screenshots in both
languages:

    python -m tests.ui.test_alerts_ui [--out docs/screenshots]
"""

from __future__ import annotations

import base64
import io
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XUNREN_TEST_WEAK_KDF", "1")

from pytestqt.qtbot import QtBot

from tests.ui.test_intake_fixtures import ui_ctx
from tests.ui.test_intake_screenshots import PASSWORD, on_db, screens_main, shoot, spin, wait_for

__all__ = ["ui_ctx"]

CASE = "370783001-2026-000017"


def _photo() -> str:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (300, 400), (214, 228, 240))
    d = ImageDraw.Draw(img)
    d.ellipse((80, 70, 220, 240), fill=(240, 204, 176))
    d.pieslice((70, 50, 230, 200), 180, 360, fill=(40, 30, 25))
    d.rectangle((40, 270, 260, 400), fill=(200, 30, 40))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return base64.b64encode(out.getvalue()).decode("ascii")


def alert_payload(state: str = "active") -> dict[str, Any]:
    return {
        "state": state, "name": "王小明", "sex": "M", "age_min": 4, "age_max": 4, "place_code": "370783",
        "place": "山东省寿光市圣城街道农贸市场东门", "last_seen_at": "2026-12-06T09:10:00Z",
        "registered_at": "2026-12-06T09:40:00Z", "station_code": "370783001",
        "station_name": "寿光市公安局圣城派出所", "station_phone": "0536-5221110",
        "clothing": "红色羽绒服，蓝色运动裤，白色运动鞋", "marks": "左耳后有一颗黑痣", "radius_km": 100,
        "distance_km": 25, "photo_jpeg_base64": "" if state == "cancelled" else _photo(),
    }  # fmt: skip


def deliver_alert(session: Any, seq: int = 11, revision: int = 1, state: str = "active") -> None:
    """What the sync engine stores when the server delivers an alert (pull kind "alert")."""
    from app.services.child_alerts import import_alerts
    from app.storage import sync_state as st

    with session.store.unit_of_work() as uow:
        st.store_pulled(
            uow.cursor,
            [(seq, "alert", "alert", CASE, revision, alert_payload(state))],
            "2026-12-06T09:41:00Z",
        )
        uow.commit()
    import_alerts(session)


def queued_acks(session: Any) -> list[Any]:
    with session.store.reader() as conn:
        return list(
            conn.exec_driver_sql("SELECT record_type, payload FROM outbox WHERE record_type = 'alert_ack'")
        )


def test_alert_is_shown_acknowledged_and_cancelled(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.services import child_alerts
    from app.ui import i18n
    from app.ui.alerts import AlertWatch
    from tests.ui.test_intake_fixtures import on_db as on_db_qt

    i18n.install_language("zh_CN")
    watch = AlertWatch(ui_ctx)
    qtbot.addWidget(watch)
    on_db_qt(qtbot, ui_ctx, deliver_alert)
    watch.check()
    qtbot.waitUntil(lambda: watch.dialog is not None and bool(watch.dialog.cards), timeout=10_000)
    assert watch.banner.isVisibleTo(watch) and "1 条" in watch.banner.text.text()
    dialog = watch.dialog
    assert dialog is not None
    (card,) = dialog.cards
    shown = " ".join(label.text() for label in card.findChildren(type(watch.banner.text)))
    for text in ("王小明", "男", "4岁", "圣城街道农贸市场东门", "0536-5221110", "25 公里"):
        assert text in shown, text
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        card.button.click()
    assert "确认预警" in dialog.message.text() and not dialog.cards[0].button.isVisibleTo(dialog.cards[0])
    qtbot.waitUntil(lambda: not watch.banner.isVisibleTo(watch), timeout=10_000)
    outbox = on_db_qt(qtbot, ui_ctx, queued_acks)
    assert len(outbox) == 1 and '"officer":"admin"' in outbox[0][1]
    on_db_qt(qtbot, ui_ctx, lambda s: deliver_alert(s, seq=12, revision=2, state="cancelled"))
    assert on_db_qt(qtbot, ui_ctx, child_alerts.waiting_count) == 0
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as loaded:
        dialog.reload()
    assert loaded.args == [0]


def render(out: Path, lang: str, *, work: Path) -> list[Path]:
    """The main window with the alert banner and the alerts window, in *lang*."""
    from app import bootstrap
    from app.services.session import init_station
    from app.ui import i18n
    from app.ui.context import UiContext
    from app.ui.main_window import MainWindow
    from app.ui.runner import Runner

    bootstrap.create_application()
    i18n.install_language(lang)
    name = "潍坊市公安局潍城分局城关派出所" if lang != "en" else "Weifang PSB Chengguan Police Station"
    session = init_station(work / f"data-{lang}", "370702001", name, "admin", PASSWORD, lang=lang)
    runner = Runner()
    ctx = UiContext(runner, session, lang)
    on_db(ctx, lambda s: s.store.claim_writer())
    files: list[Path] = []
    try:
        on_db(ctx, deliver_alert)
        main = MainWindow(ctx)
        main.sync_indicator.auto_sync = False
        main.start()
        wait_for(lambda: main.alert_watch.dialog is not None and bool(main.alert_watch.dialog.cards))
        dialog = main.alert_watch.dialog
        assert dialog is not None
        dialog.hide()
        files.append(shoot(main, out, f"alert_banner_{lang}"))
        dialog.resize(900, 560)
        dialog.show()
        spin(200)
        path = out / f"alert_dialog_{lang}.png"
        dialog.grab().save(str(path))
        files.append(path)
        dialog.hide()
        main.close()
        wait_for(runner.idle)
    finally:
        runner.shutdown()
        session.close()
        i18n.install_language("zh_CN")
    return files


def test_alert_screens_render(tmp_path: Path) -> None:
    files = render(tmp_path, "zh_CN", work=tmp_path)
    assert len(files) == 2 and all(f.stat().st_size > 10_000 for f in files)


if __name__ == "__main__":
    sys.exit(screens_main(render, __doc__))
