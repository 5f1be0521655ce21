"""The history tab: every audit entry about the case, oldest first, in the officer's words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from app.core.casediff import change_words
from app.core.model import Revision
from app.ui.i18n import current_language


def action_name(action: str) -> str:
    names = {
        "case.create": QCoreApplication.translate("CaseHistory", "Registered"),
        "case.view": QCoreApplication.translate("CaseHistory", "Viewed"),
        "case.void_request": QCoreApplication.translate("CaseHistory", "Void requested"),
        "case.assign": QCoreApplication.translate("CaseHistory", "Assigned"),
        "review.approve_registration": QCoreApplication.translate("CaseHistory", "Registration approved"),
        "review.approve_resubmission": QCoreApplication.translate("CaseHistory", "Correction approved"),
        "review.approve_void": QCoreApplication.translate("CaseHistory", "Void approved"),
        "review.approve_closure": QCoreApplication.translate("CaseHistory", "Closure approved"),
        "case.edit": QCoreApplication.translate("CaseHistory", "Edited"),
        "case.resubmit": QCoreApplication.translate("CaseHistory", "Resubmitted"),
        "case.close_request": QCoreApplication.translate("CaseHistory", "Closure requested"),
        "case.reopen": QCoreApplication.translate("CaseHistory", "Reopened"),
        "case.duplicate_allowed": QCoreApplication.translate("CaseHistory", "Registered despite a duplicate"),
        "review.return": QCoreApplication.translate("CaseHistory", "Returned"),
        "print": QCoreApplication.translate("CaseHistory", "Printed"),
        "photo.add": QCoreApplication.translate("CaseHistory", "Photo added"),
        "sample.add": QCoreApplication.translate("CaseHistory", "Sample added"),
        "sample.handover": QCoreApplication.translate("CaseHistory", "Sample handed over"),
        "sample.profile": QCoreApplication.translate("CaseHistory", "STR profile entered"),
        "sample.status": QCoreApplication.translate("CaseHistory", "Sample status changed"),
    }
    return names.get(action, action)


def _revision_of(detail: str) -> int:
    m = re.match(r"rev=(\d+)", detail)
    return int(m.group(1)) if m else -1


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

    def show_entries(self, entries: Sequence[Any], revisions: Sequence[Revision] = ()) -> None:
        """The audit entries; an edit's detail is its diff in words (who, when, why, what)."""
        edits = {r.revision: r for r in revisions}
        lang = current_language()
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
            detail = e.detail
            if e.action == "case.edit":
                rev = edits.get(_revision_of(e.detail))
                if rev is not None:
                    detail = ("; " if lang == "en" else "；").join(
                        [rev.reason, *(change_words(c, lang) for c in rev.changes)]
                    )
            for col, text in enumerate((at, e.actor, action_name(e.action), outcome, detail)):
                cell = QTableWidgetItem(str(text))
                if col == 4 and text:
                    cell.setToolTip(
                        str(text).replace("；", "\n").replace("; ", "\n")
                    )  # an edit's diff, line by line
                self.setItem(row, col, cell)
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
