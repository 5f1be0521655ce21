"""Vectorised DNA screening: one STR profile against a million stored profiles.

Each stored profile is one row of a (loci × profiles) ``uint16`` matrix: at every locus the
genotype is packed as ``a·K + b`` with a, b small allele codes (0 = not typed) and K the number
of codes at that locus. For a query, one small K×K table per locus holds everything the locus
contributes — ``1000`` per inconsistency plus log10 of the kinship index under the chosen
hypothesis (parent, full sibling, second degree; θ and the mutation formula included, see
``likelihood.py``), in float32 — so the whole screen is one gather and one add per locus, done
in cache-sized chunks of rows. Survivors (fewer than 3 inconsistencies, highest combined index)
are then re-computed exactly with :func:`~app.core.matching.relatives.compare_pair`. The
defaults (parent, θ = 0) give the plain parentage index the screen always gave.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.core.matching.frequencies import AlleleTable, default_table
from app.core.matching.genotypes import GenotypeRow
from app.core.matching.kinship import DEFAULT_MUTATION_RATE, EXCLUDE_AT, DnaResult, Genotype
from app.core.matching.likelihood import F64, Hypothesis, pair_lr, trio_with_mutations
from app.core.matching.relatives import compare_pair
from app.core.matching.topk import top_k

__all__ = ["ProfileIndex", "ScreenHit", "split_scores"]

_INCONSISTENT = 1000.0  # per locus |log10 PI| < 13 (steps capped), so sums decode exactly
_CHUNK = 1 << 17  # rows per pass: big enough to amortise the loop, small enough for cache
_CHUNK_CELLS = 1 << 16  # profiles × queries per pass of gather_many (two such float32 blocks in cache)
_STAGED_FIRST, _STAGED_STEP = 6, 2  # scores_below: loci read for every profile, then between drops
_TABLES_KEPT = 4096  # per-locus query tables kept by one index (K×K float32 each: a few KB)


def split_scores(total: npt.NDArray[np.float32]) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """(log10 LR, inconsistent loci) from sums that carry 1000 per inconsistency."""
    inconsistent = np.floor((total + _INCONSISTENT / 2) / _INCONSISTENT)
    return total - inconsistent * _INCONSISTENT, inconsistent


@dataclass(frozen=True, slots=True)
class ScreenHit:
    key: str
    result: DnaResult


class ProfileIndex:
    """Stored STR profiles (children, or parents) screened against one query profile."""

    def __init__(
        self, profiles: Sequence[tuple[str, Mapping[str, Genotype]]], table: AlleleTable | None = None
    ):
        self.table = table or default_table()
        self._arrays: dict[
            int,
            tuple[
                npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.intp], npt.NDArray[np.intp]
            ],
        ] = {}
        self._tables: dict[tuple[int, Genotype, bool, float, Hypothesis, float], npt.NDArray[np.float32]] = {}
        self.loci = [locus for locus in sorted(self.table.freqs)]
        self.values: list[list[float]] = []  # per locus: code → allele (code 0 = not typed)
        codes: list[dict[float, int]] = []
        for locus in self.loci:
            alleles = sorted(
                set(self.table.alleles(locus)) | {a for _k, p in profiles if locus in p for a in p[locus]}
            )
            self.values.append([0.0, *alleles])
            codes.append({a: i + 1 for i, a in enumerate(alleles)})
        self.keys = [k for k, _p in profiles]
        self.genotypes = np.zeros((len(self.loci), len(profiles)), dtype=np.uint16)
        for li, locus in enumerate(self.loci):
            k, code = len(self.values[li]), codes[li]
            column = [code[p[locus][0]] * k + code[p[locus][1]] if locus in p else 0 for _key, p in profiles]
            self.genotypes[li] = np.asarray(column, dtype=np.uint16)

    @classmethod
    def of(
        cls, profiles: Sequence[tuple[str, Mapping[str, Genotype]]], table: AlleleTable | None = None
    ) -> ProfileIndex:
        """An index of *profiles*: taken straight from the columns when they are rows of one
        :class:`GenotypeStore` (a register's load), else read profile by profile."""
        table = table or default_table()
        stored = [p for _k, p in profiles if isinstance(p, GenotypeRow)]
        if stored and len(stored) == len(profiles) and len({p.store for p in stored}) == 1:
            store = stored[0].store
            if store.table is table and not any(p.row in store.extra for p in stored):
                genotypes, values = store.packed([p.row for p in stored])
                return cls.from_codes([k for k, _p in profiles], genotypes, values, table)
        return cls(profiles, table)

    @classmethod
    def from_codes(
        cls, keys: list[str], genotypes: npt.NDArray[np.uint16], values: list[list[float]], table: AlleleTable
    ) -> ProfileIndex:
        """An index over already packed genotypes (bulk loads, benchmarks): rows follow ``loci``
        (the table's loci, sorted), ``values[l][code]`` is the allele of a code, code 0 = untyped."""
        index = cls([], table)
        index.keys, index.genotypes, index.values = keys, genotypes, values
        return index

    def __len__(self) -> int:
        return len(self.keys)

    def nbytes(self) -> int:
        return int(self.genotypes.nbytes)

    def _locus_arrays(
        self, li: int
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """Allele values, floored frequencies and the K×K index grids of a locus (cached)."""
        cached = self._arrays.get(li)
        if cached is None:
            locus, vals = self.loci[li], np.asarray(self.values[li], dtype=np.float64)
            freq = np.array([1.0] + [self.table.p(locus, v) for v in vals[1:]])
            i, j = np.meshgrid(np.arange(len(vals)), np.arange(len(vals)), indexing="ij")
            cached = self._arrays[li] = (vals, freq, i, j)
        return cached

    def _table(
        self,
        li: int,
        query: Genotype,
        query_is_child: bool,
        mu: float,
        hypothesis: Hypothesis = Hypothesis.PARENT,
        theta: float = 0.0,
    ) -> npt.NDArray[np.float32]:
        """K×K contributions of every stored genotype at locus *li* under a pairwise
        *hypothesis* (``1000`` per inconsistency plus log10 of the index), flattened."""
        locus = self.loci[li]
        vals, freq, i, j = self._locus_arrays(li)
        grid = (vals[i], vals[j])  # stored genotypes; code 0 (untyped) is zeroed below
        fixed = (np.full(grid[0].shape, query[0]), np.full(grid[0].shape, query[1]))
        power = self.table.mean_exclusion_duo(locus)
        if query_is_child:  # stored genotypes are the relatives
            py = (
                np.full(grid[0].shape, self.table.p(locus, query[0])),
                np.full(grid[0].shape, self.table.p(locus, query[1])),
            )
            lr, bad, _steps = pair_lr(hypothesis, grid, fixed, py, theta, mu, power)
        else:  # the query is the relative; stored genotypes are children
            lr, bad, _steps = pair_lr(hypothesis, fixed, grid, (freq[i], freq[j]), theta, mu, power)
        out = np.where(bad, _INCONSISTENT, 0.0) + np.log10(lr)
        out[0, :] = 0.0
        out[:, 0] = 0.0
        return out.ravel().astype(np.float32)

    def trio_table(
        self, li: int, mother: Genotype, father: Genotype, theta: float, mu: float
    ) -> npt.NDArray[np.float32]:
        """K×K contributions of every stored *child* genotype against both alleged parents."""
        locus = self.loci[li]
        vals, freq, i, j = self._locus_arrays(li)
        grid = (vals[i], vals[j])

        def fixed(g: Genotype) -> tuple[F64, F64]:
            return np.full(grid[0].shape, g[0]), np.full(grid[0].shape, g[1])

        lr, bad, _steps = trio_with_mutations(
            grid, fixed(mother), fixed(father), (freq[i], freq[j]), theta, mu,
            self.table.mean_exclusion_duo(locus), self.table.mean_exclusion_trio(locus),
        )  # fmt: skip
        out = np.where(bad, _INCONSISTENT, 0.0) + np.log10(lr)
        out[0, :] = 0.0
        out[:, 0] = 0.0
        return out.ravel().astype(np.float32)

    def gather(self, tables: list[tuple[int, npt.NDArray[np.float32]]]) -> npt.NDArray[np.float32]:
        """Σ over loci of ``table[genotype code]`` for every stored profile, in cache-sized chunks."""
        n = len(self.keys)
        total = np.zeros(n, dtype=np.float32)
        tmp = np.empty(min(n, _CHUNK), dtype=np.float32)
        # np.take converts uint16 indices to intp itself, slowly; an explicit copy is 4x faster
        idx = np.empty(min(n, _CHUNK), dtype=np.intp)
        for start in range(0, n, _CHUNK):
            end = min(n, start + _CHUNK)
            acc, buf, ix = total[start:end], tmp[: end - start], idx[: end - start]
            for li, table in tables:
                np.copyto(ix, self.genotypes[li, start:end], casting="unsafe")
                np.take(table, ix, out=buf)
                acc += buf
        return total

    def gather_many(
        self, tables: Sequence[Sequence[tuple[int, npt.NDArray[np.float32]]]]
    ) -> npt.NDArray[np.float32]:
        """:meth:`gather` for several queries at once ((profiles × queries) sums): each locus's
        tables side by side, so a profile's code is read once and its row of values copied for
        all the queries together. Each query's sum adds its loci in the same order as
        :meth:`gather` (a locus a query lacks adds 0.0, which leaves a sum unchanged), so
        every column is :meth:`gather`'s answer to the bit."""
        n, q = len(self.keys), len(tables)
        total = np.zeros((n, q), dtype=np.float32)
        stacked: dict[int, npt.NDArray[np.float32]] = {}
        for j, query_tables in enumerate(tables):
            for li, table in query_tables:
                if li not in stacked:
                    stacked[li] = np.zeros((len(table), q), dtype=np.float32)
                stacked[li][:, j] = table
        chunk = max(256, min(n, _CHUNK_CELLS // max(1, q)))
        buf = np.empty((min(n, chunk), q), dtype=np.float32)
        idx = np.empty(min(n, chunk), dtype=np.intp)
        for start in range(0, n, chunk):
            end = min(n, start + chunk)
            acc, out, ix = total[start:end], buf[: end - start], idx[: end - start]
            for li in sorted(stacked):
                np.copyto(ix, self.genotypes[li, start:end], casting="unsafe")
                np.take(stacked[li], ix, axis=0, out=out)
                acc += out
        return total

    def scores_many(
        self,
        queries: Sequence[Mapping[str, Genotype]],
        query_is_child: bool = True,
        *,
        hypothesis: Hypothesis = Hypothesis.PARENT,
        theta: float = 0.0,
        mu: float = DEFAULT_MUTATION_RATE,
    ) -> list[tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]]:
        """:meth:`scores` of each of *queries*, screened together (:meth:`gather_many`)."""
        tables = [self._query_tables(query, query_is_child, mu, hypothesis, theta) for query in queries]
        total = self.gather_many(tables)
        return [split_scores(np.ascontiguousarray(total[:, j])) for j in range(len(queries))]

    def scores(
        self,
        query: Mapping[str, Genotype],
        query_is_child: bool = True,
        *,
        hypothesis: Hypothesis = Hypothesis.PARENT,
        theta: float = 0.0,
        mu: float = DEFAULT_MUTATION_RATE,
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """(log10 LR, inconsistent loci) of every stored profile against *query*."""
        return split_scores(self.gather(self._query_tables(query, query_is_child, mu, hypothesis, theta)))

    def scores_below(
        self,
        query: Mapping[str, Genotype],
        query_is_child: bool = True,
        *,
        hypothesis: Hypothesis = Hypothesis.PARENT,
        theta: float = 0.0,
        mu: float = DEFAULT_MUTATION_RATE,
        inconsistent_below: float = EXCLUDE_AT,
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """(positions, log10 LR, inconsistent loci) of the stored profiles with fewer than
        *inconsistent_below* inconsistent loci against *query*: :meth:`scores` at those
        positions, to the bit (each sum adds the same loci in the same order, in float32), but
        a profile is dropped as soon as its first loci already hold that many inconsistencies
        (most unrelated ones within ten loci), so the later loci are read for few profiles."""
        tables = self._query_tables(query, query_is_child, mu, hypothesis, theta)
        first = min(len(tables), _STAGED_FIRST)
        total = self.gather(tables[:first])  # every profile, in cache-sized chunks
        positions = np.arange(len(self.keys), dtype=np.intp)
        for start in range(first, len(tables), _STAGED_STEP):
            kept = np.flatnonzero(split_scores(total)[1] < inconsistent_below)
            positions, total = positions[kept], total[kept]
            for li, table in tables[start : start + _STAGED_STEP]:
                total += np.take(table, self.genotypes[li, positions].astype(np.intp))
        logs, bad = split_scores(total)
        kept = np.flatnonzero(bad < inconsistent_below)
        return positions[kept], logs[kept], bad[kept]

    def scores_at(
        self,
        query: Mapping[str, Genotype],
        positions: npt.NDArray[np.intp],
        query_is_child: bool = True,
        *,
        hypothesis: Hypothesis = Hypothesis.PARENT,
        theta: float = 0.0,
        mu: float = DEFAULT_MUTATION_RATE,
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """:meth:`scores` of the stored profiles at *positions* only (the same sums, to the bit)."""
        total = np.zeros(len(positions), dtype=np.float32)
        for li, table in self._query_tables(query, query_is_child, mu, hypothesis, theta):
            total += np.take(table, self.genotypes[li, positions].astype(np.intp))
        return split_scores(total)

    def _query_tables(
        self,
        query: Mapping[str, Genotype],
        query_is_child: bool,
        mu: float,
        hypothesis: Hypothesis,
        theta: float,
    ) -> list[tuple[int, npt.NDArray[np.float32]]]:
        """(locus, table) of every locus *query* holds, in :attr:`loci` order (the sums' order)."""
        return [
            (li, self._cached_table(li, query[locus], query_is_child, mu, hypothesis, theta))
            for li, locus in enumerate(self.loci)
            if locus in query
        ]

    def _cached_table(
        self, li: int, query: Genotype, query_is_child: bool, mu: float, hypothesis: Hypothesis, theta: float
    ) -> npt.NDArray[np.float32]:
        """:meth:`_table`, kept: a locus has a few hundred common genotypes, so the queries of a
        long-lived index keep asking for the same tables (read-only; dropped when too many)."""
        key = (li, (float(query[0]), float(query[1])), query_is_child, mu, hypothesis, theta)
        table = self._tables.get(key)
        if table is None:
            if len(self._tables) >= _TABLES_KEPT:
                self._tables.clear()
            table = self._tables[key] = self._table(li, query, query_is_child, mu, hypothesis, theta)
            table.flags.writeable = False
        return table

    def screen(
        self,
        query: Mapping[str, Genotype],
        query_is_child: bool = True,
        limit: int = 20,
        min_log10_index: float = 0.0,
        mu: float = DEFAULT_MUTATION_RATE,
        *,
        hypothesis: Hypothesis = Hypothesis.PARENT,
        theta: float = 0.0,
    ) -> list[ScreenHit]:
        """Stored profiles that may be the query's relative (parent by default) or child, exact
        results, best first. The defaults give the plain parentage index (θ = 0) as before."""
        log_ci, inconsistent = self.scores(query, query_is_child, hypothesis=hypothesis, theta=theta, mu=mu)
        keep = np.flatnonzero((inconsistent < EXCLUDE_AT) & (log_ci >= min_log10_index))
        if len(keep) > limit:
            keep = keep[top_k(log_ci[keep], limit, lambda i: self.keys[int(keep[i])])]
        hits = []
        for r in keep.tolist():
            stored = self.profile(r)
            child, relative = (query, stored) if query_is_child else (stored, query)
            result = compare_pair(child, relative, hypothesis, self.table, theta=theta, mu=mu, rivals=False)
            hits.append(ScreenHit(self.keys[r], result))
        hits.sort(key=lambda h: -h.result.combined_index)
        return hits

    def profile(self, row: int) -> dict[str, Genotype]:
        """Decode one stored profile."""
        out: dict[str, Genotype] = {}
        for li, locus in enumerate(self.loci):
            g = int(self.genotypes[li, row])
            if g:
                k = len(self.values[li])
                out[locus] = (self.values[li][g // k], self.values[li][g % k])
        return out
