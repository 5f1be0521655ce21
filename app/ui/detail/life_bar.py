"""The case's life in the detail pane: edit, close, reopen, and a supervisor's approve / return,
above the tabs; the review thread (returns, resubmissions, closures) and the closure beside them.

Which buttons show follows the case's state (app.core.lifecycle) and the user's role; every
action runs on the database worker and reports back with ``done(text)`` or ``failed(exc)``.
A returned registration says so in red with the supervisor's comment: the officer sees it first.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.lifecycle import CaseStatus, ReviewState, ThreadEvent
from app.core.model import AccountRole, RegisteredCase
from app.services.case_life import close_case, reopen_case
from app.services.review_desk import approve_shown, return_shown
from app.ui.detail.life_dialogs import CloseDialog, ReasonDialog
from app.ui.i18n import current_language
from app.ui.intake import labels
from app.ui.intake.fields import submit_for

if TYPE_CHECKING:
    from app.ui.context import UiContext

SUPERVISING = (AccountRole.SUPERVISOR, AccountRole.ADMIN)


def thread_html(reg: RegisteredCase) -> str:
    """The conversation on the case, oldest first, as escaped HTML."""
    from app.core import words

    lang = current_language()
    rows = []
    for e in reg.thread:
        at = e.at.astimezone().strftime("%Y-%m-%d %H:%M")
        what = words.word(ThreadEvent, e.event, lang)
        sep = ": " if lang == "en" else "："
        text = f"{sep}{escape(e.text)}" if e.text else ""
        rows.append(f"{escape(at)} · {escape(e.actor)} · <b>{escape(what)}</b>{text}")
    return "<br>".join(rows)


class CaseLifeBar(QWidget):
    """Buttons for the next steps of the case and the thread of what happened so far."""

    edit_requested = Signal()
    done = Signal(str)
    failed = Signal(object)
    dialog_opened = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.reg: RegisteredCase | None = None
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.thread_view = QLabel(self)
        self.thread_view.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.close_button = QPushButton(self.tr("C&lose case…"), self)
        self.reopen_button = QPushButton(self.tr("Re&open…"), self)
        self.approve_button = QPushButton(self.tr("&Approve"), self)
        self.return_button = QPushButton(self.tr("Re&turn…"), self)
        self.transfer_button = QPushButton(self.tr("T&ransfer…"), self)  # issue 14
        self.transfer_button.clicked.connect(lambda: self.ask_transfer())
        self.edit_button.clicked.connect(self.edit_requested.emit)
        self.close_button.clicked.connect(lambda: self.ask_close())
        self.reopen_button.clicked.connect(lambda: self.ask_reopen())
        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(lambda: self.ask_return())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.edit_button, self.close_button, self.reopen_button, self.transfer_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.approve_button)
        row.addWidget(self.return_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.notice)
        box.addLayout(row)
        box.addWidget(self.thread_view)

    def show_case(self, reg: RegisteredCase) -> None:
        self.reg = reg
        session = self._ctx.session
        supervising = session is not None and session.role in SUPERVISING
        waiting = reg.review is ReviewState.PENDING or reg.status in (
            CaseStatus.VOID_PENDING,
            CaseStatus.CLOSE_PENDING,
        )
        self.edit_button.setVisible(reg.status is not CaseStatus.VOIDED)
        self.close_button.setVisible(reg.status is CaseStatus.OPEN)
        self.reopen_button.setVisible(reg.status is CaseStatus.CLOSED)
        self.approve_button.setVisible(supervising and waiting)
        self.return_button.setVisible(supervising and waiting)
        self.transfer_button.setVisible(reg.status is not CaseStatus.VOIDED)
        returned = reg.review is ReviewState.RETURNED
        held = reg.extra.get("held_by")  # issue 14: another station holds the case now
        if isinstance(held, tuple):
            for button in (self.edit_button, self.close_button, self.reopen_button, self.transfer_button,
                           self.approve_button, self.return_button):  # fmt: skip
                button.setVisible(False)
            self.notice.setText(
                self.tr("Transferred to %1 (%2): this station keeps a read-only copy; the receiving station "
                        "changes it now.").replace("%1", str(held[0])).replace("%2", str(held[1] or held[0]))
            )  # fmt: skip
            self.notice.setStyleSheet("color: #7a5b00; font-weight: bold; background: #fff4d6; padding: 6px;")
        elif returned:
            self.edit_button.setText(self.tr("&Correct and resubmit…"))
            comment = str(reg.extra.get("review_comment") or "")
            self.notice.setText(self.tr("Returned for correction: %1").replace("%1", comment))
            self.notice.setStyleSheet("color: #b3261e; font-weight: bold;")
        elif reg.status is CaseStatus.CLOSE_PENDING:
            self.edit_button.setText(self.tr("&Edit…"))
            self.notice.setText(self.tr("Closure requested; it takes effect on a supervisor's approval."))
            self.notice.setStyleSheet("color: #7a5b00;")
        elif reg.closure is not None:
            self.edit_button.setText(self.tr("&Edit…"))
            self.notice.setText(
                self.tr("Closed: %1 — %2")
                .replace("%1", labels.outcome(reg.closure.outcome))
                .replace("%2", reg.closure.reason)
            )
            self.notice.setStyleSheet("color: #1b5e20;")
        else:
            self.edit_button.setText(self.tr("&Edit…"))
            self.notice.clear()
            self.notice.setStyleSheet("")
        self.notice.setVisible(bool(self.notice.text()))
        self.thread_view.setText(thread_html(reg))
        self.thread_view.setVisible(bool(reg.thread))

    # -- actions ------------------------------------------------------------------------------
    def _run(self, work: object, text: str) -> None:
        submit_for(self._ctx, self, work, on_done=lambda _r: self.done.emit(text),  # type: ignore[arg-type]
                   on_error=self.failed.emit, label=self.tr("Saving…"), mutates=True)  # fmt: skip

    def ask_close(self) -> CloseDialog | None:
        if self.reg is None:
            return None
        case_no = self.reg.case_no
        dialog = CloseDialog(case_no, self)
        dialog.accepted.connect(lambda: self._run(lambda s: close_case(s, case_no, dialog.chosen(), dialog.text()),
                                                  self.tr("Closure requested; a supervisor must approve it")))  # fmt: skip
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def ask_reopen(self) -> ReasonDialog | None:
        if self.reg is None:
            return None
        case_no = self.reg.case_no
        dialog = ReasonDialog(self.tr("Reopen case %1").replace("%1", case_no),
                              self.tr("The case becomes open again; its closure stays in the record."),
                              self, ok_text=self.tr("&Reopen"))  # fmt: skip
        dialog.accepted.connect(lambda: self._run(lambda s: reopen_case(s, case_no, dialog.text()),
                                                  self.tr("Case reopened")))  # fmt: skip
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def ask_transfer(self) -> ReasonDialog | None:
        """Ask for the case to be handed to another station (issue 14)."""
        from app.services.transfers import request_transfer
        from app.ui.transfers import TransferDialog

        if self.reg is None:
            return None
        case_no = self.reg.case_no
        session = self._ctx.session
        dialog = TransferDialog(case_no, session is not None and session.role in SUPERVISING, self)
        dialog.accepted.connect(lambda: self._run(lambda s: request_transfer(s, case_no, dialog.code(), dialog.text()),
                                                  self.tr("Transfer requested (Case ▸ Case transfers…)")))  # fmt: skip
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def approve(self) -> None:
        if self.reg is None:
            return
        case_no = self.reg.case_no
        self._run(lambda s: approve_shown(s, case_no), self.tr("Approved"))

    def ask_return(self) -> ReasonDialog | None:
        if self.reg is None:
            return None
        case_no = self.reg.case_no
        dialog = ReasonDialog(self.tr("Return case %1").replace("%1", case_no),
                              self.tr("The officer sees your comment, corrects the case and sends it again."),
                              self, ok_text=self.tr("&Return"))  # fmt: skip
        dialog.reason_label.setText(self.tr("&Comment"))
        dialog.accepted.connect(lambda: self._run(lambda s: return_shown(s, case_no, dialog.text()),
                                                  self.tr("Returned to the officer")))  # fmt: skip
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog
