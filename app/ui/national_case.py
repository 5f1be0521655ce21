"""Another station's case, opened from a national candidate (issue 14): the read-only summary
the pull brought (what the matcher compared, the owning station with its phone and address), so
the officer knows whom to call. Shown in a dialog; nothing in it can be changed here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.core import words
from app.core.lifecycle import CaseStatus
from app.core.model import CaseType, Sex
from app.services.national_cases import NationalCase


class NationalCaseDialog(QDialog):
    """A national candidate's case, owned by another station: read-only."""

    def __init__(
        self, case: NationalCase, lang: str, parent: QWidget | None = None, banner: str | None = None
    ) -> None:
        super().__init__(parent)
        self.case = case
        self.setWindowTitle(self.tr("Another station's case %1").replace("%1", case.case_no))
        # *banner*: why the case is shown here when it is not a national candidate (a referral)
        self.banner = QLabel(
            banner or self.tr("Another station's case (national candidate, read-only)"), self
        )
        self.banner.setStyleSheet("font-size: 13pt; font-weight: bold; color: #0b5394;")
        form = QFormLayout()
        st = case.station
        english = words.is_english(lang)
        missing = self.tr("not given")
        rows = [
            (self.tr("Case number"), case.case_no),
            (self.tr("Type"), words.word(CaseType, case.type, lang)),
            (self.tr("Status"), words.word(CaseStatus, case.status, lang)),
            (self.tr("Owning station"), f"{st.name} ({st.code})" if english else f"{st.name}（{st.code}）"),
            (self.tr("Station phone"), st.phone or missing),
            (self.tr("Station address"), st.address or missing),
            (self.tr("When"), case.event_at.replace("T", " ")[:16]),
            (self.tr("Where"), case.event_place),
        ]
        for p in case.subjects:
            facts = [p.name or self.tr("(no name)"), words.word(Sex, p.sex, lang)]
            if p.birth_date:
                facts.append(self.tr("born %1").replace("%1", p.birth_date))
            if p.estimated_age:
                facts.append(
                    self.tr("estimated age %1").replace("%1", f"{p.estimated_age[0]}–{p.estimated_age[1]}")
                )
            if p.height_cm:
                facts.append(self.tr("height %1 cm").replace("%1", f"{p.height_cm[0]}–{p.height_cm[1]}"))
            for label, value in ((self.tr("marks"), p.marks), (self.tr("clothing"), p.clothing),
                                 (self.tr("dialect"), p.dialect)):  # fmt: skip
                if value:
                    facts.append(f"{label} {value}")
            rows.append((self.tr("Person"), ("; " if english else "；").join(facts)))
        jpeg = case.photo_jpeg()
        if case.photo_sha256 and not jpeg:
            rows.append((self.tr("Photo"), self.tr("held by the owning station")))
        self.values: list[QLabel] = []
        for label, value in rows:
            shown = QLabel(value, self)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(
                shown.textInteractionFlags() | shown.textInteractionFlags().TextSelectableByMouse
            )
            form.addRow(label, shown)
            self.values.append(shown)
        self.photo = QLabel(self)  # the photo the server sent with the candidate, when one came
        picture = QPixmap()
        if jpeg and picture.loadFromData(jpeg, "JPEG"):
            self.photo.setPixmap(picture.scaled(200, 240, Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))  # fmt: skip
            form.addRow(self.tr("Photo"), self.photo)
        else:
            self.photo.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
