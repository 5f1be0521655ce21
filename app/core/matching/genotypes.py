"""Every STR profile of a register in columns: one byte per allele, locus and profile.

A station holds tens of thousands of profiles; as Python dicts of tuples each costs about half a
kilobyte, and the screening index then reads them all again into its matrices. A
:class:`GenotypeStore` keeps them once, as allele codes in per-locus byte arrays (the loci of the
allele table, in the order :class:`~app.core.matching.strindex.ProfileIndex` uses), and hands out
:class:`GenotypeRow` — a read-only ``Mapping[str, Genotype]`` over one row — wherever a profile is
expected. :meth:`GenotypeStore.packed` gives any set of rows as the screening matrix directly.

Append-only: rows are never changed, so a row handed out stays valid while others are added.
Two loads may extend one store at once (the background matcher and the officer's own request
each bring the pools up to date): adding a row and copying rows out take the store's lock. Loci outside the allele table are kept
per row in a small side dict (they are never compared, but a result names them as skipped).
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from app.core.matching.frequencies import AlleleTable, default_table
from app.core.matching.kinship import Genotype
from app.core.matching.loci import is_known_locus, normalise_locus

__all__ = ["GenotypeRow", "GenotypeStore", "locus_name"]

#: a locus name as written → its STRBase name, or None for Amelogenin and unknown names (bounded:
#: labs write a few dozen spellings)
_LOCUS_NAMES: dict[str, str | None] = {}


def locus_name(name: str) -> str | None:
    found = _LOCUS_NAMES.get(name, "")
    if found == "":
        found = normalise_locus(name) if is_known_locus(name) else None
        found = None if found == "Amelogenin" else found
        if len(_LOCUS_NAMES) < 1024:
            _LOCUS_NAMES[name] = found
    return found


class GenotypeStore:
    """Allele codes per locus (0 = not typed); ``values[locus][code]`` is the allele."""

    def __init__(self, table: AlleleTable | None = None) -> None:
        self.table = table or default_table()
        self.loci: list[str] = sorted(self.table.freqs)
        self.slot = {locus: i for i, locus in enumerate(self.loci)}
        self.values: list[list[float]] = [[0.0, *self.table.alleles(locus)] for locus in self.loci]
        self._codes: list[dict[float, int]] = [{a: i for i, a in enumerate(v) if i} for v in self.values]
        self.first = [array("B") for _ in self.loci]
        self.second = [array("B") for _ in self.loci]
        self.extra: dict[int, dict[str, Genotype]] = {}
        #: a locus name as written → its column, -1 for a known locus outside the table, None
        #: for one left out (bounded: labs write a few dozen spellings)
        self._written_slot: dict[str, int | None] = {}
        self.rows = 0
        self._capacity = 0
        self._lock = threading.Lock()

    def _code(self, li: int, allele: float) -> int:
        codes = self._codes[li]
        code = codes.get(allele)
        if code is None:  # an allele the table lacks: give it the next code
            code = codes[allele] = len(self.values[li])
            self.values[li].append(float(allele))
        return code

    def add(self, loci: Mapping[str, Any]) -> GenotypeRow:
        """Store a profile (STRBase locus names → two alleles) as a new row."""
        return self._add(loci.items())

    def add_written(self, loci: Mapping[str, Any]) -> GenotypeRow:
        """Store a profile as a lab or a document wrote it: locus names in any spelling STRBase
        knows (``VWA``), alleles in either order; Amelogenin and unknown names are left out.

        The register's first load stores every profile through here, so the common case — a
        locus of the table, both alleles already coded — is one dictionary look-up per name and
        per allele; anything else takes :meth:`_add_locked`'s general path."""
        with self._lock:
            row = self._new_row()
            slots, codes_of, first, second = self._written_slot, self._codes, self.first, self.second
            rest: list[tuple[str, Any]] = []
            for name, (a, b) in loci.items():
                li = slots.get(name, -2)
                if li == -2:
                    li = self._slot_of_written(name)
                if li is None:
                    continue
                if a > b:
                    a, b = b, a
                if li >= 0:
                    codes = codes_of[li]
                    ca, cb = codes.get(a), codes.get(b)
                    if ca is not None and cb is not None and (ca | cb) < 256:
                        first[li][row], second[li][row] = ca, cb
                        continue
                rest.append((self.loci[li] if li >= 0 else str(locus_name(name)), (a, b)))
            self._put_row(row, rest)
            return GenotypeRow(self, row)

    def _slot_of_written(self, name: str) -> int | None:
        """A written locus name's column (-1: a known locus outside the table; None: left out)."""
        locus = locus_name(name)
        li = None if locus is None else self.slot.get(locus, -1)
        if len(self._written_slot) < 1024:
            self._written_slot[name] = li
        return li

    def _add(self, loci: Iterable[tuple[str, Any]]) -> GenotypeRow:
        with self._lock:
            return self._add_locked(loci)

    def _add_locked(self, loci: Iterable[tuple[str, Any]]) -> GenotypeRow:
        row = self._new_row()
        self._put_row(row, loci)
        return GenotypeRow(self, row)

    def _new_row(self) -> int:
        row = self.rows
        if row == self._capacity:  # grow every column at once, by half again (amortised O(1))
            more = max(1024, row // 2)
            zeros = bytes(more)
            for first, second in zip(self.first, self.second, strict=True):
                first.frombytes(zeros)
                second.frombytes(zeros)
            self._capacity += more
        self.rows += 1
        return row

    def _put_row(self, row: int, loci: Iterable[tuple[str, Any]]) -> None:
        for locus, (a, b) in loci:
            li = self.slot.get(locus)
            ca = cb = 256
            if li is not None:
                ca, cb = self._code(li, a), self._code(li, b)
            if li is None or ca > 255 or cb > 255:
                self.extra.setdefault(row, {})[locus] = (float(a), float(b))
                continue
            self.first[li][row] = ca
            self.second[li][row] = cb

    def extend_coded(
        self,
        values: Sequence[Sequence[float]],
        first: Sequence[bytes],
        second: Sequence[bytes],
        extra: Mapping[int, Mapping[str, Genotype]],
    ) -> int:
        """Append the rows another store of the same table coded (its code → allele lists
        *values*, one byte column per locus for each allele, *extra* by row from 0) and return
        the first new row: the codes are translated into this store's, an allele it lacks is
        given the next code, and one past 255 goes to the row's side dict as :meth:`add` puts
        it. For a register's first load read by two processes (the second's rows join here)."""
        n = len(first[0]) if first else 0
        with self._lock:
            start = self.rows
            if start + n > self._capacity:
                more = max(1024, start + n - self._capacity, self._capacity // 2)
                zeros = bytes(more)
                for column in (*self.first, *self.second):
                    column.frombytes(zeros)
                self._capacity += more
            self.rows = start + n
            for li, locus in enumerate(self.loci):
                theirs = values[li]
                remap = np.array([0, *(self._code(li, a) for a in theirs[1:])], dtype=np.int64)
                a, b = np.frombuffer(first[li], dtype=np.uint8), np.frombuffer(second[li], dtype=np.uint8)
                ca, cb = remap[a], remap[b]
                over = (ca > 255) | (cb > 255)
                for r in np.flatnonzero(over).tolist():
                    self.extra.setdefault(start + r, {})[locus] = (float(theirs[a[r]]), float(theirs[b[r]]))
                ca[over], cb[over] = 0, 0
                memoryview(self.first[li])[start : start + n] = ca.astype(np.uint8).tobytes()
                memoryview(self.second[li])[start : start + n] = cb.astype(np.uint8).tobytes()
            for r, loci in extra.items():
                self.extra.setdefault(start + r, {}).update(loci)
        return start

    def packed(self, rows: Sequence[int]) -> tuple[npt.NDArray[np.uint16], list[list[float]]]:
        """(loci × len(rows) genotypes packed as ``a·K + b``, the code → allele lists): the
        matrix :meth:`ProfileIndex.from_codes` takes."""
        take = np.asarray(rows, dtype=np.int64)
        out = np.zeros((len(self.loci), len(take)), dtype=np.uint16)
        with self._lock:  # an exported buffer must not outlive the lock: the arrays may grow after
            for li in range(len(self.loci)):
                k = len(self.values[li])
                a = np.frombuffer(self.first[li], dtype=np.uint8, count=self.rows)[take].astype(np.uint16)
                b = np.frombuffer(self.second[li], dtype=np.uint8, count=self.rows)[take].astype(np.uint16)
                out[li] = np.where(a > 0, a * k + b, 0)
            values = [list(v) for v in self.values]
        return out, values

    def nbytes(self) -> int:
        return 2 * self.rows * len(self.loci)

    @classmethod
    def from_columns(
        cls, loci: list[str], values: list[list[float]], alleles: Any, table: AlleleTable | None = None
    ) -> GenotypeStore:
        """A store over already coded profiles (the offline national index): *alleles* is a
        (profiles × loci × 2) uint8 array of codes into *values* (per locus, code 0 = untyped)."""
        store = cls(table)
        if loci != store.loci:
            raise ValueError("the profiles' loci differ from the allele table's")
        n = int(alleles.shape[0])
        store.values = [list(v) for v in values]
        store._codes = [{a: i for i, a in enumerate(v) if i} for v in store.values]
        for li in range(len(loci)):
            store.first[li] = array("B", np.ascontiguousarray(alleles[:, li, 0]).tobytes())
            store.second[li] = array("B", np.ascontiguousarray(alleles[:, li, 1]).tobytes())
        store.rows = store._capacity = n
        return store

    def row(self, row: int) -> GenotypeRow:
        """Stored row *row*."""
        return GenotypeRow(self, row)


class GenotypeRow(Mapping[str, Genotype]):
    """One stored profile, read as ``{locus: (allele, allele)}``."""

    __slots__ = ("row", "store")

    def __init__(self, store: GenotypeStore, row: int) -> None:
        self.store, self.row = store, row

    def __getitem__(self, locus: str) -> Genotype:
        s = self.store
        li = s.slot.get(locus)
        if li is not None:
            a = s.first[li][self.row]
            if a:
                values = s.values[li]
                return values[a], values[s.second[li][self.row]]
        extra = s.extra.get(self.row)
        if extra is not None and locus in extra:
            return extra[locus]
        raise KeyError(locus)

    def __iter__(self) -> Iterator[str]:
        s = self.store
        for li, locus in enumerate(s.loci):
            if s.first[li][self.row]:
                yield locus
        yield from s.extra.get(self.row, {})

    def as_dict(self) -> dict[str, Genotype]:
        """``dict(self)`` (the same loci in the same order, the same genotypes), read column by
        column in one pass instead of a look-up per locus."""
        s, row = self.store, self.row
        out: dict[str, Genotype] = {}
        for li, locus in enumerate(s.loci):
            a = s.first[li][row]
            if a:
                values = s.values[li]
                out[locus] = (values[a], values[s.second[li][row]])
        for locus, genotype in s.extra.get(row, {}).items():
            out.setdefault(locus, genotype)  # a typed column wins, as in __getitem__
        return out

    def __len__(self) -> int:
        s = self.store
        return sum(1 for li in range(len(s.loci)) if s.first[li][self.row]) + len(s.extra.get(self.row, {}))

    def __repr__(self) -> str:
        return repr(dict(self))

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Genotype]:
        return dict(self)  # dataclasses.asdict copies a profile as a plain dict, never the store
