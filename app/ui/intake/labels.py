"""Words for the domain's codes (roles, sex, build, sample types, statuses…) in the UI language.

The words come from :mod:`app.core.words`, the one table the command line and the printed forms
use too, in the language the interface has installed (:func:`app.ui.i18n.current_language`).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from app.core import words
from app.core.lifecycle import ClosureOutcome, MatchState, RecheckState, ReviewKind
from app.core.model import (
    Build,
    CaseStatus,
    CaseType,
    Exploitation,
    ReviewState,
    Role,
    SampleStatus,
    SampleType,
    Sex,
)
from app.ui.i18n import current_language


def _word(kind: type[StrEnum], value: object) -> str:
    text = words.word(kind, value, current_language())
    return text[:1].upper() + text[1:]  # a label on a screen starts with a capital in English


def case_type(value: CaseType | str) -> str:
    return _word(CaseType, value)


def relation(value: str) -> str:
    """A person's relation in the interface's language (``mother`` → 母亲; free text as written)."""
    return words.relation(value, current_language())


def role(value: Role | str) -> str:
    return _word(Role, value)


def sex(value: Sex | str) -> str:
    return _word(Sex, value)


def build(value: Build | str) -> str:
    if str(value) == "":
        return QCoreApplication.translate("EnumLabels", "(not given)")
    return _word(Build, value)


def exploitation(value: Exploitation | str) -> str:
    return _word(Exploitation, value)


def sample_type(value: SampleType | str) -> str:
    return _word(SampleType, value)


def sample_status(value: SampleStatus | str) -> str:
    return _word(SampleStatus, value)


def case_status(value: CaseStatus | str) -> str:
    return _word(CaseStatus, value)


def review(value: ReviewState | str) -> str:
    return _word(ReviewState, value)


def review_kind(value: ReviewKind | str) -> str:
    return _word(ReviewKind, value)


def outcome(value: ClosureOutcome | str) -> str:
    return _word(ClosureOutcome, value)


def match_state(value: MatchState | str) -> str:
    return _word(MatchState, value)


def recheck(value: RecheckState | str) -> str:
    return _word(RecheckState, value)
