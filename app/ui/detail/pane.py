"""The case detail pane: everything about one case, its samples, its history, printing and void.

``show_case(case_no)`` loads the case, its history and photo thumbnails in one background
operation; a late answer for a case no longer wanted is dropped. Locking the screen clears the
pane (no case stays on screen); unlocking shows the same case again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.model import AccountRole, CaseStatus, CaseType, RegisteredCase
from app.services.audit import case_history
from app.services.cases import show_case, void_case
from app.services.gallery import GalleryStanding, Publication, publication_of, standing, standings
from app.services.photos import PhotoInfo, add_photos, list_photos, prepare_photo_file
from app.services.printing import CASE_FORMS
from app.services.transfers import held_elsewhere
from app.ui.detail.dialogs import VoidDialog
from app.ui.detail.history import HistoryTable
from app.ui.detail.life_bar import CaseLifeBar
from app.ui.detail.samples import SamplesTab
from app.ui.detail.summary import gallery_text, persons_html, summary_html
from app.ui.intake import labels
from app.ui.intake.fields import describe_error, submit_for
from app.ui.photos import PICTURE_FILTER
from app.ui.preview import PreviewDialog, form_title, open_form_preview

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.context import UiContext
    from app.ui.intake.dialog import IntakeDialog


@dataclass(frozen=True, slots=True)
class CaseView:
    """What the pane shows, loaded together on the database thread."""

    reg: RegisteredCase
    history: list[Any]
    photos: list[PhotoInfo]
    publication: Publication | None = None  # a found case's gallery request (issue 18)
    gallery: GalleryStanding | None = None  # and the national decision about it
    gallery_children: tuple[GalleryStanding, ...] = ()  # every found child asked for (siblings)


def load_view(case_no: str) -> Any:
    def load(session: Session) -> CaseView:
        reg = show_case(session, case_no)
        reg.extra["held_by"] = held_elsewhere(session, case_no)  # issue 14: transferred away: read-only
        history = list(case_history(session, case_no))
        # Hand-overs and profiles are audited under the sample's number: the case's history has them too.
        for person in reg.case.everyone():
            for sample in person.samples:
                if sample.sample_no:
                    history += case_history(session, sample.sample_no)
        history.sort(key=lambda e: e.seq)
        found = reg.case.type is CaseType.FOUND
        published = publication_of(session, case_no) if found else None
        gallery = standing(session, case_no) if found else None
        children = tuple(standings(session, case_no)) if found else ()
        return CaseView(reg, history, list_photos(session, case_no), published, gallery, children)

    return load


class CaseDetailPane(QWidget):
    """Tabs: summary, persons (with photos), samples (with custody), history; print and void."""

    loaded = Signal(str)
    changed = Signal(str)
    preview_opened = Signal(object)
    editor_opened = Signal(object)
    matches_requested = Signal(str)  # the officer asked for this case's match candidates
    referral_requested = Signal(str)  # issue 14: ask another station to act on this case

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._wanted = ""
        self.view: CaseView | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.state = QLabel(self)
        self.print_button = QToolButton(self)
        self.print_button.setText(self.tr("&Print"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_button)
        for form in CASE_FORMS:
            action = menu.addAction(form_title(form))
            action.triggered.connect(lambda _checked=False, f=form: self.open_preview(f))
        self.print_button.setMenu(menu)
        self.void_button = QPushButton(self.tr("&Void…"), self)
        self.void_button.clicked.connect(self.ask_void)
        self.life = CaseLifeBar(ctx, self)
        self.life.edit_requested.connect(self.open_editor)
        self.life.done.connect(self._changed)
        self.life.failed.connect(self._failed)
        self.matches_button = QPushButton(self.tr("Candidate matches"), self)
        self.matches_button.setToolTip(
            self.tr("Missing/found candidates for this case, with reasons (Ctrl+Shift+M)")
        )
        self.matches_button.clicked.connect(self._ask_matches)
        self.gallery_button = QPushButton(self)
        self.gallery_button.clicked.connect(self.ask_publication)
        self.refer_button = QPushButton(self.tr("Refer to another station…"), self)
        self.refer_button.setToolTip(
            self.tr(
                "Ask another station to act on this case: visit an address, take a relative's DNA sample, interview a witness"
            )
        )
        self.refer_button.clicked.connect(self._ask_referral)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.state, 1)
        head.addWidget(self.gallery_button)
        head.addWidget(self.refer_button)
        head.addWidget(self.print_button)
        head.addWidget(self.void_button)
        self.summary = QTextBrowser(self)
        self.persons = QTextBrowser(self)
        self.photo_person = QComboBox(self)
        self.photo_button = QPushButton(self.tr("Add p&hoto…"), self)
        self.photo_button.clicked.connect(self.choose_photos)
        persons_page = QWidget(self)
        pbox = QVBoxLayout(persons_page)
        prow = QHBoxLayout()
        prow.addWidget(QLabel(self.tr("Photo of"), persons_page))
        prow.addWidget(self.photo_person, 1)
        prow.addWidget(self.photo_button)
        pbox.addLayout(prow)
        pbox.addWidget(self.persons, 1)
        self.samples = SamplesTab(ctx, self)
        self.samples.changed.connect(lambda text: self.reload(text))
        self.history = HistoryTable(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.summary, self.tr("Summary"))
        self.tabs.addTab(persons_page, self.tr("Persons"))
        self.tabs.addTab(self.samples, self.tr("DNA samples"))
        self.tabs.addTab(self.history, self.tr("History"))
        # Beside the tabs, where there is room: the head row stays as narrow as the list needs.
        self.tabs.setCornerWidget(self.matches_button, Qt.Corner.TopRightCorner)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        case_page = QWidget(self)
        cbox = QVBoxLayout(case_page)
        cbox.setContentsMargins(0, 0, 0, 0)
        cbox.addLayout(head)
        cbox.addWidget(self.life)
        cbox.addWidget(self.tabs, 1)
        cbox.addWidget(self.message)
        self.empty = QLabel(self.tr("Choose a case in the list to see it here."), self)
        self.empty.setStyleSheet("color: #666;")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(case_page)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.pages)
        self.setFocusProxy(self.tabs)
        for i, key in enumerate(("Alt+1", "Alt+2", "Alt+3", "Alt+4")):
            action = self.addAction(key)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _c=False, n=i: self.tabs.setCurrentIndex(n))
        ctx.locked.connect(self._hide_for_lock)
        ctx.unlocked.connect(self._show_after_lock)
        self.clear()

    # -- showing ------------------------------------------------------------------------------
    def show_case(self, case_no: str) -> None:
        """Load and show *case_no* (in the background); audits a view of the case."""
        self._wanted = case_no
        self.message.setText(self.tr("Opening the case…"))
        submit_for(self._ctx, self, load_view(case_no), on_done=lambda v: self._show(case_no, v),
                         on_error=self._failed, label=self.tr("Opening the case…"))  # fmt: skip

    @property
    def case_no(self) -> str | None:
        """The case shown (None when the pane is empty or the screen is locked)."""
        return self.view.reg.case_no if self.view is not None else None

    def _ask_referral(self) -> None:
        if self.case_no:
            self.referral_requested.emit(self.case_no)

    def _ask_matches(self) -> None:
        if self.case_no:
            self.matches_requested.emit(self.case_no)

    def reload(self, note: str = "") -> None:
        if self._wanted:
            self.show_case(self._wanted)
            self._note = note

    def clear(self) -> None:
        """Show no case at all (also what a lock does)."""
        self.view = None
        self._note = ""
        for browser in (self.summary, self.persons):
            browser.clear()
        self.samples.clear()
        self.history.setRowCount(0)
        self.title.clear()
        self.state.clear()
        self.message.clear()
        self.pages.setCurrentWidget(self.empty)

    def _hide_for_lock(self) -> None:
        wanted = self._wanted
        self.clear()
        self._wanted = wanted

    def _show_after_lock(self) -> None:
        if self._wanted:
            self.show_case(self._wanted)

    def _show(self, case_no: str, view: CaseView) -> None:
        if case_no != self._wanted or getattr(self._ctx, "is_locked", False):
            return
        self.view = view
        reg = view.reg
        self.title.setText(reg.case_no)
        self.state.setText(" · ".join((labels.case_type(reg.case.type), labels.case_status(reg.status),
                                       labels.review(reg.review))))  # fmt: skip
        shown = view.gallery_children or ((view.gallery,) if view.gallery else ())
        self.summary.setHtml(
            summary_html(
                reg,
                "\n".join(
                    gallery_text(g.state, g.reference, g.at, g.by_name, g.reason, g.by_kind) for g in shown
                ),
            )
        )
        urls: dict[int, list[str]] = {}
        document = self.persons.document()
        for info in view.photos:
            url = f"photo:{info.id}"
            document.addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(url), QImage.fromData(info.thumbnail)
            )
            urls.setdefault(info.person_position, []).append(url)
        self.persons.setHtml(persons_html(reg, urls))
        self.photo_person.clear()
        if reg.case.reporter is not None:
            self.photo_person.addItem(f"{labels.role('reporter')} · {reg.case.reporter.name}", -1)
        for i, p in enumerate(reg.case.persons):
            self.photo_person.addItem(f"{labels.role(p.role)} · {p.name or '—'}", i)
        self.samples.show_case(reg)
        self.history.show_entries(view.history, reg.revisions)
        self.life.show_case(reg)
        voidable = reg.status in (CaseStatus.OPEN, CaseStatus.CLOSED) and not reg.extra.get("held_by")
        self.void_button.setEnabled(voidable)
        self._show_gallery_button(view)
        self.message.setText(self._note)
        self._note = ""
        self.pages.setCurrentIndex(1)
        self.loaded.emit(case_no)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe_error(exc, self._ctx.lang, self.tr("The case could not be opened")))

    # -- actions ------------------------------------------------------------------------------
    def open_preview(self, form: str) -> PreviewDialog | None:
        if not self._wanted or self.view is None:
            return None
        dialog = open_form_preview(self._ctx, form, self._wanted, self.window())
        self.preview_opened.emit(dialog)
        return dialog

    def ask_void(self, dialog: VoidDialog | None = None, *, ask: bool = True) -> None:
        if self.view is None:
            return
        case_no = self.view.reg.case_no
        dialog = dialog or VoidDialog(case_no, self)
        if ask and not dialog.exec():
            return
        reason = dialog.reason.toPlainText().strip()
        submit_for(self._ctx, self, lambda s: void_case(s, case_no, reason),
                         on_done=lambda _r: self._changed(self.tr("Void requested; a supervisor must approve it")),
                         on_error=self._failed, label=self.tr("Saving…"), mutates=True)  # fmt: skip

    def open_editor(self) -> IntakeDialog | None:
        """The intake form, filled with the case, to edit it (a reason is asked on saving)."""
        if self.view is None:
            return None
        from app.ui.intake.dialog import IntakeDialog

        reg = self.view.reg
        dialog = IntakeDialog(self._ctx, reg.case.type, self.window(), editing=reg)
        dialog.edited.connect(lambda _n: self._changed(self.tr("Changes saved as a new revision")))
        dialog.show()
        self.editor_opened.emit(dialog)
        return dialog

    def choose_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose photos"),
            str(Path.home()),
            self.tr("Pictures (%1)").replace("%1", PICTURE_FILTER),
        )
        self.add_photo_files([Path(f) for f in files])

    def add_photo_files(self, paths: list[Path]) -> None:
        """Scale and store photos of the chosen person of the case (in the background)."""
        if self.view is None or not paths:
            return
        case_no, position = self.view.reg.case_no, int(self.photo_person.currentData())

        def store(session: Session) -> list[int]:
            return add_photos(session, case_no, position, [prepare_photo_file(p) for p in paths])

        submit_for(self._ctx, self, store, on_done=lambda _r: self._changed(self.tr("Photo added")),
                         on_error=self._failed, label=self.tr("Saving…"), mutates=True)  # fmt: skip

    def _show_gallery_button(self, view: CaseView) -> None:
        """A found case: ask to publish it in the national gallery, or withdraw the request
        (supervisors and admins, while the case is open)."""
        found = view.reg.case.type is CaseType.FOUND
        requested = view.publication is not None and view.publication.state == "requested"
        self.gallery_button.setVisible(found)
        self.gallery_button.setText(
            self.tr("Withdraw from the gallery…") if requested else self.tr("Publish in the gallery…")
        )
        session = self._ctx.session
        may = session is not None and session.role in (AccountRole.SUPERVISOR, AccountRole.ADMIN)
        self.gallery_button.setEnabled(found and may and view.reg.status is CaseStatus.OPEN)
        tip = (
            self.tr("Reference %1, asked by %2")
            .replace("%1", view.publication.reference)
            .replace("%2", view.publication.requested_by)
            if requested and view.publication
            else self.tr("Only supervisors and admins ask to publish")
        )
        self.gallery_button.setToolTip(tip)

    def ask_publication(self) -> None:
        if self.view is None:
            return
        from app.ui.gallery import ask_publication

        requested = self.view.publication is not None and self.view.publication.state == "requested"
        ask_publication(self._ctx, self, self.view.reg.case_no, requested, self._changed)

    def _changed(self, text: str) -> None:
        self.changed.emit(text)
        self.reload(text)
