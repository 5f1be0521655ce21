"""Words for the domain's codes (roles, sex, build, sample types, statuses…) in the UI language.

Every label goes through Qt's translator under the context ``EnumLabels``; the English source
text is what an English-speaking officer reads, the .ts file gives the Chinese.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

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


def _t(text: str) -> str:
    return QCoreApplication.translate("EnumLabels", text)


def case_type(value: CaseType | str) -> str:
    return {
        "missing": _t("Missing person"),
        "found": _t("Found person"),
        "trafficking": _t("Trafficking"),
    }.get(str(value), str(value))


def role(value: Role | str) -> str:
    return {
        "missing": _t("Missing person"),
        "found": _t("Found person"),
        "victim": _t("Victim"),
        "suspect": _t("Suspect"),
        "relative": _t("Relative"),
        "witness": _t("Witness"),
        "reporter": _t("Reporter"),
        "other": _t("Other"),
    }.get(str(value), str(value))


def sex(value: Sex | str) -> str:
    return {"M": _t("Male"), "F": _t("Female"), "U": _t("Unknown")}.get(str(value), str(value))


def build(value: Build | str) -> str:
    return {
        "": _t("(not given)"),
        "slim": _t("Slim"),
        "medium": _t("Medium"),
        "heavy": _t("Heavy"),
        "unknown": _t("Unknown"),
    }.get(str(value), str(value))


def exploitation(value: Exploitation | str) -> str:
    return {
        "abduction_and_sale": _t("Abduction and sale"),
        "forced_labour": _t("Forced labour"),
        "sexual_exploitation": _t("Sexual exploitation"),
        "forced_marriage": _t("Forced marriage"),
        "illegal_adoption": _t("Illegal adoption"),
        "other": _t("Other"),
    }.get(str(value), str(value))


def sample_type(value: SampleType | str) -> str:
    return {
        "buccal_swab": _t("Buccal swab"),
        "blood_card": _t("Blood card"),
        "blood": _t("Blood"),
        "hair": _t("Hair"),
        "tooth": _t("Tooth"),
        "tissue": _t("Tissue"),
        "other": _t("Other"),
    }.get(str(value), str(value))


def sample_status(value: SampleStatus | str) -> str:
    return {
        "collected": _t("Collected"),
        "sent_to_lab": _t("Sent to lab"),
        "profiled": _t("Profiled"),
        "compared": _t("Compared"),
        "hit": _t("Hit"),
        "rechecked": _t("Re-checked"),
        "reunited": _t("Reunited"),
    }.get(str(value), str(value))


def case_status(value: CaseStatus | str) -> str:
    return {
        "open": _t("Open"),
        "void_pending": _t("Void requested"),
        "voided": _t("Void"),
        "closed": _t("Closed"),
    }.get(str(value), str(value))


def review(value: ReviewState | str) -> str:
    return {
        "pending": _t("Awaiting review"),
        "approved": _t("Approved"),
        "returned": _t("Returned"),
    }.get(str(value), str(value))
