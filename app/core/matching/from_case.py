"""Registered cases → :class:`MatchSubject` (what services on the station and the server call).

A missing case gives one subject per missing person, carrying the STR profiles of the relatives
on file (reporter or listed persons whose ``relation`` is mother or father); a found case gives
one subject per found person with their own profile. Trafficking cases give none here: their
victims are matched once a found or missing case is opened for them.
"""

from __future__ import annotations

from app.core.matching.kinship import Genotype
from app.core.matching.loci import is_known_locus, normalise_locus
from app.core.matching.subject import MatchProfile, MatchSubject
from app.core.model import Case, CaseType, Person, RegisteredCase, StrProfile

__all__ = ["subjects_from_case", "subjects_from_registered"]

_PARENTS = {
    "mother": "mother",
    "母亲": "mother",
    "母": "mother",
    "father": "father",
    "父亲": "father",
    "父": "father",
}


#: every distinct genotype once: a register holds millions of loci but only a few thousand
#: different allele pairs, so shared tuples keep the station's match subjects small
_GENOTYPES: dict[Genotype, Genotype] = {}


def _genotype(a: float, b: float) -> Genotype:
    pair = (float(a), float(b))
    return _GENOTYPES.setdefault(pair, pair)


def _loci(profile: StrProfile) -> dict[str, Genotype]:
    return {
        normalise_locus(name): _genotype(a, b)
        for name, (a, b) in profile.loci.items()
        if is_known_locus(name) and normalise_locus(name) != "Amelogenin"
    }


def _first_profile(person: Person) -> StrProfile | None:
    for sample in person.samples:
        if sample.profile is not None:
            return sample.profile
    return None


def _relatives(case: Case) -> tuple[MatchProfile, ...]:
    found: dict[str, MatchProfile] = {}
    for person in case.everyone():
        relation = _PARENTS.get(person.relation.strip().lower())
        profile = _first_profile(person)
        if relation and profile is not None and relation not in found:
            found[relation] = MatchProfile(relation, _loci(profile))
    return tuple(found.values())


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
    relatives = _relatives(case) if side == "missing" else ()
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
