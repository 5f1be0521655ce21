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


def case_type(value: CaseType | str) -> str:
    return {
        "missing": QCoreApplication.translate("EnumLabels", "Missing person"),
        "found": QCoreApplication.translate("EnumLabels", "Found person"),
        "trafficking": QCoreApplication.translate("EnumLabels", "Trafficking"),
    }.get(str(value), str(value))


def role(value: Role | str) -> str:
    return {
        "missing": QCoreApplication.translate("EnumLabels", "Missing person"),
        "found": QCoreApplication.translate("EnumLabels", "Found person"),
        "victim": QCoreApplication.translate("EnumLabels", "Victim"),
        "suspect": QCoreApplication.translate("EnumLabels", "Suspect"),
        "relative": QCoreApplication.translate("EnumLabels", "Relative"),
        "witness": QCoreApplication.translate("EnumLabels", "Witness"),
        "reporter": QCoreApplication.translate("EnumLabels", "Reporter"),
        "other": QCoreApplication.translate("EnumLabels", "Other"),
    }.get(str(value), str(value))


def sex(value: Sex | str) -> str:
    return {
        "M": QCoreApplication.translate("EnumLabels", "Male"),
        "F": QCoreApplication.translate("EnumLabels", "Female"),
        "U": QCoreApplication.translate("EnumLabels", "Unknown"),
    }.get(str(value), str(value))


def build(value: Build | str) -> str:
    return {
        "": QCoreApplication.translate("EnumLabels", "(not given)"),
        "slim": QCoreApplication.translate("EnumLabels", "Slim"),
        "medium": QCoreApplication.translate("EnumLabels", "Medium"),
        "heavy": QCoreApplication.translate("EnumLabels", "Heavy"),
        "unknown": QCoreApplication.translate("EnumLabels", "Unknown"),
    }.get(str(value), str(value))


def exploitation(value: Exploitation | str) -> str:
    return {
        "abduction_and_sale": QCoreApplication.translate("EnumLabels", "Abduction and sale"),
        "forced_labour": QCoreApplication.translate("EnumLabels", "Forced labour"),
        "sexual_exploitation": QCoreApplication.translate("EnumLabels", "Sexual exploitation"),
        "forced_marriage": QCoreApplication.translate("EnumLabels", "Forced marriage"),
        "illegal_adoption": QCoreApplication.translate("EnumLabels", "Illegal adoption"),
        "other": QCoreApplication.translate("EnumLabels", "Other"),
    }.get(str(value), str(value))


def sample_type(value: SampleType | str) -> str:
    return {
        "buccal_swab": QCoreApplication.translate("EnumLabels", "Buccal swab"),
        "blood_card": QCoreApplication.translate("EnumLabels", "Blood card"),
        "blood": QCoreApplication.translate("EnumLabels", "Blood"),
        "hair": QCoreApplication.translate("EnumLabels", "Hair"),
        "tooth": QCoreApplication.translate("EnumLabels", "Tooth"),
        "tissue": QCoreApplication.translate("EnumLabels", "Tissue"),
        "other": QCoreApplication.translate("EnumLabels", "Other"),
    }.get(str(value), str(value))


def sample_status(value: SampleStatus | str) -> str:
    return {
        "collected": QCoreApplication.translate("EnumLabels", "Collected"),
        "sent_to_lab": QCoreApplication.translate("EnumLabels", "Sent to lab"),
        "profiled": QCoreApplication.translate("EnumLabels", "Profiled"),
        "compared": QCoreApplication.translate("EnumLabels", "Compared"),
        "hit": QCoreApplication.translate("EnumLabels", "Hit"),
        "rechecked": QCoreApplication.translate("EnumLabels", "Re-checked"),
        "reunited": QCoreApplication.translate("EnumLabels", "Reunited"),
    }.get(str(value), str(value))


def case_status(value: CaseStatus | str) -> str:
    return {
        "open": QCoreApplication.translate("EnumLabels", "Open"),
        "void_pending": QCoreApplication.translate("EnumLabels", "Void requested"),
        "voided": QCoreApplication.translate("EnumLabels", "Void"),
        "closed": QCoreApplication.translate("EnumLabels", "Closed"),
    }.get(str(value), str(value))


def review(value: ReviewState | str) -> str:
    return {
        "pending": QCoreApplication.translate("EnumLabels", "Awaiting review"),
        "approved": QCoreApplication.translate("EnumLabels", "Approved"),
        "returned": QCoreApplication.translate("EnumLabels", "Returned"),
    }.get(str(value), str(value))
