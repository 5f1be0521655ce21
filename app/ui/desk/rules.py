"""The station's overdue rules: each rule's threshold in hours, or switched off (supervisors and
admins; each change is audited by the service)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.overdue import DEFAULT_HOURS, RULE_SHORT, OverdueRule, OverdueThresholds, rule_words

MAX_HOURS = 24 * 365


class OverdueRulesDialog(QDialog):
    def __init__(self, limits: OverdueThresholds, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Overdue rules"))
        self.limits = limits
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Rule"), self), 0, 0)
        grid.addWidget(QLabel(self.tr("Hours"), self), 0, 1)
        self.on: dict[OverdueRule, QCheckBox] = {}
        self.hours: dict[OverdueRule, QSpinBox] = {}
        english = lang.startswith("en")
        for row, rule in enumerate(OverdueRule, start=1):
            current = limits.hours.get(rule)
            box = QCheckBox(RULE_SHORT[rule][1 if english else 0], self)
            box.setChecked(current is not None)
            box.setToolTip(rule_words(rule, lang))  # the rule in full, with the default hours
            spin = QSpinBox(self)
            spin.setRange(1, MAX_HOURS)
            spin.setValue(current if current is not None else DEFAULT_HOURS[rule])
            spin.setEnabled(current is not None)
            box.toggled.connect(spin.setEnabled)
            grid.addWidget(box, row, 0)
            grid.addWidget(spin, row, 1)
            self.on[rule], self.hours[rule] = box, spin
        note = QLabel(
            self.tr("A case is overdue once a rule's hours have passed; a rule switched off is not checked."),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box_ = QVBoxLayout(self)
        box_.addWidget(note)
        box_.addLayout(grid)
        box_.addWidget(buttons)
        self.setMinimumWidth(460)

    def changes(self) -> list[tuple[str, str]]:
        """(rule, hours or "off") for every rule whose setting differs from what the station has."""
        out = []
        for rule in OverdueRule:
            wanted = str(self.hours[rule].value()) if self.on[rule].isChecked() else "off"
            current = self.limits.hours.get(rule)
            if wanted != ("off" if current is None else str(current)):
                out.append((rule.value, wanted))
        return out
