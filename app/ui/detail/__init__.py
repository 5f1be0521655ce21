"""The case detail pane: summary, persons and photos, DNA samples and custody, history, void."""

from __future__ import annotations

from app.ui.detail.pane import CaseDetailPane

__all__ = ["CaseDetailPane"]
