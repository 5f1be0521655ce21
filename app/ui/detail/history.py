"""The history tab: every audit entry about the case, oldest first, in the officer's words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget


def action_name(action: str) -> str:
    names = {
        "case.create": QCoreApplication.translate("CaseHistory", "Registered"),
        "case.view": QCoreApplication.translate("CaseHistory", "Viewed"),
        "case.void_request": QCoreApplication.translate("CaseHistory", "Void requested"),
        "case.assign": QCoreApplication.translate("CaseHistory", "Assigned"),
        "review.approve_registration": QCoreApplication.translate("CaseHistory", "Registration approved"),
        "review.approve_void": QCoreApplication.translate("CaseHistory", "Void approved"),
        "review.return": QCoreApplication.translate("CaseHistory", "Returned"),
        "print": QCoreApplication.translate("CaseHistory", "Printed"),
        "photo.add": QCoreApplication.translate("CaseHistory", "Photo added"),
        "sample.add": QCoreApplication.translate("CaseHistory", "Sample added"),
        "sample.handover": QCoreApplication.translate("CaseHistory", "Sample handed over"),
        "sample.profile": QCoreApplication.translate("CaseHistory", "STR profile entered"),
        "sample.status": QCoreApplication.translate("CaseHistory", "Sample status changed"),
    }
    return names.get(action, action)


class HistoryTable(QTableWidget):
    """Time, who, what, outcome and detail of each audit entry."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Who"), self.tr("What"), self.tr("Outcome"), self.tr("Detail")]
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.setAlternatingRowColors(True)

    def show_entries(self, entries: Sequence[Any]) -> None:
        self.setRowCount(len(entries))
        for row, e in enumerate(entries):
            try:
                at = (
                    dt.datetime.fromisoformat(str(e.at).replace("Z", "+00:00"))
                    .astimezone()
                    .strftime("%Y-%m-%d %H:%M:%S")
                )
            except ValueError:
                at = str(e.at)
            outcome = self.tr("ok") if e.outcome == "ok" else str(e.outcome)
            for col, text in enumerate((at, e.actor, action_name(e.action), outcome, e.detail)):
                self.setItem(row, col, QTableWidgetItem(str(text)))
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
