"""The shell driven like an officer: a real encrypted station in tmp_path, the real runner.

Every store the shell opens gets a query hook that records any statement run on the GUI thread;
the ``shell`` fixture fails the test at teardown if there was one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "Station-Admin-2026!"
STATION_CODE = "370783001"
STATION_NAME = "寿光市公安局圣城派出所"


class GuiThreadGuard:
    """Records every database statement that runs on the GUI thread."""

    def __init__(self) -> None:
        self.gui_thread = threading.get_ident()
        self.violations: list[str] = []
        self.queries = 0
        self._hooked: set[int] = set()

    def hook(self) -> None:
        self.queries += 1
        if threading.get_ident() == self.gui_thread:
            import traceback

            self.violations.append("".join(traceback.format_stack(limit=12)))

    def watch(self, session: Any) -> None:
        if session is not None and id(session.store) not in self._hooked:
            self._hooked.add(id(session.store))
            session.store.add_query_hook(self.hook)


@pytest.fixture(autouse=True)
def _clean_application(qapp: Any) -> Iterator[None]:
    """Every UI test starts in the default language (Chinese) and leaves no window behind.

    The language: a test that switched to English and ended without switching back made the next
    one's Chinese assertions depend on the order xdist ran them in. The windows: each shell test
    closed its main window without deleting it, so a worker gathered about 500 hidden top-level
    widgets, and every language change (each test installs one) went to all of them: a fixture's
    three-millisecond wait for the database thread took 3-4 s on a quiet machine and timed out
    at 5 s in CI (2026-12-07)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from app.ui import i18n

    i18n.install_language("zh_CN")
    yield
    for window in QApplication.topLevelWidgets():
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def ui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XUNREN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XUNREN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("XUNREN_USER", raising=False)
    monkeypatch.delenv("XUNREN_LANG", raising=False)
    return tmp_path / "data"


@pytest.fixture
def guard() -> GuiThreadGuard:
    return GuiThreadGuard()


@pytest.fixture
def shell(qapp: Any, qtbot: Any, ui_env: Path, guard: GuiThreadGuard) -> Iterator[Any]:
    """A Shell on an empty data folder, in Chinese; checks no query ran on the GUI thread."""
    from app import bootstrap

    app = bootstrap.create_application()
    sh = bootstrap.Shell(app, ui_env, "zh_CN")
    sh.ctx.session_changed.connect(lambda: guard.watch(sh.ctx.session))
    yield sh
    for w in app.topLevelWidgets():
        w.close()
    session = sh.ctx.session
    if session is not None:
        done: list[bool] = []
        sh.ctx.submit(
            lambda s: s.close(), on_done=lambda _r: done.append(True), on_error=lambda _e: done.append(True)
        )
        qtbot.waitUntil(lambda: bool(done), timeout=10_000)
        sh.ctx.session = None
    sh.ctx.runner.shutdown()
    from app.ui import i18n

    i18n.install_language("zh_CN")
    assert guard.violations == [], "database queries ran on the GUI thread:\n" + "\n".join(guard.violations)


def wait_op(qtbot: Any, ctx: Any, fn: Any, *, mutates: bool = False, timeout: int = 60_000) -> Any:
    """Run ``fn(session)`` on the runner and wait for its result (test helper)."""
    box: dict[str, Any] = {}
    ctx.submit(
        fn,
        on_done=lambda r: box.setdefault("ok", r),
        on_error=lambda e: box.setdefault("err", e),
        mutates=mutates,
    )
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    if "err" in box:
        raise box["err"]
    return box["ok"]


def make_station(qtbot: Any, shell: Any) -> Any:
    """Run the first-run wizard by typing, as the administrator would; returns the wizard."""
    from PySide6.QtWidgets import QWizard

    wizard = shell.start()
    assert isinstance(wizard, QWizard)
    qtbot.keyClicks(wizard.station_page.code, STATION_CODE)
    wizard.station_page.name.setText(STATION_NAME)  # QTest types ASCII only
    wizard.next()
    wizard.admin_page.user.setText("admin")
    qtbot.keyClicks(wizard.admin_page.password, PASSWORD)
    qtbot.keyClicks(wizard.admin_page.repeat, PASSWORD)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.recovery_page.done, timeout=30_000)
    return wizard


def open_main(qtbot: Any, shell: Any, demo_cases: int = 0) -> Any:
    """First run, then the main window on the new station, with *demo_cases* registered."""
    wizard = make_station(qtbot, shell)
    wizard.accept()
    main = shell.main
    assert main is not None
    if demo_cases:
        from app.services.demo import fill_demo

        wait_op(qtbot, shell.ctx, lambda s: fill_demo(s, demo_cases), mutates=True)
        qtbot.waitUntil(lambda: main.model.rowCount() == demo_cases, timeout=20_000)
    return main


def first_row_loaded(main: Any) -> bool:
    return main.model.rowCount() > 0 and main.model.data(main.model.index(0, 0)) != "…"
