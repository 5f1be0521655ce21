"""Registered cases → :class:`MatchSubject` (what services on the station and the server call).

A missing case gives one subject per missing person, carrying the STR profiles of the relatives
on file (the reporter or listed persons whose ``relation`` names a tested relative: mother,
father, a full or half sibling, a grandparent, an aunt or uncle — ``relations.py``), each with
the donor's birth window for the age check; a found case gives one subject per found person
with their own profile (and any parent registered with them). Trafficking cases give none here:
their victims are matched once a found or missing case is opened for them.
"""

from __future__ import annotations

import datetime as dt

from app.core import idnumber
from app.core.matching.ages import YEAR_DAYS
from app.core.matching.kinship import Genotype
from app.core.matching.loci import is_known_locus, normalise_locus
from app.core.matching.relations import Relation, hypothesis_of, relation_of
from app.core.matching.subject import MatchProfile, MatchSubject
from app.core.model import Case, CaseType, Person, RegisteredCase, StrProfile

__all__ = ["genotype", "subjects_from_case", "subjects_from_registered"]

#: every distinct genotype once: a register holds millions of loci but only a few thousand
#: different allele pairs, so shared tuples keep the station's match subjects small
_GENOTYPES: dict[Genotype, Genotype] = {}


def genotype(a: float, b: float) -> Genotype:
    """The shared tuple for an allele pair (equal pairs are one object)."""
    pair = (a, b)
    found = _GENOTYPES.get(pair)
    if found is None:
        found = _GENOTYPES[pair] = (float(a), float(b))
    return found


def _loci(profile: StrProfile) -> dict[str, Genotype]:
    return {
        normalise_locus(name): genotype(a, b)
        for name, (a, b) in profile.loci.items()
        if is_known_locus(name) and normalise_locus(name) != "Amelogenin"
    }


def _first_profile(person: Person) -> StrProfile | None:
    for sample in person.samples:
        if sample.profile is not None:
            return sample.profile
    return None


def _born(person: Person, at: dt.date) -> tuple[int, int] | None:
    """The donor's birth window (ordinal days): a birth date, the ID number's, or an age then."""
    if person.birth_date is not None:
        day = person.birth_date.toordinal()
        return day, day
    if person.id_number:
        try:
            day = idnumber.parse(person.id_number).birth_date.toordinal()
        except idnumber.IdNumberError:
            day = 0
        if day:
            return day, day
    if person.estimated_age is not None:
        lo, hi = person.estimated_age
        return round(at.toordinal() - (hi + 1) * YEAR_DAYS), round(at.toordinal() - lo * YEAR_DAYS)
    return None


def _relatives(case: Case) -> tuple[MatchProfile, ...]:
    """Every tested relative's profile, in file order; one mother and one father at most."""
    found: list[MatchProfile] = []
    for person in case.everyone():
        relation = relation_of(person.relation)
        profile = _first_profile(person)
        if profile is None or hypothesis_of(relation) is None:
            continue
        if relation in (Relation.MOTHER, Relation.FATHER) and any(p.relation == relation for p in found):
            continue
        found.append(MatchProfile(relation.value, _loci(profile), _born(person, case.reported_at.date())))
    return tuple(found)


def _home(person: Person) -> str | None:
    for address in (person.household_address, person.address):
        if address is not None and address.code:
            return address.code
    return None


def subjects_from_case(case_no: str, case: Case) -> list[MatchSubject]:
    """The subjects one case contributes to matching (key: ``{case_no}#{person index}``)."""
    if case.type == CaseType.TRAFFICKING:
        return []
    side = "missing" if case.type == CaseType.MISSING else "found"
    relatives = _relatives(case)
    if side == "found":  # a parent registered with a found child is known, not alleged
        relatives = tuple(p for p in relatives if p.relation in (Relation.MOTHER, Relation.FATHER))
    event = case.event
    subjects: list[MatchSubject] = []
    for i, person in enumerate(case.persons):
        if person not in case.subjects():
            continue
        own = _first_profile(person)
        profiles = ((MatchProfile("self", _loci(own)),) if own is not None else ()) + relatives
        age = person.estimated_age
        height = person.height_cm
        subjects.append(
            MatchSubject(
                key=f"{case_no}#{i}",
                case_no=case_no,
                side=side,
                sex=str(person.sex.value),
                birth_date=person.birth_date,
                age_range=(float(age[0]), float(age[1])) if age else None,
                height_range=(float(height[0]), float(height[1])) if height else None,
                event_date=event.at.date() if event else case.reported_at.date(),
                place_code=event.place_code if event else None,
                home_code=_home(person),
                name=person.name,
                nicknames=person.nicknames,
                former_names=person.former_names,
                marks=person.marks,
                dialect=person.dialect,
                origin=" ".join(t for t in (person.origin, person.statement) if t),
                profiles=profiles,
            )
        )
    return subjects


def subjects_from_registered(registered: RegisteredCase) -> list[MatchSubject]:
    return subjects_from_case(registered.case_no, registered.case)
