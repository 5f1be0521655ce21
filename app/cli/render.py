"""Human-readable text for `case show` without --json: every value in the session's language.

The JSON keeps the contract's codes; this text names them in words (失踪人员, 办理中, 待审核, 男),
and shows what an officer looks for at the counter: the event's time and place, each person's
facts and marks, the samples, the closure, the conversation and the edits.
"""

from __future__ import annotations

from app.core import regions, words
from app.core.casediff import change_words
from app.core.casejson import utc_text
from app.core.lifecycle import CaseStatus, ClosureOutcome, ReviewState, SampleStatus, ThreadEvent
from app.core.model import (
    EVENT_KEY,
    Build,
    CaseType,
    Exploitation,
    Person,
    RegisteredCase,
    Role,
    SampleType,
    Sex,
)
from app.core.verification import group

_LABELS = {
    "case_no": ("案件编号", "Case number"),
    "type": ("类别", "Type"),
    "status": ("状态", "Status"),
    "review": ("审核", "Review"),
    "officer": ("登记民警", "Officer"),
    "assigned_to": ("承办民警", "Assigned to"),
    "created_at": ("登记时间", "Registered"),
    "verification_code": ("查询码", "Verification code"),
    "summary": ("简要案情", "Summary"),
    "reported_at": ("报案时间", "Reported"),
    "last_seen": ("最后见到", "Last seen"),
    "found": ("发现", "Found"),
    "incident": ("案发", "Incident"),
    "exploitation": ("剥削形式", "Exploitation"),
    "contact": ("联系方式", "Contact"),
    "closure": ("结案", "Closed"),
    "thread": ("审核往来", "Review thread"),
    "revisions": ("修改记录", "Edits"),
    "born": ("出生", "born"),
    "age": ("估计年龄", "estimated age"),
    "height": ("身高", "height"),
    "build": ("体型", "build"),
    "marks": ("特征", "marks"),
    "clothing": ("衣着", "clothing"),
    "dialect": ("口音", "dialect"),
    "phone": ("电话", "phone"),
    "id": ("身份证号", "ID number"),
    "relation": ("关系", "relation"),
    "address": ("住址", "address"),
    "household": ("户籍", "household"),
}


def _label(key: str, lang: str) -> str:
    zh, en = _LABELS[key]
    return en if words.is_english(lang) else zh


def _sep(lang: str) -> str:
    return ": " if words.is_english(lang) else "："


def _place(code: str | None, text: str) -> str:
    name = regions.place_name(code) if code else None
    return " ".join(x for x in (name or code or "", text) if x)


def _person(person: Person, lang: str) -> list[str]:
    sep = _sep(lang)
    head = [
        f"[{words.word(Role, person.role, lang)}]",
        person.name or "—",
        words.word(Sex, person.sex, lang),
    ]
    facts: list[str] = []
    if person.birth_date:
        facts.append(f"{_label('born', lang)} {person.birth_date.isoformat()}")
    if person.estimated_age:
        facts.append(f"{_label('age', lang)} {person.estimated_age[0]}–{person.estimated_age[1]}")
    if person.height_cm:
        unit = "cm" if words.is_english(lang) else "厘米"
        facts.append(f"{_label('height', lang)} {person.height_cm[0]}–{person.height_cm[1]} {unit}")
    if person.build:
        built = words.word(Build, person.build, lang) + (
            f"（{person.build_text}）" if person.build_text else ""
        )
        facts.append(f"{_label('build', lang)} {built}")
    for key, value in (
        ("relation", words.relation(person.relation, lang)),
        ("phone", person.phone),
        ("id", person.id_number or ""),
    ):
        if value:
            facts.append(f"{_label(key, lang)} {value}")
    joiner = ", " if words.is_english(lang) else "，"
    lines = ["  " + " ".join(head) + ("  " + joiner.join(facts) if facts else "")]
    for key, value in (("marks", person.marks), ("clothing", person.clothing), ("dialect", person.dialect)):
        if value:
            lines.append(f"      {_label(key, lang)}{sep}{value}")
    for key, addr in (("household", person.household_address), ("address", person.address)):
        if addr is not None:
            lines.append(f"      {_label(key, lang)}{sep}{_place(addr.code, addr.text)}")
    for s in person.samples:
        status = words.word(SampleStatus, s.status, lang)
        lines.append(f"      DNA {s.sample_no} {words.word(SampleType, s.type, lang)} {status}")
    return lines


def describe_case(reg: RegisteredCase, lang: str) -> str:
    case, sep = reg.case, _sep(lang)
    lines = [
        f"{_label('case_no', lang)}{sep}{reg.case_no}",
        f"{_label('type', lang)}{sep}{words.word(CaseType, case.type, lang)}",
        f"{_label('status', lang)}{sep}{words.word(CaseStatus, reg.status, lang)}",
        f"{_label('review', lang)}{sep}{words.word(ReviewState, reg.review, lang)}",
        f"{_label('officer', lang)}{sep}{reg.officer}",
    ]
    if reg.assigned_to:
        lines.append(f"{_label('assigned_to', lang)}{sep}{reg.assigned_to}")
    lines += [
        f"{_label('created_at', lang)}{sep}{utc_text(reg.created_at)}",
        f"{_label('reported_at', lang)}{sep}{case.reported_at.isoformat()}",
    ]
    if case.event is not None:
        where = _place(case.event.place_code, case.event.place)
        lines.append(f"{_label(EVENT_KEY[case.type], lang)}{sep}{case.event.at.isoformat()}  {where}")
    if case.exploitation:
        kinds = "、".join(words.word(Exploitation, e, lang) for e in case.exploitation)
        lines.append(f"{_label('exploitation', lang)}{sep}{kinds}")
    if case.summary:
        lines.append(f"{_label('summary', lang)}{sep}{case.summary}")
    if case.contact:
        lines.append(f"{_label('contact', lang)}{sep}{case.contact}")
    lost = (
        "server keeps only its hash: see the family's receipt"
        if lang == "en"
        else "服务器只存校验值：见家属所持回执"
    )
    lines.append(f"{_label('verification_code', lang)}{sep}{group(reg.verification_code) or lost}")
    for person in case.everyone():
        lines += _person(person, lang)
    if reg.closure is not None:
        c = reg.closure
        outcome = words.word(ClosureOutcome, c.outcome, lang)
        lines.append(
            f"{_label('closure', lang)}{sep}{outcome}  {utc_text(c.closed_at)}  {c.approved_by}  {c.reason}"
        )
    if reg.thread:
        lines.append(f"{_label('thread', lang)}{sep}")
        for e in reg.thread:
            text = f"  {e.text}" if e.text else ""
            lines.append(f"  {utc_text(e.at)}  {e.actor}  {words.word(ThreadEvent, e.event, lang)}{text}")
    if reg.revisions:
        lines.append(f"{_label('revisions', lang)}{sep}")
        for r in reg.revisions:
            lines.append(f"  #{r.revision}  {utc_text(r.at)}  {r.actor}  {r.reason}")
            lines += [f"      {change_words(c, lang)}" for c in r.changes]
    return "\n".join(lines)
