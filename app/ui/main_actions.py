"""Every command of the main window: its menu entry, its shortcut (shown in the menu) and its tooltip.

The texts live in the ``MainWindow`` translation context, so they switch language with the window.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QToolBar, QWidget

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class MainActions:
    """Every command of the main window, with its shortcut shown in the menus."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        w = window

        def act(slot: Any, keys: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
            action = QAction(w)
            if keys is not None:
                action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            w.addAction(action)
            return action

        self.new_missing = act(lambda: w.new_case("missing"), QKeySequence.StandardKey.New)
        self.new_found = act(lambda: w.new_case("found"), "Ctrl+Shift+N")
        self.new_trafficking = act(lambda: w.new_case("trafficking"), "Ctrl+T")
        self.search = act(w.focus_search, QKeySequence.StandardKey.Find)
        self.go_list = act(w.focus_list, "Ctrl+1")
        self.go_detail = act(w.focus_detail, "Ctrl+2")
        self.refresh = act(w.refresh, QKeySequence.StandardKey.Refresh)
        self.match_queue = act(w.show_match_queue, "Ctrl+M")
        self.case_matches = act(lambda: w.show_case_matches(), "Ctrl+Shift+M")
        self.sync_now = act(w.sync_now, "F9")
        self.sync_problems = act(w.show_sync_problems, "Shift+F9")
        self.desk = act(w.show_desk, "Ctrl+D")  # issue 16: the supervisor's desk
        self.weekly = act(w.print_weekly)
        self.tips = act(w.show_tips)  # issue 18: tips from the public about gallery children
        self.alerts = act(w.show_alerts, "F8")  # issue 14: missing-child alerts
        self.referrals = act(w.show_referrals, "F7")  # issue 14: referrals between stations
        self.transfers = act(w.show_transfers)  # issue 14: case transfers between stations
        self.enrol = act(w.show_enrolment)
        self.usb_write = act(w.write_usb_bundle)  # issue 14: the USB path
        self.usb_read = act(w.read_usb_answer)
        self.backups = act(w.schedule_backups)
        self.lab_import = act(w.import_lab_results)  # a lab's STR export, behind a progress window
        self.demo = act(w.fill_demo)  # issue 13: demo cases for a training station, with progress
        self.lock = act(w.lock, "Ctrl+L")
        self.settings = act(lambda: w.settings_requested.emit(), "Ctrl+,")
        self.accounts = act(w.show_accounts)
        self.logoff = act(w.logoff_requested.emit)
        self.quit = act(QApplication.closeAllWindows, "Ctrl+Q")
        self.about = act(w.about)
        self.case_commands = [
            self.new_missing, self.new_found, self.new_trafficking, self.search,
            self.go_list, self.go_detail, self.refresh, self.settings,
            self.match_queue, self.case_matches, self.sync_now, self.sync_problems, self.enrol,
            self.backups, self.accounts, self.tips, self.alerts, self.usb_write, self.usb_read,
            self.desk, self.weekly, self.lab_import, self.demo, self.referrals,
            self.desk, self.weekly, self.lab_import, self.transfers,
        ]  # fmt: skip
        bar = w.menuBar()
        self.case_menu = bar.addMenu("")
        self.case_menu.addActions([self.new_missing, self.new_found, self.new_trafficking])
        self.case_menu.addSeparator()
        self.case_menu.addAction(self.alerts)
        self.case_menu.addAction(self.referrals)
        self.case_menu.addAction(self.transfers)
        self.case_menu.addAction(self.tips)
        self.case_menu.addAction(self.lab_import)
        self.case_menu.addAction(self.refresh)
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions([self.search, self.go_list, self.go_detail])
        self.match_menu = bar.addMenu("")
        self.match_menu.addActions([self.match_queue, self.case_matches])
        self.desk_menu = bar.addMenu("")
        self.desk_menu.addActions([self.desk, self.weekly])
        self.sync_menu = bar.addMenu("")
        self.sync_menu.addActions([self.sync_now, self.sync_problems])
        self.sync_menu.addSeparator()
        self.sync_menu.addActions([self.usb_write, self.usb_read])
        self.sync_menu.addSeparator()
        self.sync_menu.addAction(self.enrol)
        self.station_menu = bar.addMenu("")
        self.station_menu.addActions([self.lock, self.settings, self.accounts, self.backups, self.logoff])
        self.station_menu.insertAction(self.logoff, self.demo)
        self.station_menu.addSeparator()
        self.station_menu.addAction(self.quit)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about)

    @property
    def menus(self) -> list[Any]:
        return [self.case_menu, self.view_menu, self.match_menu, self.desk_menu, self.sync_menu,
                self.station_menu, self.help_menu]  # fmt: skip

    def fill_toolbar(self, toolbar: QToolBar, search_box: QWidget) -> None:
        toolbar.addActions([self.new_missing, self.new_found, self.new_trafficking])
        toolbar.addSeparator()
        toolbar.addWidget(search_box)
        toolbar.addSeparator()
        toolbar.addAction(self.match_queue)
        toolbar.addAction(self.desk)
        toolbar.addAction(self.lock)

    def retranslate(self) -> None:
        self.case_menu.setTitle(QCoreApplication.translate("MainWindow", "&Case"))
        self.view_menu.setTitle(QCoreApplication.translate("MainWindow", "&View"))
        self.match_menu.setTitle(QCoreApplication.translate("MainWindow", "&Matches"))
        self.sync_menu.setTitle(QCoreApplication.translate("MainWindow", "S&ync"))
        self.desk_menu.setTitle(QCoreApplication.translate("MainWindow", "Su&pervisor"))
        self.station_menu.setTitle(QCoreApplication.translate("MainWindow", "&Station"))
        self.help_menu.setTitle(QCoreApplication.translate("MainWindow", "&Help"))
        texts = {
            self.new_missing: QCoreApplication.translate("MainWindow", "New &missing person case"),
            self.new_found: QCoreApplication.translate("MainWindow", "New &found person case"),
            self.new_trafficking: QCoreApplication.translate("MainWindow", "New &trafficking case"),
            self.search: QCoreApplication.translate("MainWindow", "&Search"),
            self.go_list: QCoreApplication.translate("MainWindow", "Go to the case &list"),
            self.go_detail: QCoreApplication.translate("MainWindow", "Go to the case &detail"),
            self.refresh: QCoreApplication.translate("MainWindow", "&Refresh"),
            self.match_queue: QCoreApplication.translate(
                "MainWindow", "Match &candidates waiting for review"
            ),
            self.case_matches: QCoreApplication.translate("MainWindow", "Matches for &this case"),
            self.sync_now: QCoreApplication.translate("MainWindow", "&Sync now"),
            self.sync_problems: QCoreApplication.translate("MainWindow", "Sync &problems…"),
            self.tips: QCoreApplication.translate("MainWindow", "T&ips from the public…"),
            self.desk: QCoreApplication.translate("MainWindow", "Supervisor's &desk"),
            self.weekly: QCoreApplication.translate("MainWindow", "&Weekly report…"),
            self.alerts: QCoreApplication.translate("MainWindow", "Missing-child &alerts…"),
            self.referrals: QCoreApplication.translate("MainWindow", "Re&ferrals between stations…"),
            self.transfers: QCoreApplication.translate("MainWindow", "Case &transfers…"),
            self.enrol: QCoreApplication.translate("MainWindow", "&Enrol with the national server…"),
            self.usb_write: QCoreApplication.translate("MainWindow", "&Write a USB bundle…"),
            self.usb_read: QCoreApplication.translate("MainWindow", "&Read the server's answer…"),
            self.lock: QCoreApplication.translate("MainWindow", "&Lock the screen"),
            self.settings: QCoreApplication.translate("MainWindow", "Se&ttings…"),
            self.backups: QCoreApplication.translate("MainWindow", "Scheduled &backups…"),
            self.lab_import: QCoreApplication.translate("MainWindow", "Import la&b results…"),
            self.demo: QCoreApplication.translate("MainWindow", "Fill with &demo cases…"),
            self.accounts: QCoreApplication.translate("MainWindow", "&Accounts and station…"),
            self.logoff: QCoreApplication.translate("MainWindow", "Log &off"),
            self.quit: QCoreApplication.translate("MainWindow", "&Quit"),
            self.about: QCoreApplication.translate("MainWindow", "&About Xunren"),
        }
        for action, text in texts.items():
            action.setText(text)
            action.setIconText(plain_text(text))  # the toolbar: no "(&M)" left over as "(M)"
            action.setToolTip(tooltip(action))
        # The toolbar shows a short label; the menu and the tooltip say it in full.
        self.match_queue.setIconText(QCoreApplication.translate("MainWindow", "Matches"))
        self.desk.setIconText(QCoreApplication.translate("MainWindow", "Desk"))

    def set_supervising(self, supervising: bool) -> None:
        """The desk's commands are for supervisors and admins only."""
        self.desk_menu.menuAction().setVisible(supervising)
        for action in (self.desk, self.weekly):
            action.setVisible(supervising)

    def set_locked(self, locked: bool) -> None:
        """While locked only Unlock (on the lock screen), Log off and Quit remain."""
        for action in self.case_commands + [self.lock]:
            action.setEnabled(not locked)


def plain_text(text: str) -> str:
    """A menu text without its mnemonic: "立即同步(&S)" → "立即同步", "&Sync now" → "Sync now"."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


def tooltip(action: QAction) -> str:
    """The action's text without its mnemonic, with its shortcut: "Sync now (F9)"."""
    plain = plain_text(action.text())
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{plain} ({keys})" if keys else plain
