"""The DNA result of a candidate pair in words: which relative was tested and under which
hypothesis, the likelihood ratio, the loci, the verdict (and why a parent result is held back),
and the screen it came from — its rank among the profiles compared and how many unrelated
profiles a database that size would bring to the same LR by chance.

Shown by :class:`app.ui.match_compare.ComparePanel` below the two persons; GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget

from app.core.figures import number_text

if TYPE_CHECKING:
    from app.core.matching.kinship import DnaResult


class DnaPanel(QWidget):
    """A titled block of label/value rows; hidden when the pair has no DNA result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.box = QFrame(self)
        self.box.setObjectName("dnaBox")
        self.box.setStyleSheet("#dnaBox { background: #f7f7f2; border: 1px solid #d8d8d0; }")
        self.rows = QFormLayout(self.box)
        self.rows.setContentsMargins(8, 4, 8, 4)
        self.rows.setVerticalSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.box)
        self._shown: DnaResult | None = None
        self.retranslate()
        self.show_result(None)

    def retranslate(self) -> None:
        self.title.setText(self.tr("DNA comparison"))
        self.show_result(self._shown)

    def _relation(self, code: str | None) -> str:
        words = {
            "mother": self.tr("mother"),
            "father": self.tr("father"),
            "parents": self.tr("both parents"),
            "full_sibling": self.tr("full sibling"),
            "half_sibling": self.tr("half sibling"),
            "grandparent": self.tr("grandparent"),
            "aunt_uncle": self.tr("aunt or uncle"),
        }
        return words.get(code or "", code or "—")

    def _hypothesis(self, code: str) -> str:
        words = {
            "parent": self.tr("parent and child"),
            "parents": self.tr("both parents and child (trio)"),
            "parent_given_other": self.tr("parent and child, the other parent known"),
            "full_sibling": self.tr("full siblings"),
            "second_degree": self.tr("second-degree relatives (half sibling, grandparent, aunt or uncle)"),
        }
        return words.get(code, code)

    def _verdict(self, dna: DnaResult) -> str:
        if dna.verdict == "supports":
            return self.tr("supports — needs human re-check")
        if dna.verdict == "excludes":
            return self.tr("excludes")
        doubts = {
            "full_sibling": self.tr(
                "inconclusive: a full sibling explains it about as well; type the other parent or more loci"
            ),
            "second_degree": self.tr(
                "inconclusive: a half sibling, grandparent, aunt or uncle explains it about as well; "
                "type the other parent or more loci"
            ),
            "ages": self.tr(
                "inconclusive: the recorded ages do not allow a parent; check the ages and the relation"
            ),
            "loci": self.tr(
                "inconclusive: too few loci for the standard, or 2 loci inconsistent; type more loci "
                "or the other parent"
            ),
        }
        return doubts.get(dna.doubt or "", self.tr("inconclusive: type more loci or another relative"))

    def show_result(self, dna: DnaResult | None) -> None:
        self._shown = dna
        self.setVisible(dna is not None)
        while self.rows.rowCount():
            self.rows.removeRow(0)
        if dna is None:
            return
        rows = [
            (self.tr("Relative tested"), self._relation(dna.relation)),
            (self.tr("Hypothesis"), self._hypothesis(dna.hypothesis)),
            (self.tr("Likelihood ratio (LR)"), number_text(dna.lr)),
            (self.tr("Loci compared"), self.tr("%1 (%2 inconsistent)").replace("%1", str(dna.loci_compared))
             .replace("%2", str(dna.inconsistent_loci))),
            (self.tr("Verdict"), self._verdict(dna)),
        ]  # fmt: skip
        if dna.screened is not None:
            rows.append(
                (self.tr("Rank in the screen"), self.tr("%1 of %2 profiles compared").replace("%1", str(dna.rank))
                 .replace("%2", str(dna.screened)))
            )  # fmt: skip
            expected = "—" if dna.expected_random is None else number_text(dna.expected_random, 2)
            rows.append(
                (self.tr("Unrelated profiles expected by chance"),
                 self.tr("%1 in a database of %2 reaching this LR").replace("%1", expected)
                 .replace("%2", str(dna.screened)))
            )  # fmt: skip
        for label, value in rows:
            key, text = QLabel(label, self.box), QLabel(value, self.box)
            key.setStyleSheet("color: #606060;")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.rows.addRow(key, text)
            key.show()  # a layout shows new children only on the next event-loop turn
            text.show()
        self.rows.activate()
        self.box.updateGeometry()
        self.updateGeometry()
