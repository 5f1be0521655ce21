"""The national gallery of found children at the station: the supervisor's request to publish a
found child (showing exactly what the public would see) and the tips from the public as work
to follow up.

Reads and writes run on the database thread (``submit_for``); the dialogs hold plain values only.
Locking the screen closes the tips window's rows (they name members of the public).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import regions
from app.services import gallery
from app.ui.intake import labels
from app.ui.intake.fields import ProblemLabel, describe_error, submit_for
from app.ui.sync_resolve import NotePrompt
from app.ui.sync_words import local_time

if TYPE_CHECKING:
    from app.services.gallery import PublicationPreview, Tip
    from app.ui.context import UiContext


class PublicationDialog(QDialog):
    """What publishing the found children of a case shows the public (each found child is a
    gallery entry of its own: siblings found together side by side), and the legal basis."""

    def __init__(
        self, seen: PublicationPreview | list[PublicationPreview], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        children = seen if isinstance(seen, list) else [seen]
        self.setWindowTitle(self.tr("Publish in the national gallery: %1").replace("%1", children[0].case_no))
        top = QHBoxLayout()
        for one in children:
            top.addLayout(self._child_box(one), 1)
        explain = QLabel(
            self.tr(
                "Only the photo and the facts beside it are published. The name, what the child said, "
                "marks, the place in words and the case number stay at the station. A national "
                "operator decides; the child leaves the gallery at once when the case is closed or voided."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.basis = QPlainTextEdit(self)
        self.basis.setTabChangesFocus(True)
        self.basis.setPlaceholderText(
            self.tr("e.g. the article of law and why the guardians cannot be found")
        )
        basis_label = QLabel(self.tr("&Legal basis"), self)
        basis_label.setBuddy(self.basis)
        self.problem = ProblemLabel(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Ask to publish"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(explain)
        box.addWidget(basis_label)
        box.addWidget(self.basis)
        box.addWidget(self.problem)
        box.addWidget(buttons)
        self.resize(max(640, 340 * len(children)), 560)
        self.basis.setFocus()

    def _child_box(self, seen: PublicationPreview) -> QHBoxLayout:
        child = seen.child
        photo = QLabel(self)
        pixmap = QPixmap()
        pixmap.loadFromData(seen.photo)
        photo.setPixmap(pixmap.scaled(240, 300, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation))  # fmt: skip
        county = regions.lookup(child.county_code)
        age = self.tr("unknown") if child.age_min is None else f"{child.age_min}–{child.age_max}"
        facts = QFormLayout()
        facts.addRow(self.tr("Reference"), QLabel(child.reference, self))
        facts.addRow(self.tr("Sex"), QLabel(labels.sex(child.sex), self))
        facts.addRow(self.tr("Estimated age when found"), QLabel(age, self))
        facts.addRow(self.tr("Found on"), QLabel(child.found_on.isoformat(), self))
        facts.addRow(self.tr("Found in"), QLabel(county.full_name if county else child.county_code, self))
        facts.addRow(self.tr("Station phone"), QLabel(child.station_phone, self))
        row = QHBoxLayout()
        row.addWidget(photo)
        row.addLayout(facts, 1)
        return row

    def legal_basis(self) -> str:
        return self.basis.toPlainText().strip()

    def accept(self) -> None:
        if not self.legal_basis():
            self.problem.show_problem(self.tr("State the legal basis for publishing."))
            self.basis.setFocus()
            return
        super().accept()


def ask_publication(ctx: UiContext, parent: QWidget, case_no: str, requested: bool, done: Any) -> None:
    """Ask to publish a found case (after showing what would be published), or withdraw the
    request with a reason; *done(text)* is called on the GUI thread when it is saved."""

    def failed(exc: BaseException) -> None:
        done(describe_error(exc, ctx.lang, QCoreApplication.translate("PublicationDialog", "Not done")))

    if requested:
        prompt = NotePrompt(
            QCoreApplication.translate("PublicationDialog", "Withdraw the publication request"),
            QCoreApplication.translate(
                "PublicationDialog",
                "The national server takes the child off the gallery as soon as this reaches it.",
            ),
            QCoreApplication.translate("PublicationDialog", "Withdraw"),
            parent,
        )
        if not prompt.exec():
            return
        reason = prompt.text()
        submit_for(ctx, parent, lambda s: gallery.withdraw_publication(s, case_no, reason),
                   on_done=lambda _p: done(QCoreApplication.translate("PublicationDialog", "Publication request withdrawn")), on_error=failed,
                   label=QCoreApplication.translate("PublicationDialog", "Saving…"), mutates=True)  # fmt: skip
        return

    def chosen(seen: list[PublicationPreview]) -> None:
        dialog = PublicationDialog(seen, parent)
        if not dialog.exec():
            return
        basis = dialog.legal_basis()
        references = ", ".join(one.child.reference for one in seen)
        submit_for(ctx, parent, lambda s: gallery.request_publication(s, case_no, basis),
                   on_done=lambda _p: done(QCoreApplication.translate("PublicationDialog", "Publication asked for (reference %1); it travels with the next sync").replace("%1", references)),
                   on_error=failed, label=QCoreApplication.translate("PublicationDialog", "Saving…"), mutates=True)  # fmt: skip

    submit_for(ctx, parent, lambda s: gallery.previews(s, case_no), on_done=chosen, on_error=failed,
               label=QCoreApplication.translate("PublicationDialog", "Opening…"))  # fmt: skip


class TipsDialog(QDialog):
    """Tips from the public about this station's gallery children, newest first."""

    loaded = Signal(int)
    open_case = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[Tip] = []
        self.setWindowTitle(self.tr("Tips from the public"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.show_all = QCheckBox(self.tr("Show tips already followed up or handed over"), self)
        self.show_all.toggled.connect(lambda _on: self.reload())
        self.table = QTableWidget(0, 6, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Received"), self.tr("Reference"), self.tr("Case"), self.tr("Name"), self.tr("Phone"),
             self.tr("What they know")]
        )  # fmt: skip
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selected)
        self.follow_button = QPushButton(self.tr("Record &follow-up…"), self)
        self.follow_button.clicked.connect(self.ask_follow_up)
        self.case_button = QPushButton(self.tr("Open the &case"), self)
        self.case_button.clicked.connect(self._open_case)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.show_all)
        row.addStretch(1)
        row.addWidget(self.case_button)
        row.addWidget(self.follow_button)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        box.addWidget(self.message)
        self.resize(1000, 520)
        ctx.locked.connect(self._hide_for_lock)
        self._selected()

    def present(self) -> None:
        self.show()
        self.raise_()
        self.reload()

    def reload(self, note: str = "") -> None:
        open_only = not self.show_all.isChecked()
        submit_for(self._ctx, self, lambda s: gallery.list_tips(s, open_only=open_only),
                   on_done=lambda rows: self._show(rows, note), on_error=self._failed,
                   label=self.tr("Reading tips…"))  # fmt: skip

    def _show(self, rows: list[Tip], note: str) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, tip in enumerate(rows):
            cells = [
                local_time(tip.received_at),
                tip.reference,
                tip.case_no,
                tip.name or "—",
                tip.phone,
                tip.message,
            ]
            if tip.followed_at:
                cells[5] += "\n" + self.tr("Followed up by %1: %2").replace(
                    "%1", tip.followed_by or ""
                ).replace("%2", tip.follow_note or "")
            if tip.held_by is not None:  # the case was handed over: its holder follows the tip up
                cells[5] += "\n" + self.tr("handed over to %1").replace(
                    "%1", tip.held_by[1] or tip.held_by[0]
                )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, self._cell(tip, text))
        self.table.resizeRowsToContents()
        waiting = sum(1 for t in rows if not t.followed_at and t.held_by is None)
        self.summary.setText(
            self.tr("%n tip(s) to follow up. Call the person back, then record what came of it.", "", waiting)
        )
        self.message.setText(note)
        if rows:
            self.table.selectRow(0)
        self._selected()
        self.loaded.emit(len(rows))

    def _cell(self, tip: Tip, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if tip.held_by is not None:
            code, name = tip.held_by
            item.setForeground(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            item.setToolTip(
                self.tr("The case was handed over to %1 (%2): that station follows this tip up now.")
                .replace("%1", code).replace("%2", name or code)
            )  # fmt: skip
        return item

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(describe_error(exc, self._ctx.lang, self.tr("The tips could not be read")))

    def _current(self) -> Tip | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _selected(self) -> None:
        tip = self._current()
        self.follow_button.setEnabled(tip is not None and not tip.followed_at and tip.held_by is None)
        self.case_button.setEnabled(tip is not None)

    def _open_case(self) -> None:
        tip = self._current()
        if tip is not None:
            self.open_case.emit(tip.case_no)

    def ask_follow_up(self, prompt: NotePrompt | None = None, *, ask: bool = True) -> None:
        tip = self._current()
        if tip is None:
            return
        prompt = prompt or NotePrompt(
            self.tr("Follow-up of a tip"),
            self.tr("Who called whom, and what came of it (kept with the tip and audited)."),
            self.tr("Record"),
            self,
        )
        if ask and not prompt.exec():
            return
        note, record_id = prompt.text(), tip.record_id
        submit_for(self._ctx, self, lambda s: gallery.follow_up_tip(s, record_id, note),
                   on_done=lambda _r: self.reload(self.tr("Follow-up recorded")), on_error=self._failed,
                   label=self.tr("Saving…"), mutates=True)  # fmt: skip

    def _hide_for_lock(self) -> None:
        self.rows = []
        self.table.setRowCount(0)
        self.hide()
