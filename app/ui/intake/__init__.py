"""Case intake: the forms for missing, found and trafficking cases, with drafts and live checks."""

from __future__ import annotations

from app.ui.intake.dialog import IntakeDialog

__all__ = ["IntakeDialog"]
