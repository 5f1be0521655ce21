"""The offline national screening index: the country's active missing persons in columns.

A station with no network screens a found child against the country at the counter. The server
publishes only what screening needs (issue 15): pinyin keys of names (toneless syllables as
short codes, never characters), sex, birth-date range, place codes, height range, the marks'
keywords (as the feature mask of ``marks.py``), the relatives' STR genotypes (one byte per
allele and locus), the case number (whose first nine digits are the owning station). No
address text, phone, ID number or photo has a column here, so none can travel.

:class:`ScreeningTable` is that column set: built from :class:`MatchSubject` on the server (a
page of cases at a time, :meth:`ScreeningTable.concat`), merged with a delta (upserts by case
number, removals) on the station; ``national_screen.py`` screens a found person against it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from app.core.matching.ages import YEAR_DAYS
from app.core.matching.frequencies import default_table
from app.core.matching.genotypes import GenotypeStore
from app.core.matching.marks import keywords_of_mask, mark_features
from app.core.matching.names import core_chars, syllable
from app.core.matching.relations import Relation
from app.core.matching.subject import MatchProfile, MatchSubject

__all__ = ["NAME_SLOTS", "RELATIONS", "SYLLABLE_SLOTS", "ScreeningTable", "core_syllables", "pinyin_keys"]

NAME_SLOTS = 3  # names kept per person (name, then 小名 and former names)
SYLLABLE_SLOTS = 4  # syllables kept per name
CORE_SLOTS = 3
_SEX = {"U": 0, "M": 1, "F": 2}
_SEX_OF = {v: k for k, v in _SEX.items()}
RELATIONS: tuple[str, ...] = tuple(r.value for r in Relation)

I32 = npt.NDArray[np.int32]


def pinyin_keys(name: str) -> tuple[str, ...]:
    """A name's toneless syllables (王小明 → wang, xiao, ming); what the index keeps of names."""
    return tuple(syllable(c) for c in name if not c.isspace())[:SYLLABLE_SLOTS]


def core_syllables(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        for ch in core_chars(n):
            s = syllable(ch)
            if s not in out:
                out.append(s)
    return out[:CORE_SLOTS]


@dataclass
class ScreeningTable:
    """One row per active missing person; ``profiles_*`` one row per relative's profile."""

    case_no: list[str] = field(default_factory=list)
    person: npt.NDArray[np.uint8] = field(default_factory=lambda: np.zeros(0, np.uint8))
    sex: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    birth: I32 = field(default_factory=lambda: np.zeros((0, 2), np.int32))  # ordinal days, 0 unknown
    event: I32 = field(default_factory=lambda: np.zeros(0, np.int32))  # last seen, ordinal, 0 unknown
    height: npt.NDArray[np.uint16] = field(default_factory=lambda: np.zeros((0, 2), np.uint16))  # mm
    places: I32 = field(default_factory=lambda: np.zeros((0, 2), np.int32))  # last seen, home: GB/T 2260
    marks: npt.NDArray[np.uint64] = field(default_factory=lambda: np.zeros(0, np.uint64))
    names: npt.NDArray[np.uint16] = field(
        default_factory=lambda: np.zeros((0, NAME_SLOTS * SYLLABLE_SLOTS), np.uint16)
    )
    cores: npt.NDArray[np.uint16] = field(default_factory=lambda: np.zeros((0, CORE_SLOTS), np.uint16))
    syllables: list[str] = field(default_factory=lambda: [""])  # code → toneless syllable
    profile_owner: I32 = field(default_factory=lambda: np.zeros(0, np.int32))
    profile_relation: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    profile_born: I32 = field(default_factory=lambda: np.zeros((0, 2), np.int32))
    loci: list[str] = field(default_factory=lambda: sorted(default_table().freqs))
    values: list[list[float]] = field(default_factory=list)  # per locus: code → allele (0 untyped)
    alleles: npt.NDArray[np.uint8] = field(default_factory=lambda: np.zeros((0, 0, 2), np.uint8))

    def __post_init__(self) -> None:
        self._sorted: bool | None = None  # profiles in owner order (as built and merged)?
        if not self.values:
            table = default_table()
            self.values = [[0.0, *table.alleles(locus)] for locus in self.loci]
        if self.alleles.shape[1] != len(self.loci):
            self.alleles = np.zeros((len(self.profile_owner), len(self.loci), 2), np.uint8)

    def __len__(self) -> int:
        return len(self.case_no)

    # -- building (server) ---------------------------------------------------------------------

    @classmethod
    def from_subjects(cls, subjects: Sequence[MatchSubject]) -> ScreeningTable:
        """The columns of *subjects* (missing persons; others are ignored)."""
        rows = [s for s in subjects if s.side == "missing"]
        t = cls()
        n = len(rows)
        codes: dict[str, int] = {"": 0}
        t.case_no = [s.case_no for s in rows]
        t.person = np.array([_person_of(s.key) for s in rows], np.uint8)
        t.sex = np.array([_SEX.get(s.sex, 0) for s in rows], np.int8)
        t.birth = np.array([_birth(s) for s in rows], np.int32).reshape(n, 2)
        t.event = np.array([s.event_date.toordinal() if s.event_date else 0 for s in rows], np.int32)
        t.height = np.array(
            [(round(s.height_range[0] * 10), round(s.height_range[1] * 10)) if s.height_range else (0, 0)
             for s in rows], np.uint16,
        ).reshape(n, 2)  # fmt: skip
        t.places = np.array([(_code(s.place_code), _code(s.home_code)) for s in rows], np.int32).reshape(n, 2)
        t.marks = np.array([mark_features(s.marks).mask if s.marks else 0 for s in rows], np.uint64)
        t.names = np.zeros((n, NAME_SLOTS * SYLLABLE_SLOTS), np.uint16)
        t.cores = np.zeros((n, CORE_SLOTS), np.uint16)
        owners: list[int] = []
        profiles: list[MatchProfile] = []
        for i, s in enumerate(rows):
            names = s.all_names()[:NAME_SLOTS]
            for j, name in enumerate(names):
                for k, syl in enumerate(pinyin_keys(name)):
                    t.names[i, j * SYLLABLE_SLOTS + k] = codes.setdefault(syl, len(codes))
            for k, syl in enumerate(core_syllables(names)):
                t.cores[i, k] = codes.setdefault(syl, len(codes))
            for p in s.profiles:
                if p.relation != Relation.SELF and p.loci:
                    owners.append(i)
                    profiles.append(p)
        t.syllables = list(codes)
        t.profile_owner = np.array(owners, np.int32)
        t.profile_relation = np.array([RELATIONS.index(p.relation) for p in profiles], np.int8)
        t.profile_born = np.array([p.born or (0, 0) for p in profiles], np.int32).reshape(len(profiles), 2)
        t.alleles = np.zeros((len(profiles), len(t.loci), 2), np.uint8)
        slot = {locus: li for li, locus in enumerate(t.loci)}
        code_of = [{a: c for c, a in enumerate(v) if c} for v in t.values]
        for r, p in enumerate(profiles):
            for locus, (a, b) in p.loci.items():
                li = slot.get(locus)
                if li is None:
                    continue
                for side, allele in enumerate(sorted((a, b))):
                    c = code_of[li].get(allele)
                    if c is None:
                        c = code_of[li][allele] = len(t.values[li])
                        t.values[li].append(float(allele))
                    if c < 256:
                        t.alleles[r, li, side] = c
        return t

    # -- delta and merge -----------------------------------------------------------------------

    def without(self, case_nos: set[str]) -> ScreeningTable:
        """A copy with every row of *case_nos* left out."""
        keep = np.array([c not in case_nos for c in self.case_no], dtype=bool)
        return self.take(np.flatnonzero(keep))

    def take(self, rows: npt.NDArray[np.int64]) -> ScreeningTable:
        """The rows *rows* (in that order) with their profiles."""
        new_of = np.full(len(self) + 1, -1, np.int64)
        new_of[rows] = np.arange(len(rows))
        owners = new_of[self.profile_owner] if len(self.profile_owner) else np.zeros(0, np.int64)
        pk = np.flatnonzero(owners >= 0)
        return ScreeningTable(
            [self.case_no[i] for i in rows.tolist()], self.person[rows], self.sex[rows], self.birth[rows],
            self.event[rows], self.height[rows], self.places[rows], self.marks[rows], self.names[rows],
            self.cores[rows], list(self.syllables), owners[pk].astype(np.int32), self.profile_relation[pk],
            self.profile_born[pk], list(self.loci), [list(v) for v in self.values], self.alleles[pk],
        )  # fmt: skip

    def merged(self, other: ScreeningTable) -> ScreeningTable:
        """This table with *other*'s cases replacing its own (a delta's upserts)."""
        return self.without(set(other.case_no)).appended(other)

    @classmethod
    def concat(cls, parts: Sequence[ScreeningTable]) -> ScreeningTable:
        """Tables of disjoint cases as one (the server's base, built a page of cases at a time)."""
        out = cls()
        if not parts:
            return out
        codes = {syl: i for i, syl in enumerate(out.syllables)}
        value_codes = [{a: c for c, a in enumerate(v) if c} for v in out.values]
        names, cores, alleles, owners = [], [], [], []
        at = 0
        for part in parts:
            remap = np.array([codes.setdefault(syl, len(codes)) for syl in part.syllables], np.uint16)
            names.append(remap[part.names])
            cores.append(remap[part.cores])
            alleles.append(out._recoded(part, value_codes))
            owners.append(part.profile_owner.astype(np.int64) + at)
            at += len(part)
        out.syllables = list(codes)
        out.case_no = [c for part in parts for c in part.case_no]
        for name in ("person", "sex", "birth", "event", "height", "places", "marks",
                     "profile_relation", "profile_born"):  # fmt: skip
            setattr(out, name, np.concatenate([getattr(part, name) for part in parts]))
        out.names, out.cores = np.concatenate(names), np.concatenate(cores)
        out.alleles = np.concatenate(alleles)
        out.profile_owner = np.concatenate(owners).astype(np.int32)
        return out

    def _recoded(self, other: ScreeningTable, value_codes: list[dict[float, int]]) -> npt.NDArray[np.uint8]:
        """*other*'s allele codes in this table's codes (alleles this table lacks are added)."""
        alleles = np.zeros_like(other.alleles)
        for li, locus in enumerate(other.loci):
            target = self.loci.index(locus)
            mapping = np.zeros(len(other.values[li]), np.uint16)
            for c, allele in enumerate(other.values[li]):
                if c:
                    found = value_codes[target].get(allele)
                    if found is None:
                        found = value_codes[target][allele] = len(self.values[target])
                        self.values[target].append(allele)
                    mapping[c] = found
            alleles[:, target, :] = np.minimum(mapping[other.alleles[:, li, :]], 255).astype(np.uint8)
        return alleles

    def appended(self, other: ScreeningTable) -> ScreeningTable:
        """This table followed by *other*'s rows (no case may be in both)."""
        base = self
        # re-code the other's syllables and alleles into this table's codes
        codes = {s: i for i, s in enumerate(base.syllables)}
        remap = np.array([codes.setdefault(s, len(codes)) for s in other.syllables], np.uint16)
        syllables = list(codes)
        values = [list(v) for v in base.values]
        alleles = np.zeros_like(other.alleles)
        for li, locus in enumerate(other.loci):
            target = base.loci.index(locus)
            code_of = {a: c for c, a in enumerate(values[target]) if c}
            mapping = np.zeros(len(other.values[li]), np.uint16)
            for c, allele in enumerate(other.values[li]):
                if c:
                    found = code_of.get(allele)
                    if found is None:
                        found = code_of[allele] = len(values[target])
                        values[target].append(allele)
                    mapping[c] = found
            alleles[:, target, :] = np.minimum(mapping[other.alleles[:, li, :]], 255).astype(np.uint8)
        n = len(base)
        return ScreeningTable(
            base.case_no + other.case_no,
            np.concatenate([base.person, other.person]),
            np.concatenate([base.sex, other.sex]),
            np.concatenate([base.birth, other.birth]),
            np.concatenate([base.event, other.event]),
            np.concatenate([base.height, other.height]),
            np.concatenate([base.places, other.places]),
            np.concatenate([base.marks, other.marks]),
            np.concatenate([base.names, remap[other.names]]),
            np.concatenate([base.cores, remap[other.cores]]),
            syllables,
            np.concatenate([base.profile_owner, other.profile_owner + n]).astype(np.int32),
            np.concatenate([base.profile_relation, other.profile_relation]),
            np.concatenate([base.profile_born, other.profile_born]),
            list(base.loci),
            values,
            np.concatenate([base.alleles, alleles]),
        )

    # -- reading ------------------------------------------------------------------------------

    def name_keys(self, row: int) -> list[tuple[str, ...]]:
        """Row *row*'s names as syllable tuples."""
        out = []
        for j in range(NAME_SLOTS):
            part = self.names[row, j * SYLLABLE_SLOTS : (j + 1) * SYLLABLE_SLOTS]
            syl = tuple(self.syllables[c] for c in part.tolist() if c)
            if syl:
                out.append(syl)
        return out

    def canonical(self) -> list[tuple[object, ...]]:
        """Every row as plain values, sorted: two tables that say the same compare equal."""
        by_owner: dict[int, list[tuple[object, ...]]] = {}
        for r, owner in enumerate(self.profile_owner.tolist()):
            loci = tuple(
                (locus, tuple(self.values[li][c] for c in self.alleles[r, li].tolist()))
                for li, locus in enumerate(self.loci)
                if self.alleles[r, li, 0]
            )
            by_owner.setdefault(owner, []).append(
                (RELATIONS[int(self.profile_relation[r])], tuple(self.profile_born[r].tolist()), loci)
            )
        rows = [
            (self.case_no[i], int(self.person[i]), int(self.sex[i]), tuple(self.birth[i].tolist()),
             int(self.event[i]), tuple(self.height[i].tolist()), tuple(self.places[i].tolist()),
             int(self.marks[i]), tuple(self.name_keys(i)),
             tuple(self.syllables[c] for c in self.cores[i].tolist() if c), tuple(sorted(by_owner.get(i, []))))
            for i in range(len(self))
        ]  # fmt: skip
        return sorted(rows)

    def subject(self, row: int, store: GenotypeStore | None = None) -> MatchSubject:
        """Row *row* as a match subject: no name characters (the pinyin comparison is separate),
        the marks as their keywords, the relatives' profiles (in *store*'s columns if given)."""
        lo, hi = (int(x) for x in self.birth[row])
        ev = int(self.event[row])
        event = dt.date.fromordinal(ev) if ev else None
        birth = dt.date.fromordinal(lo) if lo and lo == hi else None
        age = None
        if lo and hi and lo != hi and ev:
            age = (max(0.0, (ev - hi + 183) / YEAR_DAYS), max(0.0, (ev - lo - 183) / YEAR_DAYS))
        h = self.height[row]
        place, home = (int(x) for x in self.places[row])
        profiles = []
        owners = self.profile_owner
        if len(owners) and bool((owners[1:] >= owners[:-1]).all()) if self._sorted is None else self._sorted:
            self._sorted = True
            mine: Sequence[int] = range(
                int(np.searchsorted(owners, row, "left")), int(np.searchsorted(owners, row, "right"))
            )
        else:
            self._sorted = False
            mine = np.flatnonzero(owners == row).tolist()
        for r in mine:
            loci = {
                locus: (
                    self.values[li][int(self.alleles[r, li, 0])],
                    self.values[li][int(self.alleles[r, li, 1])],
                )
                for li, locus in enumerate(self.loci)
                if self.alleles[r, li, 0]
            }
            born = tuple(int(x) for x in self.profile_born[r])
            profiles.append(
                MatchProfile(
                    RELATIONS[int(self.profile_relation[r])],
                    store.add(loci) if store is not None else loci,
                    (born[0], born[1]) if born[0] else None,
                )
            )
        case_no = self.case_no[row]
        return MatchSubject(
            key=f"{case_no}#{int(self.person[row])}", case_no=case_no, side="missing",
            sex=_SEX_OF.get(int(self.sex[row]), "U"), birth_date=birth, age_range=age,
            height_range=(h[0] / 10, h[1] / 10) if h[1] else None, event_date=event,
            place_code=f"{place:06d}" if place else None, home_code=f"{home:06d}" if home else None,
            marks=keywords_of_mask(int(self.marks[row])), profiles=tuple(profiles),
        )  # fmt: skip


def _person_of(key: str) -> int:
    tail = key.rsplit("#", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _code(code: str | None) -> int:
    return int(code) if code and len(code) == 6 and code.isdigit() else 0


def _birth(s: MatchSubject) -> tuple[int, int]:
    if s.birth_date is not None:
        d = s.birth_date.toordinal()
        return d, d
    if s.age_range is not None and s.event_date is not None:
        ev = s.event_date.toordinal()
        return round(ev - s.age_range[1] * YEAR_DAYS - 183), round(ev - s.age_range[0] * YEAR_DAYS + 183)
    return 0, 0
