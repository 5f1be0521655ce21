"""The main window: menus and toolbar, the case list or search hits, the detail pane, the lock.

The central widget is a stack of the workspace and the lock screen. Locking swaps to the lock
screen, hides the toolbar (search text included), every other open window (the matches window
and the sync problems view among them) and the case data held by the list and the detail pane,
and titles the window without any case in it.

The status bar carries the sync indicator (what waits, the last success, what was refused, the
enrolment and clock state) with its "Sync now" button. Candidates are recomputed in the
background after every change (:class:`~app.ui.matches.BackgroundMatcher`); the matches window
shows the station-wide queue or the selected case's candidates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.ui import i18n, session_ops
from app.ui.alerts import AlertWatch
from app.ui.backup_watch import BackupWatch
from app.ui.case_list import COLUMNS, CaseListModel, FilterBar, size_columns
from app.ui.context import UiContext
from app.ui.demo_fill import DemoFill
from app.ui.detail import CaseDetailPane
from app.ui.lab_import import LabImport
from app.ui.logon import InactivityWatch, LockScreen
from app.ui.main_actions import MainActions
from app.ui.main_menus import MenuWindows
from app.ui.matches import BackgroundMatcher
from app.ui.search import HIT_COLUMNS, CaseSearch, make_search_box
from app.ui.sync_indicator import SyncIndicator
from app.ui.sync_usb import UsbSync

if TYPE_CHECKING:
    from app.ui.desk.window import DeskWindow
    from app.ui.matches_window import MatchesWindow
    from app.ui.sync_enrol import EnrolDialog
    from app.ui.sync_problems import SyncProblemsDialog


def _table(parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(round(view.fontMetrics().height() * 1.5))
    view.setWordWrap(False)
    return view


class MainWindow(MenuWindows, QMainWindow):
    """The officer's workspace once logged on."""

    logoff_requested = Signal()
    settings_requested = Signal()

    def __init__(self, ctx: UiContext, lock_minutes: int = 15, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.is_locked = False
        self.weak_kdf = False  # the test-only key derivation is on (set by the bootstrap): in the title
        self._hidden_windows: list[QWidget] = []
        self.matches_window: MatchesWindow | None = None  # made on first use
        self.sync_problems: SyncProblemsDialog | None = None
        self.enrol_dialog: EnrolDialog | None = None
        self.accounts_window: QDialog | None = None
        self.desk_window: DeskWindow | None = None  # the supervisor's desk, made on first use
        self.matcher = BackgroundMatcher(ctx, self)
        self.model = CaseListModel(ctx, self)
        self.search_box = make_search_box(self)
        self.search = CaseSearch(ctx, self.search_box, self)
        self._build_workspace()
        self.alert_watch = AlertWatch(ctx, self)  # issue 14: missing-child alerts, banner on top
        self.work_area = self.alert_watch.wrap(self.workspace)
        self.lock_screen = LockScreen(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.work_area)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self.actions_ = MainActions(self)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main-toolbar")
        self.toolbar.setMovable(False)
        self.actions_.fill_toolbar(self.toolbar, self.search_box)
        self.addToolBar(self.toolbar)
        self._build_status_bar()
        self.watch = InactivityWatch(lock_minutes, self)
        self.watch.idle.connect(self.lock)
        self._connect()
        self.retranslate()
        self.resize(1366, 768)

    # -- building ----------------------------------------------------------------------------
    def _build_workspace(self) -> None:
        self.workspace = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(self.workspace)
        self.filters = FilterBar(left)
        self.case_table = _table(left)
        self.case_table.setModel(self.model)
        self.case_table.setSortingEnabled(True)
        self.case_table.horizontalHeader().setSortIndicator(6, Qt.SortOrder.DescendingOrder)
        self.hit_table = _table(left)
        self.hit_table.setModel(self.search.model)
        self.lists = QStackedWidget(left)
        self.lists.addWidget(self.case_table)
        self.lists.addWidget(self.hit_table)
        self.count_label = QLabel(left)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filters)
        layout.addWidget(self.lists, 1)
        layout.addWidget(self.count_label)
        self.detail = CaseDetailPane(self.ctx, self.workspace)
        self.workspace.addWidget(left)
        self.workspace.addWidget(self.detail)
        self.workspace.setStretchFactor(0, 3)
        self.workspace.setStretchFactor(1, 2)
        self.setTabOrder(self.search_box, self.filters.type_box)
        self.setTabOrder(self.filters.period_box, self.case_table)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.busy_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(self.fontMetrics().averageCharWidth() * 16)
        self.busy_bar.hide()
        self.identity = QLabel(self)
        self.sync_indicator = SyncIndicator(self.ctx, self)
        self.usb_sync = UsbSync(self.ctx, self)
        self.lab_import = LabImport(self.ctx, self)
        self.demo_fill = DemoFill(self.ctx, self)  # issue 13: `xunren demo` in the app
        self.backup_watch = BackupWatch(self.ctx, self)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.busy_bar)
        self.desk_badge = QPushButton(self)  # what waits for the supervisor; opens the desk
        self.desk_badge.setFlat(True)
        self.desk_badge.hide()
        self.desk_badge.clicked.connect(lambda: self.show_desk())
        bar.addPermanentWidget(self.desk_badge)
        bar.addPermanentWidget(self.backup_watch)
        bar.addPermanentWidget(self.sync_indicator)
        bar.addPermanentWidget(self.identity)

    def _connect(self) -> None:
        runner = self.ctx.runner
        runner.busy_changed.connect(self._busy)
        runner.changed.connect(self.refresh)
        runner.changed.connect(self._count_desk)
        runner.unhandled_error.connect(self._error)
        self.filters.changed.connect(
            lambda: self.model.set_query(self.filters.apply_to(self.model.query, user=self._user()))
        )
        self.model.counted.connect(self._show_count)
        self.search.started.connect(lambda _t: self.lists.setCurrentWidget(self.hit_table))
        self.search.finished.connect(self._search_done)
        self.search.cleared.connect(self._search_cleared)
        self.search.failed.connect(self.statusBar().showMessage)
        self.search_box.returnPressed.connect(self._to_results)
        self.search_box.installEventFilter(self)
        for view in (self.case_table, self.hit_table):
            view.selectionModel().currentRowChanged.connect(self._row_chosen)
            view.activated.connect(lambda _i: self.detail.setFocus())
        self.lock_screen.unlock_requested.connect(self._unlock)
        self.lock_screen.logoff_requested.connect(self.logoff_requested)
        self.sync_indicator.problems_requested.connect(self.show_sync_problems)
        self.sync_indicator.synced.connect(lambda outcome: self.statusBar().showMessage(outcome.text, 15_000))
        self.usb_sync.said.connect(lambda text: self.statusBar().showMessage(text, 20_000))
        self.lab_import.said.connect(lambda text: self.statusBar().showMessage(text, 20_000))
        self.demo_fill.said.connect(lambda text: self.statusBar().showMessage(text, 20_000))
        self.demo_fill.filled.connect(lambda _n: self.refresh())
        self.usb_sync.changed.connect(self.sync_indicator.refresh)
        self.usb_sync.changed.connect(lambda: self.alert_watch.check())  # a USB answer may bring alerts
        self.sync_indicator.synced.connect(lambda _outcome: self.alert_watch.check())
        runner.changed.connect(lambda: self.alert_watch.check())
        self.detail.matches_requested.connect(self.show_case_matches)
        self.detail.referral_requested.connect(self.refer_case)  # issue 14: refer to another station
        self.sync_indicator.synced.connect(lambda _outcome: self._check_referrals())
        self.usb_sync.changed.connect(self._check_referrals)  # a USB answer may bring referrals

    def retranslate(self) -> None:
        session = self.ctx.session
        station = session.station.name if session else ""
        title = (
            self.tr("Xunren — locked") if self.is_locked else self.tr("Xunren — %1").replace("%1", station)
        )
        if self.weak_kdf:
            from app.ui.logon import weak_kdf_title

            title = f"{title} — {weak_kdf_title()}"
        self.setWindowTitle(title)
        self.backup_watch.retranslate()
        self.search_box.setPlaceholderText(
            self.tr("Search: name, pinyin, initials, ID number, phone, case number (Ctrl+F)")
        )
        self.actions_.retranslate()
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        if session is not None:
            self.identity.setText(
                self.tr("%1 (%2) · %3 %4").replace("%1", session.user).replace("%2", i18n.role_name(session.role.value))
                .replace("%3", session.station.code).replace("%4", session.station.name)
            )  # fmt: skip
        self._show_count(self.model.rowCount())
        for view, keys in ((self.case_table, tuple(k for k, _s in COLUMNS)), (self.hit_table, HIT_COLUMNS)):
            model = view.model()  # headers and value names in the new language
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
            size_columns(view, keys)
            view.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box: Down goes to the results, Escape clears the search."""
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() == Qt.Key.Key_Down:
                self._to_results()
                return True
            if event.key() == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()
                return True
        return super().eventFilter(watched, event)

    # -- the session -------------------------------------------------------------------------
    def start(self) -> None:
        """Show the register for the context's session (after logon)."""
        self.retranslate()
        self.model.set_query(self.filters.apply_to(self.model.query, user=self._user()))
        self.sync_indicator.start()
        self.backup_watch.start()
        self._start_desk()
        self.alert_watch.check()
        self.watch.poke()
        self.case_table.setFocus()

    def refresh(self) -> None:
        """Something changed in the register: ask again for what is shown."""
        if self.is_locked or self.ctx.session is None:
            return
        self.model.reload()
        if self.search.active:
            self.search.run_now()

    def _user(self) -> str | None:
        return self.ctx.session.user if self.ctx.session else None

    # -- the supervisor's desk (issue 16) ------------------------------------------------------
    def _supervising(self) -> bool:
        session = self.ctx.session
        return session is not None and session.role.value in ("supervisor", "admin")

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        case_no = current.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole) if current.isValid() else None
        if case_no:
            self.detail.show_case(case_no)

    def _to_results(self) -> None:
        if self.search.active and self.lists.currentWidget() is not self.hit_table:
            self.search.run_now()
        view = self._current_list()
        view.setFocus()
        if view.model().rowCount() and not view.currentIndex().isValid():
            view.selectRow(0)

    def _search_done(self, _text: str, count: int, _seconds: float) -> None:
        self.lists.setCurrentWidget(self.hit_table)
        self.count_label.setText(self.tr("%n case(s) found", "", count))

    def _search_cleared(self) -> None:
        self.lists.setCurrentWidget(self.case_table)
        self._show_count(self.model.rowCount())

    def _show_count(self, n: int) -> None:
        if self.lists.currentWidget() is self.case_table:
            self.count_label.setText(self.tr("%n case(s)", "", n))

    def _busy(self, busy: bool, label: str) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setText(label if busy else "")

    def _error(self, exc: BaseException) -> None:
        self.statusBar().showMessage(session_ops.error_text(exc, self.ctx.lang), 10_000)

    # -- commands ----------------------------------------------------------------------------
    def new_case(self, case_type: str) -> None:
        """Open the intake form for *case_type* (part B's dialog)."""
        if self.is_locked:
            return
        try:
            from app.core.model import CaseType
            from app.ui.intake import IntakeDialog
        except ImportError:
            QMessageBox.information(
                self, self.tr("New case"), self.tr("The intake forms are not available in this build.")
            )
            return
        dialog: Any = IntakeDialog(self.ctx, CaseType(case_type), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if hasattr(dialog, "registered"):
            dialog.registered.connect(self.detail.show_case)
        if hasattr(dialog, "open_case_requested"):  # the duplicate warning's "Open the existing case"
            dialog.open_case_requested.connect(self.detail.show_case)
        dialog.show()

    def show_match_queue(self) -> None:
        """The station-wide candidates waiting for review, in the matches window."""
        if not self.is_locked:
            self._matches().show_queue()

    def show_case_matches(self, case_no: str | None = None) -> None:
        """The candidates of *case_no* (default: the case in the detail pane)."""
        if self.is_locked:
            return
        case_no = case_no or getattr(self.detail, "case_no", None)
        if not case_no:
            self.statusBar().showMessage(
                self.tr("Choose a case first: its candidates are shown then."), 8_000
            )
            return
        self._matches().show_case(case_no)

    def _matches(self) -> MatchesWindow:
        from app.ui.matches_window import MatchesWindow

        if self.matches_window is None:
            self.matches_window = MatchesWindow(self.ctx, self)
            self.matches_window.open_case.connect(self._open_case_from_elsewhere)
        return self.matches_window

    def _check_referrals(self) -> None:
        """After a sync: say in the status bar when referrals from other stations wait here."""
        if self.is_locked or self.ctx.session is None:
            return
        from app.services.referrals import waiting_count

        self.ctx.submit(waiting_count, on_done=self._referrals_waiting, label="")

    def _referrals_waiting(self, waiting: int) -> None:
        if waiting <= 0:
            return
        note = self.tr("Referrals from other stations waiting for an answer: %n (F7)", "", waiting)
        current = self.statusBar().currentMessage()
        self.statusBar().showMessage(f"{current} · {note}" if current else note, 30_000)

    def _open_case_from_elsewhere(self, case_no: str) -> None:
        """A case number chosen in the matches or problems window: show it in the register."""
        # Focus goes to the detail pane, not the list: a list taking focus with no current row
        # would choose its first row and show that case instead.
        self.detail.setFocus()
        self.raise_()
        self.activateWindow()
        self.detail.show_case(case_no)

    def _current_list(self) -> QTableView:
        return self.hit_table if self.lists.currentWidget() is self.hit_table else self.case_table

    def focus_search(self) -> None:
        if not self.is_locked:
            self.search_box.setFocus()
            self.search_box.selectAll()

    def focus_list(self) -> None:
        if not self.is_locked:
            self._current_list().setFocus()

    def focus_detail(self) -> None:
        if not self.is_locked:
            self.detail.setFocus()

    def lock(self) -> None:
        """Hide every case: workspace, toolbar, other windows; keep the session open."""
        if self.is_locked or self.ctx.session is None:
            return
        self.is_locked = True
        self.ctx.is_locked = True
        self.watch.stop()
        self._hidden_windows = [  # a window that closes itself on lock (a typed token) stays closed
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not self and w.isWindow() and not w.property("closes_on_lock")
        ]
        for w in self._hidden_windows:
            w.hide()
        self.toolbar.hide()
        self.actions_.set_locked(True)
        self.model.clear()
        self.search.flush_audit()  # the search on screen is audited before the lock
        self.search.model.set_hits([])
        self.detail.clear()
        self.count_label.clear()
        session = self.ctx.session
        self.stack.setCurrentWidget(self.lock_screen)
        self.lock_screen.prepare(session.user, session.station.name)
        self.retranslate()
        self.ctx.submit(session_ops.record_lock(), label="")  # audited: screen.lock
        self.ctx.locked.emit()

    def _unlock(self, password: str) -> None:
        self.ctx.submit(
            session_ops.verify_password(password), on_done=lambda _ok: self.unlock(),
            on_error=lambda exc: self.lock_screen.show_error(session_ops.error_text(exc, self.ctx.lang)),
            label=self.tr("Checking the password…"),
        )  # fmt: skip

    def unlock(self) -> None:
        """The password was right: show the workspace again and reload what it showed."""
        self.is_locked = False
        self.ctx.is_locked = False
        self.stack.setCurrentWidget(self.work_area)
        self.toolbar.show()
        self.actions_.set_locked(False)
        for w in self._hidden_windows:
            w.show()
        self._hidden_windows = []
        self.retranslate()
        self.ctx.unlocked.emit()
        self.model.reload()
        if self.search.active:
            self.search.run_now()
        self.watch.poke()
        self._current_list().setFocus()

    def about(self) -> None:
        QMessageBox.about(
            self, self.tr("About Xunren"),
            self.tr("Xunren (寻人): the station register of missing, found and trafficked persons."),
        )  # fmt: skip

    def closeEvent(self, event: QCloseEvent) -> None:
        self.watch.stop()
        super().closeEvent(event)
