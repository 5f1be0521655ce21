"""The editor for one person of a case: names, sex, ID number, age, height, addresses, samples, photos.

An ID number that checks out fills in sex, birth date and household region by itself (GB 11643:
region, birth date and sex are read from the number), and says so beside the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import idnumber, regions
from app.core.model import Build, CaseType, Role, Sex
from app.core.validation import ROLES_BY_TYPE, SUBJECT_ROLE
from app.ui.intake import labels
from app.ui.intake.fields import Field, RangeEdit
from app.ui.intake.sample_dialog import SampleDialog
from app.ui.photos import PhotoStrip
from app.ui.places import PlacePicker, place_label

if TYPE_CHECKING:
    from app.ui.context import UiContext


def _line(parent: QWidget, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    return edit


def _text(parent: QWidget, height: int = 52) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class PersonEditor(QWidget):
    """Every field of one person; ``state()`` / ``load()`` give and take what was typed."""

    edited = Signal(str)  # the field key that changed ("" for samples and photos)

    def __init__(
        self, ctx: UiContext, case_type: CaseType, *, reporter: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.is_reporter = reporter
        self._samples: list[dict[str, Any]] = []
        self.fields: dict[str, Field] = {}
        self.role = QComboBox(self)
        allowed = [r for r in Role if r in ROLES_BY_TYPE[case_type]]
        allowed.sort(key=lambda r: r is not SUBJECT_ROLE[case_type])
        for r in allowed:
            self.role.addItem(labels.role(r), r.value)
        self.name = _line(self)
        self.self_reported = QCheckBox(self.tr("Name as the person says it (not verified)"), self)
        self.nicknames = _line(self, self.tr("separate with 、 or ,"))
        self.former_names = _line(self, self.tr("separate with 、 or ,"))
        self.sex = QComboBox(self)
        for s in (Sex.UNKNOWN, Sex.MALE, Sex.FEMALE):
            self.sex.addItem(labels.sex(s), s.value)
        self.id_number = _line(self, self.tr("18 digits, last may be X"))
        self.id_number.setMaxLength(20)
        self.id_facts = QLabel(self)
        self.id_facts.setStyleSheet("color: #1b5e20; font-size: 9pt;")
        self.birth_date = _line(self, "YYYY-MM-DD")
        self.age = RangeEdit(self.tr("years"), 0, 120, self)
        self.height_range = RangeEdit("cm", 30, 250, self)
        self.build = QComboBox(self)
        for b in ("", *[x.value for x in Build]):
            self.build.addItem(labels.build(b), b)
        self.phone = _line(self)
        self.relation = _line(self, self.tr("e.g. self, mother, father"))
        self.dialect = _line(self)
        self.origin = _line(self, self.tr("where the person says they come from"))
        self.household_place = PlacePicker(self)
        self.household_text = _line(self, self.tr("street and number"))
        self.address_place = PlacePicker(self)
        self.address_text = _line(self, self.tr("street and number"))
        self.marks = _text(self)
        self.clothing = _text(self)
        self.statement = _text(self, 70)
        self.samples = QListWidget(self)
        self.samples.setFixedHeight(58)
        self.add_sample_button = QPushButton(self.tr("Add DNA &sample…"), self)
        self.remove_sample_button = QPushButton(self.tr("Remove sample"), self)
        self.photos = PhotoStrip(ctx, self)
        self._build_layout()
        self._connect()

    # -- layout -------------------------------------------------------------------------------
    def _field(self, key: str, editor: QWidget) -> Field:
        f = Field(key, editor, self)
        self.fields[key] = f
        return f

    def _pair(self, a: QWidget, b: QWidget) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(a, 2)
        row.addWidget(b, 3)
        return box

    def _build_layout(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        rows: list[tuple[str, QWidget, str, QWidget]] = [
            (self.tr("&Role"), self._field("role", self.role), self.tr("&Name"), self._field("name", self.name)),
            (self.tr("Nic&knames"), self._field("nicknames", self.nicknames), self.tr("Former names"),
             self._field("former_names", self.former_names)),
            (self.tr("&ID number"), self._field("id_number", self.id_number), self.tr("Se&x"), self._field("sex", self.sex)),
            (self.tr("&Birth date"), self._field("birth_date", self.birth_date), self.tr("Estimated &age"),
             self._field("estimated_age", self.age)),
            (self.tr("&Height"), self._field("height_cm", self.height_range), self.tr("B&uild"), self._field("build", self.build)),
            (self.tr("&Phone"), self._field("phone", self.phone), self.tr("Re&lation"), self._field("relation", self.relation)),
            (self.tr("&Dialect"), self._field("dialect", self.dialect), self.tr("&Origin"), self._field("origin", self.origin)),
        ]  # fmt: skip
        for i, (la, wa, lb, wb) in enumerate(rows):
            for col, (text, widget) in enumerate(((la, wa), (lb, wb))):
                label = QLabel(text, self)
                label.setBuddy(widget.editor if isinstance(widget, Field) else widget)
                grid.addWidget(label, i, col * 2)
                grid.addWidget(widget, i, col * 2 + 1)
        grid.addWidget(self.self_reported, len(rows), 3)
        grid.addWidget(self.id_facts, len(rows), 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        wide = QGridLayout()
        wide.setVerticalSpacing(4)
        wide_rows: list[tuple[str, QWidget]] = [
            (self.tr("Household re&gistration"),
             self._field("household_address", self._pair(self.household_place, self.household_text))),
            (self.tr("Current add&ress"), self._field("address", self._pair(self.address_place, self.address_text))),
            (self.tr("Distinguishing &marks"), self._field("marks", self.marks)),
            (self.tr("&Clothing"), self._field("clothing", self.clothing)),
            (self.tr("S&tatement"), self._field("statement", self.statement)),
        ]  # fmt: skip
        for i, (text, widget) in enumerate(wide_rows):
            label = QLabel(text, self)
            label.setBuddy(
                widget.editor.findChild(PlacePicker) or widget.editor if isinstance(widget, Field) else widget
            )
            wide.addWidget(label, i, 0)
            wide.addWidget(widget, i, 1)
        sample_buttons = QVBoxLayout()
        sample_buttons.addWidget(self.add_sample_button)
        sample_buttons.addWidget(self.remove_sample_button)
        sample_row = QHBoxLayout()
        sample_row.addWidget(self._field("samples", self.samples), 1)
        sample_row.addLayout(sample_buttons)
        wide.addWidget(QLabel(self.tr("DNA samples"), self), len(wide_rows), 0)
        wide.addLayout(sample_row, len(wide_rows), 1)
        wide.addWidget(QLabel(self.tr("Photos"), self), len(wide_rows) + 1, 0)
        wide.addWidget(self.photos, len(wide_rows) + 1, 1)
        wide.setColumnStretch(1, 1)
        box = QVBoxLayout(self)
        box.addLayout(grid)
        box.addLayout(wide)
        box.addStretch(1)
        if self.is_reporter:
            self.role.setVisible(False)
            self.fields["role"].setVisible(False)
            self.self_reported.setVisible(False)
            self.statement.setPlaceholderText(self.tr("what the reporter says happened"))

    def _connect(self) -> None:
        def emit(key: str) -> Any:
            return lambda *_args: self.edited.emit(key)

        self.role.currentIndexChanged.connect(emit("role"))
        self.sex.currentIndexChanged.connect(emit("sex"))
        self.build.currentIndexChanged.connect(emit("build"))
        self.self_reported.toggled.connect(emit("name"))
        for key, edit in (("name", self.name), ("nicknames", self.nicknames), ("former_names", self.former_names),
                          ("birth_date", self.birth_date), ("phone", self.phone), ("relation", self.relation),
                          ("dialect", self.dialect), ("origin", self.origin), ("household_address", self.household_text),
                          ("address", self.address_text)):  # fmt: skip
            edit.textEdited.connect(emit(key))
        self.household_place.textChanged.connect(emit("household_address"))
        self.address_place.textChanged.connect(emit("address"))
        self.id_number.textChanged.connect(self._id_changed)
        self.age.edited.connect(emit("estimated_age"))
        self.height_range.edited.connect(emit("height_cm"))
        for key, text in (("marks", self.marks), ("clothing", self.clothing), ("statement", self.statement)):
            text.textChanged.connect(emit(key))
        self.add_sample_button.clicked.connect(self.add_sample)
        self.remove_sample_button.clicked.connect(self.remove_sample)
        self.photos.changed.connect(emit(""))

    # -- behaviour ----------------------------------------------------------------------------
    def _id_changed(self, text: str) -> None:
        self.id_facts.clear()
        try:
            facts = idnumber.parse(text)
        except idnumber.IdNumberError:
            self.edited.emit("id_number")
            return
        self.sex.setCurrentIndex(max(self.sex.findData(facts.sex.value), 0))
        if not self.age.values()[0] and not self.age.values()[1]:
            self.birth_date.setText(facts.birth_date.isoformat())
        region = regions.lookup(facts.region_code)
        if not self.household_place.code() and regions.is_place(facts.region_code):
            self.household_place.set_code(facts.region_code)
        where = region.full_name if region else facts.region_code
        self.id_facts.setText(
            self.tr("From the ID number: born %1, %2, %3")
            .replace("%1", facts.birth_date.isoformat()).replace("%2", labels.sex(facts.sex)).replace("%3", where)
        )  # fmt: skip
        self.edited.emit("id_number")

    def add_sample(self) -> None:
        session = getattr(self._ctx, "session", None)
        dialog = SampleDialog(self._ctx.lang, getattr(session, "user", ""), self)
        if dialog.exec():
            self._samples.append(dialog.sample())
            self._refresh_samples()
            self.edited.emit("samples")

    def remove_sample(self) -> None:
        row = self.samples.currentRow()
        if 0 <= row < len(self._samples):
            del self._samples[row]
            self._refresh_samples()
            self.edited.emit("samples")

    def _refresh_samples(self) -> None:
        self.samples.clear()
        for s in self._samples:
            consent = self.tr("consent given") if s.get("consent") else self.tr("no consent")
            when = str(s.get("collected_at", ""))[:16].replace("T", " ")
            self.samples.addItem(f"{labels.sample_type(str(s.get('type')))} · {when} · {consent}")

    def summary_name(self) -> str:
        return self.name.text().strip()

    # -- state --------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        age, height = self.age.values(), self.height_range.values()
        return {
            "role": "reporter" if self.is_reporter else self.role.currentData(),
            "name": self.name.text(), "former_names": self.former_names.text(), "nicknames": self.nicknames.text(),
            "name_is_self_reported": self.self_reported.isChecked(), "sex": self.sex.currentData(),
            "birth_date": self.birth_date.text(), "age_lo": age[0], "age_hi": age[1],
            "id_number": self.id_number.text(), "height_lo": height[0], "height_hi": height[1],
            "build": self.build.currentData(), "marks": self.marks.toPlainText(),
            "clothing": self.clothing.toPlainText(), "dialect": self.dialect.text(),
            "statement": self.statement.toPlainText(), "origin": self.origin.text(),
            "household_code": self.household_place.code(), "household_place": self.household_place.text(),
            "household_text": self.household_text.text(), "address_code": self.address_place.code(),
            "address_place": self.address_place.text(), "address_text": self.address_text.text(),
            "phone": self.phone.text(), "relation": self.relation.text(),
            "samples": [dict(s) for s in self._samples], "photos": self.photos.photos(),
        }  # fmt: skip

    def load(self, state: dict[str, Any]) -> None:
        def get(key: str) -> str:
            return str(state.get(key) or "")

        self.role.setCurrentIndex(max(self.role.findData(get("role")), 0))
        for edit, key in ((self.name, "name"), (self.former_names, "former_names"), (self.nicknames, "nicknames"),
                          (self.birth_date, "birth_date"), (self.dialect, "dialect"), (self.origin, "origin"),
                          (self.household_text, "household_text"), (self.address_text, "address_text"),
                          (self.phone, "phone"), (self.relation, "relation")):  # fmt: skip
            edit.setText(get(key))
        self.self_reported.setChecked(bool(state.get("name_is_self_reported")))
        self.age.set_values(get("age_lo"), get("age_hi"))
        self.height_range.set_values(get("height_lo"), get("height_hi"))
        self.build.setCurrentIndex(max(self.build.findData(get("build")), 0))
        self.marks.setPlainText(get("marks"))
        self.clothing.setPlainText(get("clothing"))
        self.statement.setPlainText(get("statement"))
        self.id_number.setText(get("id_number"))  # may fill sex, birth date, household: set those after
        self.household_place.set_code(get("household_code"), get("household_place"))
        self.address_place.set_code(get("address_code"), get("address_place"))
        self.sex.setCurrentIndex(max(self.sex.findData(get("sex") or "U"), 0))
        self.birth_date.setText(get("birth_date"))
        self._samples = [dict(s) for s in state.get("samples") or []]
        self._refresh_samples()
        self.photos.set_photos(list(state.get("photos") or []))


__all__ = ["PersonEditor", "place_label"]
