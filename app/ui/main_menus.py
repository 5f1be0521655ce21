"""The main window's windows and tasks opened from its menus: the supervisor's desk and its badge,
accounts, enrolment (and a rebuild), the USB path, lab results, demo cases, sync problems, alerts,
referrals, transfers and tips. A part of :class:`~app.ui.main_window.MainWindow` (it inherits
this), kept apart so the window's own module holds only its building, its list and its lock; the
words stay in the "MainWindow" translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QMainWindow, QPushButton

if TYPE_CHECKING:
    from app.services.enrolment import Enrolment
    from app.ui.alerts import AlertWatch
    from app.ui.backup_watch import BackupWatch
    from app.ui.context import UiContext
    from app.ui.demo_fill import DemoFill
    from app.ui.desk.window import DeskWindow
    from app.ui.lab_import import LabImport
    from app.ui.main_actions import MainActions
    from app.ui.sync_enrol import EnrolDialog
    from app.ui.sync_indicator import SyncIndicator
    from app.ui.sync_problems import SyncProblemsDialog
    from app.ui.sync_usb import UsbSync

    _Window = QMainWindow
else:
    _Window = object


class MenuWindows(_Window):
    """Mixed into MainWindow, which sets these attributes up."""

    if TYPE_CHECKING:
        ctx: UiContext
        is_locked: bool
        actions_: MainActions
        desk_badge: QPushButton
        desk_window: DeskWindow | None
        sync_problems: SyncProblemsDialog | None
        enrol_dialog: EnrolDialog | None
        accounts_window: QDialog | None
        sync_indicator: SyncIndicator
        backup_watch: BackupWatch
        alert_watch: AlertWatch
        usb_sync: UsbSync
        lab_import: LabImport
        demo_fill: DemoFill

        def refresh(self) -> None: ...
        def _supervising(self) -> bool: ...
        def _open_case_from_elsewhere(self, case_no: str) -> None: ...

    def _start_desk(self) -> None:
        supervising = self._supervising()
        self.actions_.set_supervising(supervising)
        self.desk_badge.setVisible(supervising)
        if supervising and (self.ctx.session is not None and self.ctx.session.role.value == "supervisor"):
            self.show_desk()  # a supervisor's morning starts at the desk
        self._count_desk()

    def _count_desk(self) -> None:
        if self.is_locked or not self._supervising():
            return
        from app.services.desk import desk_counts

        self.ctx.submit(desk_counts, on_done=lambda c: self._desk_counts(*c))

    def _desk_counts(self, waiting: int, overdue: int) -> None:
        import shiboken6

        if not shiboken6.isValid(self) or not shiboken6.isValid(self.desk_badge):
            return  # the answer came after this window was closed (a logoff)
        self.desk_badge.setText(
            QCoreApplication.translate("MainWindow", "Review %1 · Overdue %2")
            .replace("%1", str(waiting))
            .replace("%2", str(overdue))
        )
        self.desk_badge.setToolTip(
            QCoreApplication.translate("MainWindow", "Open the supervisor's desk (Ctrl+D)")
        )

    def _desk(self) -> DeskWindow:
        from app.ui.desk.window import DeskWindow

        if self.desk_window is None:
            self.desk_window = DeskWindow(self.ctx, self)
            self.desk_window.open_case.connect(self._open_case_from_elsewhere)
            self.desk_window.open_alert.connect(lambda _case_no: self.show_alerts())
            self.desk_window.counts_changed.connect(self._desk_counts)
            self.desk_window.weekly_requested.connect(self.print_weekly)
            self.desk_window.transfers_requested.connect(self.show_transfers)
        return self.desk_window

    def show_desk(self, tab: int | None = None) -> None:
        """The supervisor's desk: the review queue, the overdue cases, the dashboard."""
        if not self.is_locked and self._supervising():
            self._desk().present(tab)

    def print_weekly(self) -> None:
        """The weekly report of a chosen week, in the preview."""
        if self.is_locked or not self._supervising():
            return
        from app.ui.desk.weekly import WeeklyDialog

        dialog = WeeklyDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def sync_now(self) -> None:
        """Sync with the national server in the background (the window never waits for it)."""
        if not self.is_locked:
            self.sync_indicator.sync_now()

    def schedule_backups(self) -> None:
        """Station ▸ Scheduled backups… (an administrator chooses the folder)."""
        if not self.is_locked:
            self.backup_watch.choose_folder(self)

    def show_accounts(self) -> None:
        """Accounts and station details (an admin manages them; everyone sets their own)."""
        if self.is_locked:
            return
        from app.ui.accounts import AccountsWindow

        self.accounts_window = AccountsWindow(self.ctx, self)
        self.accounts_window.open()

    def show_enrolment(self) -> None:
        """Enrol the station with the national server (an administrator's task)."""
        if self.is_locked:
            return
        from app.ui.sync_enrol import EnrolDialog, may_enrol

        if not may_enrol(self.ctx.session):
            self.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Only an administrator can enrol the station."),
                10_000,
            )
            return
        if self.enrol_dialog is None:
            self.enrol_dialog = EnrolDialog(self.ctx, self)
            self.enrol_dialog.enrolled.connect(self._enrolled)
            self.enrol_dialog.rebuilt.connect(self._rebuilt)
        self.enrol_dialog.open()

    def _enrolled(self, enrolment: Enrolment) -> None:
        self.sync_indicator.refresh()
        if self.is_locked:  # nothing is said on a locked screen; the automatic sync follows
            return
        if not enrolment.server_url:  # from a package: the USB stick is the only way
            text = QCoreApplication.translate(
                "MainWindow",
                "Station %1 is enrolled from the package; changes travel on the USB stick (xunren sync export).",
            )
            self.statusBar().showMessage(text.replace("%1", enrolment.station_code), 15_000)
            return
        text = QCoreApplication.translate(
            "MainWindow", "Station %1 is enrolled with %2; what waits here is being sent."
        )
        self.statusBar().showMessage(
            text.replace("%1", enrolment.station_code).replace("%2", enrolment.server_url), 15_000
        )
        self.sync_indicator.sync_now()

    def _rebuilt(self, report: Any) -> None:
        """Issue 14: the register came back from the server; show it."""
        self.sync_indicator.refresh()
        self.refresh()
        if not self.is_locked:
            text = QCoreApplication.translate(
                "MainWindow", "The register was rebuilt from the national server: %1 records came back."
            )
            self.statusBar().showMessage(text.replace("%1", f"{report.restored:,}"), 30_000)

    def write_usb_bundle(self) -> None:
        """Sync ▸ Write a USB bundle… (what waits, sealed for the server)."""
        if not self.is_locked:
            self.usb_sync.write_bundle()

    def import_lab_results(self) -> None:
        """Case ▸ Import lab results… (a lab's STR export, all or nothing, with progress)."""
        if not self.is_locked:
            self.lab_import.import_file()

    def fill_demo(self) -> None:
        """Station ▸ Fill with demo cases… (an administrator, on a training station; with progress)."""
        if not self.is_locked:
            self.demo_fill.fill()

    def read_usb_answer(self) -> None:
        """Sync ▸ Read the server's answer… (from the stick)."""
        if not self.is_locked:
            self.usb_sync.read_answer()

    def show_sync_problems(self) -> None:
        """The changes the server refused, with their reasons in words."""
        if self.is_locked:
            return
        if self.sync_problems is None:
            from app.ui.sync_problems import SyncProblemsDialog

            self.sync_problems = SyncProblemsDialog(self.ctx, self.sync_indicator, self)
            self.sync_problems.open_case.connect(self._open_case_from_elsewhere)
        self.sync_problems.present()

    def show_alerts(self) -> None:
        """Missing-child alerts from the national server (issue 14)."""
        self.alert_watch.present()

    def show_referrals(self) -> None:
        """Referrals between stations (issue 14): sent here and sent from here."""
        if self.is_locked:
            return
        if getattr(self, "referrals_window", None) is None:
            from app.ui.referrals import ReferralsDialog

            self.referrals_window = ReferralsDialog(self.ctx, self)
            self.referrals_window.open_case.connect(self._open_case_from_elsewhere)
        self.referrals_window.present()

    def refer_case(self, case_no: str) -> None:
        """The case detail's "Refer to another station…": the referrals window and the request."""
        self.show_referrals()
        if getattr(self, "referrals_window", None) is not None:
            self.referrals_window.ask(case_no)

    def show_transfers(self) -> None:
        """Case transfers sent and received, a supervisor's approval (issue 14)."""
        if self.is_locked:
            return
        if getattr(self, "transfers_window", None) is None:
            from app.ui.transfers import TransfersWindow

            self.transfers_window = TransfersWindow(self.ctx, self)
            self.transfers_window.open_case.connect(self._open_case_from_elsewhere)
            self.transfers_window.changed.connect(self.refresh)
        self.transfers_window.present()

    def show_tips(self) -> None:
        """Tips from the public about this station's gallery children (issue 18)."""
        if self.is_locked:
            return
        if getattr(self, "tips_window", None) is None:
            from app.ui.gallery import TipsDialog

            self.tips_window = TipsDialog(self.ctx, self)
            self.tips_window.open_case.connect(self._open_case_from_elsewhere)
        self.tips_window.present()
