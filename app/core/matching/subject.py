"""The pure inputs and outputs of matching: subjects, profiles, reasons, candidates.

A :class:`MatchSubject` is what matching needs to know about one missing or found person, and
nothing else: it is built from a registered case by :mod:`app.core.matching.from_case` (station
and server alike), or directly by tests and the evaluation generator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.matching.kinship import DnaResult, Genotype

__all__ = ["Candidate", "MatchProfile", "MatchSubject", "Reason", "match_subject"]


@dataclass(frozen=True, slots=True)
class MatchProfile:
    """An STR profile of the subject (``relation="self"``) or of a relative: a
    :class:`~app.core.matching.relations.Relation` value ("mother", "father", "full_sibling",
    "half_sibling", "grandparent", "aunt_uncle"). ``born`` is the donor's birth window in
    proleptic ordinal days (earliest, latest) where the file says it, for the age check."""

    relation: str
    loci: Mapping[str, Genotype]
    born: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class MatchSubject:
    """One missing or found person as the matcher sees them.

    ``age_range`` is the estimated age in years at ``event_date`` (found: estimated by the officer;
    missing: only when the birth date is unknown). ``height_range`` is in cm at ``event_date``.
    ``event_date`` is the last-seen date (missing) or the found date (found).
    """

    key: str
    case_no: str
    side: str  # "missing" | "found"
    sex: str = "U"  # "M" | "F" | "U"
    birth_date: dt.date | None = None
    age_range: tuple[float, float] | None = None
    height_range: tuple[float, float] | None = None
    event_date: dt.date | None = None
    place_code: str | None = None
    home_code: str | None = None  # household registration / address code (missing side)
    name: str = ""
    nicknames: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    marks: str = ""
    dialect: str = ""
    origin: str = ""  # what the person says about where they come from, statement
    profiles: tuple[MatchProfile, ...] = ()

    def all_names(self) -> tuple[str, ...]:
        seen: list[str] = []
        for n in (self.name, *self.nicknames, *self.former_names):
            if n and n not in seen:
                seen.append(n)
        return tuple(seen)

    def profile(self, relation: str) -> MatchProfile | None:
        for p in self.profiles:
            if p.relation == relation:
                return p
        return None


class _OpenSubject:
    """:class:`MatchSubject`'s slots, same names in the same order (so the same memory layout),
    but writable: see :func:`match_subject`."""

    __slots__ = MatchSubject.__slots__
    key: str
    case_no: str
    side: str
    sex: str
    birth_date: dt.date | None
    age_range: tuple[float, float] | None
    height_range: tuple[float, float] | None
    event_date: dt.date | None
    place_code: str | None
    home_code: str | None
    name: str
    nicknames: tuple[str, ...]
    former_names: tuple[str, ...]
    marks: str
    dialect: str
    origin: str
    profiles: tuple[MatchProfile, ...]


def match_subject(
    key: str,
    case_no: str,
    side: str,
    sex: str,
    birth_date: dt.date | None,
    age_range: tuple[float, float] | None,
    height_range: tuple[float, float] | None,
    event_date: dt.date | None,
    place_code: str | None,
    home_code: str | None,
    name: str,
    nicknames: tuple[str, ...],
    former_names: tuple[str, ...],
    marks: str,
    dialect: str,
    origin: str,
    profiles: tuple[MatchProfile, ...],
) -> MatchSubject:
    """``MatchSubject(...)`` with every field given, at a fifth of its cost: the same frozen
    object, equal to it in every way. A frozen dataclass's ``__init__`` sets each of the 17
    fields through ``object.__setattr__`` (about 6 µs a subject here, the largest single cost
    of building a subject from a stored file); this fills a writable twin of the same layout
    and then gives it :class:`MatchSubject`'s class, which Python allows only because the two
    layouts are the same (it raises ``TypeError`` otherwise, so a field added to one and not
    the other cannot pass unnoticed). The register's first load builds one per person: a
    million on the national server."""
    s = _OpenSubject.__new__(_OpenSubject)
    s.key, s.case_no, s.side, s.sex, s.birth_date = key, case_no, side, sex, birth_date
    s.age_range, s.height_range, s.event_date = age_range, height_range, event_date
    s.place_code, s.home_code, s.name, s.nicknames = place_code, home_code, name, nicknames
    s.former_names, s.marks, s.dialect, s.origin, s.profiles = former_names, marks, dialect, origin, profiles
    s.__class__ = MatchSubject  # type: ignore[assignment]
    return s  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason, in both languages, plus a stable key and parameters for translation files."""

    key: str
    zh: str
    en: str
    weight: float = 0.0  # how much this reason moved the score (negative: against)
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "zh_CN") -> str:
        return self.en if lang.startswith("en") else self.zh


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked counterpart of the subject being matched."""

    key: str
    case_no: str
    score: float  # 0–1
    reasons: tuple[Reason, ...]
    dna: DnaResult | None = None

    def to_json(self, lang: str = "zh_CN") -> dict[str, object]:
        """One element of ``candidates`` in ``xunren match --json``."""
        return {
            "case_no": self.case_no,
            "score": round(self.score, 4),
            "reasons": [r.text(lang) for r in self.reasons],
            "dna": None if self.dna is None else self.dna.to_json(),
        }
