"""The overdue cases on the desk: each case with the rules it breaks and since when, filtered by
rule; assign the chosen case to another officer, or open it. An unacknowledged missing-child alert
(another station's case) shows as a line of its own that opens the alert window."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.overdue import Breach, OverdueRule, OverdueThresholds, rule_words
from app.services.cases import overdue_rows
from app.services.overdue import thresholds
from app.ui import i18n
from app.ui.case_list import local_time
from app.ui.context import UiContext
from app.ui.desk.table import fill_table, make_table, selected_keys

Overdue = tuple[list[tuple[Any, tuple[Breach, ...]]], OverdueThresholds]


def read_overdue(session: Any) -> Overdue:
    return overdue_rows(session), thresholds(session)


class OverdueView(QWidget):
    open_case = Signal(str)
    open_alert = Signal(str)  # another station's alerted case: the alert window, not the register
    assign_requested = Signal(str)
    loaded = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[tuple[Any, tuple[Breach, ...]]] = []
        self.limits = OverdueThresholds()
        self.rule_box = QComboBox(self)
        self.rule_label = QLabel(self)
        self.rule_label.setBuddy(self.rule_box)
        self.table = make_table(self)
        self.assign_button = QPushButton(self)
        self.open_button = QPushButton(self)
        top = QHBoxLayout()
        top.addWidget(self.rule_label)
        top.addWidget(self.rule_box, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.assign_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        self.rule_box.currentIndexChanged.connect(lambda _i: self._show())
        self.assign_button.clicked.connect(self._assign_current)
        self.open_button.clicked.connect(self._open_current)
        self.table.activated.connect(lambda _i: self._open_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.retranslate()

    def retranslate(self) -> None:
        self.rule_label.setText(self.tr("&Rule:"))
        self.assign_button.setText(self.tr("&Assign to…"))
        self._chosen()
        self._fill_rules()
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill_rules(self) -> None:
        current = self.rule_box.currentData()
        self.rule_box.blockSignals(True)
        self.rule_box.clear()
        self.rule_box.addItem(self.tr("every rule"), None)
        for rule in OverdueRule:
            self.rule_box.addItem(rule_words(rule, self.ctx.lang, self.limits), rule.value)
        index = self.rule_box.findData(current)
        self.rule_box.setCurrentIndex(max(index, 0))
        self.rule_box.blockSignals(False)

    def show_rule(self, rule: str | None) -> None:
        self.rule_box.setCurrentIndex(max(self.rule_box.findData(rule), 0))

    def reload(self) -> None:
        self.ctx.submit(read_overdue, on_done=self._loaded, label=self.tr("Checking the overdue rules…"))

    def _loaded(self, result: Overdue) -> None:
        self.rows, self.limits = result
        self._fill_rules()
        self._show()
        self.loaded.emit(len(self.rows))

    def _visible(self) -> Sequence[tuple[Any, tuple[Breach, ...]]]:
        rule = self.rule_box.currentData()
        return [r for r in self.rows if rule is None or any(b.rule.value == rule for b in r[1])]

    def _show(self) -> None:
        lang = self.ctx.lang
        headers = [self.tr("Case number"), self.tr("Type"), self.tr("Persons"), self.tr("Officer"),
                   self.tr("Registered"), self.tr("Overdue")]  # fmt: skip
        shown = self._visible()
        en = lang.startswith("en")
        sep, left, right = ("; ", " (", ")") if en else ("；", "（", "）")
        rows = [[r.case_no, self.tr("Alert") if r.alert else i18n.case_type_name(r.type), r.names,
                 r.assigned_to or r.officer,
                 local_time(r.created_at),
                 sep.join(f"{rule_words(b.rule, lang, self.limits)}{left}{local_time(b.since.isoformat())}{right}"
                          for b in found)]
                for r, found in shown]  # fmt: skip
        fill_table(self.table, headers, rows, [r.case_no for r, _f in shown])
        self._chosen()

    def _current(self) -> tuple[str, bool] | None:
        keys = selected_keys(self.table)
        if not keys:
            return None
        alerted = {r.case_no for r, _f in self.rows if r.alert}
        return keys[0], keys[0] in alerted

    def _chosen(self) -> None:
        """An alert's line opens the alert and cannot be assigned: the case is another station's."""
        current = self._current()
        alert = current is not None and current[1]
        self.open_button.setText(self.tr("Open a&lert") if alert else self.tr("&Open case"))
        self.assign_button.setEnabled(not alert)
        self.assign_button.setToolTip(
            self.tr("Another station's case: acknowledge its alert instead") if alert else ""
        )

    def _open_current(self) -> None:
        current = self._current()
        if current is not None:
            (self.open_alert if current[1] else self.open_case).emit(current[0])

    def _assign_current(self) -> None:
        current = self._current()
        if current is not None and not current[1]:  # another station's case is not ours to assign
            self.assign_requested.emit(current[0])
