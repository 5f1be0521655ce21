"""The case as text: the summary tab and the persons tab, as escaped HTML for a QTextBrowser.

Every value from the case is escaped: a name or statement is data, never markup.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QCoreApplication

from app.core import regions
from app.core.idnumber import mask
from app.core.model import EVENT_KEY, Address, Case, Person, RegisteredCase
from app.ui.intake import labels


def when(moment: dt.datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def place(code: str | None, text: str = "") -> str:
    name = regions.place_name(code) if code else None
    parts = [name or (code or ""), text]
    return " ".join(p for p in parts if p)


def address(a: Address | None) -> str:
    return place(a.code, a.text) if a else ""


def _rows(pairs: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td style='color:#555;padding-right:12px;white-space:nowrap' valign='top'>{escape(k)}</td>"
        f"<td>{escape(v).replace(chr(10), '<br>')}</td></tr>"
        for k, v in pairs
        if v
    )
    return f"<table cellspacing='2'>{cells}</table>"


def event_label(case: Case) -> str:
    return {
        "last_seen": QCoreApplication.translate("CaseDetail", "Last seen"),
        "found": QCoreApplication.translate("CaseDetail", "Found"),
        "incident": QCoreApplication.translate("CaseDetail", "Incident"),
    }[EVENT_KEY[case.type]]


def gallery_text(state: str, reference: str, at: str, by: str, reason: str, by_kind: str = "") -> str:
    """Where a found case stands in the national gallery (issue 18), one line."""
    words = {
        "awaiting": QCoreApplication.translate("CaseDetail", "Requested, waiting for a national operator"),
        "published": QCoreApplication.translate("CaseDetail", "Published in the national gallery"),
        "withdrawn": QCoreApplication.translate("CaseDetail", "Withdrawn from the gallery"),
        "removed": QCoreApplication.translate("CaseDetail", "Removed: the case was closed or voided"),
    }
    parts = [reference, when(dt.datetime.fromisoformat(at.replace("Z", "+00:00"))) if at else ""]
    who = {
        "operator": QCoreApplication.translate("CaseDetail", "national operator %1"),
        "station": QCoreApplication.translate("CaseDetail", "this station: %1"),
    }.get(by_kind, "%1")
    if state != "awaiting":
        parts += [who.replace("%1", by) if by else "", reason]
    return f"{words.get(state, state)}\n" + " · ".join(p for p in parts if p)


def summary_html(reg: RegisteredCase, gallery: str = "") -> str:
    case = reg.case
    event = case.event
    subjects = "、".join(
        p.name or QCoreApplication.translate("CaseDetail", "(no name)") for p in case.subjects()
    )
    pairs = [
        (QCoreApplication.translate("CaseDetail", "Case number"), reg.case_no),
        (QCoreApplication.translate("CaseDetail", "Type"), labels.case_type(case.type)),
        (QCoreApplication.translate("CaseDetail", "Status"), labels.case_status(reg.status)),
        (QCoreApplication.translate("CaseDetail", "Review"), labels.review(reg.review)),
        (QCoreApplication.translate("CaseDetail", "Registered"), f"{when(reg.created_at)} · {reg.officer}"),
        (QCoreApplication.translate("CaseDetail", "Assigned to"), reg.assigned_to or reg.officer),
        (QCoreApplication.translate("CaseDetail", "Reported at"), when(case.reported_at)),
        (event_label(case), f"{when(event.at)}  {place(event.place_code, event.place)}" if event else ""),
        (QCoreApplication.translate("CaseDetail", "Exploitation"), "、".join(labels.exploitation(e) for e in case.exploitation)),
        (QCoreApplication.translate("CaseDetail", "Subjects"), subjects),
        (QCoreApplication.translate("CaseDetail", "Reporter"), f"{case.reporter.name} · {labels.relation(case.reporter.relation)} · {case.reporter.phone}".strip(" ·")
         if case.reporter else ""),
        (QCoreApplication.translate("CaseDetail", "Contact"), case.contact),
        (QCoreApplication.translate("CaseDetail", "What happened"), case.summary),
        (QCoreApplication.translate("CaseDetail", "Void reason"), reg.void_reason or ""),
        (QCoreApplication.translate("CaseDetail", "Review comment"), str(reg.extra.get("review_comment") or "")),
        (QCoreApplication.translate("CaseDetail", "Samples"), str(sum(len(p.samples) for p in case.everyone()))),
        (QCoreApplication.translate("CaseDetail", "National gallery"), gallery),
    ]  # fmt: skip
    return f"<h2>{escape(reg.case_no)}</h2>" + _rows(pairs)


def _span(value: tuple[int, int] | None, unit: str) -> str:
    if value is None:
        return ""
    lo, hi = value
    return f"{lo} {unit}" if lo == hi else f"{lo}–{hi} {unit}"


def person_html(person: Person, photo_urls: list[str]) -> str:
    title = labels.role(person.role)
    name = person.name or QCoreApplication.translate("CaseDetail", "(no name)")
    if person.name_is_self_reported:
        name += " " + QCoreApplication.translate("CaseDetail", "(as the person says)")
    pairs = [
        (QCoreApplication.translate("CaseDetail", "Nicknames"), "、".join(person.nicknames)),
        (QCoreApplication.translate("CaseDetail", "Former names"), "、".join(person.former_names)),
        (QCoreApplication.translate("CaseDetail", "Sex"), labels.sex(person.sex)),
        (
            QCoreApplication.translate("CaseDetail", "Birth date"),
            person.birth_date.isoformat() if person.birth_date else "",
        ),
        (
            QCoreApplication.translate("CaseDetail", "Estimated age"),
            _span(person.estimated_age, QCoreApplication.translate("CaseDetail", "years")),
        ),
        (
            QCoreApplication.translate("CaseDetail", "ID number"),
            mask(person.id_number) if person.id_number else "",
        ),
        (QCoreApplication.translate("CaseDetail", "Height"), _span(person.height_cm, "cm")),
        (
            QCoreApplication.translate("CaseDetail", "Build"),
            labels.build(person.build) if person.build else "",
        ),
        (QCoreApplication.translate("CaseDetail", "Phone"), person.phone),
        (QCoreApplication.translate("CaseDetail", "Relation"), labels.relation(person.relation)),
        (QCoreApplication.translate("CaseDetail", "Dialect"), person.dialect),
        (QCoreApplication.translate("CaseDetail", "Origin"), person.origin),
        (
            QCoreApplication.translate("CaseDetail", "Household registration"),
            address(person.household_address),
        ),
        (QCoreApplication.translate("CaseDetail", "Current address"), address(person.address)),
        (QCoreApplication.translate("CaseDetail", "Distinguishing marks"), person.marks),
        (QCoreApplication.translate("CaseDetail", "Clothing"), person.clothing),
        (QCoreApplication.translate("CaseDetail", "Statement"), person.statement),
        (
            QCoreApplication.translate("CaseDetail", "DNA samples"),
            "、".join(s.sample_no or "" for s in person.samples),
        ),
    ]
    pictures = "".join(f"<img src='{u}' height='96'>&nbsp;" for u in photo_urls)
    return f"<h3>{escape(title)} · {escape(name)}</h3>{pictures}{_rows(pairs)}"


def persons_html(reg: RegisteredCase, photos: dict[int, list[str]]) -> str:
    parts = []
    if reg.case.reporter is not None:
        parts.append(person_html(reg.case.reporter, photos.get(-1, [])))
    parts += [person_html(p, photos.get(i, [])) for i, p in enumerate(reg.case.persons)]
    return "<hr>".join(parts)
