"""The whole intake form of one case: when and where, what happened, and every person.

The form only holds and shows; the dialog decides when to check and save. Problems come in as
:class:`~app.core.problems.Problem` objects and are shown beside the field they concern.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.model import CaseType, Exploitation
from app.core.problems import Problem
from app.ui.intake import labels
from app.ui.intake.checks import Anchor, anchor, body
from app.ui.intake.fields import Field, ProblemLabel
from app.ui.intake.person import PersonEditor
from app.ui.intake.sample_dialog import aware, datetime_edit, set_aware
from app.ui.intake.shape import blank_person
from app.ui.places import PlacePicker

if TYPE_CHECKING:
    from app.ui.context import UiContext


class CaseForm(QWidget):
    """Case fields and a tab per person (the reporter first); emits ``edited`` with an Anchor."""

    edited = Signal(object)

    def __init__(self, ctx: UiContext, case_type: CaseType, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.case_type = case_type
        self.fields: dict[str, Field] = {}
        self.persons: list[PersonEditor] = []
        self.reported_at = datetime_edit(self)
        self.event_at = datetime_edit(self)
        self.event_place = PlacePicker(self)
        self.event_place_text = QLineEdit(self)
        self.event_place_text.setPlaceholderText(self.tr("exact spot: street, building, landmark"))
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(64)
        self.contact = QLineEdit(self)
        self.contact.setPlaceholderText(self.tr("how to reach the family or reporter"))
        kinds = list(Exploitation) if case_type is CaseType.TRAFFICKING else []  # trafficking only
        self.exploitation: dict[str, QCheckBox] = {
            e.value: QCheckBox(labels.exploitation(e), self) for e in kinds
        }
        self.general = ProblemLabel(self)
        self.tabs = QTabWidget(self)
        self.has_reporter = QCheckBox(self.tr("This report has a reporter"), self)
        self.reporter = PersonEditor(ctx, case_type, reporter=True, parent=self)
        self.add_button = QPushButton(self.tr("&Add person"), self)
        self.add_button.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.add_button.setToolTip(self.tr("Add person (Ctrl+Shift+A)"))
        self.remove_button = QPushButton(self.tr("Remove this person"), self)
        self._build()

    # -- layout -------------------------------------------------------------------------------
    def _field(self, key: str, editor: QWidget) -> Field:
        f = Field(key, editor, self)
        self.fields[key] = f
        return f

    def _build(self) -> None:
        when, where = {
            CaseType.MISSING: (self.tr("Last seen at"), self.tr("Last seen where")),
            CaseType.FOUND: (self.tr("Found at"), self.tr("Found where")),
            CaseType.TRAFFICKING: (self.tr("Incident time"), self.tr("Incident place")),
        }[self.case_type]
        place = QWidget(self)
        place_row = QHBoxLayout(place)
        place_row.setContentsMargins(0, 0, 0, 0)
        place_row.addWidget(self.event_place, 2)
        place_row.addWidget(self.event_place_text, 3)
        times = QWidget(self)
        times_row = QHBoxLayout(times)
        times_row.setContentsMargins(0, 0, 0, 0)
        times_row.addWidget(self._field("reported_at", self.reported_at))
        times_row.addSpacing(16)
        times_row.addWidget(buddy_label(when, self.event_at, self))
        times_row.addWidget(self._field("event.at", self.event_at))
        times_row.addStretch(1)
        case_box = QGroupBox(self.tr("Report"), self)
        form = QFormLayout(case_box)
        form.addRow(buddy_label(self.tr("Re&ported at"), self.reported_at, self), times)
        form.addRow(buddy_label(where, self.event_place, self), self._field("event.place", place))
        if self.case_type is CaseType.TRAFFICKING:
            kinds = QWidget(self)
            grid = QHBoxLayout(kinds)
            grid.setContentsMargins(0, 0, 0, 0)
            for box in self.exploitation.values():
                grid.addWidget(box)
                box.toggled.connect(lambda _on: self.edited.emit(Anchor("case", "exploitation")))
            grid.addStretch(1)
            form.addRow(self.tr("Exploitation"), self._field("exploitation", kinds))
        form.addRow(
            buddy_label(self.tr("&What happened"), self.summary, self), self._field("summary", self.summary)
        )
        form.addRow(
            buddy_label(self.tr("Con&tact"), self.contact, self), self._field("contact", self.contact)
        )
        reporter_page = QWidget(self)
        rbox = QVBoxLayout(reporter_page)
        rbox.addWidget(self.has_reporter)
        rbox.addWidget(self.reporter)
        self.tabs.addTab(reporter_page, self.tr("Reporter"))
        corner = QWidget(self)
        buttons = QHBoxLayout(corner)
        buttons.setContentsMargins(0, 0, 0, 2)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.tabs.setCornerWidget(corner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(case_box)
        outer.addWidget(self.general)
        outer.addWidget(self.tabs, 1)
        for key, signal in (("reported_at", self.reported_at.dateTimeChanged), ("event.at", self.event_at.dateTimeChanged),
                            ("event.place", self.event_place.textChanged), ("event.place", self.event_place_text.textEdited),
                            ("summary", self.summary.textChanged), ("contact", self.contact.textEdited)):  # fmt: skip
            signal.connect(lambda *_a, k=key: self.edited.emit(Anchor("case", k)))
        self.has_reporter.toggled.connect(self._reporter_toggled)
        self.reporter.edited.connect(lambda k: self.edited.emit(Anchor("reporter", k)))
        self.add_button.clicked.connect(lambda: self.add_person(focus=True))
        self.remove_button.clicked.connect(self.remove_current)

    def _reporter_toggled(self, on: bool) -> None:
        self.reporter.setEnabled(on)
        self.edited.emit(Anchor("reporter", ""))

    # -- persons ------------------------------------------------------------------------------
    def add_person(self, state: dict[str, Any] | None = None, *, focus: bool = False) -> PersonEditor:
        editor = PersonEditor(self._ctx, self.case_type, parent=self)
        if state is None and self.persons:
            state = blank_person("relative" if self.case_type is not CaseType.TRAFFICKING else "suspect")
        if state is not None:
            editor.load(state)
        self.persons.append(editor)
        editor.edited.connect(lambda k, e=editor: self._person_edited(e, k))
        self.tabs.addTab(editor, "")
        self._retitle()
        if focus:
            self.tabs.setCurrentWidget(editor)
            editor.name.setFocus()
        self.edited.emit(Anchor(f"persons[{len(self.persons) - 1}]", ""))
        return editor

    def remove_current(self) -> None:
        editor = self.tabs.currentWidget()
        if not isinstance(editor, PersonEditor) or editor not in self.persons or len(self.persons) <= 1:
            return
        self.persons.remove(editor)
        self.tabs.removeTab(self.tabs.indexOf(editor))
        editor.deleteLater()
        self._retitle()
        self.edited.emit(Anchor("case", "persons"))

    def _person_edited(self, editor: PersonEditor, key: str) -> None:
        if key in ("name", "role", ""):
            self._retitle()
        self.edited.emit(Anchor(f"persons[{self.persons.index(editor)}]", key))

    def _retitle(self, marked: set[int] | None = None) -> None:
        for i, editor in enumerate(self.persons):
            title = f"{i + 1} · {labels.role(str(editor.role.currentData()))}"
            if editor.summary_name():
                title += f" · {editor.summary_name()}"
            if marked and i in marked:
                title = "⚠ " + title
            self.tabs.setTabText(self.tabs.indexOf(editor), title)

    # -- state --------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return {
            "version": 1,
            "type": self.case_type.value,
            "reported_at": aware(self.reported_at),
            "summary": self.summary.toPlainText(),
            "contact": self.contact.text(),
            "event": {
                "at": aware(self.event_at),
                "place_code": self.event_place.code(),
                "place_label": self.event_place.text(),
                "place": self.event_place_text.text(),
            },
            "exploitation": [k for k, box in self.exploitation.items() if box.isChecked()]
            if self.case_type is CaseType.TRAFFICKING
            else [],
            "reporter": self.reporter.state() if self.has_reporter.isChecked() else None,
            "persons": [p.state() for p in self.persons],
        }

    def load(self, state: dict[str, Any]) -> None:
        set_aware(self.reported_at, str(state.get("reported_at") or ""))
        event = state.get("event") or {}
        set_aware(self.event_at, str(event.get("at") or ""))
        self.event_place.set_code(str(event.get("place_code") or ""), str(event.get("place_label") or ""))
        self.event_place_text.setText(str(event.get("place") or ""))
        self.summary.setPlainText(str(state.get("summary") or ""))
        self.contact.setText(str(state.get("contact") or ""))
        for key, box in self.exploitation.items():
            box.setChecked(key in (state.get("exploitation") or []))
        reporter = state.get("reporter")
        self.has_reporter.setChecked(reporter is not None)
        self.reporter.setEnabled(reporter is not None)
        if reporter is not None:
            self.reporter.load(reporter)
        for editor in list(self.persons):
            self.tabs.removeTab(self.tabs.indexOf(editor))
            editor.deleteLater()
        self.persons.clear()
        for person in state.get("persons") or []:
            self.add_person(person)
        if not self.persons:
            self.add_person()
        self.tabs.setCurrentIndex(1)

    # -- problems -----------------------------------------------------------------------------
    def field_for(self, where: Anchor) -> Field | None:
        if where.scope == "case":
            return self.fields.get(where.key)
        if where.scope == "reporter":
            return self.reporter.fields.get(where.key)
        index = int(where.scope[len("persons[") : -1])
        return self.persons[index].fields.get(where.key) if index < len(self.persons) else None

    def all_fields(self) -> list[tuple[Anchor, Field]]:
        out = [(Anchor("case", k), f) for k, f in self.fields.items()]
        out += [(Anchor("reporter", k), f) for k, f in self.reporter.fields.items()]
        for i, p in enumerate(self.persons):
            out += [(Anchor(f"persons[{i}]", k), f) for k, f in p.fields.items()]
        return out

    def show_problems(self, problems: list[Problem], visible: set[Anchor] | None, lang: str) -> list[Problem]:
        """Show each problem beside its field; *visible* limits which (None: all). Returns those shown."""
        by_anchor: dict[Anchor, Problem] = {}
        for p in problems:
            by_anchor.setdefault(anchor(p.field), p)
        shown: list[Problem] = []
        placed: set[Anchor] = set()
        for where, field in self.all_fields():
            problem = by_anchor.get(where)
            show = problem is not None and (
                visible is None or where in visible or Anchor(where.scope, "") in visible
            )
            field.show_problem(body(problem, lang) if show and problem else None)
            placed.add(where)
            if show and problem:
                shown.append(problem)
        rest = [p for a, p in by_anchor.items() if a not in placed and (visible is None or a in visible)]
        self.general.show_problem(
            "；".join(f"{self.field_name(p.field)}: {body(p, lang)}" for p in rest) or None
        )
        marked = {
            int(anchor(p.field).scope[8:-1]) for p in shown if anchor(p.field).scope.startswith("persons[")
        }
        self._retitle(marked)
        return shown + rest

    def field_name(self, path: str) -> str:
        where = anchor(path)
        if where.key == "persons":
            return self.tr("Persons")
        if where.scope == "case":
            return where.key
        return f"{where.scope}.{where.key}"

    def focus_problem(self, problem: Problem) -> None:
        """Bring the field of *problem* into view and put the cursor in it."""
        where = anchor(problem.field)
        if where.scope == "reporter":
            self.tabs.setCurrentIndex(0)
        elif where.scope.startswith("persons["):
            index = int(where.scope[8:-1])
            if index < len(self.persons):
                self.tabs.setCurrentWidget(self.persons[index])
        field = self.field_for(where)
        if field is not None:
            target = field.editor.focusProxy() or field.editor
            lines = field.editor.findChildren(QLineEdit)
            (lines[0] if lines and not isinstance(field.editor, QLineEdit) else target).setFocus()


def buddy_label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A label whose mnemonic (Alt+letter) moves the cursor into *buddy*."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


__all__ = ["CaseForm", "buddy_label"]
