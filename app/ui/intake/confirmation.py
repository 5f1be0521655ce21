"""The page shown once a case is filed: its number and verification code, and printing.

The number and code are large and selectable, so the officer can read them out or copy them;
"print receipt" is the default button (Enter), because the family must not leave without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.model import CaseType
from app.core.verification import group
from app.services.cases import Registration
from app.ui.intake import labels

if TYPE_CHECKING:
    from app.ui.context import UiContext
    from app.ui.preview import PreviewDialog


class Confirmation(QWidget):
    """ "Case registered" with the case number, the verification code and print buttons."""

    close_requested = Signal()
    preview_opened = Signal(object)  # the PreviewDialog

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.case_no = ""
        self.title = QLabel(self)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.title.setFont(big)
        self.number = QLabel(self)
        huge = QFont(self.font())
        huge.setPointSizeF(huge.pointSizeF() * 2.6)
        huge.setBold(True)
        self.number.setFont(huge)
        self.code = QLabel(self)
        code_font = QFont(self.font())
        code_font.setPointSizeF(code_font.pointSizeF() * 1.8)
        self.code.setFont(code_font)
        for label in (self.number, self.code):
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #b3261e;")
        self.note.setWordWrap(True)
        self.receipt_button = QPushButton(self.tr("&Print receipt"), self)
        self.receipt_button.setShortcut(QKeySequence.StandardKey.Print)
        self.receipt_button.setToolTip(self.tr("Print receipt (Ctrl+P)"))
        self.receipt_button.setDefault(True)
        self.intake_button = QPushButton(self.tr("Print &intake record"), self)
        self.close_button = QPushButton(self.tr("&Done"), self)
        self.receipt_button.clicked.connect(lambda: self.open_preview("receipt"))
        self.intake_button.clicked.connect(lambda: self.open_preview("intake"))
        self.close_button.clicked.connect(self.close_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.receipt_button, self.intake_button, self.close_button):
            b.setMinimumSize(160, 40)
            buttons.addWidget(b)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.addStretch(1)
        for w in (self.title, self.number, self.code, self.hint, self.note):
            w.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            box.addWidget(w)
        box.addSpacing(24)
        box.addLayout(buttons)
        box.addStretch(2)

    def show_registration(self, reg: Registration, case_type: CaseType, note: str = "") -> None:
        self.case_no = reg.case_no
        self.title.setText(self.tr("✔ %1 case registered").replace("%1", labels.case_type(case_type)))
        self.number.setText(reg.case_no)
        self.code.setText(self.tr("Verification code: %1").replace("%1", group(reg.verification_code)))
        self.hint.setText(
            self.tr("Give the family the printed receipt: it carries the case number and the verification "
                    "code they need to ask about the case.")
        )  # fmt: skip
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.receipt_button.setFocus()

    def open_preview(self, form: str) -> PreviewDialog:
        from app.ui.preview import open_form_preview

        dialog = open_form_preview(self._ctx, form, self.case_no, self.window())
        self.preview_opened.emit(dialog)
        return dialog
