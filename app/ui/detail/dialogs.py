"""Dialogs of the case detail: a hand-over in the chain of custody, the lab's STR profile, a void.

Each checks what it can before closing (the core's profile rules, a required reason) and shows
the problem inside the dialog; nothing typed is thrown away by a refusal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.model import StrProfile
from app.core.problems import InvalidInput
from app.core.sample_checks import parse_profile
from app.ui.intake.checks import body
from app.ui.intake.fields import ProblemLabel
from app.ui.intake.sample_dialog import datetime_edit

# The 20 autosomal loci of the PowerPlex 21 kit, as the example lab results list them.
LOCI = (
    "D3S1358", "D1S1656", "D6S1043", "D13S317", "Penta E", "D16S539", "D18S51", "D2S1338", "CSF1PO",
    "Penta D", "TH01", "vWA", "D21S11", "D7S820", "D5S818", "TPOX", "D8S1179", "D12S391", "D19S433", "FGA",
)  # fmt: skip
PURPOSES = ("lab", "storage", "transfer", "return")


def purpose_name(purpose: str) -> str:
    """A hand-over's purpose in the UI language (free text stays as typed)."""
    names = {
        "lab": QCoreApplication.translate("HandoverDialog", "To the laboratory for profiling"),
        "storage": QCoreApplication.translate("HandoverDialog", "Into storage"),
        "transfer": QCoreApplication.translate("HandoverDialog", "Transfer to another unit"),
        "return": QCoreApplication.translate("HandoverDialog", "Returned"),
    }
    return names.get(purpose, purpose)


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class HandoverDialog(QDialog):
    """One hand-over: from whom, to whom, why, when. Sending to the lab moves the sample on."""

    def __init__(self, sample_no: str, holder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hand-over of sample %1").replace("%1", sample_no))
        self.from_party = QLineEdit(holder, self)
        self.to_party = QLineEdit(self)
        self.to_party.setPlaceholderText(self.tr("person and unit receiving the sample"))
        self.purpose = QComboBox(self)
        self.purpose.setEditable(True)
        for key in PURPOSES:
            self.purpose.addItem(purpose_name(key), key)
        self.at = datetime_edit(self)
        self.problem = ProblemLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("&From"), self.from_party)
        form.addRow(self.tr("&To"), self.to_party)
        form.addRow(self.tr("&Purpose"), self.purpose)
        form.addRow(self.tr("&When"), self.at)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.problem)
        box.addWidget(_buttons(self))
        self.to_party.setFocus()

    def values(self) -> dict[str, Any]:
        index = self.purpose.currentIndex()
        typed = self.purpose.currentText().strip()
        purpose = (
            self.purpose.itemData(index) if index >= 0 and self.purpose.itemText(index) == typed else typed
        )
        moment = self.at.dateTime().toPython()
        assert isinstance(moment, dt.datetime)
        return {
            "from_party": self.from_party.text().strip(),
            "to_party": self.to_party.text().strip(),
            "purpose": str(purpose or ""),
            "at": moment.astimezone(),
        }

    def accept(self) -> None:
        v = self.values()
        if not v["from_party"] or not v["to_party"]:
            self.problem.show_problem(self.tr("Say who handed the sample over and who received it."))
            (self.from_party if not v["from_party"] else self.to_party).setFocus()
            return
        if v["at"] > dt.datetime.now().astimezone() + dt.timedelta(minutes=2):
            self.problem.show_problem(self.tr("The hand-over cannot lie in the future."))
            return
        super().accept()


class ProfileDialog(QDialog):
    """The lab's STR result: kit and two alleles per locus (one typed = a homozygote)."""

    def __init__(
        self, sample_no: str, lang: str, existing: StrProfile | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._lang = lang
        self.setWindowTitle(self.tr("STR profile of sample %1").replace("%1", sample_no))
        self.resize(420, 640)
        self.kit = QLineEdit(existing.kit if existing else "PowerPlex 21", self)
        self.table = QTableWidget(len(LOCI), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Locus"), self.tr("Allele 1"), self.tr("Allele 2")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, locus in enumerate(LOCI):
            name = QTableWidgetItem(locus)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, name)
            alleles = existing.loci.get(locus) if existing else None
            for col in (1, 2):
                value = "" if alleles is None else f"{alleles[col - 1]:g}"
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.setCurrentCell(0, 1)
        self.problem = ProblemLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("&Kit"), self.kit)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(
            QLabel(self.tr("Type the alleles as the lab report gives them (e.g. 9.3); Tab moves on."), self)
        )
        box.addWidget(self.table, 1)
        box.addWidget(self.problem)
        box.addWidget(_buttons(self))

    def set_alleles(self, locus: str, first: str, second: str = "") -> None:
        row = LOCI.index(locus)
        item1, item2 = self.table.item(row, 1), self.table.item(row, 2)
        assert item1 is not None and item2 is not None
        item1.setText(first)
        item2.setText(second)

    def raw(self) -> dict[str, Any]:
        """The profile as typed, in the PROFILE.json shape (numbers where they are numbers)."""
        loci: dict[str, list[Any]] = {}
        for row, locus in enumerate(LOCI):
            texts = [(self.table.item(row, c) or QTableWidgetItem()).text().strip() for c in (1, 2)]
            if not any(texts):
                continue
            texts = [texts[0] or texts[1], texts[1] or texts[0]]
            loci[locus] = [_number(t) for t in texts]
        return {"kit": self.kit.text().strip(), "loci": loci}

    def profile(self) -> StrProfile:
        return parse_profile(self.raw())

    def accept(self) -> None:
        for row in range(len(LOCI)):
            for col in (1, 2):
                item = self.table.item(row, col)
                if item is not None:
                    item.setBackground(QColor(0, 0, 0, 0))
        try:
            self.profile()
        except InvalidInput as exc:
            problem = exc.problems[0]
            locus = problem.field.split("loci.", 1)[1] if "loci." in problem.field else ""
            if locus in LOCI:
                row = LOCI.index(locus)
                for col in (1, 2):
                    item = self.table.item(row, col)
                    if item is not None:
                        item.setBackground(QColor("#f9dedc"))
                self.table.setCurrentCell(row, 1)
                self.problem.show_problem(f"{locus}: {body(problem, self._lang)}")
            else:
                self.problem.show_problem(f"{problem.field}: {body(problem, self._lang)}")
            return
        super().accept()


def _number(text: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


class VoidDialog(QDialog):
    """Ask for the case to be voided, with a reason; a supervisor's approval makes it take effect."""

    def __init__(self, case_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Void case %1").replace("%1", case_no))
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.problem = ProblemLabel(self)
        box = QVBoxLayout(self)
        note = QLabel(self.tr("A case is never deleted. Voiding takes effect once a supervisor approves it; "
                              "the case stays in the record with the reason."), self)  # fmt: skip
        note.setWordWrap(True)
        box.addWidget(note)
        label = QLabel(self.tr("&Reason"), self)
        label.setBuddy(self.reason)
        box.addWidget(label)
        box.addWidget(self.reason)
        box.addWidget(self.problem)
        box.addWidget(_buttons(self))
        self.reason.setFocus()

    def accept(self) -> None:
        if not self.reason.toPlainText().strip():
            self.problem.show_problem(self.tr("A reason is required."))
            return
        super().accept()
