"""Small building blocks of the intake form: a field with its problem shown underneath, ranges.

A problem is shown where the field is, in words, in red with a marker, and the field gets a red
frame, so an officer sees at a glance what is wrong and what is fine.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

PROBLEM_STYLE = "color: #b3261e; font-size: 9pt;"
INVALID_PROPERTY = "invalid"
FRAME_STYLE = '*[invalid="true"] { border: 1px solid #b3261e; border-radius: 2px; }'


class ProblemLabel(QLabel):
    """The reason a field is wrong, shown right under it; hidden while the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(PROBLEM_STYLE)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hide()

    def show_problem(self, text: str | None) -> None:
        """Show *text* (with a marker) or hide the label when *text* is None."""
        if text:
            self.setText("⚠ " + text)
            self.show()
        else:
            self.clear()
            self.hide()


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Give *widget* (and its line edits) the red frame of a field with a problem, or take it off."""
    targets = [widget, *widget.findChildren(QLineEdit)]
    for target in targets:
        if bool(target.property(INVALID_PROPERTY)) != invalid:
            target.setProperty(INVALID_PROPERTY, invalid)
            target.style().unpolish(target)
            target.style().polish(target)


class Field(QWidget):
    """An editor with its problem label underneath; ``key`` is the field's path suffix."""

    def __init__(self, key: str, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.editor = editor
        self.problem = ProblemLabel(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(editor)
        box.addWidget(self.problem)

    def show_problem(self, text: str | None) -> None:
        self.problem.show_problem(text)
        mark_invalid(self.editor, bool(text))

    def has_problem(self) -> bool:
        return self.problem.isVisibleTo(self)


class RangeEdit(QWidget):
    """Two whole numbers, from – to (age in years, height in cm); either may be left blank."""

    edited = Signal()

    def __init__(self, unit: str, low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lo = QLineEdit(self)
        self.hi = QLineEdit(self)
        for edit in (self.lo, self.hi):
            edit.setMaximumWidth(70)
            edit.setValidator(QIntValidator(0, 999, edit))
            edit.textEdited.connect(lambda _t: self.edited.emit())
        self.lo.setPlaceholderText(str(low))
        self.hi.setPlaceholderText(str(high))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.lo)
        row.addWidget(QLabel("–", self))
        row.addWidget(self.hi)
        row.addWidget(QLabel(unit, self))
        row.addStretch(1)
        self.setFocusProxy(self.lo)

    def values(self) -> tuple[str, str]:
        return self.lo.text(), self.hi.text()

    def set_values(self, lo: str, hi: str) -> None:
        self.lo.setText(lo)
        self.hi.setText(hi)


def alive(widget: QWidget, fn: Callable[..., None]) -> Callable[..., None]:
    """*fn*, but a no-op once *widget* is gone (a reply may arrive after its dialog closed)."""
    from shiboken6 import isValid

    def call(*args: object) -> None:
        if isValid(widget):
            fn(*args)

    return call


_TOKENS = itertools.count(1)
_WAITING: dict[int, tuple[Callable[..., None] | None, Callable[..., None] | None]] = {}


def submit_for(
    ctx: Any,
    widget: QWidget,
    fn: Callable[[Any], Any],
    on_done: Callable[..., None] | None = None,
    on_error: Callable[..., None] | None = None,
    *,
    label: str = "",
    mutates: bool = False,
) -> None:
    """``ctx.submit`` on behalf of *widget*, with no reference to the widget reaching the runner.

    The runner's thread may drop the last reference to an operation's callbacks; a callback that
    held a widget would then delete it on that thread, and Qt objects must die on the GUI thread.
    So the callbacks wait here, on the GUI thread, under a token; the runner only sees the token.
    *fn* must not capture widgets either (capture plain values). Callbacks are skipped once
    *widget* is gone.
    """
    token = next(_TOKENS)
    on_error_given = on_error is not None
    _WAITING[token] = (
        alive(widget, on_done) if on_done is not None else None,
        alive(widget, on_error) if on_error is not None else None,
    )

    def done(result: Any) -> None:
        callback = _WAITING.pop(token, (None, None))[0]
        if callback is not None:
            callback(result)

    def failed(exc: BaseException) -> None:
        callback = _WAITING.pop(token, (None, None))[1]
        if callback is not None:
            callback(exc)
        elif not on_error_given:
            ctx.runner.unhandled_error.emit(exc)

    ctx.submit(fn, on_done=done, on_error=failed, label=label, mutates=mutates)


def describe_error(exc: BaseException, lang: str, fallback: str) -> str:
    """The one line an officer reads about a failed operation: theirs to fix, or *fallback*."""
    from app.services.errors import user_text

    text = user_text(exc, lang)
    return text if text is not None else f"{fallback} ({type(exc).__name__})"
