"""The offline national screening index: the country's active missing persons in columns.

A station with no network screens a found child against the country at the counter. The server
publishes only what screening needs (issue 15): pinyin keys of names (toneless syllables as
short codes, never characters), sex, birth-date range, place codes, height range, the marks'
keywords (as the feature mask of ``marks.py``), the relatives' STR genotypes (one byte per
allele and locus), the case number (whose first nine digits are the owning station). No
address text, phone, ID number or photo has a column here, so none can travel.

:class:`ScreeningTable` is that column set: built from :class:`MatchSubject` on the server,
merged with a delta (upserts by case number, removals) on the station, and turned into a
:class:`~app.core.matching.index.MissingIndex` (:func:`offline_index`) whose exact stage sees
lazily built subjects. Names enter the coarse stage as syllable codes; the exact stage adds a
pinyin comparison (:func:`pinyin_link`) because the subjects carry no characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from app.core.matching.ages import YEAR_DAYS
from app.core.matching.familyindex import FamilyIndex
from app.core.matching.features import coords, province_bit, syllable_code
from app.core.matching.frequencies import AlleleTable, default_table
from app.core.matching.genotypes import GenotypeStore
from app.core.matching.index import MissingIndex
from app.core.matching.marks import keywords_of_mask, mark_features
from app.core.matching.names import core_chars, split_name, syllable
from app.core.matching.places import province
from app.core.matching.relations import Relation
from app.core.matching.subject import Candidate, MatchProfile, MatchSubject, Reason

__all__ = [
    "NAME_SLOTS",
    "SOURCE",
    "NationalScreen",
    "SYLLABLE_SLOTS",
    "ScreeningTable",
    "offline_index",
    "pinyin_keys",
    "pinyin_link",
]

NAME_SLOTS = 3  # names kept per person (name, then 小名 and former names)
SYLLABLE_SLOTS = 4  # syllables kept per name
CORE_SLOTS = 3
_SEX = {"U": 0, "M": 1, "F": 2}
_SEX_OF = {v: k for k, v in _SEX.items()}
RELATIONS: tuple[str, ...] = tuple(r.value for r in Relation)
_UNKNOWN_BIRTH = -1e9  # as in index.py: rows of unknown birth sort first and are always scanned

I32 = npt.NDArray[np.int32]


def pinyin_keys(name: str) -> tuple[str, ...]:
    """A name's toneless syllables (王小明 → wang, xiao, ming); what the index keeps of names."""
    return tuple(syllable(c) for c in name if not c.isspace())[:SYLLABLE_SLOTS]


def _core_syllables(names: Sequence[str]) -> list[str]:
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
            for k, syl in enumerate(_core_syllables(names)):
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


class _LazySubjects(Sequence[MatchSubject]):
    """The index's rows as match subjects, built when the exact stage asks for one."""

    def __init__(self, table: ScreeningTable, order: npt.NDArray[np.int64], store: GenotypeStore) -> None:
        self.table, self.order, self.store = table, order, store
        self._made: dict[int, MatchSubject] = {}

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        made = self._made.get(i)
        if made is None:
            made = self._made[i] = self.table.subject(int(self.order[i]))
        return made

    def __iter__(self) -> Iterator[MatchSubject]:
        return (self[i] for i in range(len(self)))


def offline_index(table: ScreeningTable, allele_table: AlleleTable | None = None) -> MissingIndex:
    """A :class:`MissingIndex` over *table*'s columns, built without a subject per row."""
    n = len(table)
    lo = table.birth[:, 0].astype(np.float64)
    hi = table.birth[:, 1].astype(np.float64)
    unknown = table.birth[:, 0] == 0
    lo[unknown], hi[unknown] = _UNKNOWN_BIRTH, -_UNKNOWN_BIRTH
    sex = table.sex.astype(np.int8)
    order = np.lexsort((lo, sex))
    index = MissingIndex.__new__(MissingIndex)
    index.sex = sex[order]
    index.birth_lo, index.birth_hi = lo[order].copy(), hi[order].copy()
    index.event = np.where(table.event[order] > 0, table.event[order], np.nan).astype(np.float64)
    # places: each distinct code once
    place = np.where(table.places[:, 0] > 0, table.places[:, 0], table.places[:, 1])[order]
    uniq, inverse = np.unique(place, return_inverse=True)
    latlon = np.radians(np.array([coords(f"{c:06d}" if c else None) for c in uniq.tolist()], np.float64))
    latlon = latlon.reshape(len(uniq), 2)[inverse]
    index.xyz = np.stack(
        [np.cos(latlon[:, 0]) * np.cos(latlon[:, 1]), np.cos(latlon[:, 0]) * np.sin(latlon[:, 1]),
         np.sin(latlon[:, 0])]
    )  # fmt: skip
    ids = np.array([syllable_code(s) if s else 0 for s in table.syllables], np.int32)
    sylls = ids[table.cores[order]].T.copy()
    index.sylls = sylls
    index.chars = np.where(sylls != 0, -1, 0).astype(np.int32)  # a syllable is there; no character
    index.surname = np.zeros(n, np.int32)
    index.marks = table.marks[order].copy()
    provs = np.zeros(n, np.uint64)
    for col in (0, 1):
        codes = table.places[order, col]
        uniq_p, inv_p = np.unique(codes // 10000, return_inverse=True)
        bits = np.array(
            [province_bit(province(f"{p:02d}0000") if p else None) for p in uniq_p.tolist()], np.uint64
        )
        provs |= bits[inv_p]
    index.provs = provs
    store = GenotypeStore.from_columns(table.loci, table.values, table.alleles, allele_table)
    subjects = _LazySubjects(table, order, store)
    index.subjects = subjects  # type: ignore[assignment]
    position = np.empty(n, np.int64)
    position[order] = np.arange(n)
    index.families = _families(table, store, position[table.profile_owner.astype(np.int64)], allele_table)
    index.groups = {}
    for code in (0, 1, 2):
        a, b = int(np.searchsorted(index.sex, code, "left")), int(np.searchsorted(index.sex, code, "right"))
        known = index.birth_lo[a:b] > _UNKNOWN_BIRTH
        width = float((index.birth_hi[a:b][known] - index.birth_lo[a:b][known]).max()) if known.any() else 0.0
        index.groups[code] = (a, b, width)
    return index


_LINKS = {
    "pinyin": (0.82, "名字拼音相同（{a}）", "name sounds the same in pinyin ({a})"),
    "given": (0.7, "名字（不含姓）拼音相同（{a}）", "given name sounds the same in pinyin ({a})"),
    "core": (0.6, "名字用字读音相同（{a}）", "a name character sounds the same ({a})"),
    "initials": (0.45, "拼音首字母相同（{a}）", "pinyin initials match ({a})"),
    "surname": (0.25, "姓氏拼音相同（{a}）", "surname sounds the same ({a})"),
}


def pinyin_link(
    found_names: Sequence[str], stored: Sequence[tuple[str, ...]]
) -> tuple[str, float, str] | None:
    """The strongest link between a found person's names (characters) and a stored person's
    names (pinyin syllables): (kind, strength, the pinyin shown), or None."""
    best: tuple[str, float, str] | None = None

    def offer(kind: str, shown: tuple[str, ...]) -> None:
        nonlocal best
        strength = _LINKS[kind][0]
        if best is None or strength > best[1]:
            best = (kind, strength, " ".join(shown))

    cores = set(_core_syllables(found_names))
    for name in found_names:
        mine = pinyin_keys(name)
        surname, given = split_name(name)
        mine_given = tuple(syllable(c) for c in given)
        for theirs in stored:
            if not mine or not theirs:
                continue
            if mine == theirs:
                offer("pinyin", theirs)
            elif len(theirs) > 1 and mine_given and mine_given == theirs[1:]:
                offer("given", theirs[1:])
            elif cores and cores & set(theirs[1:] if len(theirs) > 1 else theirs):
                offer("core", tuple(sorted(cores & set(theirs))))
            elif len(mine) == len(theirs) > 1 and [s[0] for s in mine] == [s[0] for s in theirs]:
                offer("initials", tuple(s[0] for s in theirs))
            elif surname and len(theirs) > 1 and syllable(surname[0]) == theirs[0]:
                offer("surname", theirs[:1])
    return best


def link_words(kind: str, shown: str) -> tuple[str, str]:
    """(Chinese, English) words of a pinyin link."""
    _s, zh, en = _LINKS[kind]
    return zh.format(a=shown), en.format(a=shown)


NAME_WEIGHT = 0.30  # the name's share of the attribute score (score.WEIGHTS["name"])
SOURCE = "national_index"


class NationalScreen:
    """The offline national index in memory: :meth:`screen` ranks a found person against it.

    Candidates are marked (a first reason "national, offline index"): they are leads to be
    confirmed by the server's own national matching on the next sync, never a result.
    """

    def __init__(self, table: ScreeningTable, version: int = 0, allele_table: AlleleTable | None = None):
        self.table, self.version = table, version
        self.index = offline_index(table, allele_table)
        self._rows: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.table)

    def _row_of(self, key: str) -> int:
        if self._rows is None:
            self._rows = {
                f"{c}#{int(p)}": i
                for i, (c, p) in enumerate(zip(self.table.case_no, self.table.person.tolist(), strict=True))
            }
        return self._rows[key]

    def screen(
        self, found: MatchSubject, limit: int = 20, exact_k: int = 50, **kw: object
    ) -> list[Candidate]:
        """The best national counterparts of *found*, best first, each marked as from the index."""
        mark = Reason(
            "match.national_index",
            "全国离线索引（待服务器确认）",
            "national, offline index (to be confirmed by the server)",
        )
        names = found.all_names()
        out: list[Candidate] = []
        for c in self.index.rank(found, limit=limit + 5, exact_k=exact_k, **kw):  # type: ignore[arg-type]
            score, reasons = c.score, list(c.reasons)
            stored = self.table.name_keys(self._row_of(c.key))
            if names and stored:
                link = pinyin_link(names, stored)
                strength = 0.0 if link is None else link[1]
                score = (1 - NAME_WEIGHT) * score + NAME_WEIGHT * strength
                if c.dna is not None and c.dna.verdict == "supports":
                    score = max(score, c.score)  # the DNA lift stands whatever the names say
                if link is not None:
                    zh, en = link_words(link[0], link[2])
                    reasons.insert(0, Reason(f"match.pinyin.{link[0]}", zh, en, NAME_WEIGHT * strength))
            out.append(Candidate(c.key, c.case_no, min(1.0, score), (mark, *reasons), c.dna))
        out.sort(key=lambda c: (-c.score, c.key))
        return out[:limit]


def _families(
    table: ScreeningTable,
    store: GenotypeStore,
    owners: npt.NDArray[np.int64],
    allele_table: AlleleTable | None,
) -> FamilyIndex:
    """Every family's primary test chosen as :func:`~app.core.matching.familyindex.choose_test`
    does (both parents → trio; one parent; a full sibling; a second-degree relative), with numpy
    over the columns instead of a Python object per profile (the load of a million persons)."""
    from app.core.matching.likelihood import Hypothesis
    from app.core.matching.relations import hypothesis_of
    from app.core.matching.strindex import ProfileIndex

    fam = FamilyIndex([], allele_table)
    rel = table.profile_relation.astype(np.int64)
    code = {r: i for i, r in enumerate(RELATIONS)}

    def first(mask: npt.NDArray[np.bool_]) -> dict[int, int]:
        idx = np.flatnonzero(mask)
        uniq, at = np.unique(owners[idx], return_index=True)
        return dict(zip(uniq.tolist(), idx[at].tolist(), strict=True))

    mothers, fathers = first(rel == code["mother"]), first(rel == code["father"])
    siblings = first(
        np.isin(rel, [code[r] for r in RELATIONS if hypothesis_of(r) is Hypothesis.FULL_SIBLING])
    )
    second = first(np.isin(rel, [code[r] for r in RELATIONS if hypothesis_of(r) is Hypothesis.SECOND_DEGREE
                                 and r != "self"]))  # fmt: skip
    trio = sorted(set(mothers) & set(fathers))
    chosen: dict[Hypothesis, list[tuple[int, int]]] = {h: [] for h in (Hypothesis.PARENT, Hypothesis.FULL_SIBLING,
                                                                      Hypothesis.SECOND_DEGREE)}  # fmt: skip
    taken = set(trio)
    for owner, r in sorted({**fathers, **mothers}.items()):
        if owner not in taken:
            chosen[Hypothesis.PARENT].append((owner, mothers.get(owner, r)))
            taken.add(owner)
    for hypothesis, source in ((Hypothesis.FULL_SIBLING, siblings), (Hypothesis.SECOND_DEGREE, second)):
        for owner, r in sorted(source.items()):
            if owner not in taken:
                chosen[hypothesis].append((owner, r))
                taken.add(owner)

    def index(rows: list[int]) -> ProfileIndex:
        genotypes, values = store.packed(rows)
        return ProfileIndex.from_codes([str(r) for r in rows], genotypes, values, fam.table)

    fam.pairs = {
        h: (np.array([o for o, _r in pairs], np.int64), index([r for _o, r in pairs]))
        for h, pairs in chosen.items()
        if pairs
    }
    fam.trio_rows = np.array(trio, np.int64)
    fam.mothers = index([mothers[o] for o in trio]) if trio else None
    fam.fathers = index([fathers[o] for o in trio]) if trio else None
    return fam
