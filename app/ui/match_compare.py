"""Side-by-side comparison of a missing and a found person: photos, facts, the DNA result in words
(``dna_panel.py``) and the matcher's reasons.

:func:`load_pair` runs on the database thread (it reads both cases, audited as views, and the
first photo of each person); :class:`ComparePanel` shows the result on the GUI thread.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QTextBrowser, QWidget

from app.core.model import Person, RegisteredCase
from app.ui.dna_panel import DnaPanel

if TYPE_CHECKING:  # the matcher (numpy, pinyin tables) loads only when matching really runs
    from app.services.matching import MatchItem
    from app.services.session import Session

PHOTO_SIDE = 150


@dataclass(frozen=True, slots=True)
class PairView:
    """Both cases of a pair and the first photo of each person, loaded together."""

    item: MatchItem
    missing: RegisteredCase | None  # None: a case of another station (a national candidate)
    found: RegisteredCase | None
    missing_photo: bytes | None
    found_photo: bytes | None
    # The station holding each side that is not here ("code name phone", from the candidate's
    # summary; "" when the case is here or no summary came)
    missing_holder: str = ""
    found_holder: str = ""


def load_pair(item: MatchItem) -> Callable[[Session], PairView]:
    """An operation for UiContext.submit: both sides of *item* (runs on the database thread)."""

    def load(session: Session) -> PairView:
        from app.services.cases import in_register, show_case
        from app.services.national_cases import national_case
        from app.services.photos import first_photo_of

        def local(case_no: str) -> RegisteredCase | None:
            # A national pair's other case is held by another station (the server sent only the
            # candidate); a case taken over by transfer is here whatever station its number names.
            if item.origin in ("national", "national_index") and not in_register(session, case_no):
                return None
            return show_case(session, case_no)

        def holder(case_no: str, reg: RegisteredCase | None) -> str:
            summary = national_case(session, case_no) if reg is None else None
            if summary is None:
                return ""
            station = summary.station
            return " ".join(part for part in (station.code, station.name, station.phone) if part)

        missing, found = local(item.missing_case), local(item.found_case)
        return PairView(
            item, missing, found,
            first_photo_of(session, item.missing_case, item.position("missing")),
            first_photo_of(session, item.found_case, item.position("found")),
            holder(item.missing_case, missing), holder(item.found_case, found),
        )  # fmt: skip

    return load


def _person(reg: RegisteredCase | None, position: int) -> Person | None:
    if reg is None:
        return None
    persons = reg.case.persons
    return persons[position] if 0 <= position < len(persons) else None


class ComparePanel(QWidget):
    """Two columns (missing | found): photo and facts; the reasons below, across both."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        self.missing_title, self.found_title = QLabel(self), QLabel(self)
        self.missing_photo, self.found_photo = QLabel(self), QLabel(self)
        self.missing_facts, self.found_facts = QTextBrowser(self), QTextBrowser(self)
        for col, (title, photo, facts) in enumerate(
            ((self.missing_title, self.missing_photo, self.missing_facts),
             (self.found_title, self.found_photo, self.found_facts))
        ):  # fmt: skip
            title.setStyleSheet("font-weight: bold; font-size: 11pt;")
            photo.setFixedSize(PHOTO_SIDE, PHOTO_SIDE)
            photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
            photo.setStyleSheet("border: 1px solid #b0b0b0; background: #f4f4f4; color: #707070;")
            grid.addWidget(title, 0, col)
            grid.addWidget(photo, 1, col, Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(facts, 2, col)
        self.dna = DnaPanel(self)
        grid.addWidget(self.dna, 3, 0, 1, 2)
        self.reasons_title = QLabel(self)
        self.reasons_title.setStyleSheet("font-weight: bold;")
        self.reasons = QListWidget(self)
        self.reasons.setWordWrap(True)
        grid.addWidget(self.reasons_title, 4, 0, 1, 2)
        grid.addWidget(self.reasons, 5, 0, 1, 2)
        grid.setRowStretch(2, 3)
        grid.setRowStretch(5, 2)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        self.missing_title.setText(self.tr("Missing person"))
        self.found_title.setText(self.tr("Found person"))
        self.reasons_title.setText(self.tr("Why they may be the same person"))
        self.dna.retranslate()
        for photo in (self.missing_photo, self.found_photo):
            if photo.pixmap().isNull():
                photo.setText(self.tr("No photo"))

    def clear(self) -> None:
        for photo in (self.missing_photo, self.found_photo):
            photo.setPixmap(QPixmap())
            photo.setText(self.tr("No photo"))
        self.missing_facts.clear()
        self.found_facts.clear()
        self.reasons.clear()
        self.dna.show_result(None)

    def show_pair(self, view: PairView, lang: str) -> None:
        item = view.item
        for reg, position, label, facts, data, holder in (
            (
                view.missing,
                item.position("missing"),
                self.missing_photo,
                self.missing_facts,
                view.missing_photo,
                view.missing_holder,
            ),
            (
                view.found,
                item.position("found"),
                self.found_photo,
                self.found_facts,
                view.found_photo,
                view.found_holder,
            ),
        ):
            case_no = item.missing_case if facts is self.missing_facts else item.found_case
            facts.setHtml(self._facts_html(case_no, reg, _person(reg, position), holder))
            pixmap = QPixmap()
            if data and pixmap.loadFromData(data):
                label.setPixmap(
                    pixmap.scaled(PHOTO_SIDE, PHOTO_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
                )  # fmt: skip
            else:
                label.setPixmap(QPixmap())
                label.setText(self.tr("No photo"))
        self.reasons.clear()
        self.dna.show_result(item.dna)
        for reason in item.reasons:
            self.reasons.addItem(reason.text(lang))

    def _facts_html(
        self, case_no: str, reg: RegisteredCase | None, person: Person | None, holder: str = ""
    ) -> str:
        rows: list[tuple[str, str]] = [(self.tr("Case"), case_no)]
        if reg is None:
            # the holder the summary names (a case moves by transfer); else its number's station
            rows.append((self.tr("Station"), holder or case_no[:9]))
            rows.append((self.tr("Details"), self.tr("Held by another station: ask it for the case file")))
        if person is not None:
            rows.append((self.tr("Names"), "、".join(person.all_names()) or "—"))
            rows.append((self.tr("Sex"), {"M": self.tr("male"), "F": self.tr("female")}.get(
                str(person.sex.value), self.tr("unknown"))))  # fmt: skip
            if person.birth_date:
                rows.append((self.tr("Born"), person.birth_date.isoformat()))
            if person.estimated_age:
                lo, hi = person.estimated_age
                rows.append((self.tr("Estimated age"), f"{lo}–{hi}"))
            if person.height_cm:
                lo, hi = person.height_cm
                rows.append((self.tr("Height (cm)"), f"{lo}–{hi}"))
            if person.marks:
                rows.append((self.tr("Marks"), person.marks))
            if person.dialect:
                rows.append((self.tr("Dialect"), person.dialect))
        event = reg.case.event if reg is not None else None
        if event is not None:
            rows.append((self.tr("When"), event.at.date().isoformat()))
            rows.append((self.tr("Where"), event.place or event.place_code or "—"))
        body = "".join(
            f"<tr><td style='color:#606060;padding-right:8px'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        return f"<table>{body}</table>"
