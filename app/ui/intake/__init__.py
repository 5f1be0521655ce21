"""Case intake: the forms for missing, found and trafficking cases, with drafts and live checks.

The dialog is loaded on first use, so that ``app.ui.intake.fields`` (which the print preview
uses) can be imported without the dialog, the case detail and the preview importing each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.intake.dialog import IntakeDialog

__all__ = ["IntakeDialog"]


def __getattr__(name: str) -> object:
    if name == "IntakeDialog":
        from app.ui.intake.dialog import IntakeDialog

        return IntakeDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
