"""The desk's dialogs: assign a case (or all of an officer's cases) with a reason; a list of the
cases behind a dashboard number."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QTableView, QVBoxLayout, QWidget

from app.ui import i18n
from app.ui.case_list import local_time
from app.ui.desk.table import fill_table, make_table
from app.ui.detail.life_dialogs import ReasonDialog


class AssignDialog(ReasonDialog):
    """Choose the officer who answers for a case from now on, and say why."""

    def __init__(self, title: str, note: str, officers: Sequence[tuple[str, str]], parent: QWidget | None = None,
                 *, ok_text: str = "", exclude: str | None = None) -> None:  # fmt: skip
        self._officers = [o for o in officers if o[0] != exclude]
        super().__init__(title, note, parent, ok_text=ok_text or self.tr("&Assign"))

    def _extra_rows(self) -> None:
        self.officer = QComboBox(self)
        for name, full_name in self._officers:
            self.officer.addItem(f"{full_name}（{name}）" if full_name else name, name)
        label = QLabel(self.tr("&Officer"), self)
        label.setBuddy(self.officer)
        self.box.addWidget(label)
        self.box.addWidget(self.officer)

    def chosen(self) -> str:
        return str(self.officer.currentData())


class CasesBehindDialog(QDialog):
    """The cases a dashboard number stands for; double-click (or Enter) opens one."""

    open_case = Signal(str)

    def __init__(self, title: str, rows: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 520)
        box = QVBoxLayout(self)
        self.count = QLabel(self.tr("%n case(s)", "", len(rows)), self)
        box.addWidget(self.count)
        self.table: QTableView = make_table(self)
        headers = [self.tr("Case number"), self.tr("Type"), self.tr("Status"), self.tr("Persons"),
                   self.tr("Officer"), self.tr("Registered")]  # fmt: skip
        fill_table(self.table, headers, [
            [r.case_no, self.tr("Alert") if r.alert else i18n.case_type_name(r.type), i18n.status_name(r.status), r.names,
             r.assigned_to or r.officer, local_time(r.created_at)] for r in rows
        ], keys=[r.case_no for r in rows])  # fmt: skip
        self.table.activated.connect(lambda index: self.open_case.emit(index.data(Qt.ItemDataRole.UserRole)))
        box.addWidget(self.table, 1)
