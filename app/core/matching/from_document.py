"""A stored case document → its match subjects, straight from the JSON, for the station's load.

The station keeps every case as the document ``case_to_json`` wrote after :func:`parse_case`
checked it at registration, so reading it back for matching needs no second validation: this
module picks out only what :class:`MatchSubject` holds. It gives exactly what
:func:`~app.core.matching.from_case.subjects_from_case` gives for the parsed case (tested over
the examples and thousands of demo cases), at a fraction of the cost — the register's first load
is most of matching's time on a station (100,000 cases).

Lab results entered after registration are passed in as ``(person position, sample index,
profile JSON)`` (position -1 is the reporter), as the station's sample table holds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from app.core.matching.ages import YEAR_DAYS
from app.core.matching.from_case import genotype
from app.core.matching.genotypes import GenotypeStore, locus_name
from app.core.matching.kinship import Genotype
from app.core.matching.relations import Relation, hypothesis_of, relation_of
from app.core.matching.subject import MatchProfile, MatchSubject, match_subject

__all__ = ["subjects_from_document"]

_SUBJECT_ROLE = {"missing": "missing", "found": "found"}
_EVENT_KEY = {"missing": "last_seen", "found": "found"}
_NO_LATER: Mapping[tuple[int, int], str] = {}
#: the decoder makes a new string for every "M" or "F" it reads: one object per value instead
_SEXES = {"M": "M", "F": "F", "U": "U"}


#: a relation word as written → the relation, when it calls for a kinship test
_TESTED: dict[str, Relation | None] = {}


def _tested(word: str) -> Relation | None:
    found = _TESTED.get(word, Relation.OTHER)
    if found is Relation.OTHER:
        relation = relation_of(word)
        found = relation if hypothesis_of(relation) is not None else None
        if len(_TESTED) < 1024:
            _TESTED[word] = found
    return found


def _loci(raw: Mapping[str, Any]) -> dict[str, Genotype]:
    out: dict[str, Genotype] = {}
    for name, pair in raw.items():
        locus = locus_name(name)
        if locus is not None:
            a, b = pair
            out[locus] = genotype(a, b) if a <= b else genotype(b, a)
    return out


def _profile(
    person: Mapping[str, Any],
    position: int,
    later: Mapping[tuple[int, int], str],
    store: GenotypeStore | None,
) -> Mapping[str, Genotype] | None:
    """The first sample's profile, a later lab result taking the place of the document's."""
    for index, sample in enumerate(person.get("samples") or ()):
        text = later.get((position, index))
        if text is not None:
            raw = orjson.loads(text).get("loci") or {}
        elif sample.get("profile"):
            raw = sample["profile"].get("loci") or {}
        else:
            continue
        return store.add_written(raw) if store is not None else _loci(raw)
    return None


#: values many subjects share (dates, place codes, dialects, age and height ranges), one object
#: each: a register repeats them endlessly (bounded, cleared when full)
_SHARED: dict[object, Any] = {}
_DATES: dict[str, dt.date] = {}


def _shared(value: Any) -> Any:
    found = _SHARED.get(value)
    if found is None:
        if len(_SHARED) >= 200_000:
            _SHARED.clear()
        found = _SHARED[value] = value
    return found


def _day(text: str | None) -> dt.date | None:
    if not text:
        return None
    day = _DATES.get(text[:10])
    if day is None:
        if len(_DATES) >= 100_000:
            _DATES.clear()
        day = _DATES[text[:10]] = dt.date.fromisoformat(text[:10])
    return day


def _span(value: list[int] | None) -> tuple[float, float] | None:
    return _shared((float(value[0]), float(value[1]))) if value else None


def _born(person: Mapping[str, Any], reported: dt.date) -> tuple[int, int] | None:
    birth = person.get("birth_date")
    if birth:
        day = dt.date.fromisoformat(birth).toordinal()
        return day, day
    number = person.get("id_number")
    if number and len(number) == 18:
        try:
            day = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14])).toordinal()
        except ValueError:
            day = 0
        if day:
            return day, day
    age = person.get("estimated_age")
    if age:
        lo, hi = age
        return round(reported.toordinal() - (hi + 1) * YEAR_DAYS), round(
            reported.toordinal() - lo * YEAR_DAYS
        )
    return None


def _relatives(people: list[tuple[int, Mapping[str, Any]]], later: Mapping[tuple[int, int], str],
               reported: dt.date, found_side: bool, store: GenotypeStore | None) -> tuple[MatchProfile, ...]:  # fmt: skip
    out: list[MatchProfile] = []
    for position, person in people:
        relation = _tested(person.get("relation") or "")
        if relation is None:
            continue
        if found_side and relation not in (Relation.MOTHER, Relation.FATHER):
            continue
        if relation in (Relation.MOTHER, Relation.FATHER) and any(p.relation == relation for p in out):
            continue
        loci = _profile(person, position, later, store)
        if loci is not None:
            out.append(MatchProfile(relation.value, loci, _born(person, reported)))
    return tuple(out)


def _home(person: Mapping[str, Any]) -> str | None:
    for key in ("household_address", "address"):
        address = person.get(key)
        if address and address.get("code"):
            return _shared(str(address["code"]))  # type: ignore[no-any-return]
    return None


def subjects_from_document(
    case_no: str,
    doc: Mapping[str, Any],
    later: Iterable[tuple[int, int, str]] = (),
    store: GenotypeStore | None = None,
) -> list[MatchSubject]:
    """The subjects of a stored case document (key ``{case_no}#{person index}``); with a
    *store*, profiles are kept in it as columns and the subjects hold rows of it."""
    side = doc.get("type")
    role = _SUBJECT_ROLE.get(side) if isinstance(side, str) else None
    if role is None:
        return []
    # The register's first load runs this once per case (100,000 on a big station): the
    # look-ups below are each done once, and a case with no later lab result builds no dict.
    profiles_later = {(p, i): text for p, i, text in later} if later else _NO_LATER
    reported = _day(doc["reported_at"])
    assert reported is not None
    persons: list[Mapping[str, Any]] = doc.get("persons") or []
    reporter = doc.get("reporter")
    people = ([(-1, reporter)] if reporter else []) + list(enumerate(persons))
    relatives = _relatives(people, profiles_later, reported, side == "found", store)
    event = doc.get(_EVENT_KEY[role])
    if event:
        event_date = _day(event["at"])
        code = event.get("place_code")
        place = _shared(code) if code else None
    else:
        event_date, place = reported, None
    subjects: list[MatchSubject] = []
    for i, person in enumerate(persons):
        if person.get("role") != role:
            continue
        own = _profile(person, i, profiles_later, store) if person.get("samples") else None
        nicknames, former = person.get("nicknames"), person.get("former_names")
        origin, statement = person.get("origin"), person.get("statement")
        subjects.append(
            match_subject(
                f"{case_no}#{i}",
                case_no,
                role,
                _SEXES.get(sex, sex) if (sex := person.get("sex")) else "U",
                _day(person.get("birth_date")),
                _span(person.get("estimated_age")),
                _span(person.get("height_cm")),
                event_date,
                place,
                _home(person),
                person.get("name") or "",
                tuple(nicknames) if nicknames else (),
                tuple(former) if former else (),
                person.get("marks") or "",
                _shared(person.get("dialect") or ""),
                (f"{origin} {statement}" if statement else origin) if origin else (statement or ""),
                ((MatchProfile("self", own),) if own is not None else ()) + relatives,
            )
        )
    return subjects
