"""Allele frequencies for parentage indices, with the minimum-frequency rule.

The shipped table is ``resources/kinship/han_str_frequencies.tsv`` (see the README there for its
source and its limits). :class:`AlleleTable` answers "how common is allele *a* at locus *L*",
never returning less than the NRC II minimum 5/2N, and says when an allele was not in the table
so the result can report it. It also holds each locus's mean exclusion power, which the
AABB mutation formula (PI = μ / A, see ``kinship.py``) needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from app.core import resources

__all__ = ["DEFAULT_N", "AlleleTable", "default_table", "resource_dir"]

# The source table does not state its sample size; 1,000 persons (2,000 alleles) is assumed,
# which makes 5/2N = 0.0025 — conservative (it raises rare alleles, lowering their PI).
DEFAULT_N = 1000


def resource_dir() -> Path:
    """``resources/kinship`` (see app.core.resources for where that is)."""
    return resources.resource_dir("kinship")


@dataclass(frozen=True)
class AlleleTable:
    """Locus → allele → frequency, with a floor of 5/(2N) (NRC II 1996)."""

    freqs: Mapping[str, Mapping[float, float]]
    sample_size: int = DEFAULT_N
    _pe_duo: dict[str, float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _pe_trio: dict[str, float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _memo: dict[tuple[str, float], tuple[float, bool]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def min_frequency(self) -> float:
        return 5.0 / (2.0 * self.sample_size)

    def has_locus(self, locus: str) -> bool:
        return locus in self.freqs

    def frequency(self, locus: str, allele: float) -> tuple[float, bool]:
        """(frequency, unseen): the floored frequency, and True when the table lacks the allele."""
        hit = self._memo.get((locus, allele))
        if hit is None:
            p = self.freqs.get(locus, {}).get(round(allele, 1))
            hit = (self.min_frequency, True) if p is None else (max(p, self.min_frequency), False)
            self._memo[(locus, allele)] = hit
        return hit

    def p(self, locus: str, allele: float) -> float:
        return self.frequency(locus, allele)[0]

    def alleles(self, locus: str) -> list[float]:
        return sorted(self.freqs.get(locus, {}))

    def mean_exclusion_duo(self, locus: str) -> float:
        """A priori chance that a random man shares no allele with the child (no mother typed)."""
        if locus not in self._pe_duo:
            ps = [self.p(locus, a) for a in self.alleles(locus)]
            total = 0.0
            for i, pi in enumerate(ps):
                total += pi * pi * (1 - pi) ** 2  # homozygous child
                for pj in ps[i + 1 :]:
                    total += 2 * pi * pj * (1 - pi - pj) ** 2
            self._pe_duo[locus] = min(max(total, 1e-6), 1.0)
        return self._pe_duo[locus]

    def mean_exclusion_trio(self, locus: str) -> float:
        """A priori chance that a random man lacks the obligate paternal allele (mother typed).

        Computed by enumeration (mother's genotype, her transmitted allele, the paternal allele)
        rather than a closed formula, so it stays right for the floored frequencies.
        """
        if locus not in self._pe_trio:
            alleles = self.alleles(locus)
            p = {a: self.p(locus, a) for a in alleles}
            total = 0.0
            for i, a in enumerate(alleles):
                for b in alleles[i:]:
                    pm = p[a] * p[b] * (1 if a == b else 2)
                    for m in {a, b}:
                        wm = pm * (1.0 if a == b else 0.5)
                        for x in alleles:
                            if {m, x} <= {a, b} and a != b and m != x:
                                excl = (1 - p[a] - p[b]) ** 2  # child = mother (het): either
                            else:
                                excl = (1 - p[x]) ** 2
                            total += wm * p[x] * excl
            self._pe_trio[locus] = min(max(total, 1e-6), 1.0)
        return self._pe_trio[locus]


def _read(path: Path) -> dict[str, dict[float, float]]:
    freqs: dict[str, dict[float, float]] = {}
    with path.open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            if not line.strip():
                continue
            locus, allele, freq = line.rstrip("\n").split("\t")
            freqs.setdefault(locus, {})[round(float(allele), 1)] = float(freq)
    return freqs


@cache
def default_table() -> AlleleTable:
    """The shipped Chinese Han table (read once)."""
    return AlleleTable(_read(resource_dir() / "han_str_frequencies.tsv"))
