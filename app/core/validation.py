"""Turning a case file's JSON into a checked :class:`~app.core.model.Case`.

Every value is checked; the first problem becomes a one-line message naming the field
(``persons[1].id_number: 校验位错误``). Text is kept verbatim (quotes, markup, emoji, rare CJK such
as 𠮷, names with ·): it is data, never interpreted. Sensitive values never enter a message.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, NoReturn, TypeVar, cast

from app.core import idnumber, vocabulary, words
from app.core.jsonfile import load_json
from app.core.model import (
    EVENT_KEY,
    Address,
    Build,
    Case,
    CaseType,
    Event,
    Exploitation,
    Person,
    Role,
    Sample,
    SampleType,
    Sex,
    StrProfile,
)
from app.core.problems import InvalidInput, Problem

MAX_TEXT = 10_000
MAX_NAME = 64
EARLIEST = dt.date(1900, 1, 1)
CLOCK_TOLERANCE = dt.timedelta(minutes=2)  # a station clock a little ahead is not "the future"
AGE_BOUNDS = (0, 120)
HEIGHT_BOUNDS = (30, 250)

E = TypeVar("E")
W = TypeVar("W", bound=StrEnum)

CASE_KEYS = {"type", "reported_at", "summary", "exploitation", "reporter", "persons", "contact"}
PERSON_KEYS = {
    "role", "name", "former_names", "nicknames", "name_is_self_reported", "sex", "birth_date",
    "estimated_age", "id_number", "height_cm", "build", "marks", "clothing", "dialect", "statement",
    "origin", "household_address", "address", "phone", "relation", "samples", "build_text",
}  # fmt: skip
_REPORTER_KEYS = PERSON_KEYS - {"role"}
SAMPLE_KEYS = {"type", "collected_at", "consent", "profile", "collector", "note"}
ROLES_BY_TYPE: dict[CaseType, set[Role]] = {
    CaseType.MISSING: {Role.MISSING, Role.RELATIVE, Role.WITNESS, Role.SUSPECT, Role.OTHER},
    CaseType.FOUND: {Role.FOUND, Role.RELATIVE, Role.WITNESS, Role.OTHER},
    CaseType.TRAFFICKING: {Role.VICTIM, Role.SUSPECT, Role.WITNESS, Role.RELATIVE, Role.OTHER},
}
SUBJECT_ROLE = {CaseType.MISSING: Role.MISSING, CaseType.FOUND: Role.FOUND, CaseType.TRAFFICKING: Role.VICTIM}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PHONE = re.compile(r"^\+?[0-9][0-9 \-()]{3,24}$")
PHONE_PATTERN = _PHONE
_ALLELE_FRACTIONS = {0, 1, 2, 3}


class _Checker:
    """Collects problems while reading one case; ``fail`` stops at the first one."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.latest = now + CLOCK_TOLERANCE  # the latest moment that is not "the future"

    def fail(self, where: str, code: str, **params: object) -> NoReturn:
        raise InvalidInput([Problem(where, code, params)])

    # -- scalars -------------------------------------------------------------------------------
    def obj(self, value: Any, where: str, allowed: set[str]) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, "wrong_type", expected="object")
        for key in value:
            if key not in allowed:
                self.fail(f"{where}.{key}" if where else key, "unknown_field")
        return cast(Mapping[str, Any], value)

    def text(self, value: Any, where: str, *, limit: int = MAX_TEXT, required: bool = False) -> str:
        if value is None:
            return "" if not required else self.fail(where, "required")
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        if required and not value.strip():
            self.fail(where, "empty_text")
        if len(value) > limit:
            self.fail(where, "too_long", max=limit)
        if _CONTROL.search(value):
            self.fail(where, "control_chars")
        return value

    def name(self, value: Any, where: str, *, required: bool = False) -> str:
        text = self.text(value, where, limit=MAX_NAME, required=required)
        if "\n" in text or "\r" in text or "\t" in text:
            self.fail(where, "control_chars")
        return text

    def names(self, value: Any, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(where, "wrong_type", expected="array")
        return tuple([self.name(v, f"{where}[{i}]", required=True) for i, v in enumerate(value)])

    def boolean(self, value: Any, where: str, default: bool | None = None) -> bool:
        if value is None and default is not None:
            return default
        if not isinstance(value, bool):
            self.fail(where, "wrong_type", expected="true/false")
        return bool(value)

    def enum(self, value: Any, where: str, kind: Callable[[str], E], allowed: list[str]) -> E:
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        try:
            return kind(value)
        except ValueError:
            return self.fail(where, "bad_enum", allowed=_allowed(kind, allowed))

    def word(self, value: Any, where: str, kind: type[W]) -> tuple[W, str]:
        """A coded value written as its code, a Chinese word or an English synonym: (code, the
        words as written when they are not the code itself)."""
        text = self.text(value, where, limit=50, required=True)
        member = vocabulary.understand(kind, text)
        if member is None:
            self.fail(
                where, "bad_word", examples=(vocabulary.examples(kind, "zh"), vocabulary.examples(kind, "en"))
            )
        return member, ("" if text.strip() == member.value else text.strip())

    def when(self, value: Any, where: str) -> dt.datetime:
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return self.fail(where, "bad_datetime")
        if moment.tzinfo is None or moment.utcoffset() is None:
            self.fail(where, "bad_datetime")
        if moment > self.latest:
            self.fail(where, "future")
        if moment.date() < EARLIEST:
            self.fail(where, "too_early", min=EARLIEST.isoformat())
        return moment

    def date(self, value: Any, where: str) -> dt.date:
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return self.fail(where, "bad_date")
        if day > self.now.date():
            self.fail(where, "future")
        if day < EARLIEST:
            self.fail(where, "too_early", min=EARLIEST.isoformat())
        return day

    def span(self, value: Any, where: str, bounds: tuple[int, int]) -> tuple[int, int] | None:
        if value is None:
            return None
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            self.fail(where, "range_shape")
        lo, hi = value
        if lo > hi:
            self.fail(where, "range_order")
        if lo < bounds[0] or hi > bounds[1]:
            self.fail(where, "range_bounds", lo=bounds[0], hi=bounds[1])
        return (lo, hi)

    def place_code(self, value: Any, where: str, on: dt.date) -> str | None:
        """A place as GB/T 2260 named it on *on* (the event's date, or the report's for an address):
        a current county-level unit, a prefecture-level city without counties, or a code withdrawn
        only after that day."""
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(where, "wrong_type", expected="string")
        from app.core import regions  # the table loads on first use

        if regions.valid_on(value, on):
            return value
        old = regions.retired(value)
        if old is not None and not old.code.endswith("00"):
            self.fail(where, "place_retired", day=on.isoformat(), name=old.full_name)
        return self.fail(where, "place_code")

    def address(self, value: Any, where: str, on: dt.date) -> Address | None:
        if value is None:
            return None
        raw = self.obj(value, where, {"code", "text"})
        return Address(
            self.place_code(raw.get("code"), f"{where}.code", on), self.text(raw.get("text"), f"{where}.text")
        )

    def phone(self, value: Any, where: str) -> str:
        text = self.text(value, where, limit=32)
        if text and not _PHONE.match(text):
            self.fail(where, "phone")
        return text


def parse_case(raw: Any, *, now: dt.datetime | None = None, where: str = "") -> Case:
    """Check one case object (already decoded from JSON). Raises InvalidInput."""
    c = _Checker(now or dt.datetime.now(dt.UTC))
    p = f"{where}." if where else ""
    if not isinstance(raw, dict):
        c.fail(where, "wrong_type", expected="object")
    if raw.get("type") is None:
        c.fail(f"{p}type", "required")
    case_type = c.enum(raw["type"], f"{p}type", CaseType, [t.value for t in CaseType])
    event_key = EVENT_KEY[case_type]
    c.obj(raw, where, CASE_KEYS | {event_key})
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
        allowed = [e.value for e in Exploitation]
        exploitation = tuple(
            c.enum(v, f"{p}exploitation[{i}]", Exploitation, allowed) for i, v in enumerate(items)
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
    persons = tuple(
        _person(c, v, f"{p}persons[{i}]", case_type, event, reported_at.date())
        for i, v in enumerate(persons_raw)
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
        reporter = _person(
            c, raw["reporter"], f"{p}reporter", case_type, event, reported_at.date(), reporter=True
        )
    return Case(
        type=case_type,
        reported_at=reported_at,
        summary=c.text(raw.get("summary"), f"{p}summary"),
        event=event,
        persons=persons,
        reporter=reporter,
        exploitation=exploitation,
        contact=c.text(raw.get("contact"), f"{p}contact", limit=200),
    )


def _event(c: _Checker, value: Any, where: str, reported_at: dt.datetime) -> Event:
    if value is None:
        return c.fail(where, "required")
    raw = c.obj(value, where, {"at", "place_code", "place"})
    if raw.get("at") is None:
        c.fail(f"{where}.at", "required")
    at = c.when(raw["at"], f"{where}.at")
    if at > reported_at + CLOCK_TOLERANCE:
        c.fail(f"{where}.at", "after_report")
    return Event(
        at=at,
        place_code=c.place_code(raw.get("place_code"), f"{where}.place_code", at.date()),
        place=c.text(raw.get("place"), f"{where}.place", limit=500),
    )


def _person(
    c: _Checker,
    value: Any,
    where: str,
    case_type: CaseType,
    event: Event,
    reported_on: dt.date,
    *,
    reporter: bool = False,
) -> Person:
    raw = c.obj(value, where, _REPORTER_KEYS if reporter else PERSON_KEYS)
    if reporter:
        role = Role.REPORTER
    else:
        if raw.get("role") is None:
            c.fail(f"{where}.role", "required")
        role = c.enum(raw["role"], f"{where}.role", Role, [r.value for r in ROLES_BY_TYPE[case_type]])
        if role not in ROLES_BY_TYPE[case_type]:
            c.fail(f"{where}.role", "person_role")
    sex = c.word(raw.get("sex", "U"), f"{where}.sex", Sex)[0]
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
    # An absent field is read without naming it: the name (an f-string) is only made for a value.
    get = raw.get
    return Person(
        role=role,
        name=c.name(raw.get("name"), f"{where}.name"),
        former_names=()
        if get("former_names") is None
        else c.names(get("former_names"), f"{where}.former_names"),
        nicknames=() if get("nicknames") is None else c.names(get("nicknames"), f"{where}.nicknames"),
        name_is_self_reported=c.boolean(
            raw.get("name_is_self_reported"), f"{where}.name_is_self_reported", False
        ),
        sex=sex,
        birth_date=birth,
        estimated_age=age,
        id_number=id_number,
        height_cm=None
        if get("height_cm") is None
        else c.span(get("height_cm"), f"{where}.height_cm", HEIGHT_BOUNDS),
        build=build,
        build_text=build_text if build is not None else "",
        marks=_text_at(c, raw, "marks", where),
        clothing=_text_at(c, raw, "clothing", where),
        dialect=_text_at(c, raw, "dialect", where, limit=200),
        statement=_text_at(c, raw, "statement", where),
        origin=_text_at(c, raw, "origin", where),
        household_address=None
        if get("household_address") is None
        else c.address(get("household_address"), f"{where}.household_address", reported_on),
        address=None
        if get("address") is None
        else c.address(get("address"), f"{where}.address", reported_on),
        phone="" if get("phone") is None else c.phone(get("phone"), f"{where}.phone"),
        relation=_text_at(c, raw, "relation", where, limit=50),
        samples=tuple(
            parse_sample(s, now=c.now, where=f"{where}.samples[{i}]") for i, s in enumerate(samples_raw)
        ),
    )


def _text_at(c: _Checker, raw: Mapping[str, Any], key: str, where: str, *, limit: int = MAX_TEXT) -> str:
    """``c.text(raw[key], "where.key")``; an absent or null value is "" at once."""
    value = raw.get(key)
    return "" if value is None else c.text(value, f"{where}.{key}", limit=limit)


def _allowed(kind: Callable[[str], object], allowed: list[str]) -> tuple[str, str]:
    """The codes a field takes, each with its words: ``missing（失踪人员）`` / ``missing (missing person)``."""
    if not (isinstance(kind, type) and issubclass(kind, StrEnum) and kind in words.WORDS):
        return ", ".join(allowed), ", ".join(allowed)
    zh = "、".join(f"{a}（{words.word(kind, a, 'zh')}）" for a in allowed)
    en = ", ".join(
        f"{a} ({words.word(kind, a, 'en')})" if words.word(kind, a, "en") != a else a for a in allowed
    )
    return zh, en


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


def parse_sample(value: Any, *, now: dt.datetime | None = None, where: str = "") -> Sample:
    """Check one DNA sample object (``samples[i]`` of a person, or a SAMPLE.json body)."""
    c = _Checker(now or dt.datetime.now(dt.UTC))
    p = f"{where}." if where else ""
    raw = c.obj(value, where, SAMPLE_KEYS)
    for key in ("type", "collected_at", "consent"):
        if raw.get(key) is None:
            c.fail(f"{p}{key}", "required")
    consent = c.boolean(raw["consent"], f"{p}consent")
    if not consent:
        c.fail(f"{p}consent", "consent_required")
    profile = parse_profile(raw["profile"], where=f"{p}profile") if raw.get("profile") is not None else None
    return Sample(
        type=c.word(raw["type"], f"{p}type", SampleType)[0],
        collected_at=c.when(raw["collected_at"], f"{p}collected_at"),
        consent=consent,
        profile=profile,
        collector=c.name(raw.get("collector"), f"{p}collector"),
        note=c.text(raw.get("note"), f"{p}note"),
    )


def parse_profile(value: Any, *, where: str = "") -> StrProfile:
    """Check an STR profile ``{"kit": …, "loci": {locus: [a, b]}}``; locus names are normalised."""
    c = _Checker(dt.datetime.now(dt.UTC))
    p = f"{where}." if where else ""
    raw = c.obj(value, where, {"kit", "loci"})
    kit = c.name(raw.get("kit"), f"{p}kit", required=True)
    loci_raw = raw.get("loci")
    if not isinstance(loci_raw, dict):
        c.fail(f"{p}loci", "wrong_type", expected="object")
    if not loci_raw:
        c.fail(f"{p}loci", "empty_array")
    loci: dict[str, tuple[float, float]] = {}
    for name, alleles in loci_raw.items():
        try:
            locus = _locus(name)
        except ValueError:
            c.fail(f"{p}loci.{name}", "bad_locus")
        if locus in loci:
            c.fail(f"{p}loci.{name}", "duplicate")
        if (
            not isinstance(alleles, list)
            or len(alleles) != 2
            or not (_is_allele(alleles[0]) and _is_allele(alleles[1]))
        ):
            c.fail(f"{p}loci.{name}", "bad_allele")
        a, b = float(alleles[0]), float(alleles[1])
        loci[locus] = (a, b) if a <= b else (b, a)
    return StrProfile(kit=kit, loci=loci)


@functools.lru_cache(maxsize=1024)
def _locus(name: str) -> str:
    # Every stored profile names the same few dozen loci: each spelling is normalised once.
    from app.core.matching.loci import normalise_locus

    return normalise_locus(name)


def _is_allele(value: Any) -> bool:
    if type(value) is int:  # the common case, checked first: every stored profile is read again
        return 1 <= value <= 99
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    whole = int(value)
    tenth = round((float(value) - whole) * 10)
    return 1 <= whole <= 99 and tenth in _ALLELE_FRACTIONS and abs(float(value) - whole - tenth / 10) < 1e-9


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
