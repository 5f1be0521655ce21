"""The words for every domain value, in Simplified Chinese and English: one table for all.

The command line, the printed forms, the services' messages and the desktop app name a case
status, a review state, a sample status, a match state… through :func:`word`, so the same value
can never be called two things ("已作废" here, "已撤销" there). JSON and the wire keep the codes.
Pure Python: no Qt.
"""

from __future__ import annotations

from enum import StrEnum

from app.core.lifecycle import (
    CaseStatus,
    ClosureOutcome,
    MatchState,
    RecheckState,
    ReviewKind,
    ReviewState,
    SampleStatus,
    ThreadEvent,
)
from app.core.model import AccountRole, Build, CaseType, Exploitation, Role, SampleType, Sex

WORDS: dict[type[StrEnum], dict[str, tuple[str, str]]] = {
    CaseType: {
        "missing": ("失踪", "missing"),
        "found": ("发现", "found"),
        "trafficking": ("拐卖", "trafficking"),
    },
    CaseStatus: {
        "open": ("办理中", "open"),
        "void_pending": ("待批准作废", "void requested"),
        "voided": ("已作废", "voided"),
        "close_pending": ("待批准结案", "closure requested"),
        "closed": ("已结案", "closed"),
    },
    ClosureOutcome: {
        "reunited": ("已团聚", "reunited"),
        "found_by_family": ("家属自行找回", "found by the family"),
        "deceased": ("已死亡", "found deceased"),
        "withdrawn": ("报案人撤回", "withdrawn by the reporter"),
        "transferred": ("已移交", "transferred"),
    },
    ReviewState: {
        "pending": ("待审核", "awaiting review"),
        "approved": ("已审核", "approved"),
        "returned": ("已退回", "returned"),
    },
    ReviewKind: {
        "registration": ("新登记", "new registration"),
        "resubmission": ("更正后重新提交", "corrected and resubmitted"),
        "void": ("作废申请", "void request"),
        "closure": ("结案申请", "closure request"),
        "edit": ("已审核字段的修改", "edit of a reviewed field"),
        "dna_recheck": ("DNA 比中复核", "DNA hit re-check"),
    },
    ThreadEvent: {
        "returned": ("退回", "returned"),
        "resubmitted": ("更正后重新提交", "corrected and resubmitted"),
        "approved": ("审核通过", "approved"),
        "void_requested": ("申请作废", "void requested"),
        "void_refused": ("作废申请被退回", "void request refused"),
        "voided": ("已作废", "voided"),
        "close_requested": ("申请结案", "closure requested"),
        "close_refused": ("结案申请被退回", "closure refused"),
        "closed": ("已结案", "closed"),
        "reopened": ("重新立案", "reopened"),
        "duplicate_allowed": ("确认不是重复登记", "registered despite a duplicate warning"),
        "edit_requested": ("修改已审核字段，待审核", "reviewed field changed, awaiting review"),
        "edit_approved": ("修改审核通过", "edit approved"),
        "edit_returned": ("修改被退回", "edit returned"),
        "assigned": ("分配承办民警", "assigned"),
    },
    SampleStatus: {
        "collected": ("已采集", "collected"),
        "sent_to_lab": ("已送检", "sent to lab"),
        "profiled": ("已分型", "profiled"),
        "compared": ("已比对", "compared"),
        "hit": ("比中", "hit"),
        "rechecked": ("已复核", "re-checked"),
        "reunited": ("已团聚", "reunited"),
    },
    MatchState: {
        "potential": ("待审核", "waiting"),
        "confirmed": ("已确认", "confirmed"),
        "rejected": ("已否定", "rejected"),
        "reunited": ("已团聚", "reunited"),
    },
    RecheckState: {
        "pending": ("待复核", "re-check pending"),
        "done": ("已复核", "re-checked"),
    },
    Sex: {"M": ("男", "male"), "F": ("女", "female"), "U": ("不详", "unknown")},
    Role: {
        "missing": ("失踪人员", "missing person"),
        "found": ("被发现人员", "found person"),
        "victim": ("被害人", "victim"),
        "suspect": ("嫌疑人", "suspect"),
        "relative": ("亲属", "relative"),
        "witness": ("证人", "witness"),
        "reporter": ("报案人", "reporter"),
        "other": ("其他", "other"),
    },
    Exploitation: {
        "abduction_and_sale": ("拐卖", "abduction and sale"),
        "forced_labour": ("强迫劳动", "forced labour"),
        "sexual_exploitation": ("性剥削", "sexual exploitation"),
        "forced_marriage": ("强迫婚姻", "forced marriage"),
        "illegal_adoption": ("非法收养", "illegal adoption"),
        "other": ("其他", "other"),
    },
    SampleType: {
        "buccal_swab": ("口腔拭子", "buccal swab"),
        "blood_card": ("血卡", "blood card"),
        "blood": ("血液", "blood"),
        "hair": ("毛发", "hair"),
        "tooth": ("牙齿", "tooth"),
        "tissue": ("组织", "tissue"),
        "other": ("其他", "other"),
    },
    Build: {
        "slim": ("偏瘦", "slim"),
        "medium": ("中等", "medium"),
        "heavy": ("偏胖", "heavy"),
        "unknown": ("不详", "unknown"),
    },
    AccountRole: {
        "officer": ("民警", "officer"),
        "supervisor": ("所长", "supervisor"),
        "admin": ("管理员", "administrator"),
    },
}

# What a search hit matched on (the `matched_on` codes of `search --json`).
MATCHED_ON: dict[str, tuple[str, str]] = {
    "case_no": ("案件编号", "case number"),
    "name": ("姓名", "name"),
    "pinyin": ("拼音", "pinyin"),
    "initials": ("拼音首字母", "initials"),
    "id_number": ("身份证号", "ID number"),
    "phone": ("电话", "phone"),
    "fuzzy": ("相近姓名", "similar name"),
    "reporter_name": ("报案人姓名", "reporter's name"),
    "reporter_pinyin": ("报案人拼音", "reporter's pinyin"),
    "reporter_initials": ("报案人拼音首字母", "reporter's initials"),
    "reporter_id_number": ("报案人身份证号", "reporter's ID number"),
    "reporter_phone": ("报案人电话", "reporter's phone"),
    "related_name": ("关系人姓名", "related person's name"),
    "related_pinyin": ("关系人拼音", "related person's pinyin"),
    "related_initials": ("关系人拼音首字母", "related person's initials"),
    "related_id_number": ("关系人身份证号", "related person's ID number"),
    "related_phone": ("关系人电话", "related person's phone"),
}


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """*n* and an English noun in the form the number takes: "1 new lead", "3 new leads",
    "0 cases" (*plural* where adding "s" is wrong: "children"). Chinese needs no such form."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


def is_english(lang: str) -> bool:
    return lang.lower().startswith("en")


def word(kind: type[StrEnum], value: object, lang: str) -> str:
    """The word for *value* (a member of *kind* or its code) in *lang*; an unknown code is
    given back as it is, never an error."""
    code = str(getattr(value, "value", value))
    pair = WORDS[kind].get(code)
    if pair is None:
        return code
    return pair[1 if is_english(lang) else 0]


def of(value: StrEnum, lang: str) -> str:
    """The word for an enum member in *lang*."""
    return word(type(value), value, lang)


def both(value: StrEnum) -> tuple[str, str]:
    """(Chinese, English) words for an enum member: a message parameter shown in either language."""
    return of(value, "zh_CN"), of(value, "en")


def matched_on(code: str, lang: str) -> str:
    pair = MATCHED_ON.get(code)
    return code if pair is None else pair[1 if is_english(lang) else 0]


# Relations are free text in the case file; the common ones are written as codes (SPEC: `self`,
# `mother`, `father`…) and printed in words. Anything else is printed as the officer wrote it.
RELATIONS: dict[str, tuple[str, str]] = {
    "self": ("本人", "self"),
    "mother": ("母亲", "mother"),
    "father": ("父亲", "father"),
    "grandmother": ("祖母/外祖母", "grandmother"),
    "grandfather": ("祖父/外祖父", "grandfather"),
    "sibling": ("兄弟姐妹", "sibling"),
    "brother": ("兄弟", "brother"),
    "sister": ("姐妹", "sister"),
    "son": ("儿子", "son"),
    "daughter": ("女儿", "daughter"),
    "spouse": ("配偶", "spouse"),
    "guardian": ("监护人", "guardian"),
    "relative": ("亲属", "relative"),
    "neighbour": ("邻居", "neighbour"),
    "teacher": ("老师", "teacher"),
    "other": ("其他", "other"),
}


def relation(value: str, lang: str) -> str:
    """A person's relation in words (``mother`` → 母亲); free text is printed verbatim."""
    pair = RELATIONS.get(value.strip().lower())
    if pair is None:
        return value
    return pair[1 if is_english(lang) else 0]
