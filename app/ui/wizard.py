"""First run: the station's code and name, the administrator's account, the recovery key.

The station code is checked as it is typed (nine digits, the first six a current GB/T 2260
county, whose name is shown). Creating the encrypted store runs on the database runner; the
recovery key is then shown once, with a prompt to print the recovery sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.core import regions
from app.ui import session_ops
from app.ui.context import UiContext

if TYPE_CHECKING:
    from app.services.session import Session

MIN_PASSWORD = 10


def _hint(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class StationPage(QWizardPage):
    """Station code (validated live, county name shown) and station name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = QLineEdit(self)
        self.code.setValidator(QRegularExpressionValidator(r"\d{0,9}", self.code))
        self.code.setMaxLength(9)
        self.county = _hint(self)
        self.name = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.address = QLineEdit(self)
        self.phone_hint = _hint(self)
        self.form = QFormLayout(self)
        self.code_label = QLabel(self)
        self.name_label = QLabel(self)
        self.phone_label = QLabel(self)
        self.address_label = QLabel(self)
        for label, edit in ((self.code_label, self.code), (self.name_label, self.name),
                            (self.phone_label, self.phone), (self.address_label, self.address)):  # fmt: skip
            label.setBuddy(edit)
        self.form.addRow(self.code_label, self.code)
        self.form.addRow("", self.county)
        self.form.addRow(self.name_label, self.name)
        self.form.addRow(self.phone_label, self.phone)
        self.form.addRow("", self.phone_hint)
        self.form.addRow(self.address_label, self.address)
        self.code.textChanged.connect(self._code_changed)
        self.name.textChanged.connect(self.completeChanged)
        self.phone.textChanged.connect(self._phone_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Station"))
        self.setSubTitle(self.tr("The nine-digit station code and the station's name, as printed on forms."))
        self.code_label.setText(self.tr("Station &code:"))
        self.name_label.setText(self.tr("Station &name:"))
        self.code.setPlaceholderText(self.tr("e.g. 370783001"))
        self.name.setPlaceholderText(self.tr("e.g. Shengcheng Police Station"))
        self.phone_label.setText(self.tr("Station &phone:"))
        self.address_label.setText(self.tr("Station a&ddress:"))
        self.phone.setPlaceholderText(self.tr("e.g. 0536-5221110"))
        self.address.setPlaceholderText(self.tr("e.g. 18 Yinhai Road, Shouguang"))
        self._code_changed(self.code.text())
        self._phone_changed(self.phone.text())

    def _phone_changed(self, text: str) -> None:
        from app.core.field_checks import PHONE_PATTERN

        bad = bool(text.strip()) and not PHONE_PATTERN.match(text.strip())
        self.phone_hint.setText(
            self.tr("Not a phone number.")
            if bad
            else self.tr("Printed on every receipt and poster: families call it.")
        )
        self.phone_hint.setStyleSheet("color: #b00020;" if bad else "")
        self.completeChanged.emit()

    def county_of(self, code: str) -> str | None:
        """The county's full name when *code* is a valid station code, else None."""
        if len(code) != 9 or not code.isdigit() or not regions.is_place(code[:6]):
            return None
        region = regions.lookup(code[:6])
        return region.full_name if region else None

    def _code_changed(self, code: str) -> None:
        county = self.county_of(code)
        if county:
            self.county.setText(self.tr("County: %1").replace("%1", county))
            self.county.setProperty("problem", False)
        elif len(code) < 9:
            self.county.setText(self.tr("%1 of 9 digits").replace("%1", str(len(code))))
            self.county.setProperty("problem", False)
        else:
            self.county.setText(
                self.tr(
                    "The first six digits are not a current county code, nor a city without counties (GB/T 2260)."
                )
            )
            self.county.setProperty("problem", True)
        self.county.setStyleSheet("color: #b00020;" if self.county.property("problem") else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        from app.core.field_checks import PHONE_PATTERN

        phone = self.phone.text().strip()
        return (
            self.county_of(self.code.text()) is not None
            and bool(self.name.text().strip())
            and (not phone or PHONE_PATTERN.match(phone) is not None)
        )


class AdminPage(QWizardPage):
    """The administrator's user name and password (at least ten characters, typed twice)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = QLineEdit("admin", self)
        self.password = QLineEdit(self)
        self.repeat = QLineEdit(self)
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self._check)
        self.user.textChanged.connect(self._check)
        self.hint = _hint(self)
        self.error = _hint(self)
        self.error.setStyleSheet("color: #b00020;")
        self.labels = [QLabel(self) for _ in range(3)]
        form = QFormLayout(self)
        for label, edit in zip(self.labels, (self.user, self.password, self.repeat), strict=True):
            label.setBuddy(edit)
            form.addRow(label, edit)
        form.addRow("", self.hint)
        form.addRow("", self.error)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Administrator"))
        self.setSubTitle(
            self.tr("The station administrator's account. Officers get their own accounts later.")
        )
        self.labels[0].setText(self.tr("&User name:"))
        self.labels[1].setText(self.tr("&Password:"))
        self.labels[2].setText(self.tr("&Repeat password:"))
        self._check()

    def problem(self) -> str:
        """What is still wrong with the account, in words ('' when it is fine)."""
        if not self.user.text().strip():
            return self.tr("Enter a user name.")
        if len(self.password.text()) < MIN_PASSWORD:
            return self.tr("The password needs at least %1 characters.").replace("%1", str(MIN_PASSWORD))
        if self.password.text() != self.repeat.text():
            return self.tr("The two passwords do not match.")
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.hint.setText(problem or self.tr("The account is ready."))
        self.hint.setStyleSheet("color: #b00020;" if problem else "color: #1b5e20;")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.problem()


class RecoveryPage(QWizardPage):
    """Creates the station, then shows the recovery key once with the prompt to print it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = _hint(self)
        self.key = QLabel(self)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        mono.setPointSizeF(self.font().pointSizeF() * 1.4)
        mono.setBold(True)
        self.key.setFont(mono)
        self.key.setWordWrap(True)
        self.prompt = _hint(self)
        self.prompt.setStyleSheet("font-weight: bold; color: #8a4b00;")
        self.print_button = QPushButton(self)
        self.print_button.setEnabled(False)
        layout = QVBoxLayout(self)
        for w in (self.status, self.key, self.prompt):
            layout.addWidget(w)
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.done = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Recovery key"))
        self.print_button.setText(self.tr("&Print the recovery sheet…"))
        self.prompt.setText(
            self.tr(
                "This key is shown only this once. Print the recovery sheet now and lock it away: "
                "without it, a forgotten administrator password means the station's records are lost."
            )
        )
        if not self.done:
            self.status.setText(self.tr("Creating the encrypted station…"))

    def isComplete(self) -> bool:
        return self.done


class FirstRunWizard(QWizard):
    """The first-run wizard. Emits ``station_created`` with the open session when finished."""

    station_created = Signal(object)
    station_restored = Signal(object)  # Restored: a backup was installed here instead (log on next)

    def __init__(self, ctx: UiContext, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._data_dir = data_dir
        self.session: Session | None = None
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.station_page = StationPage(self)
        self.admin_page = AdminPage(self)
        self.recovery_page = RecoveryPage(self)
        for page in (self.station_page, self.admin_page, self.recovery_page):
            self.addPage(page)
        self.recovery_page.print_button.clicked.connect(self.print_recovery_sheet)
        self.currentIdChanged.connect(self._page_changed)
        # A replacement PC: the station comes back from its backup instead of starting empty.
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._custom_button)
        self.restoring: QWidget | None = None
        self.retranslate()

    def _custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:
            self.open_restore()

    def open_restore(self) -> QWidget:
        """Restore from a backup… (an administrator of the backup or its recovery key)."""
        from app.ui.restore_backup import RestoreDialog

        dialog = RestoreDialog(self._ctx, self._data_dir, "", self)
        dialog.restored.connect(self.station_restored)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.restoring = dialog
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Xunren — set up this station"))
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("Restore from a &backup…"))
        for page in (self.station_page, self.admin_page, self.recovery_page):
            page.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _page_changed(self, page_id: int) -> None:
        self.button(QWizard.WizardButton.CustomButton1).setVisible(self.page(page_id) is self.station_page)
        if self.page(page_id) is self.recovery_page and self.session is None:
            self._create()

    def _create(self) -> None:
        s, a = self.station_page, self.admin_page
        op = session_ops.create_station(
            self._data_dir, s.code.text(), s.name.text().strip(), a.user.text().strip(), a.password.text(),
            self._ctx.lang, phone=s.phone.text().strip(), address=s.address.text().strip(),
        )  # fmt: skip
        label = self.tr("Creating the encrypted station…")
        self._ctx.submit_plain(op, on_done=self._created, on_error=self._failed, label=label)

    def _created(self, session: Session) -> None:
        self.session = session
        self._ctx.set_session(session)
        page = self.recovery_page
        page.done = True
        page.status.setText(self.tr("The station is ready. Recovery key:"))
        page.key.setText(session.recovery_key or "")
        page.print_button.setEnabled(True)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)  # the station exists now
        page.print_button.setFocus()
        page.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.back()
        self.admin_page.error.setText(session_ops.error_text(exc, self._ctx.lang))

    def print_recovery_sheet(self) -> None:
        """Open the print preview of the recovery sheet (part B's preview dialog).

        HOOK: if ``app.ui.preview`` is not installed, the button only says so.
        """
        session = self.session
        if session is None:
            return
        try:
            from app.ui.preview import PreviewDialog
        except ImportError:  # pragma: no cover - the preview ships with the app
            self.recovery_page.status.setText(self.tr("Printing is not available in this build."))
            return
        lang = self._ctx.lang

        def produce(s: Session) -> bytes:
            from app.services.printing import render_recovery_sheet

            return render_recovery_sheet(s, lang)

        title = self.tr("Recovery sheet")
        dialog = PreviewDialog(self._ctx, title, produce, file_name="recovery-sheet.pdf", parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def reject(self) -> None:
        """Closing the window after the station was made still opens it (nothing is undone)."""
        if self.session is not None:
            self.accept()
            return
        super().reject()

    def accept(self) -> None:
        if self.session is not None:
            self.station_created.emit(self.session)
        super().accept()
