"""The supervisor's desk: a window beside the register with the review queue, the overdue cases
and the station dashboard, and the supervisor's commands (assign a case, hand all of an
officer's cases to another, print the weekly report).

It belongs to the main window: locking the screen hides it with the other windows. A case opened
from any list shows in the register's detail pane (``open_case``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from app.core.overdue import OverdueThresholds
from app.services.accounts import list_users
from app.services.assignment import Reassignment, assign_case, reassign_all
from app.services.overdue import set_threshold, thresholds
from app.ui.context import UiContext
from app.ui.desk.dashboard import DashboardView
from app.ui.desk.dialogs import AssignDialog
from app.ui.desk.overdue import OverdueView
from app.ui.desk.queue import ReviewQueueView
from app.ui.desk.rules import OverdueRulesDialog


def _officers(session: Any) -> list[tuple[str, str]]:
    return [(a.name, a.full_name) for a in list_users(session) if not a.removed_at]


class DeskWindow(QWidget):
    open_case = Signal(str)
    open_alert = Signal(str)  # an unacknowledged alert on the overdue list (issue 14's alert window)
    counts_changed = Signal(int, int)  # (items waiting, overdue cases)
    dialog_opened = Signal(object)
    weekly_requested = Signal()
    transfers_requested = Signal()  # issue 14: the case transfers window

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.waiting = 0
        self.overdue = 0
        self.tabs = QTabWidget(self)
        self.queue = ReviewQueueView(ctx, self.tabs)
        self.overdue_view = OverdueView(ctx, self.tabs)
        self.dashboard = DashboardView(ctx, self.tabs)
        self.tabs.addTab(self.queue, "")
        self.tabs.addTab(self.overdue_view, "")
        self.tabs.addTab(self.dashboard, "")
        self.status = QLabel(self)
        self.reassign_button = QPushButton(self)
        self.rules_button = QPushButton(self)
        self.weekly_button = QPushButton(self)
        self.transfers_button = QPushButton(self)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.rules_button)
        top.addWidget(self.reassign_button)
        top.addWidget(self.weekly_button)
        top.addWidget(self.transfers_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 6, 6, 6)
        box.addLayout(top)
        box.addWidget(self.tabs, 1)
        for view in (self.queue, self.overdue_view, self.dashboard):
            view.open_case.connect(self.open_case)
        self.queue.message.connect(self.status.setText)
        self.queue.loaded.connect(self._queue_loaded)
        self.overdue_view.loaded.connect(self._overdue_loaded)
        self.overdue_view.assign_requested.connect(self.ask_assign)
        self.overdue_view.open_alert.connect(self.open_alert)
        self.dashboard.open_alert.connect(self.open_alert)
        self.reassign_button.clicked.connect(self.ask_reassign_all)
        self.rules_button.clicked.connect(self.ask_rules)
        self.weekly_button.clicked.connect(self.weekly_requested)
        self.transfers_button.clicked.connect(self.transfers_requested)
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        ctx.runner.changed.connect(self._register_changed)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.retranslate()
        self.resize(1280, 780)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Supervisor's desk — Xunren"))
        self.tabs.setTabText(0, self.tr("Review queue (%1)").replace("%1", str(self.waiting)))
        self.tabs.setTabText(1, self.tr("Overdue (%1)").replace("%1", str(self.overdue)))
        self.tabs.setTabText(2, self.tr("Dashboard"))
        self.reassign_button.setText(self.tr("Hand over an officer's cases…"))
        self.rules_button.setText(self.tr("Overdue rules…"))
        self.weekly_button.setText(self.tr("Weekly report…"))
        self.transfers_button.setText(self.tr("Case transfers…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def present(self, tab: int | None = None) -> None:
        if tab is not None:
            self.tabs.setCurrentIndex(tab)
        self.show()
        self.raise_()
        self.activateWindow()
        self.reload()

    def reload(self) -> None:
        self.queue.reload()
        self.overdue_view.reload()
        if self.tabs.currentWidget() is self.dashboard:
            self.dashboard.reload()

    def _load_current(self) -> None:
        if self.tabs.currentWidget() is self.dashboard and self.dashboard.board is None:
            self.dashboard.reload()

    def _register_changed(self) -> None:
        if self.isVisible() and not self.ctx.is_locked:
            self.queue.reload()
            self.overdue_view.reload()

    def _queue_loaded(self, n: int) -> None:
        self.waiting = n
        self.retranslate()
        self.counts_changed.emit(self.waiting, self.overdue)

    def _overdue_loaded(self, n: int) -> None:
        self.overdue = n
        self.retranslate()
        self.counts_changed.emit(self.waiting, self.overdue)

    # -- assignment --------------------------------------------------------------------------
    def ask_assign(self, case_no: str) -> None:
        self.ctx.submit(_officers, on_done=lambda officers: self._assign_dialog(case_no, officers))

    def _assign_dialog(self, case_no: str, officers: list[tuple[str, str]]) -> None:
        dialog = AssignDialog(
            self.tr("Assign case %1").replace("%1", case_no),
            self.tr("The officer you choose answers for the case from now on; the change stays in its history."),
            officers, self,
        )  # fmt: skip
        dialog.accepted.connect(lambda: self.ctx.submit(
            lambda s: assign_case(s, case_no, dialog.chosen(), dialog.text()),
            on_done=self._assigned, on_error=self._failed, mutates=True))  # fmt: skip
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _assigned(self, done: Reassignment) -> None:
        self.status.setText(
            self.tr("Case %1: %2 → %3").replace("%1", done.case_no).replace("%2", done.previous)
            .replace("%3", done.assigned_to)
        )  # fmt: skip

    def ask_reassign_all(self) -> None:
        self.ctx.submit(_officers, on_done=self._reassign_dialog)

    def _reassign_dialog(self, officers: list[tuple[str, str]]) -> None:
        leaving = AssignDialog(self.tr("Hand over an officer's cases"),
                               self.tr("Every active case of the officer chosen first goes to the second."),
                               officers, self, ok_text=self.tr("&Hand over"))  # fmt: skip
        to_box = QComboBox(leaving)
        for name, full_name in officers:
            to_box.addItem(f"{full_name}（{name}）" if full_name else name, name)
        label = QLabel(self.tr("&To"), leaving)
        label.setBuddy(to_box)
        leaving.box.insertWidget(3, label)
        leaving.box.insertWidget(4, to_box)
        leaving.to_box = to_box  # type: ignore[attr-defined]
        leaving.accepted.connect(lambda: self.ctx.submit(
            lambda s: reassign_all(s, leaving.chosen(), str(to_box.currentData()), leaving.text()),
            on_done=self._handed_over, on_error=self._failed, mutates=True))  # fmt: skip
        leaving.open()
        self.dialog_opened.emit(leaving)

    def _handed_over(self, done: list[Reassignment]) -> None:
        if done:
            self.status.setText(
                self.tr("%n case(s) handed over", "", len(done))
                + f"：{done[0].previous} → {done[0].assigned_to}"
            )
        else:
            self.status.setText(self.tr("That officer answers for no active case"))

    # -- overdue rules -----------------------------------------------------------------------
    def ask_rules(self) -> None:
        self.ctx.submit(thresholds, on_done=self._rules_dialog)

    def _rules_dialog(self, limits: OverdueThresholds) -> None:
        dialog = OverdueRulesDialog(limits, self.ctx.lang, self)

        def save() -> None:
            changes = dialog.changes()

            def run(s: Any) -> int:
                for rule, value in changes:
                    set_threshold(s, rule, value)
                return len(changes)

            self.ctx.submit(run, on_done=self._rules_saved, on_error=self._failed, mutates=True)

        dialog.accepted.connect(save)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _rules_saved(self, n: int) -> None:
        self.status.setText(self.tr("%n rule(s) changed", "", n))
        self.overdue_view.reload()
        if self.dashboard.board is not None:
            self.dashboard.reload()

    def _failed(self, exc: BaseException) -> None:
        from app.ui.session_ops import error_text

        self.status.setText(error_text(exc, self.ctx.lang))
