"""Search as you type: latest-query-wins, and the table of hits.

Every keystroke sends its query to the runner at the next turn of the event loop (changes within
one turn, such as a paste, coalesce), so a result is on screen one look-up after the last key.
Only the answer to the newest query is shown: an older query still waiting in the queue is
skipped, and an older answer that arrives late is dropped. The hits say what they matched on
(name, pinyin, initials, ID number, phone, case number).

Audit: a search is written to the audit log once the officer stops typing (``AUDIT_SETTLE_MS``
after the last answer shown, or at once when the box is cleared or the screen locks), so
looking up one name is one entry, not one per keystroke.
"""

from __future__ import annotations

import time
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QLineEdit, QWidget

from app.ui import session_ops
from app.ui.case_list import cell_text, column_title
from app.ui.context import UiContext
from app.ui.session_ops import ListRow

DEBOUNCE_MS = 0  # the next turn of the event loop: coalesces a paste, adds no waiting
AUDIT_SETTLE_MS = 1500
Index = QModelIndex | QPersistentModelIndex
HIT_COLUMNS = ("case_no", "names", "matched_on", "type", "status", "created_at")


class SearchResultsModel(QAbstractTableModel):
    """The hits of the latest search."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[ListRow] = []

    def set_hits(self, hits: list[ListRow]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HIT_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(hit, HIT_COLUMNS[index.column()])
        if role == Qt.ItemDataRole.UserRole:
            return hit.case_no
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return column_title(HIT_COLUMNS[section])
        return None


class CaseSearch(QObject):
    """Runs the newest query of a search box on the runner and fills :class:`SearchResultsModel`.

    Signals: ``started`` when a query is sent, ``finished(text, count, seconds)`` when its hits are
    shown (seconds from sending to showing), ``cleared`` when the box was emptied.
    """

    started = Signal(str)
    finished = Signal(str, int, float)
    cleared = Signal()
    failed = Signal(str)

    def __init__(self, ctx: UiContext, box: QLineEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.box = box
        self.model = SearchResultsModel(self)
        self._latest = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_now)
        self._unaudited: list[ListRow] | None = None  # hits shown but not yet audited
        self._audit_timer = QTimer(self)
        self._audit_timer.setSingleShot(True)
        self._audit_timer.setInterval(AUDIT_SETTLE_MS)
        self._audit_timer.timeout.connect(self.flush_audit)
        box.textChanged.connect(self._typed)

    @property
    def active(self) -> bool:
        """True while the box holds a query (the results replace the case list)."""
        return bool(self.box.text().strip())

    def _typed(self, text: str) -> None:
        self._latest += 1  # any answer still on its way is now stale
        if text.strip():
            self._timer.start()
        else:
            self.run_now()  # an emptied box shows the case list at once

    def flush_audit(self) -> None:
        """Write the audit entry of the search on screen now, if it has none yet."""
        self._audit_timer.stop()
        hits, self._unaudited = self._unaudited, None
        if hits is not None and self._ctx.session is not None:
            self._ctx.submit(session_ops.audit_search(hits))

    def clear(self) -> None:
        """Empty the box and the hits (on lock: no case stays on screen)."""
        self.flush_audit()
        self._timer.stop()
        self._latest += 1
        self.box.blockSignals(True)
        self.box.clear()
        self.box.blockSignals(False)
        self.model.set_hits([])
        self.cleared.emit()

    def run_now(self) -> None:
        """Send the box's text now (the debounce timer calls this; Enter may too)."""
        self._timer.stop()
        text = self.box.text().strip()
        self._latest += 1
        ticket = self._latest
        if not text:
            self.flush_audit()
            self.model.set_hits([])
            self.cleared.emit()
            return
        if self._ctx.session is None:
            return
        query = session_ops.search_cases(text, audit=False)  # audited when typing settles
        sent = time.perf_counter()

        def run(session: Any) -> list[ListRow] | None:
            if ticket != self._latest:  # a newer query is already queued: skip this one
                return None
            return query(session)

        self.started.emit(text)
        self._ctx.submit(
            run,
            on_done=lambda hits: self._answered(ticket, text, hits, sent),
            on_error=lambda exc: self._failed(ticket, exc),
            label=self.tr("Searching…"),
        )

    def _answered(self, ticket: int, text: str, hits: list[ListRow] | None, sent: float) -> None:
        if ticket != self._latest or hits is None or not shiboken6.isValid(self):
            return
        self.model.set_hits(hits)
        self._unaudited = hits
        self._audit_timer.start()
        self.finished.emit(text, len(hits), time.perf_counter() - sent)

    def _failed(self, ticket: int, exc: BaseException) -> None:
        if ticket == self._latest:
            self.failed.emit(session_ops.error_text(exc, self._ctx.lang))


def make_search_box(parent: QWidget | None = None) -> QLineEdit:
    """The search field of the toolbar."""
    box = QLineEdit(parent)
    box.setClearButtonEnabled(True)
    box.setMinimumWidth(box.fontMetrics().averageCharWidth() * 36)
    return box
