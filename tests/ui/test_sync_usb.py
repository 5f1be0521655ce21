"""Sync ▸ Write a USB bundle… / Read the server's answer… (issue 14): a station enrolled from a
package syncs through the desktop with no network. The national side is the real server code on
its own SQLite file; between the two there are only files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.ui.sync_usb import UsbSync
from tests.ui.test_intake_fixtures import on_db, ui_ctx
from tests.ui.test_main_matches import register_examples

__all__ = ["ui_ctx"]

ROOT = Path(__file__).resolve().parents[2]


class National:
    """The server's services on a real SQLite database, as its command line runs them."""

    def __init__(self, folder: Path) -> None:
        from server.services import bundles
        from server.settings import Settings
        from server.storage.engine import make_engine, migrate, session_factory

        self.engine = make_engine(Settings(db_url=f"sqlite:///{folder / 'server.sqlite3'}"))
        migrate(self.engine)
        self.sessions = session_factory(self.engine)
        self.keys = bundles.server_keys(folder / "keys.json")

    def run(self, work: Any) -> Any:
        from server.services.meta import in_transaction

        with self.sessions() as session:
            return in_transaction(session, work)

    def package(self, code: str, path: Path) -> str:
        from server.services import credentials, enrol_packages

        def add(s: Session) -> dict[str, Any]:
            token = credentials.add_station(s, code, "寿光市公安局圣城派出所", 7)
            return enrol_packages.package_body(s, code, token, self.keys, "")

        return enrol_packages.write_package(path, self.run(add))

    def answer(self, bundle: Path, answer: Path, code: str) -> int:
        from server.services import bundles

        with self.sessions() as session:
            done = bundles.import_bundle(session, bundle.read_bytes(), self.keys)
            bundles.write_answer(answer, bundles.export_answer(session, code, self.keys))
        return done.applied


@pytest.fixture
def national(tmp_path: Path) -> Iterator[National]:
    server = National(tmp_path)
    try:
        yield server
    finally:
        server.engine.dispose()


def _said(qtbot: QtBot, usb: UsbSync, act: Any) -> str:
    with qtbot.waitSignal(usb.said, timeout=30_000) as said:
        act()
    return str(said.args[0])


def test_a_station_enrolled_by_package_syncs_by_stick_from_the_desktop(
    qtbot: QtBot, ui_ctx: Any, national: National, tmp_path: Path
) -> None:
    from app.services.enrolment import enroll_from_package
    from app.services.sync import sync_status
    from app.ui.i18n import install_language
    from app.ui.main_window import MainWindow

    assert install_language("zh_CN")
    code = ui_ctx.session.station.code
    package = tmp_path / "enrol.xep"
    passphrase = national.package(code, package)
    on_db(qtbot, ui_ctx, lambda s: enroll_from_package(s, package.read_bytes(), passphrase))
    register_examples(qtbot, ui_ctx, "missing_child", "found_child")
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.resize(1400, 640)
    window.show()
    usb = window.usb_sync
    assert window.actions_.usb_write.text() == "写出 U 盘同步包(&W)…"

    stick = tmp_path / "stick"
    stick.mkdir()
    damaged = stick / "damaged.xsb"
    damaged.write_bytes(b'{"header": {"format": "xunren-bundle/1"}}')
    said = _said(qtbot, usb, lambda: usb.read_answer(str(damaged)))
    assert "同步包无法使用" in said

    bundle = stick / "station.xsb"
    waiting = on_db(qtbot, ui_ctx, sync_status).waiting
    said = _said(qtbot, usb, lambda: usb.write_bundle(str(bundle)))
    progress = usb.progress  # the work ran behind a progress window: no Cancel (no point to stop at)
    assert progress is not None and progress.windowTitle() == "写出 U 盘同步包"
    assert not progress.cancel_button.isVisibleTo(progress) and not progress.isVisible()
    assert f"{waiting} 项" in said and bundle.name in said
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=5_000)
    answer = stick / "answer.xsb"
    assert national.answer(bundle, answer, code) == waiting
    said = _said(qtbot, usb, lambda: usb.read_answer(str(answer)))
    assert f"已确认 {waiting}" in said
    assert on_db(qtbot, ui_ctx, sync_status).waiting == 0
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=5_000)
    qtbot.waitUntil(lambda: "仅用 U 盘同步" in window.sync_indicator.state_label.text(), timeout=10_000)
    out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
    assert window.grab().save(str(out / "sync_usb_answer_zh_CN.png"))
    window.close()
