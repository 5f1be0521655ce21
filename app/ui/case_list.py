"""The case list: a lazy table model over the whole register, and its filter bar.

The model knows only the row count (one ``count_cases`` on the runner) and the pages it has
fetched. A row the view asks for that is not loaded yet shows "…" and queues its page of
:data:`~app.ui.session_ops.PAGE_SIZE` rows; sorting and filtering change the query and are done by
the database. A new query bumps a generation number, so answers to an older query are dropped.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from app.ui import i18n, session_ops
from app.ui.context import UiContext
from app.ui.session_ops import PAGE_SIZE, ListQuery, ListRow

MAX_PAGES = 60  # pages kept in memory (12,000 rows); older ones are fetched again if needed
KEEP_NEAR_PAGES = 2  # a queued page further than this from where the view is now is skipped
Index = QModelIndex | QPersistentModelIndex

# (column key, sort key in the database or None when the column is not sortable)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("case_no", "case_no"),
    ("type", "type"),
    ("names", None),
    ("status", "status"),
    ("review", None),
    ("officer", "officer"),
    ("created_at", "created_at"),
)


def column_title(key: str) -> str:
    titles = {
        "case_no": QCoreApplication.translate("CaseListModel", "Case number"),
        "type": QCoreApplication.translate("CaseListModel", "Type"),
        "names": QCoreApplication.translate("CaseListModel", "Persons"),
        "status": QCoreApplication.translate("CaseListModel", "Status"),
        "review": QCoreApplication.translate("CaseListModel", "Review"),
        "officer": QCoreApplication.translate("CaseListModel", "Officer"),
        "created_at": QCoreApplication.translate("CaseListModel", "Registered"),
        "matched_on": QCoreApplication.translate("CaseListModel", "Matched on"),
    }
    return titles.get(key, key)


def cell_text(row: ListRow, key: str) -> str:
    """The words shown for one value of a row."""
    if key == "type":
        return i18n.case_type_name(row.type)
    if key == "status":
        return i18n.status_name(row.status)
    if key == "review":
        return i18n.review_name(row.review)
    if key == "matched_on":
        return i18n.matched_on_name(row.matched_on)
    if key == "created_at":
        return local_time(row.created_at)
    if key == "names" and not row.names:
        return QCoreApplication.translate("CaseListModel", "(name unknown)")
    return str(getattr(row, key))


def local_time(utc_text: str) -> str:
    """UTC ISO text as the station's local date and time (minutes)."""
    try:
        when = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    except ValueError:
        return utc_text
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


class CaseListModel(QAbstractTableModel):
    """Every case the query selects, fetched page by page on the runner as the view scrolls."""

    counted = Signal(int)  # the total for the current query is known
    page_loaded = Signal(int)  # a page arrived (its number)

    def __init__(self, ctx: UiContext, parent: Any = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.query = ListQuery()
        self._rows = 0
        self._pages: OrderedDict[int, list[ListRow]] = OrderedDict()
        self._asked: set[int] = set()
        self._generation = 0
        self._recent_page = 0  # the page the view last drew from

    # -- the query ---------------------------------------------------------------------------
    def set_query(self, query: ListQuery) -> None:
        """Show the cases *query* selects: count them, then fetch the first page."""
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Drop everything loaded and ask the database again (after a change or a new query)."""
        self._generation += 1
        gen = self._generation
        self.beginResetModel()
        self._rows = 0
        self._pages.clear()
        self._asked.clear()
        self.endResetModel()
        if self._ctx.session is None:
            return
        self._ctx.submit(
            session_ops.count_cases(self.query),
            on_done=lambda n: self._counted(gen, n),
            on_error=lambda _e: None,
            label=self.tr("Counting cases…"),
        )
        self._ask(0)

    def clear(self) -> None:
        """Forget every row (on lock and logoff): nothing of a case stays in memory here."""
        self._generation += 1
        self.beginResetModel()
        self._rows = 0
        self._pages.clear()
        self._asked.clear()
        self.endResetModel()

    def _counted(self, gen: int, n: int) -> None:
        if gen != self._generation or not shiboken6.isValid(self):
            return
        self.beginResetModel()
        self._rows = n
        self.endResetModel()
        self.counted.emit(n)

    def _ask(self, page: int) -> None:
        if page in self._asked or page in self._pages:
            return
        self._asked.add(page)
        gen, query = self._generation, self.query

        def run(session: Any) -> list[ListRow] | None:
            # Skipped when the query changed, or the officer scrolled far away, while it waited.
            if gen != self._generation or abs(page - self._recent_page) > KEEP_NEAR_PAGES:
                return None
            return session_ops.list_page(query, page * PAGE_SIZE)(session)

        self._ctx.submit(
            run, on_done=lambda rows: self._loaded(gen, page, rows), on_error=lambda _e: self._asked.discard(page),
            label=self.tr("Loading cases…"),
        )  # fmt: skip

    def _loaded(self, gen: int, page: int, rows: list[ListRow] | None) -> None:
        if gen != self._generation or not shiboken6.isValid(self):
            return
        self._asked.discard(page)
        if rows is None:  # skipped: asked again if the view comes back to it
            return
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE_SIZE
        last = min(self._rows, first + len(rows)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.page_loaded.emit(page)

    # -- Qt's model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def row_at(self, row: int) -> ListRow | None:
        """The loaded row, or None (and its page is asked for)."""
        page = row // PAGE_SIZE
        self._recent_page = page
        rows = self._pages.get(page)
        if rows is None:
            self._ask(page)
            return None
        self._pages.move_to_end(page)
        at = row - page * PAGE_SIZE
        return rows[at] if at < len(rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            found = self.row_at(index.row())
            return "…" if found is None else cell_text(found, COLUMNS[index.column()][0])
        if role == Qt.ItemDataRole.UserRole:
            found = self.row_at(index.row())
            return None if found is None else found.case_no
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return column_title(COLUMNS[section][0])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key != self.query.sort or descending != self.query.descending:
            self.set_query(_replace(self.query, sort=key, descending=descending))


def _replace(query: ListQuery, **changes: Any) -> ListQuery:
    from dataclasses import replace

    return replace(query, **changes)


class FilterBar(QWidget):
    """Type, status, responsible officer (or "my cases") and registration period; every change is a
    new database query."""

    changed = Signal()

    PERIODS = ("any", "today", "7", "30", "365")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.type_box = QComboBox(self)
        self.status_box = QComboBox(self)
        self.period_box = QComboBox(self)
        self.officer = QLineEdit(self)
        self.officer.setClearButtonEnabled(True)
        self.mine = QCheckBox(self)  # the cases the logged-on officer answers for
        self.labels = [QLabel(self) for _ in range(4)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, box in zip(
            self.labels, (self.type_box, self.status_box, self.officer, self.period_box), strict=True
        ):
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box, 1)
        layout.addWidget(self.mine)
        self.mine.toggled.connect(self.officer.setDisabled)
        self.mine.toggled.connect(lambda _on: self.changed.emit())
        for box in (self.type_box, self.status_box, self.period_box):
            box.currentIndexChanged.connect(self.changed)
        self.officer.editingFinished.connect(self.changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.labels[0].setText(self.tr("T&ype:"))
        self.labels[1].setText(self.tr("Stat&us:"))
        self.labels[2].setText(self.tr("Offi&cer:"))
        self.labels[3].setText(self.tr("Regis&tered:"))
        self.officer.setPlaceholderText(self.tr("anyone"))
        self.mine.setText(self.tr("&My cases"))
        self._fill(self.type_box, [None, "missing", "found", "trafficking"], i18n.case_type_name)
        self._fill(self.status_box, [None, "open", "void_pending", "voided", "closed"], i18n.status_name)
        periods = {
            "any": self.tr("any time"), "today": self.tr("today"), "7": self.tr("last 7 days"),
            "30": self.tr("last 30 days"), "365": self.tr("last 12 months"),
        }  # fmt: skip
        self._fill(self.period_box, list(self.PERIODS), lambda p: periods[p])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill(self, box: QComboBox, values: list[Any], name: Any) -> None:
        current = box.currentIndex()
        box.blockSignals(True)
        box.clear()
        for value in values:
            box.addItem(self.tr("all") if value is None else name(value), value)
        box.setCurrentIndex(max(0, current))
        box.blockSignals(False)

    def apply_to(
        self, query: ListQuery, now: dt.datetime | None = None, user: str | None = None
    ) -> ListQuery:
        """*query* with this bar's filters (its sort order kept); "my cases" are *user*'s."""
        period = self.period_box.currentData() or "any"
        created_from = None
        if period != "any":
            local_now = (now or dt.datetime.now(dt.UTC)).astimezone()
            start = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
            if period != "today":
                start -= dt.timedelta(days=int(period))
            created_from = start.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
        return _replace(
            query, case_type=self.type_box.currentData(), status=self.status_box.currentData(),
            officer=(user if self.mine.isChecked() and user else self.officer.text().strip() or None),
            created_from=created_from,
        )  # fmt: skip


def size_columns(view: QTableView, keys: tuple[str, ...]) -> None:
    """Widths from the font and the words of the current language (never fixed pixels, so
    nothing clips at 2x or in English); the persons column takes the rest."""
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    pad = metrics.horizontalAdvance("0") * 4  # margins and the sort arrow
    for column, key in enumerate(keys):
        if key == "names":
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        texts = [str(view.model().headerData(column, Qt.Orientation.Horizontal)), *sample_texts(key)]
        header.resizeSection(column, max(metrics.horizontalAdvance(t) for t in texts) + pad)


def sample_texts(key: str) -> list[str]:
    """The longest things a column of *key* may show."""
    values = {
        "case_no": ["370783001-2026-000000"],
        "type": [i18n.case_type_name(v) for v in ("missing", "found", "trafficking")],
        "status": [i18n.status_name(v) for v in ("open", "void_pending", "voided", "closed")],
        "review": [i18n.review_name(v) for v in ("pending", "approved", "returned")],
        "matched_on": [
            i18n.matched_on_name(v) for v in ("case_no", "name", "pinyin", "initials", "id_number")
        ],
        "officer": ["officer-01"],
        "created_at": ["2026-12-31 23:59"],
    }
    return values.get(key, ["0" * 10])
