"""A plain read-only table for the desk's lists: a model over rows of text, so a queue of
thousands of items costs only the rows on screen (the view asks for what it shows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex
DIM = QColor("#8a8f98")
SIZE_BY_ROWS = 60  # columns are sized to the first rows, not to every row


class RowsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: Sequence[Sequence[str]] = []
        self.keys: Sequence[str] = []
        self.dim: dict[int, str] = {}  # row → tooltip saying why it is greyed

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]], keys: Sequence[str],
                 dim: dict[int, str] | None = None) -> None:  # fmt: skip
        self.beginResetModel()
        self.headers, self.rows, self.keys, self.dim = list(headers), rows, keys, dim or {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[r][c]
        if role == Qt.ItemDataRole.UserRole:
            return self.keys[r]
        if role == Qt.ItemDataRole.ForegroundRole and r in self.dim:
            return DIM
        if role == Qt.ItemDataRole.ToolTipRole and r in self.dim:
            return self.dim[r]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def make_table(parent: QWidget, *, multi: bool = False) -> QTableView:
    table = QTableView(parent)
    table.setModel(RowsModel(table))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = (
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setSelectionMode(mode)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(round(table.fontMetrics().height() * 1.5))
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setResizeContentsPrecision(SIZE_BY_ROWS)
    return table


def model_of(table: QTableView) -> RowsModel:
    model = table.model()
    assert isinstance(model, RowsModel)
    return model


def fill_table(table: QTableView, headers: Sequence[str], rows: Sequence[Sequence[str]], keys: Sequence[str],
               dim: dict[int, str] | None = None) -> None:  # fmt: skip
    """Replace the table's rows; each row keeps *keys[i]* (a case number or an item id)."""
    model_of(table).set_rows(headers, rows, keys, dim)
    table.resizeColumnsToContents()


def cell(table: QTableView, row: int, column: int) -> str:
    return str(model_of(table).rows[row][column])


def row_count(table: QTableView) -> int:
    return model_of(table).rowCount()


def selected_keys(table: QTableView) -> list[str]:
    rows = sorted({i.row() for i in table.selectionModel().selectedRows()})
    keys = model_of(table).keys
    return [str(keys[r]) for r in rows]
