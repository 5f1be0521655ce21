"""A place picker over the GB/T 2260 table: type a name, its pinyin or initials, pick a county.

"寿光", "shouguang" and "sg" all find 寿光市 (370783); a six-digit code may be typed directly.
The picker holds the chosen code; text typed but never chosen leaves the code empty, which the
form reports as a problem beside the picker instead of guessing. The table is in memory
(:mod:`app.core.regions`), so searching as the officer types needs no database work.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app.core import regions

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
LIMIT = 15


def place_label(code: str) -> str:
    """The full name the picker shows for *code* (``山东省潍坊市寿光市``; a withdrawn code by its old
    name), or "" if unknown."""
    return (regions.place_name(code) or "") if code else ""


class PlacePicker(QLineEdit):
    """A line edit with a drop-down of matching counties; ``code()`` is the chosen GB/T 2260 code."""

    code_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code = ""
        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated[QModelIndex].connect(self._chosen)  # type: ignore[index]
        self.textEdited.connect(self._typed)
        self.setPlaceholderText(self.tr("Name, pinyin or initials, e.g. 寿光 / shouguang / sg"))
        self.setClearButtonEnabled(True)

    def code(self) -> str:
        return self._code

    def set_code(self, code: str, label: str = "") -> None:
        """Show a known code (or keep *label* as typed text when the code is empty)."""
        self._code = code if code and regions.place_name(code) else ""
        self.setText(place_label(self._code) or label)
        self.code_changed.emit(self._code)

    def matches(self) -> list[str]:
        """The codes currently offered in the drop-down (tests and screen readers use this)."""
        return [str(self._model.item(i).data(CODE_ROLE)) for i in range(self._model.rowCount())]

    def _typed(self, text: str) -> None:
        query = text.strip()
        previous = self._code
        self._code = ""
        if len(query) == 6 and query.isdigit() and regions.is_place(query):
            self._code = query
        self._model.clear()
        # Cases carry county-level codes only; a prefecture in the list could not be saved.
        hits = regions.search(query, limit=LIMIT * 4) if query and not query.isdigit() else []
        found = [r for r in hits if r.level == regions.COUNTY][:LIMIT]
        for region in found:
            item = QStandardItem(f"{region.name}  ·  {region.full_name}  ({region.code})")
            item.setData(region.code, CODE_ROLE)
            item.setToolTip(region.pinyin)
            self._model.appendRow(item)
        if found:
            self._completer.complete()
        else:
            popup = self._completer.popup()
            if popup is not None:
                popup.hide()
        if self._code != previous:
            self.code_changed.emit(self._code)

    def _chosen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        code = str(index.data(CODE_ROLE) or "")
        self.set_code(code)

    def choose_first(self) -> bool:
        """Take the best match of what was typed (Enter with no row selected does this)."""
        if self._model.rowCount() == 0:
            return False
        self.set_code(str(self._model.item(0).data(CODE_ROLE)))
        return True

    def focusOutEvent(self, event: object) -> None:
        # Leaving the field with exactly one match, or with text that is a match's full name,
        # takes that match: the officer typed a place, not a riddle.
        if not self._code and self._model.rowCount() == 1:
            self.choose_first()
        super().focusOutEvent(event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        assert isinstance(event, QKeyEvent)
        popup = self._completer.popup()
        popup_open = popup is not None and popup.isVisible()
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not popup_open and not self._code and self.choose_first():
            return
        super().keyPressEvent(event)
