"""The matches view: one case's candidates, or the station-wide queue of new candidates.

``show_case(case_no)`` ranks the case's counterparts (recomputed and stored by
:func:`app.services.matching.candidates_for`); ``show_queue()`` lists every pair waiting for a
person, DNA re-checks first, after recomputing the cases that changed in the background. The
selected pair is compared side by side (photos, facts, reasons); Confirm, Reject (with a reason)
and Reunited record the decision through :func:`app.services.match_review.review_candidate`.
Everything runs on the database thread through :meth:`UiContext.submit`.

Integration (main window, part A): ``BackgroundMatcher(ctx)`` once (it recomputes after every
change); ``view = MatchesView(ctx)``; call ``view.show_queue()`` from a "Matches" menu entry or
dock, ``view.show_case(case_no)`` from the case detail pane; connect ``view.open_case`` (a case
number) to the detail pane's ``show_case``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.lifecycle import MatchState, RecheckState
from app.ui.background import BackgroundCall
from app.ui.intake import labels
from app.ui.match_compare import ComparePanel, PairView, load_pair

if TYPE_CHECKING:  # the matcher (numpy, pinyin tables) loads only when matching really runs
    from app.services.matching import MatchItem
    from app.services.session import Session
    from app.ui.context import UiContext


def _load_case(case_no: str) -> Any:
    def load(session: Session) -> list[MatchItem]:
        from app.services.matching import candidates_for

        return list(candidates_for(session, case_no).items)

    return load


def _load_queue(session: Session) -> list[MatchItem]:
    from app.services.match_review import review_queue
    from app.services.matching import drain_stale

    drain_stale(session, BackgroundMatcher.CHUNK)
    return [e.item for e in review_queue(session, (MatchState.POTENTIAL, MatchState.CONFIRMED))]


class BackgroundMatcher(QObject):
    """Recomputes candidates after any change, without a person asking, on a thread of its own.

    Every mutating operation (a registration, a sample, a profile, a decision) makes the runner
    emit ``changed``; two seconds after the last one, the cases whose inputs changed are matched
    again (:func:`app.services.matching.drain_stale`, which also takes in national candidates the
    last sync pulled). Loading the register and ranking run on the "xunren-match" thread (reads
    use their own connections); only the short write of each pass's pairs goes to the database
    thread (:meth:`Runner.call`), so a large register never holds up the officer's work. One pass
    at a time; ``updated`` carries how many cases were recomputed.
    """

    updated = Signal(int)
    DELAY_MS = 2000
    CHUNK = 10  # cases per pass: each pass's write is short

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent or ctx)
        self._ctx = ctx
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.run_now)
        ctx.runner.changed.connect(self._timer.start)
        ctx.session_changed.connect(self._timer.start)
        self._running = False
        self._again = False
        self._call = BackgroundCall(self)
        self._call.done.connect(lambda _tag, count: self._done(count))
        self._call.failed.connect(lambda _tag, _exc: self._done(0))  # logged off or closed: next pass retries

    def run_now(self) -> None:
        if self._ctx.session is None or self._ctx.is_locked:
            return
        if self._running:  # a pass is on its way: one more after it
            self._again = True
            return
        self._running = True
        session = self._ctx.session
        writer = self._ctx.writer_for(session)

        def drain() -> int:
            from app.services.matching import drain_stale

            return drain_stale(session, self.CHUNK, writer=writer)

        self._call.start("xunren-match", drain)

    def _done(self, count: int) -> None:
        self._running = False
        if not shiboken6.isValid(self):
            return
        if self._again:
            self._again = False
            self._timer.start()
        if not count:
            return
        self.updated.emit(count)
        if count >= self.CHUNK:  # more may wait: continue soon, letting other work run between
            QTimer.singleShot(200, self.run_now)


class MatchesView(QWidget):
    """Candidates on the left, the side-by-side comparison and the decision on the right."""

    loaded = Signal(str)  # the case number shown, or "" for the queue
    decided = Signal(str)  # the new state of the selected pair
    open_case = Signal(str)  # the officer asked to open a case (double-click)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._case_no: str | None = None  # None: the queue
        self._wanted = 0
        self.items: list[MatchItem] = []
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(self.reload)
        self.table = QTableWidget(0, 5, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.compare = ComparePanel(self)
        self.recheck = QLabel(self)
        self.recheck.setStyleSheet("color: #b00020; font-weight: bold;")
        self.reason = QLineEdit(self)
        self.confirm_button, self.reject_button = QPushButton(self), QPushButton(self)
        self.reunite_button = QPushButton(self)
        self.recheck_button = QPushButton(self)
        self.recheck_button.clicked.connect(lambda: self.decide("recheck"))
        self.confirm_button.clicked.connect(lambda: self.decide("confirm"))
        self.reject_button.clicked.connect(lambda: self.decide("reject"))
        self.reunite_button.clicked.connect(lambda: self.decide("reunite"))
        self.message = QLabel(self)
        self._layout()
        ctx.locked.connect(self.clear)
        ctx.unlocked.connect(self.reload)
        self.retranslate()
        self._update_buttons()

    def _layout(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.refresh_button)
        right = QWidget(self)
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 0, 0, 0)
        rbox.addWidget(self.compare, 1)
        rbox.addWidget(self.recheck)
        rbox.addWidget(self.reason)
        buttons = QHBoxLayout()
        for b in (self.confirm_button, self.reject_button, self.recheck_button, self.reunite_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        rbox.addLayout(buttons)
        rbox.addWidget(self.message)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.table)
        self.split.addWidget(right)
        self.split.setSizes([480, 880])
        box = QVBoxLayout(self)
        box.addLayout(head)
        box.addWidget(self.split, 1)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Match candidates"))
        self.refresh_button.setText(self.tr("&Refresh"))
        self.confirm_button.setText(self.tr("&Confirm match"))
        self.reject_button.setText(self.tr("Re&ject"))
        self.reunite_button.setText(self.tr("Mark re&united"))
        self.recheck_button.setText(self.tr("Re-chec&k DNA hit"))
        self.recheck_button.setToolTip(
            self.tr("A supervisor other than the one who confirmed the match re-checks the DNA hit")
        )
        self.reason.setPlaceholderText(self.tr("Reason for rejecting (required to reject)"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Missing case"),
                self.tr("Found case"),
                self.tr("Score"),
                self.tr("DNA"),
                self.tr("State"),
            ]
        )
        self.compare.retranslate()
        self._title()
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _title(self) -> None:
        if self._case_no is None:
            self.title.setText(self.tr("Match candidates waiting for review"))
        else:
            self.title.setText(self.tr("Match candidates for case %1").replace("%1", self._case_no))

    def show_case(self, case_no: str) -> None:
        """Rank and show the candidates of one case (recomputed on the database thread)."""
        self._case_no = case_no
        self.reload()

    def show_queue(self) -> None:
        """Show the station-wide queue of candidates waiting for a decision."""
        self._case_no = None
        self.reload()

    def reload(self) -> None:
        self._wanted += 1
        wanted, case_no = self._wanted, self._case_no
        self._title()
        self.message.setText(self.tr("Matching…"))
        fn = _load_queue if case_no is None else _load_case(case_no)
        self._ctx.submit(fn, on_done=lambda items: self._loaded(wanted, items), on_error=self._failed,
                         label=self.tr("Matching…"), mutates=False)  # fmt: skip

    def _loaded(self, wanted: int, items: list[MatchItem]) -> None:
        if not self._alive() or wanted != self._wanted or self._ctx.is_locked:
            return  # a newer request replaced this one, or the screen was locked meanwhile
        self.table.clearSelection()
        self.items = items
        self.message.setText(self.tr("%1 candidates").replace("%1", str(len(items))))
        self._fill()
        self._fit_list()
        if items:
            self.table.selectRow(0)
        self.loaded.emit(self._case_no or "")

    def _state_text(self, state: str) -> str:
        return labels.match_state(state)

    def _dna_text(self, item: MatchItem) -> str:
        if item.dna is None:
            return "—"
        text = {"supports": self.tr("supports"), "excludes": self.tr("excludes")}.get(
            item.dna.verdict, self.tr("inconclusive")
        )
        return text + (" ⚑" if item.dna_recheck == RecheckState.PENDING else "")

    def _fill(self) -> None:
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = (item.missing_case, item.found_case, f"{item.score:.2f}", self._dna_text(item),
                     self._state_text(item.state))  # fmt: skip
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col in (0, 1) and self._case_no is not None and text == self._case_no:
                    cell.setForeground(Qt.GlobalColor.gray)
                elif col == 0 and item.origin == "national_index":  # issue 15: a lead, not a result
                    cell.setText(self.tr("%1 (national, offline index)").replace("%1", text))
                    cell.setToolTip(
                        self.tr(
                            "From the national offline index: the server confirms or replaces it at the next sync"
                        )
                    )
                self.table.setItem(row, col, cell)

    def _fit_list(self) -> None:
        """Widen the list to show every column (a long queue adds a scroll bar; English is wider)."""
        table = self.table  # room for the scroll bar too: it appears once the rows outgrow the view
        need = table.horizontalHeader().length() + 2 * table.frameWidth()
        need += table.verticalScrollBar().sizeHint().width()
        left, right = self.split.sizes()
        if 0 < left < need and left + right > need + 400:
            self.split.setSizes([need, left + right - need])

    def selected(self) -> MatchItem | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.items):
            return None
        return self.items[rows[0].row()]

    def _selected(self) -> None:
        item = self.selected()
        self._update_buttons()
        if item is None:
            self.compare.clear()
            return
        self._ctx.submit(load_pair(item), on_done=self._pair_loaded, on_error=self._failed,
                         label=self.tr("Loading…"))  # fmt: skip

    def _pair_loaded(self, view: PairView) -> None:
        if not self._alive() or self._ctx.is_locked or self.selected() != view.item:
            return
        self.compare.show_pair(view, self._ctx.lang)

    def _update_buttons(self) -> None:
        item = self.selected()
        state = item.state if item else ""
        self.confirm_button.setEnabled(state == MatchState.POTENTIAL)
        self.reject_button.setEnabled(state == MatchState.POTENTIAL)
        pending = item is not None and item.dna_recheck == RecheckState.PENDING
        self.reunite_button.setEnabled(state == MatchState.CONFIRMED and not pending)
        self.recheck_button.setEnabled(state == MatchState.CONFIRMED and pending)
        self.recheck.setText(
            self.tr(
                "DNA hit: after the match is confirmed, a second supervisor re-checks it before any reunion"
            )
            if pending
            else ""
        )

    def decide(self, decision: str) -> None:
        """Confirm, reject (with the reason typed) or mark reunited the selected pair."""
        item = self.selected()
        if item is None:
            return
        reason = self.reason.text().strip() or None
        if decision == "reject" and reason is None:
            self.message.setText(self.tr("Type the reason for rejecting first"))
            self.reason.setFocus()
            return

        def run(session: Session) -> str:
            from app.services.match_review import review_candidate

            return review_candidate(session, item.missing_case, item.found_case, decision, reason)

        self._ctx.submit(
            run, on_done=self._decided, on_error=self._failed, label=self.tr("Saving…"), mutates=True
        )

    def _alive(self) -> bool:
        """False once Qt deleted the widgets (an answer may arrive after the view closed)."""
        return shiboken6.isValid(self) and shiboken6.isValid(self.table)

    def _decided(self, state: str) -> None:
        if not self._alive():
            return
        self.reason.clear()
        text = self.tr("Saved: %1").replace("%1", self._state_text(state))
        if state == MatchState.REUNITED:
            text += " " + self.tr("Closing both cases was proposed; a supervisor approves it in each case.")
        self.message.setText(text)
        self.decided.emit(state)
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        from app.services.errors import user_text

        if not self._alive():
            return
        self.message.setText(user_text(exc, self._ctx.lang) or self.tr("The operation failed"))

    def _double_clicked(self, row: int, col: int) -> None:
        from app.services.cases import in_register

        if 0 <= row < len(self.items):
            item = self.items[row]
            case_no = item.found_case if col == 1 else item.missing_case
            # in the register (filed here, taken over by transfer, or a copy handed over): the
            # case itself; else another station's, as its national candidate's summary
            self._ctx.submit(lambda s: in_register(s, case_no), on_done=lambda here: self._open(case_no, here),
                             on_error=self._failed)  # fmt: skip

    def _open(self, case_no: str, here: bool) -> None:
        if not self._alive() or self._ctx.is_locked:
            return
        if here:
            self.open_case.emit(case_no)
        else:
            self.open_national(case_no)  # another station's: its summary, read-only

    def open_national(self, case_no: str) -> None:
        """Open another station's case from its national candidate (read-only summary)."""
        from app.services.national_cases import national_case

        self._ctx.submit(lambda s: national_case(s, case_no), on_done=lambda c: self._show_national(case_no, c),
                         on_error=self._failed, label=self.tr("Loading…"))  # fmt: skip

    def _show_national(self, case_no: str, case: object) -> None:
        if not self._alive() or self._ctx.is_locked:
            return
        if case is None:
            self.message.setText(
                self.tr("Nothing of case %1 has come from the server yet").replace("%1", case_no)
            )
            return
        from app.ui.national_case import NationalCaseDialog

        self.national_dialog = NationalCaseDialog(case, self._ctx.lang, self)  # type: ignore[arg-type]
        self.national_dialog.show()

    def clear(self) -> None:
        """Hide every case (the screen was locked)."""
        self._wanted += 1
        self.items = []
        self.table.setRowCount(0)
        self.compare.clear()
        self.message.clear()
        self._update_buttons()
