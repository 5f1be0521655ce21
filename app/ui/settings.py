"""Settings: the interface language, the inactivity lock and the station's DNA θ.

The language is saved with :func:`app.services.preferences.save_language` and switched live: the
new translator is installed and every open window retranslates itself on Qt's ``LanguageChange``
event. The lock delay (1–30 minutes, default 15) is a desk preference kept beside it.

The subpopulation correction θ (``app/services/kinship_settings``) belongs to the station, not
the desk: every officer sees it, only an administrator may change it (0–0.05, NRC II 4.10).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.services.preferences import DEFAULT_LOCK_MINUTES as DEFAULT_LOCK_MINUTES
from app.services.preferences import MAX_LOCK_MINUTES

MAX_THETA = 0.05  # as app.services.kinship_settings refuses above it

LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}


def load_lock_minutes() -> int:
    """The inactivity lock delay in minutes, never more than 30 (kept with the preferences)."""
    from app.services.preferences import load_lock_minutes as load

    return load()


def save_lock_minutes(minutes: int) -> None:
    from app.services.preferences import save_lock_minutes as save

    save(minutes)


class SettingsDialog(QDialog):
    """Language and lock delay (``values()``); with *theta* given, the station's θ, editable
    when *admin* (``theta_change()``)."""

    def __init__(
        self,
        lang: str,
        lock_minutes: int,
        parent: QWidget | None = None,
        *,
        theta: float | None = None,
        admin: bool = False,
    ) -> None:
        super().__init__(parent)
        self._theta = theta
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
        self.station = QGroupBox(self)
        self.theta = QDoubleSpinBox(self.station)
        self.theta.setDecimals(3)
        self.theta.setRange(0.0, MAX_THETA)
        self.theta.setSingleStep(0.005)
        self.theta.setValue(theta if theta is not None else 0.01)
        self.theta.setEnabled(admin)
        self.theta_label, self.theta_note = QLabel(self.station), QLabel(self.station)
        self.theta_label.setBuddy(self.theta)
        self.theta_note.setWordWrap(True)
        self._admin = admin
        station_form = QFormLayout(self.station)
        station_form.addRow(self.theta_label, self.theta)
        station_form.addRow(self.theta_note)
        self.station.setVisible(theta is not None)
        form.addRow(self.station)
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
        self.station.setTitle(self.tr("Station: DNA kinship"))
        self.theta_label.setText(self.tr("&Subpopulation correction θ:"))
        note = self.tr(
            "θ allows for relatives in the same population sharing alleles by chance, so DNA "
            "results are not overstated (NRC II recommendation 4.10). 0.01 suits most populations; "
            "a lab serving a small, isolated community may ask for up to 0.05. It applies to every "
            "officer of the station, and every active case is matched again when it changes."
        )
        if not self._admin:
            note += " " + self.tr("Only an administrator can change it.")
        self.theta_note.setText(note)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def values(self) -> tuple[str, int]:
        """(language code, lock minutes)."""
        return str(self.language.currentData()), self.lock_minutes.value()

    def theta_change(self) -> float | None:
        """The new θ an administrator chose, or None when it stays as it was."""
        if not self._admin or self._theta is None:
            return None
        value = round(self.theta.value(), 3)
        return value if abs(value - self._theta) > 1e-9 else None
