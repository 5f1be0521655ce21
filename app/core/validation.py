"""Turning a case file's JSON into a checked :class:`~app.core.model.Case`.

Every value is checked; the first problem becomes a one-line message naming the field
(``persons[1].id_number: 校验位错误``). Text is kept verbatim (quotes, markup, emoji, rare CJK such
as 𠮷, names with ·): it is data, never interpreted. Sensitive values never enter a message.
Each field is read by :mod:`app.core.field_checks`; a person's DNA samples by
:mod:`app.core.sample_checks`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core import idnumber, vocabulary, words
from app.core.field_checks import CLOCK_TOLERANCE, MAX_TEXT, FieldChecker
from app.core.frozen_build import positional
from app.core.jsonfile import load_json
from app.core.model import EVENT_KEY, Build, Case, CaseType, Event, Exploitation, Person, Role, Sex
from app.core.problems import InvalidInput, Problem
from app.core.sample_checks import parse_sample

AGE_BOUNDS = (0, 120)
HEIGHT_BOUNDS = (30, 250)

CASE_KEYS = {"type", "reported_at", "summary", "exploitation", "reporter", "persons", "contact"}
PERSON_KEYS = {
    "role", "name", "former_names", "nicknames", "name_is_self_reported", "sex", "birth_date",
    "estimated_age", "id_number", "height_cm", "build", "marks", "clothing", "dialect", "statement",
    "origin", "household_address", "address", "phone", "relation", "samples", "build_text",
}  # fmt: skip
_REPORTER_KEYS = PERSON_KEYS - {"role"}
ROLES_BY_TYPE: dict[CaseType, set[Role]] = {
    CaseType.MISSING: {Role.MISSING, Role.RELATIVE, Role.WITNESS, Role.SUSPECT, Role.OTHER},
    CaseType.FOUND: {Role.FOUND, Role.RELATIVE, Role.WITNESS, Role.OTHER},
    CaseType.TRAFFICKING: {Role.VICTIM, Role.SUSPECT, Role.WITNESS, Role.RELATIVE, Role.OTHER},
}
SUBJECT_ROLE = {CaseType.MISSING: Role.MISSING, CaseType.FOUND: Role.FOUND, CaseType.TRAFFICKING: Role.VICTIM}
# Made once rather than for every case and person read (a server reads every pushed case).
_CASE_TYPE_VALUES = [t.value for t in CaseType]
_KEYS_BY_TYPE = {t: CASE_KEYS | {EVENT_KEY[t]} for t in CaseType}
# in Role's order, as the form offers them: a set's order would follow the string hash, and a
# refusal would be worded differently by each server process
_ROLE_VALUES_BY_TYPE = {t: [r.value for r in Role if r in roles] for t, roles in ROLES_BY_TYPE.items()}
_EXPLOITATION_VALUES = [e.value for e in Exploitation]


def parse_case(raw: Any, *, now: dt.datetime | None = None, where: str = "") -> Case:
    """Check one case object (already decoded from JSON). Raises InvalidInput."""
    c = FieldChecker(now or dt.datetime.now(dt.UTC))
    p = f"{where}." if where else ""
    if not isinstance(raw, dict):
        c.fail(where, "wrong_type", expected="object")
    if raw.get("type") is None:
        c.fail(f"{p}type", "required")
    case_type = c.enum(raw["type"], f"{p}type", CaseType, _CASE_TYPE_VALUES)
    event_key = EVENT_KEY[case_type]
    c.obj(raw, where, _KEYS_BY_TYPE[case_type])
    if raw.get("reported_at") is None:
        c.fail(f"{p}reported_at", "required")
    reported_at = c.when(raw["reported_at"], f"{p}reported_at")
    event = _event(c, raw.get(event_key), f"{p}{event_key}", reported_at)
    exploitation: tuple[Exploitation, ...] = ()
    if case_type is CaseType.TRAFFICKING:
        items = raw.get("exploitation")
        if items is None:
            c.fail(f"{p}exploitation", "required")
        if not isinstance(items, list):
            c.fail(f"{p}exploitation", "wrong_type", expected="array")
        if not items:
            c.fail(f"{p}exploitation", "empty_array")
        exploitation = tuple(
            c.enum(v, f"{p}exploitation[{i}]", Exploitation, _EXPLOITATION_VALUES)
            for i, v in enumerate(items)
        )
        if len(set(exploitation)) != len(exploitation):
            c.fail(f"{p}exploitation", "duplicate")
    elif "exploitation" in raw:
        c.fail(f"{p}exploitation", "unknown_field")
    persons_raw = raw.get("persons")
    if persons_raw is None:
        c.fail(f"{p}persons", "required")
    if not isinstance(persons_raw, list):
        c.fail(f"{p}persons", "wrong_type", expected="array")
    reported_on = reported_at.date()
    persons = tuple(
        [_person(c, v, f"{p}persons[{i}]", case_type, event, reported_on) for i, v in enumerate(persons_raw)]
    )
    subject = SUBJECT_ROLE[case_type]
    if not any(x.role is subject for x in persons):
        c.fail(
            f"{p}persons",
            "no_subject",
            role=(words.word(Role, subject, "zh"), words.word(Role, subject, "en")),
        )
    reporter = None
    if raw.get("reporter") is not None:
        reporter = _person(c, raw["reporter"], f"{p}reporter", case_type, event, reported_on, reporter=True)
    summary = c.text(raw.get("summary"), f"{p}summary")
    contact = c.text(raw.get("contact"), f"{p}contact", limit=200)
    return _CASE(case_type, reported_at, summary, event, persons, reporter, exploitation, contact)


def _event(c: FieldChecker, value: Any, where: str, reported_at: dt.datetime) -> Event:
    if value is None:
        return c.fail(where, "required")
    raw = c.obj(value, where, {"at", "place_code", "place"})
    if raw.get("at") is None:
        c.fail(f"{where}.at", "required")
    at = c.when(raw["at"], f"{where}.at")
    if at > reported_at + CLOCK_TOLERANCE:
        c.fail(f"{where}.at", "after_report")
    place_code = c.place_code(raw.get("place_code"), f"{where}.place_code", at.date())
    return _EVENT(at, place_code, c.text(raw.get("place"), f"{where}.place", limit=500))


def _person(
    c: FieldChecker,
    value: Any,
    where: str,
    case_type: CaseType,
    event: Event,
    reported_on: dt.date,
    *,
    reporter: bool = False,
) -> Person:
    raw = c.obj(value, where, _REPORTER_KEYS if reporter else PERSON_KEYS)
    role: Role | None = Role.REPORTER
    if not reporter:
        value = raw.get("role")
        if value is None:
            c.fail(f"{where}.role", "required")
        role = _ROLE_CODES.get(value) if type(value) is str else None  # a role as written: at once
        if role is None or role not in ROLES_BY_TYPE[case_type]:
            role = c.enum(value, f"{where}.role", Role, _ROLE_VALUES_BY_TYPE[case_type])
            if role not in ROLES_BY_TYPE[case_type]:
                c.fail(f"{where}.role", "person_role")
    value = raw.get("sex", "U")
    sex: Sex | None = _SEX_CODES.get(value) if type(value) is str else None  # a code as written: at once
    if sex is None:
        sex = c.word(value, f"{where}.sex", Sex)[0]
    birth = c.date(raw["birth_date"], f"{where}.birth_date") if raw.get("birth_date") is not None else None
    age = c.span(raw.get("estimated_age"), f"{where}.estimated_age", AGE_BOUNDS)
    if birth is not None and age is not None:
        c.fail(f"{where}.estimated_age", "both_age_and_birth")
    if birth is not None and birth > event.at.date():
        c.fail(f"{where}.birth_date", "birth_after_event")
    id_number = None
    if raw.get("id_number") is not None:
        text = c.text(raw["id_number"], f"{where}.id_number", limit=32)
        try:
            facts = idnumber.parse(text, today=c.now.date())
        except idnumber.IdNumberError as exc:
            c.fail(f"{where}.id_number", exc.code)
        id_number = idnumber.normalize(text)
        if sex is not Sex.UNKNOWN and sex is not facts.sex:
            c.fail(f"{where}.sex", "id_sex_mismatch")
        if birth is not None and birth != facts.birth_date:
            c.fail(f"{where}.birth_date", "id_birth_mismatch")
    build, build_text = None, ""
    if raw.get("build") is not None:
        build, build_text = c.word(raw["build"], f"{where}.build", Build)
        build_text = c.text(raw.get("build_text"), f"{where}.build_text", limit=50) or build_text
    samples_raw = raw.get("samples") or []
    if not isinstance(samples_raw, list):
        c.fail(f"{where}.samples", "wrong_type", expected="array")
    # Each field in the order Person(...) named them; an absent field is read without naming it
    # (the name, an f-string, is only made for a value), and the person is made without the
    # frozen dataclass's __init__ (frozen_build): a person is read for every pushed case.
    get = raw.get
    value = get("name")
    name = "" if value is None else c.name(value, f"{where}.name")
    value = get("former_names")
    former = () if value is None else c.names(value, f"{where}.former_names")
    value = get("nicknames")
    nicknames = () if value is None else c.names(value, f"{where}.nicknames")
    value = get("name_is_self_reported")
    self_reported = False if value is None else c.boolean(value, f"{where}.name_is_self_reported")
    value = get("height_cm")
    height = None if value is None else c.span(value, f"{where}.height_cm", HEIGHT_BOUNDS)
    texts = [
        "" if (value := get(key)) is None else c.text(value, f"{where}.{key}", limit=limit)
        for key, limit in _PERSON_TEXTS
    ]
    value = get("household_address")
    household = None if value is None else c.address(value, f"{where}.household_address", reported_on)
    value = get("address")
    address = None if value is None else c.address(value, f"{where}.address", reported_on)
    value = get("phone")
    phone = "" if value is None else c.phone(value, f"{where}.phone")
    value = get("relation")
    relation = "" if value is None else c.text(value, f"{where}.relation", limit=50)
    samples = (
        tuple([parse_sample(s, now=c.now, where=f"{where}.samples[{i}]") for i, s in enumerate(samples_raw)])
        if samples_raw
        else ()
    )
    return _PERSON(
        role,
        name,
        former,
        nicknames,
        self_reported,
        sex,
        birth,
        age,
        id_number,
        height,
        build,
        build_text if build is not None else "",
        *texts,
        household,
        address,
        phone,
        relation,
        samples,
    )


# marks, clothing, dialect, statement, origin: Person's text fields between build_text and the addresses
_PERSON_TEXTS = (
    ("marks", MAX_TEXT),
    ("clothing", MAX_TEXT),
    ("dialect", 200),
    ("statement", MAX_TEXT),
    ("origin", MAX_TEXT),
)
_PERSON = positional(Person)
_ROLE_CODES = {r.value: r for r in Role}  # what c.enum gives for a role written as its code
# Each sex code that the vocabulary reads as itself: what c.word gives for it, without the call.
_SEX_CODES = {s.value: s for s in Sex if vocabulary.understand(Sex, s.value) is s}
_EVENT = positional(Event)
_CASE = positional(Case)


def read_stored_case(raw: Any) -> Case:
    """A case document the register already holds: checked when it was filed, so reading it back
    never judges its times against today's clock."""
    return parse_case(raw, now=_FAR_FUTURE)


_FAR_FUTURE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)


def check_intake(case: Case, where: str = "") -> None:
    """What a registration (and every edit of it) must carry: a missing person's case names its
    reporter with a phone, and the missing person by name. Raises InvalidInput naming the field."""
    p = f"{where}." if where else ""
    if case.type is not CaseType.MISSING:
        return
    if case.reporter is None:
        raise InvalidInput([Problem(f"{p}reporter", "required")])
    if not case.reporter.name.strip():
        raise InvalidInput([Problem(f"{p}reporter.name", "required")])
    if not case.reporter.phone.strip():
        raise InvalidInput([Problem(f"{p}reporter.phone", "required")])
    for i, person in enumerate(case.persons):
        if person.role is Role.MISSING and not person.name.strip():
            raise InvalidInput([Problem(f"{p}persons[{i}].name", "required")])


def parse_case_file(data: bytes, *, now: dt.datetime | None = None) -> list[Case]:
    """A case file: one case object or an array of them (all or nothing). Raises InvalidInput."""
    raw = load_json(data)
    if isinstance(raw, list):
        if not raw:
            raise InvalidInput([Problem("", "empty_array")])
        return [parse_case(item, now=now, where=f"[{i}]") for i, item in enumerate(raw)]
    if not isinstance(raw, dict):
        raise InvalidInput([Problem("", "wrong_type", {"expected": "object"})])
    return [parse_case(raw, now=now)]
