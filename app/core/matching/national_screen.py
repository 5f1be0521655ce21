"""The offline national index in memory: a :class:`MissingIndex` over its columns, and the screen.

:func:`offline_index` turns a :class:`~app.core.matching.screening.ScreeningTable` into the
station's columnar :class:`~app.core.matching.index.MissingIndex` without a subject per row (the
exact stage sees subjects built on demand; the families' kinship tests are chosen with numpy).
Names enter the coarse stage as syllable codes; :class:`NationalScreen` adds a pinyin comparison
(:func:`pinyin_link`) because the index carries no characters, and marks every candidate as a
lead from the index.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt

from app.core.matching.coarse_query import UNKNOWN_BIRTH
from app.core.matching.familyindex import FamilyIndex
from app.core.matching.features import coords, province_bit, syllable_code
from app.core.matching.frequencies import AlleleTable
from app.core.matching.genotypes import GenotypeStore
from app.core.matching.index import MissingIndex
from app.core.matching.names import split_name, syllable
from app.core.matching.places import province
from app.core.matching.screening import RELATIONS, ScreeningTable, core_syllables, pinyin_keys
from app.core.matching.subject import Candidate, MatchSubject, Reason

__all__ = ["NAME_WEIGHT", "SOURCE", "NationalScreen", "link_words", "offline_index", "pinyin_link"]


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
    lo[unknown], hi[unknown] = UNKNOWN_BIRTH, -UNKNOWN_BIRTH
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
    latlon = latlon.reshape(len(uniq), 2)
    places = np.stack(
        [np.cos(latlon[:, 0]) * np.cos(latlon[:, 1]), np.cos(latlon[:, 0]) * np.sin(latlon[:, 1]),
         np.sin(latlon[:, 0])]
    )  # fmt: skip
    index.xyz = places[:, inverse]
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
        known = index.birth_lo[a:b] > UNKNOWN_BIRTH
        width = float((index.birth_hi[a:b][known] - index.birth_lo[a:b][known]).max()) if known.any() else 0.0
        index.groups[code] = (a, b, width)
    index.index_distinct(inverse.astype(np.intp), places)
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

    cores = set(core_syllables(found_names))
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
    fam.parentage = fam.parentage_of_tests()
    return fam
