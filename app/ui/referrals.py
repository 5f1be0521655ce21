"""Referrals between stations on the desktop (issue 14): the referrals window (sent here / sent
from here, each with its state and every step: who, at which station, when) with Accept, Answer
and Decline for what other stations ask of this one, and the window that asks another station to
act on one of this station's cases (from the main window or the case detail's "Refer to another
station…"). A change the national server refused is shown beside the referral or the step with
its reason. Service calls run on the database worker (``submit_for``)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.referral import ReferralRequest, ReferralState, word
from app.services import referrals
from app.services.refusal_words import refusal_words
from app.ui.i18n import follow_language
from app.ui.intake.fields import describe_error, submit_for
from app.ui.sync_words import local_time

if TYPE_CHECKING:
    from app.services.referrals import Referral
    from app.ui.context import UiContext

REFUSED_RED = "#b3001b"


class ReferralSendDialog(QDialog):
    """Ask another station to act on one of this station's cases."""

    sent = Signal(str)  # the new referral's short id

    def __init__(self, ctx: UiContext, case_no: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Refer a case to another station"))
        intro = QLabel(self.tr("The station asked sees the request and the case's summary after its next sync, and answers: accepted, an answer with a note, or declined."), self)  # fmt: skip
        intro.setWordWrap(True)
        self.case = QLineEdit(case_no, self)
        self.case.setReadOnly(bool(case_no))
        self.case.setPlaceholderText("370783001-2026-000001")
        self.station = QLineEdit(self)
        self.station.setPlaceholderText(self.tr("9-digit station code"))
        self.station.setMaxLength(9)
        self.request = QComboBox(self)
        for kind in ReferralRequest:
            self.request.addItem(word(kind, ReferralRequest, ctx.lang), kind.value)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText(
            self.tr("What should the station do? Address, person, what to ask or take.")
        )
        form = QFormLayout()
        form.addRow(self.tr("Case"), self.case)
        form.addRow(self.tr("Station asked"), self.station)
        form.addRow(self.tr("Request"), self.request)
        form.addRow(self.tr("Note"), self.note)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {REFUSED_RED};")
        self.send_button = QPushButton(self.tr("&Send the referral"), self)
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.send_button)
        row.addWidget(cancel)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addLayout(form)
        box.addWidget(self.message)
        box.addLayout(row)
        self.resize(560, 400)
        ctx.locked.connect(self.reject)

    def send(self) -> None:
        case_no, to, note = self.case.text().strip(), self.station.text().strip(), self.note.toPlainText()
        request = ReferralRequest(self.request.currentData())
        self.send_button.setEnabled(False)
        submit_for(self._ctx, self, lambda s: referrals.send_referral(s, case_no, to, note, request),
                   on_done=self._sent, on_error=self._failed, mutates=True,
                   label=self.tr("Queueing the referral…"))  # fmt: skip

    def _sent(self, made: Referral) -> None:
        self.sent.emit(made.short)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.send_button.setEnabled(True)
        self.message.setText(describe_error(exc, self._ctx.lang, self.tr("The referral could not be queued")))


class ReferralsDialog(QDialog):
    """Referrals sent here and sent from here, newest first, with every step."""

    loaded = Signal(int)
    open_case = Signal(str)  # one of this station's cases, for the main window's detail pane

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[Referral] = []
        self._read = False
        self.incoming = self._table()
        self.outgoing = self._table()
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.incoming, "")
        self.tabs.addTab(self.outgoing, "")
        self.tabs.currentChanged.connect(lambda _i: self._selected_changed())
        self.detail = QTextBrowser(self)
        self.answer = QPlainTextEdit(self)
        self.answer.setMaximumHeight(80)
        self.accept_button = QPushButton(self)
        self.answer_button = QPushButton(self)
        self.decline_button = QPushButton(self)
        self.accept_button.clicked.connect(lambda: self.take(ReferralState.ACCEPTED))
        self.answer_button.clicked.connect(lambda: self.take(ReferralState.ANSWERED))
        self.decline_button.clicked.connect(lambda: self.take(ReferralState.DECLINED))
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_selected)
        self.refer_button = QPushButton(self)
        self.refer_button.clicked.connect(lambda: self.ask(""))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.hide)
        steps = QHBoxLayout()
        steps.addWidget(self.accept_button)
        steps.addWidget(self.answer_button)
        steps.addWidget(self.decline_button)
        steps.addStretch(1)
        steps.addWidget(self.open_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.refer_button)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.close_button)
        box = QVBoxLayout(self)
        box.addWidget(self.tabs, 3)
        box.addWidget(self.detail, 2)
        box.addWidget(self.answer)
        box.addLayout(steps)
        box.addLayout(bottom)
        self.resize(1000, 680)
        self.retranslate()
        ctx.locked.connect(self.hide)
        self._selected_changed()

    def retranslate(self) -> None:
        """The window's fixed words, and the tables again from the referrals already read."""
        self.setWindowTitle(self.tr("Referrals between stations"))
        self.answer.setPlaceholderText(self.tr("Your answer, or why the station declines (required)"))
        self.accept_button.setText(self.tr("A&ccept"))
        self.answer_button.setText(self.tr("&Answer"))
        self.decline_button.setText(self.tr("&Decline"))
        self.open_button.setText(self.tr("&Open the case"))
        self.refer_button.setText(self.tr("&Refer a case…"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        follow_language(
            self, event, self.retranslate, (lambda: self._show(self.rows, "")) if self._read else None
        )
        super().changeEvent(event)

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, 6, self)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.itemSelectionChanged.connect(self._selected_changed)
        return table

    def present(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.reload()

    def reload(self, note: str = "") -> None:
        submit_for(self._ctx, self, referrals.list_referrals, on_done=lambda rows: self._show(rows, note),
                   on_error=self._failed, label=self.tr("Reading referrals…"))  # fmt: skip

    def _state(self, r: Referral) -> str:
        text = word(r.state, ReferralState, self._ctx.lang)
        if r.travel == "waiting":
            text += self.tr(" · waiting to sync")
        elif r.travel == "refused":
            text += self.tr(" · refused by the national server")
        return text

    def _show(self, rows: list[Referral], note: str) -> None:
        keep = self._selected()
        self.rows = rows
        self._read = True
        lang = self._ctx.lang
        for table, mine in ((self.incoming, True), (self.outgoing, False)):
            shown = [r for r in rows if r.incoming == mine]
            table.setRowCount(len(shown))
            station = self.tr("From") if mine else self.tr("To")
            table.setHorizontalHeaderLabels([self.tr("Referral"), self.tr("Case"), station, self.tr("Request"),
                                             self.tr("State"), self.tr("Asked")])  # fmt: skip
            for i, r in enumerate(shown):
                name, code = (r.from_name, r.from_station) if mine else (r.to_name, r.to_station)
                cells = [r.short, r.case_no, f"{name} {code}".strip(), word(r.request, ReferralRequest, lang),
                         self._state(r), local_time(r.asked_at)]  # fmt: skip
                for j, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, r.id)
                    if r.travel == "refused" or any(a.travel == "refused" for a in r.answers):
                        item.setForeground(Qt.GlobalColor.red)
                    table.setItem(i, j, item)
                if keep is not None and r.id == keep.id:
                    table.selectRow(i)
        waiting = sum(1 for r in rows if r.incoming and r.state is ReferralState.SENT)
        self.tabs.setTabText(0, self.tr("Sent here (%n waiting)", "", waiting))
        self.tabs.setTabText(1, self.tr("Sent from here (%n)", "", sum(1 for r in rows if not r.incoming)))
        self.message.setText(note)
        self._selected_changed()
        self.loaded.emit(len(rows))

    def _selected(self) -> Referral | None:
        table = self.incoming if self.tabs.currentIndex() == 0 else self.outgoing
        items = table.selectedItems()
        if not items:
            return None
        rid = items[0].data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.rows if r.id == rid), None)

    def select(self, short: str) -> bool:
        """Show the referral *short* (its tab, its row); False when it is not listed."""
        for tab, table in enumerate((self.incoming, self.outgoing)):
            for i in range(table.rowCount()):
                item = table.item(i, 0)
                if item is not None and item.text() == short:
                    self.tabs.setCurrentIndex(tab)
                    table.selectRow(i)
                    return True
        return False

    def _selected_changed(self) -> None:
        r = self._selected()
        for button, step in ((self.accept_button, ReferralState.ACCEPTED),
                             (self.answer_button, ReferralState.ANSWERED),
                             (self.decline_button, ReferralState.DECLINED)):  # fmt: skip
            button.setVisible(self.tabs.currentIndex() == 0)
            button.setEnabled(r is not None and r.can_take(step))
        self.answer.setVisible(self.tabs.currentIndex() == 0)
        self.answer.setEnabled(r is not None and r.incoming and r.state is not ReferralState.DECLINED)
        self.open_button.setEnabled(r is not None)
        self.detail.setHtml(self._describe(r) if r is not None else "")

    def _describe(self, r: Referral) -> str:
        lang = self._ctx.lang
        who = (
            f"{escape(r.from_name)} {r.from_station}" if r.incoming else f"{escape(r.to_name)} {r.to_station}"
        )
        head = (self.tr("Asked of this station by %1") if r.incoming else self.tr("Asked of %1")).replace(
            "%1", who
        )
        asked = self.tr("%1: %2").replace("%1", r.asked_by).replace("%2", r.note)
        lines = [
            f"<p><b>{escape(word(r.request, ReferralRequest, lang))}</b> · {escape(r.case_no)} · {head}</p>",
            f"<p>{escape(local_time(r.asked_at))} {escape(asked)}</p>",
        ]
        if r.travel == "refused":
            refused = self.tr("Refused by the national server: %1").replace(
                "%1", escape(self._refusal(r.refusal))
            )
            lines.append(f'<p style="color:{REFUSED_RED}">{refused}</p>')
        for a in r.answers:
            step = escape(word(a.state, ReferralState, lang))
            when = escape(local_time(a.received_at or a.at))
            extra = ""
            if a.travel == "waiting":
                extra = escape(self.tr(" · waiting to sync"))
            elif a.travel == "refused":
                refused = self.tr("Refused by the national server: %1").replace(
                    "%1", escape(self._refusal(a.refusal))
                )
                extra = f' <span style="color:{REFUSED_RED}">{refused}</span>'
            said = self.tr("%1 (%2): %3").replace("%1", a.by).replace("%2", a.station).replace("%3", a.note)
            lines.append(f"<p>{when} <b>{step}</b> {escape(said)}{extra}</p>")
        return "".join(lines)

    def _refusal(self, stored: str) -> str:
        """The server's refusal in the officer's language (no English inside Chinese)."""
        return refusal_words(stored, self._ctx.lang).line(self._ctx.lang)

    def take(self, step: ReferralState) -> None:
        r = self._selected()
        if r is None:
            return
        note, rid = self.answer.toPlainText(), r.id
        done = {
            ReferralState.ACCEPTED: self.tr("Referral %1 accepted; the asking station learns it with the next sync."),
            ReferralState.ANSWERED: self.tr("Answer to referral %1 queued; the asking station reads it after the next sync."),
            ReferralState.DECLINED: self.tr("Referral %1 declined; the asking station learns it with the next sync."),
        }[step].replace("%1", r.short)  # fmt: skip

        def taken(_made: object) -> None:
            self.answer.clear()
            self.reload(done)

        submit_for(self._ctx, self, lambda s: referrals.answer_referral(s, rid, note, step), on_done=taken,
                   on_error=self._failed, mutates=True, label=self.tr("Recording the answer…"))  # fmt: skip

    def open_selected(self) -> None:
        r = self._selected()
        if r is None:
            return
        if not r.incoming:
            self.open_case.emit(r.case_no)
            return
        from app.services.national_cases import national_case

        case_no = r.case_no
        submit_for(self._ctx, self, lambda s: national_case(s, case_no),
                   on_done=lambda c: self._show_national(case_no, c), on_error=self._failed)  # fmt: skip

    def _show_national(self, case_no: str, case: object) -> None:
        if case is None:
            self.message.setText(
                self.tr("The summary of case %1 has not arrived yet: sync first.").replace("%1", case_no)
            )
            return
        from app.ui.national_case import NationalCaseDialog

        why = self.tr("Another station's case (referred to this station, read-only)")
        NationalCaseDialog(case, self._ctx.lang, self, banner=why).exec()  # type: ignore[arg-type]

    def ask(self, case_no: str) -> ReferralSendDialog:
        """The window that asks another station to act on *case_no* (empty: the officer types it)."""
        dialog = ReferralSendDialog(self._ctx, case_no, self)
        dialog.sent.connect(
            lambda short: self.reload(
                self.tr("Referral %1 queued; it travels with the next sync.").replace("%1", short)
            )
        )
        dialog.open()
        return dialog

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe_error(exc, self._ctx.lang, self.tr("The referrals could not be read")))
