"""Settings: the interface language and the inactivity lock.

The language is saved with :func:`app.services.preferences.save_language` and switched live: the
new translator is installed and every open window retranslates itself on Qt's ``LanguageChange``
event. The lock delay (1–30 minutes, default 15) is a desk preference kept beside it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.services.preferences import DEFAULT_LOCK_MINUTES as DEFAULT_LOCK_MINUTES
from app.services.preferences import MAX_LOCK_MINUTES

LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}


def load_lock_minutes() -> int:
    """The inactivity lock delay in minutes, never more than 30 (kept with the preferences)."""
    from app.services.preferences import load_lock_minutes as load

    return load()


def save_lock_minutes(minutes: int) -> None:
    from app.services.preferences import save_lock_minutes as save

    save(minutes)


class SettingsDialog(QDialog):
    """Language and lock delay. ``values()`` gives what the officer chose."""

    def __init__(self, lang: str, lock_minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox(self)
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))
        self.lock_minutes = QSpinBox(self)
        self.lock_minutes.setRange(1, MAX_LOCK_MINUTES)
        self.lock_minutes.setValue(lock_minutes)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.language_label, self.lock_label = QLabel(self), QLabel(self)
        self.language_label.setBuddy(self.language)
        self.lock_label.setBuddy(self.lock_minutes)
        form = QFormLayout(self)
        form.addRow(self.language_label, self.language)
        form.addRow(self.lock_label, self.lock_minutes)
        form.addRow(self.note)
        form.addRow(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.language_label.setText(self.tr("&Language:"))
        self.lock_label.setText(self.tr("&Lock the screen after:"))
        self.lock_minutes.setSuffix(self.tr(" min"))
        self.note.setText(
            self.tr(
                "The language changes at once in every open window. The screen locks after this "
                "many minutes without a key press or mouse movement (at most 30)."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def values(self) -> tuple[str, int]:
        """(language code, lock minutes)."""
        return str(self.language.currentData()), self.lock_minutes.value()
