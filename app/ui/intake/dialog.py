"""The intake dialog: type a report, see problems as you type, save it, get the case number.

Nothing typed is ever lost: the form is kept as a draft in the encrypted store every few seconds,
when the screen locks and when the dialog closes, and offered back the next time the same kind
of report is opened. Saving is refused while any field has a problem; the problems are shown
beside their fields and the cursor goes to the first one. All store work runs on the runner.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import casediff
from app.core.casejson import case_to_json
from app.core.model import Case, CaseType, RegisteredCase, ReviewState
from app.core.problems import Problem
from app.core.validation import parse_case
from app.services.case_edit import EditResult, edit_case
from app.services.cases import Registration, register_cases
from app.services.drafts import Draft, discard_draft, load_draft, save_draft
from app.services.duplicates import Duplicate, find_duplicates
from app.services.photos import add_photos
from app.ui.detail.life_dialogs import DuplicateDialog, ReasonDialog
from app.ui.intake import labels
from app.ui.intake.checks import Anchor, all_problems, anchor
from app.ui.intake.confirmation import Confirmation
from app.ui.intake.fields import FRAME_STYLE, describe_error, submit_for
from app.ui.intake.form import CaseForm
from app.ui.intake.shape import blank_state, case_dict, has_content, photos_of, state_from_case
from app.ui.photos import prepared_from_state

if TYPE_CHECKING:
    from app.services.session import Session
    from app.ui.context import UiContext

AUTOSAVE_MS = 3000
CHECK_DELAY_MS = 250


class IntakeDialog(QDialog):
    """Register one case of *case_type*; emits ``registered(case_no)`` when it is filed.

    Given *editing* (a registered case), the same form edits it instead: it opens filled, asks for
    the reason of the change on saving, and emits ``edited(case_no)`` (a returned registration is
    resubmitted by its correction). A new case that repeats one on file is stopped by the
    duplicate warning (``duplicate_dialog``) until the officer registers it with a reason.
    """

    registered = Signal(str)
    edited = Signal(str)
    open_case_requested = Signal(str)
    duplicate_warned = Signal(object)  # the DuplicateDialog shown
    reason_asked = Signal(object)  # the ReasonDialog of an edit
    checked = Signal(int)  # problems shown after a check
    draft_saved = Signal()
    draft_offered = Signal()
    save_refused = Signal(int)

    def __init__(
        self,
        ctx: UiContext,
        case_type: CaseType,
        parent: QWidget | None = None,
        *,
        editing: RegisteredCase | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.case_type = case_type
        self.editing = editing
        self.duplicate_dialog: DuplicateDialog | None = None
        self.reason_dialog: ReasonDialog | None = None
        self.draft_name = f"edit:{editing.case_no}" if editing else f"intake:{case_type.value}"
        self._touched: set[Anchor] = set()
        self._show_all = False
        self._last_saved = ""
        self._filed = False
        self._saving = False
        self._offered: Draft | None = None
        self.setWindowTitle(self.tr("New case — %1").replace("%1", labels.case_type(case_type)))
        self.setStyleSheet(FRAME_STYLE)
        self.resize(1240, 700)
        self.form = CaseForm(ctx, case_type, self)
        if editing is not None:
            self.form.load(state_from_case(case_to_json(editing.case)))
        else:
            self.form.load(blank_state(case_type, self.form.state()["reported_at"]))
        self._build()
        if editing is not None:
            self._edit_mode(editing)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.check)
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.keep_draft)
        self._autosave.start()
        self.form.edited.connect(self._edited)
        self.form.event_place.setFocus()  # where and when first: it decides the alert radius
        ctx.locked.connect(self._on_lock)
        ctx.unlocked.connect(self._on_unlock)
        if editing is not None:
            return
        draft_name = self.draft_name
        submit_for(
            ctx,
            self,
            lambda s: load_draft(s, draft_name),
            self._draft_loaded,
            lambda _e: None,
        )

    def _build(self) -> None:
        self.banner = QFrame(self)
        self.banner.setStyleSheet("QFrame { background: #fff4ce; border: 1px solid #e0c36a; }")
        self.banner_text = QLabel(self.banner)
        self.restore_button = QPushButton(self.tr("&Restore draft"), self.banner)
        self.discard_button = QPushButton(self.tr("Discard draft"), self.banner)
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        self.banner.hide()
        self.restore_button.clicked.connect(self.restore_draft)
        self.discard_button.clicked.connect(self.discard_offered)
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save case"), self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Save case (Ctrl+S)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.close_button = QPushButton(self.tr("Close (draft is kept)"), self)
        self.close_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.close_button)
        bar.addWidget(self.save_button)
        editing = QWidget(self)
        box = QVBoxLayout(editing)
        box.addWidget(self.banner)
        box.addWidget(scroll, 1)
        box.addLayout(bar)
        self.confirmation = Confirmation(self._ctx, self)
        self.confirmation.close_requested.connect(self.accept)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(editing)
        self.pages.addWidget(self.confirmation)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.addWidget(self.pages)

    def _edit_mode(self, reg: RegisteredCase) -> None:
        self.setWindowTitle(self.tr("Edit case %1").replace("%1", reg.case_no))
        returned = reg.review is ReviewState.RETURNED
        self.save_button.setText(self.tr("Save and &resubmit") if returned else self.tr("&Save changes"))
        self.close_button.setText(self.tr("Close without saving"))
        self._touched = {a for a, _f in self.form.all_fields()}
        self._last_saved = json.dumps(self.form.state(), sort_keys=True, ensure_ascii=False)
        comment = str(reg.extra.get("review_comment") or "")
        if returned and comment:
            self.banner_text.setText(self.tr("Returned by the supervisor: %1").replace("%1", comment))
            self.restore_button.hide()
            self.discard_button.hide()
            self.banner.show()

    # -- checking as the officer types ---------------------------------------------------------
    def _edited(self, where: Anchor) -> None:
        self._touched.add(where)
        self._check_timer.start()

    def _visible(self) -> set[Anchor] | None:
        if self._show_all:
            return None
        # A half-typed ID number is not yet wrong: say so only at 18 characters or on leaving.
        return self._touched

    def check(self) -> int:
        """Check the whole form now and show the problems; returns how many are shown."""
        problems = all_problems(case_dict(self.form.state()))
        visible = self._visible()
        if visible is not None:
            problems = [p for p in problems if not self._typing_id(p)]
        shown = self.form.show_problems(problems, visible, self._ctx.lang)
        self.checked.emit(len(shown))
        return len(shown)

    def _typing_id(self, problem: Problem) -> bool:
        if problem.code != "id_length" or not problem.field.endswith("id_number"):
            return False
        field = self.form.field_for(anchor(problem.field))
        if field is None:
            return False
        editor = field.editor
        text = editor.text() if hasattr(editor, "text") else ""
        return bool(editor.hasFocus() and len(text.strip()) < 18)

    # -- saving -------------------------------------------------------------------------------
    def save(self) -> None:
        """File the case when nothing is wrong; otherwise show every problem and refuse."""
        if self._saving or self._filed:
            return
        self._check_timer.stop()
        state = self.form.state()
        if not has_content(state):
            # A case number is never reused: an empty case filed by a slip of Ctrl+S would have
            # to be voided. Say so instead.
            self.status.setText(self.tr("Nothing to save yet: type the report first."))
            self.save_refused.emit(0)
            return
        problems = all_problems(case_dict(state))
        if problems:
            self._show_all = True
            shown = self.form.show_problems(problems, None, self._ctx.lang)
            self.status.setText(
                self.tr("Not saved: %n problem(s) to fix first. Nothing you typed is lost.", "", len(shown))
            )
            self.status.setStyleSheet("color: #b3261e;")
            self.form.focus_problem(problems[0])
            self.keep_draft()
            self.save_refused.emit(len(shown))
            return
        if self.editing is not None:
            self._ask_edit_reason(case_dict(state))
            return
        case = parse_case(case_dict(state))
        self._register(case, photos_of(state), None)

    def _register(
        self, case: Case, photos: list[tuple[int, list[dict[str, Any]]]], allow: str | None
    ) -> None:
        name = self.draft_name
        self._saving = True
        self.save_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saving…"))

        def register(session: Session) -> tuple[Registration, BaseException | None] | list[Duplicate]:
            if allow is None:
                found = find_duplicates(session, case)
                if found:
                    return found  # warn first; nothing is registered
            reg = register_cases(session, [case], allow_duplicate=allow)[0]
            trouble: BaseException | None = None
            try:
                for position, items in photos:
                    add_photos(session, reg.case_no, position, [prepared_from_state(p) for p in items])
            except Exception as exc:
                trouble = exc
            discard_draft(session, name, filed_as=reg.case_no)
            return reg, trouble

        submit_for(self._ctx, self, register, on_done=self._filed_ok, on_error=self._file_failed,
                         label=self.tr("Saving the case…"), mutates=True)  # fmt: skip

    def _filed_ok(self, result: tuple[Registration, BaseException | None] | list[Duplicate]) -> None:
        if isinstance(result, list):
            self._warn_duplicate(result)
            return
        reg, trouble = result
        self._filed = True
        self._saving = False
        self._autosave.stop()
        note = (
            describe_error(trouble, self._ctx.lang, self.tr("A photo could not be stored")) if trouble else ""
        )
        self.confirmation.show_registration(reg, self.case_type, note)
        self.pages.setCurrentWidget(self.confirmation)
        self.registered.emit(reg.case_no)

    def _warn_duplicate(self, found: list[Duplicate]) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.status.setStyleSheet("color: #b3261e;")
        self.status.setText(self.tr("Not saved yet: this person may already be registered."))
        state = self.form.state()
        case = parse_case(case_dict(state))
        dialog = DuplicateDialog(found, self)
        self.duplicate_dialog = dialog
        dialog.accepted.connect(lambda: self._register(case, photos_of(state), dialog.text()))
        dialog.open_requested.connect(self.open_case_requested.emit)
        dialog.open()
        self.duplicate_warned.emit(dialog)

    def _ask_edit_reason(self, changed: dict[str, Any]) -> None:
        assert self.editing is not None
        reg = self.editing
        returned = reg.review is ReviewState.RETURNED
        dialog = ReasonDialog(
            self.tr("Why is case %1 changed?").replace("%1", reg.case_no),
            self.tr("Every change is kept as a revision with your name, the time and this reason.")
            + (
                " " + self.tr("The correction is sent back to the supervisor for review.") if returned else ""
            ),
            self,
            ok_text=self.tr("Save and resubmit") if returned else self.tr("Save changes"),
        )
        self.reason_dialog = dialog
        patch = casediff.patch_between(case_to_json(reg.case), changed)
        dialog.accepted.connect(lambda: self._save_edit(reg.case_no, patch, dialog.text()))
        dialog.open()
        self.reason_asked.emit(dialog)

    def _save_edit(self, case_no: str, patch: dict[str, Any], reason: str) -> None:
        self._saving = True
        self.save_button.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saving…"))
        name = self.draft_name

        def edit(session: Session) -> EditResult:
            result = edit_case(session, case_no, patch, reason)
            discard_draft(session, name)
            return result

        submit_for(self._ctx, self, edit, on_done=lambda _r: self._edited_ok(case_no),
                   on_error=self._file_failed, label=self.tr("Saving the case…"), mutates=True)  # fmt: skip

    def _edited_ok(self, case_no: str) -> None:
        self._filed = True
        self._saving = False
        self._autosave.stop()
        self.edited.emit(case_no)
        self.accept()

    def _file_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.status.setStyleSheet("color: #b3261e;")
        self.status.setText(
            describe_error(exc, self._ctx.lang, self.tr("The case could not be saved; your entry is kept"))
        )
        self.keep_draft()

    # -- drafts -------------------------------------------------------------------------------
    def keep_draft(self) -> None:
        """Save the form as a draft if it changed since the last time (nothing when filed)."""
        if self._filed or self._ctx.session is None:
            return
        state = self.form.state()
        text = json.dumps(state, sort_keys=True, ensure_ascii=False)
        if text == self._last_saved or not has_content(state):
            return
        self._last_saved = text
        name = self.draft_name
        submit_for(self._ctx, self, lambda s: save_draft(s, name, state), on_done=lambda _r: self.draft_saved.emit(),
                         on_error=self._draft_failed)  # fmt: skip

    def _draft_failed(self, exc: BaseException) -> None:
        self._last_saved = ""  # try again on the next tick
        self.status.setText(describe_error(exc, self._ctx.lang, self.tr("The draft could not be kept")))

    def _draft_loaded(self, draft: Draft | None) -> None:
        if draft is None or not has_content(draft.content) or has_content(self.form.state()):
            return
        self._offered = draft
        when = draft.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self.banner_text.setText(
            self.tr("An unsaved report of this kind from %1 was kept. Restore it?").replace("%1", when)
        )
        self.banner.show()
        self.restore_button.setFocus()
        self.draft_offered.emit()

    def restore_draft(self) -> None:
        if self._offered is None:
            return
        self.form.load(self._offered.content)
        self._last_saved = json.dumps(self.form.state(), sort_keys=True, ensure_ascii=False)
        self._offered = None
        self.banner.hide()
        self._touched = {a for a, _f in self.form.all_fields()}
        self.check()

    def discard_offered(self) -> None:
        self._offered = None
        self.banner.hide()
        name = self.draft_name
        submit_for(self._ctx, self, lambda s: discard_draft(s, name), on_error=lambda _e: None)

    # -- lock and close -----------------------------------------------------------------------
    def _on_lock(self) -> None:
        self.keep_draft()
        self.hide()

    def _on_unlock(self) -> None:
        if not self._filed or self.pages.currentWidget() is self.confirmation:
            self.show()

    def reject(self) -> None:
        self.keep_draft()
        self._autosave.stop()
        super().reject()

    def done(self, result: int) -> None:
        self._autosave.stop()
        for signal, slot in ((self._ctx.locked, self._on_lock), (self._ctx.unlocked, self._on_unlock)):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        super().done(result)


__all__ = ["IntakeDialog"]
