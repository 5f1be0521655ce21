"""Pieces several case forms print the same way: the title block, the case, a person, a sample."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable

from app.core.model import CaseType, Person, RegisteredCase, Role, Sample, StationInfo
from app.forms import blocks
from app.forms.blocks import Field
from app.forms.fmt import address, day, height, names, when, yes_no
from app.forms.labels import colon, enum, relation, t
from app.forms.page import Running


def running(title: str, reg: RegisteredCase, station: StationInfo, lang: str) -> Running:
    return Running(title=title, station=station, lang=lang, case_no=reg.case_no, printed=today_cst())


def title_block(title: str, reg: RegisteredCase, station: StationInfo, lang: str) -> list[Flowable]:
    """Title, then who registered what where: station and code, case number, date, officer."""
    items: list[Field] = [
        (t("station", lang), station.name),
        (t("station_code", lang), station.code),
        (t("case_no", lang), reg.case_no),
        (t("created_at", lang), when(reg.created_at, lang)),
        (t("officer", lang), reg.officer),
        (t("station_phone", lang), station.phone),
    ]
    return [*blocks.title(title), *blocks.fields(items)]


def case_fields(reg: RegisteredCase, lang: str) -> list[Field]:
    """Everything the case itself carries (not its persons)."""
    case = reg.case
    kind = case.type.value
    items: list[Field] = [
        (t("type", lang), enum(case.type, lang)),
        (t("status", lang), enum(reg.status, lang)),
        (t("review", lang), enum(reg.review, lang)),
        (t("revision", lang), str(reg.revision)),
        (t("reported_at", lang), when(case.reported_at, lang)),
        (t("assigned_to", lang), reg.assigned_to or reg.officer),  # who answers for the case
    ]
    if case.event is not None:
        items += [
            (t(f"event.{kind}", lang), when(case.event.at, lang)),
            (t("place_code", lang), case.event.place_code or ""),
            (t(f"place.{kind}", lang), case.event.place),
        ]
    if case.type is CaseType.TRAFFICKING:
        items.append((t("exploitation", lang), names([enum(e, lang) for e in case.exploitation], lang)))
    items.append((t("contact", lang), case.contact))
    items.append((t("summary", lang), case.summary))
    if reg.void_reason:
        items.append((t("void_reason", lang), reg.void_reason))
    return items


def person_fields(p: Person, lang: str, *, subject: bool) -> list[Field]:
    """A person's fields; a subject's are all printed (blank ones left to fill by hand)."""
    items: list[Field] = [
        (t("name", lang), p.name),
        (t("sex", lang), enum(p.sex, lang)),
        (t("former_names", lang), names(p.former_names, lang)),
        (t("nicknames", lang), names(p.nicknames, lang)),
        (t("self_reported", lang), yes_no(p.name_is_self_reported, lang) if p.name_is_self_reported else ""),
        (t("birth_date", lang), day(p.birth_date, lang)),
        (t("estimated_age", lang), "–".join(map(str, p.estimated_age)) if p.estimated_age else ""),
        (t("id_number", lang), p.id_number or ""),
        (t("height", lang), height(p, lang)),
        (t("build", lang), enum(p.build, lang) if p.build else ""),
        (t("phone", lang), p.phone),
        (t("relation", lang), relation(p.relation, lang)),
        (t("dialect", lang), p.dialect),
        (t("origin", lang), p.origin),
        (t("household_address", lang), address(p.household_address)),
        (t("address", lang), address(p.address)),
        (t("marks", lang), p.marks),
        (t("clothing", lang), p.clothing),
        (t("statement", lang), p.statement),
    ]
    if not subject:
        items = [(k, v) for k, v in items if v]
    items += [(t("samples", lang), sample_line(s, lang)) for s in p.samples]
    return items


def sample_line(s: Sample, lang: str) -> str:
    """One sample in a sentence, for forms that list samples under their donor."""
    parts = [
        s.sample_no or "—",
        enum(s.type, lang),
        when(s.collected_at, lang),
        enum(s.status, lang),
        f"{t('consent', lang)}{colon(lang)}{yes_no(s.consent, lang)}",
    ]
    if s.profile is not None:
        parts.append(t("profile_fmt", lang, kit=s.profile.kit, n=len(s.profile.loci)))
    return (", " if lang.startswith("en") else "，").join(parts)


def person_heading(n: int, p: Person, lang: str) -> str:
    role = t("sec.reporter", lang) if p.role is Role.REPORTER else enum(p.role, lang)
    return t("sec.person", lang, n=n, role=role)


def persons(reg: RegisteredCase, lang: str) -> list[Flowable]:
    """Every person: the reporter first, then the persons in file order, subjects in full."""
    out: list[Flowable] = []
    subjects = {id(p) for p in reg.case.subjects()}
    if reg.case.reporter is not None:
        out.append(blocks.section(t("sec.reporter", lang)))
        out += blocks.fields(person_fields(reg.case.reporter, lang, subject=False))
    for n, p in enumerate(reg.case.persons, start=1):
        out.append(blocks.section(person_heading(n, p, lang)))
        out += blocks.fields(person_fields(p, lang, subject=id(p) in subjects))
    return out


def today_cst() -> dt.date:
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
