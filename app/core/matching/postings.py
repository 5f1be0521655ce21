"""Rows by name code: the columnar index's postings for the coarse stage's name term.

The coarse name term counts, on every row of a query's slices, the name slots that hold one of
the query's characters or syllables. Compared slot by slot on every row that is some sixty
numpy passes over the slices' rows (about 150,000 rows a query at 1,000,000 persons), though
few rows share a code with the query. Here each column's rows are kept sorted by code (built
once with the index, which never changes after its build: changed persons go to an overlay of
their own), so a query reads only the rows holding its codes, each code's rows within a slice
found by two binary searches. The counts are those of the row-by-row comparison exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["NamePostings", "Postings"]

I32 = npt.NDArray[np.int32]


class Postings:
    """The rows of one integer column grouped by value: each value's rows ascending."""

    def __init__(self, column: npt.NDArray[np.int32], rows: npt.NDArray[np.intp] | None = None) -> None:
        """Postings of *column* (only its *rows*, when given: the others are never found)."""
        taken = np.arange(len(column), dtype=np.int32) if rows is None else rows.astype(np.int32)
        values = column[taken]
        order = np.argsort(values, kind="stable")  # stable: each value's rows stay ascending
        self.rows: I32 = taken[order]
        codes, starts = np.unique(values[order], return_index=True)
        self.codes: npt.NDArray[np.int64] = codes.astype(np.int64)
        self.bounds: npt.NDArray[np.int64] = np.append(starts, len(order)).astype(np.int64)

    def nbytes(self) -> int:
        return self.rows.nbytes + self.codes.nbytes + self.bounds.nbytes

    def runs(self, codes: Sequence[int], a: int, b: int) -> list[I32]:
        """For each of *codes* held by some row in [a, b): those rows (ascending)."""
        if not codes or not len(self.codes):
            return []
        wanted = np.asarray(codes, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.codes, wanted), len(self.codes) - 1)
        out: list[I32] = []
        for i in at[self.codes[at] == wanted].tolist():
            run = self.rows[self.bounds[i] : self.bounds[i + 1]]
            lo, hi = run.searchsorted((a, b)).tolist()
            if hi > lo:
                out.append(run[lo:hi])
        return out


class NamePostings:
    """Per name slot, the rows by character and by syllable (rows whose slot holds no character
    are left out: they never count); and the rows by surname."""

    def __init__(
        self, surname: npt.NDArray[np.int32], chars: npt.NDArray[np.int32], sylls: npt.NDArray[np.int32]
    ) -> None:
        self.surname = Postings(surname)
        self.slots: list[tuple[Postings, Postings]] = []
        for k in range(chars.shape[0]):
            named = np.flatnonzero(chars[k] != 0)
            self.slots.append((Postings(chars[k], named), Postings(sylls[k], named)))

    def nbytes(self) -> int:
        return self.surname.nbytes() + sum(c.nbytes() + s.nbytes() for c, s in self.slots)

    def slot_counts(
        self, chars: Sequence[int], sylls: Sequence[int], a: int, b: int
    ) -> npt.NDArray[np.uint8]:
        """On rows [a, b): how many name slots hold one of *chars* or *sylls* (a slot with no
        character never counts), as bytes (whole numbers: the same values as the float counts
        they become; a byte pass costs an eighth of a float pass). Only the rows holding a code
        are touched."""
        n = b - a
        count = np.zeros(n, dtype=np.uint8)
        for by_char, by_syll in self.slots:
            hit = np.zeros(n, dtype=bool)
            for run in by_char.runs(chars, a, b) + by_syll.runs(sylls, a, b):
                hit[run - a] = True
            count += hit
        return count

    def same_surname(self, surname: int, a: int, b: int) -> npt.NDArray[np.bool_]:
        """On rows [a, b): whether the row's surname code is *surname* (0, no surname: never)."""
        same = np.zeros(b - a, dtype=bool)
        if surname != 0:
            for run in self.surname.runs([surname], a, b):
                same[run - a] = True
        return same
