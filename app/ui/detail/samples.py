"""The samples tab: every DNA sample of the case, its status and its chain of custody.

From here an officer adds a sample, records a hand-over (to the lab: the status moves to "sent
to lab") and enters the lab's STR profile (the status moves to "profiled"). Every change runs on
the background runner and the tab reloads the case when it is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.model import Person, RegisteredCase, Sample
from app.core.sample_checks import parse_sample
from app.services import samples as sample_service
from app.ui.detail.dialogs import HandoverDialog, ProfileDialog, purpose_name
from app.ui.detail.summary import when
from app.ui.intake import labels
from app.ui.intake.fields import describe_error, submit_for
from app.ui.intake.sample_dialog import SampleDialog

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.context import UiContext


def _table(columns: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class SamplesTab(QWidget):
    """Samples with status, custody of the selected one, and the actions on them."""

    changed = Signal(str)  # what was done, for the status line; the pane reloads the case
    failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.reg: RegisteredCase | None = None
        self._rows: list[tuple[int | str, Person, Sample]] = []
        self.table = _table([self.tr("Sample no."), self.tr("Donor"), self.tr("Type"), self.tr("Collected"),
                             self.tr("Status"), self.tr("Profile")], self)  # fmt: skip
        self.custody = _table([self.tr("Time"), self.tr("From"), self.tr("To"), self.tr("Purpose"),
                               self.tr("Recorded by")], self)  # fmt: skip
        self.add_button = QPushButton(self.tr("&Add sample…"), self)
        self.add_button.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.add_button.setToolTip(self.tr("Add sample (Ctrl+Shift+D)"))
        self.handover_button = QPushButton(self.tr("Record &hand-over…"), self)
        self.handover_button.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.handover_button.setToolTip(self.tr("Record hand-over (Ctrl+Shift+H)"))
        self.profile_button = QPushButton(self.tr("Enter STR &profile…"), self)
        self.profile_button.setToolTip(self.tr("Enter the lab's STR result"))
        self.message = QLabel(self)
        bar = QHBoxLayout()
        for b in (self.add_button, self.handover_button, self.profile_button):
            bar.addWidget(b)
        bar.addWidget(self.message, 1)
        lower = QWidget(self)
        lbox = QVBoxLayout(lower)
        lbox.setContentsMargins(0, 0, 0, 0)
        lbox.addWidget(QLabel(self.tr("Chain of custody of the selected sample"), lower))
        lbox.addWidget(self.custody)
        split = QSplitter(self)
        split.setOrientation(split.orientation().Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(split, 1)
        self.table.currentCellChanged.connect(lambda *_a: self._show_custody())
        self.add_button.clicked.connect(self.add_sample)
        self.handover_button.clicked.connect(self.record_handover)
        self.profile_button.clicked.connect(self.enter_profile)

    # -- showing ------------------------------------------------------------------------------
    def show_case(self, reg: RegisteredCase) -> None:
        keep = self.selected_sample_no()
        self.reg = reg
        case = reg.case
        self._rows = []
        if case.reporter is not None:
            self._rows += [("reporter", case.reporter, s) for s in case.reporter.samples]
        for i, p in enumerate(case.persons):
            self._rows += [(i, p, s) for s in p.samples]
        self.table.setRowCount(len(self._rows))
        for row, (_ref, person, s) in enumerate(self._rows):
            donor = " · ".join(
                x
                for x in (
                    person.name,
                    labels.relation(person.relation) if person.relation else labels.role(person.role),
                )
                if x
            )
            profile = self.tr("%1 loci").replace("%1", str(len(s.profile.loci))) if s.profile else "—"
            values = (s.sample_no or "", donor, labels.sample_type(s.type), when(s.collected_at),
                      labels.sample_status(s.status), profile)  # fmt: skip
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        numbers = [s.sample_no for _r, _p, s in self._rows]
        self.table.setCurrentCell(numbers.index(keep) if keep in numbers else (0 if numbers else -1), 0)
        self._show_custody()

    def clear(self) -> None:
        self.reg = None
        self._rows = []
        self.table.setRowCount(0)
        self.custody.setRowCount(0)
        self.message.clear()

    def selected(self) -> Sample | None:
        row = self.table.currentRow()
        return self._rows[row][2] if 0 <= row < len(self._rows) else None

    def selected_sample_no(self) -> str | None:
        s = self.selected()
        return s.sample_no if s else None

    def status_of(self, sample_no: str) -> str | None:
        return next((s.status.value for _r, _p, s in self._rows if s.sample_no == sample_no), None)

    def _show_custody(self) -> None:
        s = self.selected()
        events = s.custody if s else ()
        self.custody.setRowCount(len(events))
        for row, e in enumerate(events):
            purpose = purpose_name(e.purpose)
            for col, text in enumerate((when(e.at), e.from_party, e.to_party, purpose, e.recorded_by)):
                self.custody.setItem(row, col, QTableWidgetItem(text))
        self.custody.resizeColumnsToContents()
        enabled = s is not None and s.sample_no is not None
        self.handover_button.setEnabled(enabled)
        self.profile_button.setEnabled(enabled)

    # -- actions ------------------------------------------------------------------------------
    def _run(self, fn: Any, done_text: str) -> None:
        self.message.setText(self.tr("Saving…"))
        submit_for(self._ctx, self, fn, on_done=lambda _r: self._done(done_text),
                         on_error=self._failed, label=self.tr("Saving…"), mutates=True)  # fmt: skip

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.changed.emit(text)

    def _failed(self, exc: BaseException) -> None:
        text = describe_error(exc, self._ctx.lang, self.tr("The change could not be saved"))
        self.message.setText(text)
        self.failed.emit(text)

    def sample_dialog(self) -> SampleDialog | None:
        if self.reg is None:
            return None
        case = self.reg.case
        donors: list[tuple[str, object]] = []
        if case.reporter is not None:
            donors.append((f"{labels.role('reporter')} · {case.reporter.name}", "reporter"))
        donors += [(f"{labels.role(p.role)} · {p.name or '—'}", i) for i, p in enumerate(case.persons)]
        user = self._ctx.session.user if self._ctx.session else ""
        return SampleDialog(self._ctx.lang, user, self, donors=donors)

    def add_sample(self, dialog: SampleDialog | None = None, *, ask: bool = True) -> None:
        """Ask for a sample and add it; tests pass a filled *dialog* with ``ask=False``."""
        dialog = dialog or self.sample_dialog()
        if dialog is None or self.reg is None or (ask and not dialog.exec()):
            return
        sample = parse_sample(dialog.sample())
        case_no, donor = self.reg.case_no, dialog.donor.currentData()

        def add(session: Session) -> str:
            return sample_service.add_sample(session, case_no, donor, sample)

        self._run(add, self.tr("Sample added"))

    def record_handover(self, dialog: HandoverDialog | None = None, *, ask: bool = True) -> None:
        s = self.selected()
        if s is None or s.sample_no is None:
            return
        holder = s.custody[-1].to_party if s.custody else (s.collector or "")
        dialog = dialog or HandoverDialog(s.sample_no, holder, self)
        if ask and not dialog.exec():
            return
        v, sample_no = dialog.values(), s.sample_no

        def hand_over(session: Session) -> None:
            sample_service.record_handover(session, sample_no, v["from_party"], v["to_party"],
                                           purpose=v["purpose"], at=v["at"])  # fmt: skip

        self._run(hand_over, self.tr("Hand-over recorded"))

    def enter_profile(self, dialog: ProfileDialog | None = None, *, ask: bool = True) -> None:
        s = self.selected()
        if s is None or s.sample_no is None:
            return
        dialog = dialog or ProfileDialog(s.sample_no, self._ctx.lang, s.profile, self)
        if ask and not dialog.exec():
            return
        profile, sample_no = dialog.profile(), s.sample_no
        self._run(
            lambda session: sample_service.set_profile(session, sample_no, profile), self.tr("Profile saved")
        )
