"""The dialog for a DNA sample: type, when collected, consent, collector, note.

Used during intake (the sample travels with the new case) and in the case detail (the sample is
added to a registered case). The entry is checked by the core (:func:`parse_sample`) before the
dialog closes; a problem is shown in the dialog and nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.model import SampleType
from app.core.problems import InvalidInput
from app.core.sample_checks import parse_sample
from app.ui.intake import labels
from app.ui.intake.checks import body
from app.ui.intake.fields import ProblemLabel

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


def aware(edit: QDateTimeEdit) -> str:
    """The edit's local time as ISO 8601 with the station's offset."""
    naive = edit.dateTime().toPython()
    assert isinstance(naive, dt.datetime)
    return naive.replace(second=0, microsecond=0).astimezone().isoformat()


def set_aware(edit: QDateTimeEdit, text: str) -> None:
    """Show an ISO 8601 time (any offset) in local time; ignore text that is not a time."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return
    local = moment.astimezone() if moment.tzinfo else moment
    edit.setDateTime(QDateTime(local.year, local.month, local.day, local.hour, local.minute, local.second))


def datetime_edit(parent: QWidget) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime.currentDateTime(), parent)
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    return edit


class SampleDialog(QDialog):
    """Enter one DNA sample; ``sample()`` gives it in the case-file shape once accepted."""

    def __init__(
        self,
        lang: str,
        collector: str,
        parent: QWidget | None = None,
        *,
        donors: list[tuple[str, object]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._lang = lang
        self.setWindowTitle(self.tr("DNA sample"))
        self.donor = QComboBox(self)  # only in the case detail: whose sample it is
        for text, ref in donors or []:
            self.donor.addItem(text, ref)
        self.type_box = QComboBox(self)
        for value in SampleType:
            self.type_box.addItem(labels.sample_type(value), value.value)
        self.collected_at = datetime_edit(self)
        self.consent = QCheckBox(self.tr("The donor (or guardian) gave written consent"), self)
        self.collector = QLineEdit(collector, self)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        self.problem = ProblemLabel(self)
        form = QFormLayout()
        if donors:
            form.addRow(self.tr("&Donor"), self.donor)
        else:
            self.donor.hide()
        form.addRow(self.tr("Sample &type"), self.type_box)
        form.addRow(self.tr("&Collected at"), self.collected_at)
        form.addRow("", self.consent)
        form.addRow(self.tr("C&ollector"), self.collector)
        form.addRow(self.tr("&Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.problem)
        box.addWidget(buttons)

    def sample(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type_box.currentData(),
            "collected_at": aware(self.collected_at),
            "consent": self.consent.isChecked(),
        }
        if self.collector.text().strip():
            out["collector"] = self.collector.text().strip()
        if self.note.toPlainText().strip():
            out["note"] = self.note.toPlainText()
        return out

    def load(self, sample: dict[str, Any]) -> None:
        index = self.type_box.findData(sample.get("type"))
        self.type_box.setCurrentIndex(max(index, 0))
        set_aware(self.collected_at, str(sample.get("collected_at") or ""))
        self.consent.setChecked(bool(sample.get("consent")))
        self.collector.setText(str(sample.get("collector") or ""))
        self.note.setPlainText(str(sample.get("note") or ""))

    def accept(self) -> None:
        try:
            parse_sample(self.sample())
        except InvalidInput as exc:
            problem = exc.problems[0]
            self.problem.show_problem(f"{self._field_name(problem.field)}: {body(problem, self._lang)}")
            return
        super().accept()

    def _field_name(self, field: str) -> str:
        names = {
            "consent": self.tr("Consent"),
            "collected_at": self.tr("Collected at"),
            "collector": self.tr("Collector"),
            "note": self.tr("Note"),
            "type": self.tr("Sample type"),
        }
        return names.get(field, field)
