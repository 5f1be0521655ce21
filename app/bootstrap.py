"""The one place that wires the desktop app together: Qt, fonts, language, runner and windows.

Start-up is kept light: the logon window appears before SQLAlchemy, SQLCipher and the services
are imported (the runner imports them while the officer reads the banner). The first-run check
therefore looks at the station's files directly instead of importing the session service.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.ui import i18n, session_ops
from app.ui.context import UiContext
from app.ui.fonts import apply_application_font
from app.ui.runner import Runner

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.main_window import MainWindow

WARM_UP_AFTER_MS = 300


def data_dir() -> Path:
    """The station's data folder: XUNREN_DATA_DIR, else the platform's user data folder."""
    from app.services.paths import default_data_dir

    return default_data_dir()


def station_exists(folder: Path) -> bool:
    from app.services.paths import has_station

    return has_station(folder)


def interface_language() -> str:
    """XUNREN_LANG where set, else the saved preference (Simplified Chinese by default)."""
    from app.services.preferences import load_language

    env = os.environ.get("XUNREN_LANG")
    return env if env in i18n.LANGUAGES else load_language()


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (reused when one exists, as under pytest-qt), with fonts."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("Xunren")
    app.setOrganizationName("xunren")
    apply_application_font(app)
    return app


class Shell(QObject):
    """Which window is up: first-run wizard, logon, or the main window (locked or not)."""

    def __init__(self, app: QApplication, folder: Path, lang: str) -> None:
        super().__init__(app)
        self.app = app
        self.data_dir = folder
        i18n.install_language(lang)
        from app.services.kdf_switch import apply_environment

        self.weak_kdf = apply_environment()  # shown on the logon window and in the main title
        self.ctx = UiContext(Runner(self), lang=lang)
        self.window: QWidget | None = None
        self.main: MainWindow | None = None

    def start(self) -> QWidget:
        """Show the wizard on a machine without a station, else the logon window."""
        if station_exists(self.data_dir):
            return self.show_logon()
        from app.ui.wizard import FirstRunWizard

        wizard = FirstRunWizard(self.ctx, self.data_dir)
        wizard.station_created.connect(self.enter)
        wizard.station_restored.connect(self.restored)
        return self._show(wizard)

    def restored(self, done: Any) -> QWidget:
        """The first-run wizard installed a backup: the logon window says so; the officer logs on."""
        logon = self.show_logon()
        logon.show_restored(done)  # type: ignore[attr-defined]
        return logon

    def show_logon(self) -> QWidget:
        from app.ui.logon import LogonWindow

        logon = LogonWindow(self.ctx, self.data_dir, weak_kdf=self.weak_kdf)
        logon.logged_on.connect(self.enter)
        logon.resize(
            max(logon.sizeHint().width(), logon.fontMetrics().averageCharWidth() * 90),
            logon.sizeHint().height(),
        )
        shown = self._show(logon)
        # Load the store's code while the banner is read, after the window has painted.
        QTimer.singleShot(WARM_UP_AFTER_MS, lambda: self.ctx.submit_plain(session_ops.warm_up))
        return shown

    def _show(self, window: QWidget) -> QWidget:
        old, self.window = self.window, window
        window.show()
        if old is not None and old is not window:
            old.close()
            old.deleteLater()
        return window

    def enter(self, session: Session) -> MainWindow:
        """Logged on (or station created): open the main window on *session*."""
        from app.ui.main_window import MainWindow
        from app.ui.settings import load_lock_minutes

        self.ctx.set_session(session)
        main = MainWindow(self.ctx, load_lock_minutes())
        main.weak_kdf = self.weak_kdf  # shown in the title while the test key derivation is on
        main.logoff_requested.connect(self.logoff)
        main.settings_requested.connect(self.open_settings)
        self.app.installEventFilter(main.watch)
        self.main = main
        self._show(main)
        main.start()
        return main

    def open_settings(self) -> None:
        """The settings dialog, once the station's θ has been read on the database thread."""
        if self.main is None:
            return
        self.ctx.submit(
            session_ops.station_theta(), on_done=self._settings_with, on_error=self._settings_error
        )

    def _settings_with(self, theta: float) -> None:
        from app.core.model import AccountRole
        from app.ui.settings import SettingsDialog, load_lock_minutes

        if self.main is None or self.ctx.session is None:
            return
        admin = self.ctx.session.role is AccountRole.ADMIN
        dialog = SettingsDialog(self.ctx.lang, load_lock_minutes(), self.main, theta=theta, admin=admin)
        if dialog.exec():
            lang, minutes = dialog.values()
            self.apply_settings(lang, minutes)
            change = dialog.theta_change()
            if change is not None:
                self.ctx.submit(
                    session_ops.set_station_theta(change), on_error=self._settings_error, mutates=True
                )

    def _settings_error(self, exc: BaseException) -> None:
        if self.main is not None:
            self.main.statusBar().showMessage(session_ops.error_text(exc, self.ctx.lang), 10_000)

    def apply_settings(self, lang: str, minutes: int) -> None:
        """Save and apply at once: the language switches live in every open window."""
        from app.services.preferences import save_language
        from app.ui.settings import save_lock_minutes

        save_lock_minutes(minutes)
        if self.main is not None:
            self.main.watch.set_minutes(minutes)
        if lang != self.ctx.lang:
            save_language(lang)
            i18n.install_language(lang)
            if self.ctx.session is not None:
                self.ctx.session.lang = lang
            self.ctx.set_lang(lang)

    def logoff(self) -> None:
        """Close the session and go back to the logon window."""
        if self.main is not None:
            self.app.removeEventFilter(self.main.watch)
            self.main.watch.stop()
            self.main.model.clear()  # answers still on their way are dropped
            self.main.search.clear()
        self.main = None
        if self.ctx.session is not None:
            self.ctx.submit(session_ops.close_session(), on_error=lambda _e: None)
        self.ctx.set_session(None)
        self.show_logon()

    def shutdown(self) -> None:
        """On quit: close the store on its own thread, then stop the runner."""
        if self.ctx.session is not None:
            self.ctx.submit(session_ops.close_session(), on_error=lambda _e: None)
        self.ctx.runner.shutdown()


def bench_exit(app: QApplication, started: float) -> None:
    """XUNREN_BENCH_EXIT_AT=logon: print the time to the logon window and which window is up,
    then quit (bench_ui, and installer/smoke.py on the frozen build)."""
    if os.environ.get("XUNREN_BENCH_EXIT_AT") != "logon":
        return

    def report() -> None:
        heavy = "sqlalchemy" in sys.modules
        shown = ",".join(type(w).__name__ for w in app.topLevelWidgets() if w.isVisible())
        print(
            f"logon-shown {time.perf_counter() - started:.4f} sqlalchemy={heavy} window={shown}", flush=True
        )
        app.quit()

    QTimer.singleShot(0, report)
