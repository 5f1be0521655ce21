"""The case register's domain model: cases, persons, DNA samples and STR profiles.

The dataclasses mirror the JSON shape of ``xunren case add --file`` (SPEC.md, shared/examples),
so a case read from a file, stored, and shown again comes back field for field. They are built
only by :mod:`app.core.validation`, which checks every value; code that holds a ``Case`` may trust
it. Pure Python: no Qt, no SQL, no HTTP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

# The states are defined with their allowed moves in app.core.lifecycle; named here too because
# every reader of a RegisteredCase or a Sample meets them.
from app.core.lifecycle import CaseStatus as CaseStatus
from app.core.lifecycle import ClosureOutcome as ClosureOutcome
from app.core.lifecycle import ReviewState as ReviewState
from app.core.lifecycle import SampleStatus as SampleStatus
from app.core.lifecycle import ThreadEvent


class CaseType(StrEnum):
    MISSING = "missing"
    FOUND = "found"
    TRAFFICKING = "trafficking"


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "U"


class Role(StrEnum):
    """A person's part in the case."""

    MISSING = "missing"
    FOUND = "found"
    VICTIM = "victim"
    SUSPECT = "suspect"
    RELATIVE = "relative"
    WITNESS = "witness"
    REPORTER = "reporter"  # only the case's ``reporter`` carries this role
    OTHER = "other"


class Exploitation(StrEnum):
    """Forms of trafficking (UN Trafficking Protocol, Art. 3, as Chinese practice groups them)."""

    ABDUCTION_AND_SALE = "abduction_and_sale"
    FORCED_LABOUR = "forced_labour"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    FORCED_MARRIAGE = "forced_marriage"
    ILLEGAL_ADOPTION = "illegal_adoption"
    OTHER = "other"


class SampleType(StrEnum):
    BUCCAL_SWAB = "buccal_swab"
    BLOOD_CARD = "blood_card"
    BLOOD = "blood"
    HAIR = "hair"
    TOOTH = "tooth"
    TISSUE = "tissue"
    OTHER = "other"


class Build(StrEnum):
    SLIM = "slim"
    MEDIUM = "medium"
    HEAVY = "heavy"
    UNKNOWN = "unknown"


class AccountRole(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Address:
    code: str | None  # GB/T 2260 county-level code
    text: str


@dataclass(frozen=True, slots=True)
class Event:
    """Where and when: last seen (missing), found (found) or the incident (trafficking)."""

    at: dt.datetime  # aware
    place_code: str | None
    place: str


@dataclass(frozen=True, slots=True)
class StrProfile:
    """A lab's STR result: locus (STRBase spelling) → two alleles, a homozygote written twice."""

    kit: str
    loci: dict[str, tuple[float, float]]


@dataclass(frozen=True, slots=True)
class CustodyEvent:
    """One hand-over of a sample in its chain of custody."""

    at: dt.datetime
    from_party: str
    to_party: str
    purpose: str = ""
    recorded_by: str = ""


@dataclass(frozen=True, slots=True)
class Sample:
    type: SampleType
    collected_at: dt.datetime
    consent: bool
    profile: StrProfile | None = None
    collector: str = ""
    note: str = ""
    sample_no: str | None = None  # assigned at registration
    status: SampleStatus = SampleStatus.COLLECTED
    custody: tuple[CustodyEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class IdNumberFacts:
    """What a valid 18-digit resident ID number says about its holder (GB 11643-1999)."""

    region_code: str
    birth_date: dt.date
    sex: Sex


@dataclass(frozen=True, slots=True)
class Person:
    role: Role
    name: str = ""
    former_names: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    name_is_self_reported: bool = False
    sex: Sex = Sex.UNKNOWN
    birth_date: dt.date | None = None
    estimated_age: tuple[int, int] | None = None
    id_number: str | None = None
    height_cm: tuple[int, int] | None = None
    build: Build | None = None
    build_text: str = ""  # the words the officer wrote for the build (壮实, stocky), when not the code
    marks: str = ""
    clothing: str = ""
    dialect: str = ""
    statement: str = ""
    origin: str = ""
    household_address: Address | None = None
    address: Address | None = None
    phone: str = ""
    relation: str = ""
    samples: tuple[Sample, ...] = ()

    def all_names(self) -> tuple[str, ...]:
        """Name, nicknames and former names, without blanks or repeats, in that order."""
        seen: list[str] = []
        for n in (self.name, *self.nicknames, *self.former_names):
            if n and n not in seen:
                seen.append(n)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Case:
    """A registered report. ``persons`` excludes the reporter, who is held apart (may be absent)."""

    type: CaseType
    reported_at: dt.datetime
    summary: str
    event: Event | None
    persons: tuple[Person, ...]
    reporter: Person | None = None
    exploitation: tuple[Exploitation, ...] = ()
    contact: str = ""

    def subjects(self) -> tuple[Person, ...]:
        """The persons the case is about: the missing, the found, or the victims."""
        wanted = {
            CaseType.MISSING: Role.MISSING,
            CaseType.FOUND: Role.FOUND,
            CaseType.TRAFFICKING: Role.VICTIM,
        }
        return tuple(p for p in self.persons if p.role == wanted[self.type])

    def everyone(self) -> tuple[Person, ...]:
        """Reporter first (when there is one), then the persons in file order."""
        return ((self.reporter,) if self.reporter else ()) + self.persons


# The key under which each case type keeps its Event in the JSON shape.
EVENT_KEY: dict[CaseType, str] = {
    CaseType.MISSING: "last_seen",
    CaseType.FOUND: "found",
    CaseType.TRAFFICKING: "incident",
}


@dataclass(frozen=True, slots=True)
class Closure:
    """How a case was closed: the outcome, the reason given, when and by whose approval."""

    outcome: ClosureOutcome
    reason: str
    closed_at: dt.datetime
    approved_by: str


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    """One entry of the conversation on a case (a return with its comment, a resubmission…)."""

    at: dt.datetime
    actor: str
    event: ThreadEvent
    text: str = ""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field an edit changed: its path in the case file (``persons[0].name``), before, after."""

    path: str
    before: object
    after: object


@dataclass(frozen=True, slots=True)
class Revision:
    """An edit of a registered case: who, when, why, what."""

    revision: int
    at: dt.datetime
    actor: str
    reason: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class RegisteredCase:
    """A case as the register holds it: the facts plus what registration added."""

    case_no: str
    case: Case
    status: CaseStatus
    review: ReviewState
    officer: str
    verification_code: str
    created_at: dt.datetime  # UTC
    revision: int = 1
    assigned_to: str | None = None
    void_reason: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    closure: Closure | None = None
    thread: tuple[ThreadEntry, ...] = ()
    revisions: tuple[Revision, ...] = ()


@dataclass(frozen=True, slots=True)
class StationInfo:
    """The station as printed on forms: 9-digit code (GB/T 2260 county + 3 digits), name, phone."""

    code: str
    name: str
    phone: str = ""
    address: str = ""
