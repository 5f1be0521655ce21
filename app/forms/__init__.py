"""Printable PDF forms: pure functions from the domain model to PDF bytes.

The service layer writes the bytes atomically, audits the print and drives the CLI; nothing here
touches the disk except to read the shipped fonts. Only ``app.core`` is imported from the app.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.model import RegisteredCase, StationInfo
from app.forms.caseload import CaseloadRow, render_caseload
from app.forms.dna import render_dna
from app.forms.errors import FormNotApplicable
from app.forms.intake import render_intake
from app.forms.poster import render_poster
from app.forms.receipt import render_receipt
from app.forms.recovery import render_recovery_sheet
from app.forms.transfer import render_transfer

CaseForm = Callable[..., bytes]

# CLI name -> renderer of a form about one case: renderer(reg, station, *, lang=..., ...).
FORMS: dict[str, CaseForm] = {
    "intake": render_intake,
    "receipt": render_receipt,
    "dna": render_dna,
    "poster": render_poster,
    "transfer": render_transfer,
}

__all__ = [
    "FORMS",
    "CaseloadRow",
    "FormNotApplicable",
    "RegisteredCase",
    "StationInfo",
    "render_caseload",
    "render_dna",
    "render_intake",
    "render_poster",
    "render_receipt",
    "render_recovery_sheet",
    "render_transfer",
]
