"""What a DNA result says about the screen that found it: how many profiles were compared, where
this one ranks among them, and how many unrelated profiles would reach its LR by chance in a
database of that size (``chance.py``).

One :class:`Screen` describes one query: a found child's profile against the families of the
missing persons (the child fixed), or a missing person's family against the found children (the
family fixed). The callers (``rank.py``, ``index.py``) hand it every compared LR.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from app.core.matching.chance import ChanceModel
from app.core.matching.frequencies import AlleleTable
from app.core.matching.kinship import DnaResult, Genotype
from app.core.matching.likelihood import Hypothesis
from app.core.matching.relatives import KinshipModel

__all__ = ["Screen"]

_SORT_AFTER = 8  # ranks asked of one screen before sorting its values beats counting each time


class Screen:
    """One query's screen: the fixed side's profile(s) and every compared log10 LR."""

    def __init__(
        self,
        logs: npt.ArrayLike,
        table: AlleleTable,
        model: KinshipModel,
        *,
        child: Mapping[str, Genotype] | None = None,
        donors: Sequence[Mapping[str, Genotype]] = (),
    ) -> None:
        # kept as given: a query asks the rank of a few results (a count each), and sorting a
        # country's screened values would cost more than those counts; sorted after _SORT_AFTER
        self._given = np.asarray(logs)
        self._sorted: npt.NDArray[np.float64] | None = None
        self._asked = 0
        self.table, self.model = table, model
        self.child, self.donors = child, donors
        self._chance: dict[tuple[str, tuple[str, ...]], ChanceModel] = {}

    def __len__(self) -> int:
        return len(self._given)

    @property
    def logs(self) -> npt.NDArray[np.float64]:
        """Every compared log10 LR, ascending."""
        if self._sorted is None:
            self._sorted = np.sort(self._given.astype(np.float64))
        return self._sorted

    def rank_of(self, log_lr: float) -> int:
        """1 + how many compared profiles scored clearly higher (ties share a rank)."""
        above = np.float64(log_lr + 1e-4)
        self._asked += 1
        if self._sorted is None and self._asked <= _SORT_AFTER and not np.isnan(above):
            # what the sorted search counts (NaN sorts last: above everything), without the sort
            return 1 + int(np.count_nonzero(~(self._given <= above)))
        return 1 + int(len(self.logs) - np.searchsorted(self.logs, above, "right"))

    def annotate(
        self, result: DnaResult, log_lr: float | None = None, known: Mapping[str, Genotype] | None = None
    ) -> DnaResult:
        """*result* with ``screened``, ``rank`` and ``expected_random`` filled in. *log_lr* is
        this result's value on the screen's own scale (defaults to its exact LR); *known* is
        the known parent of a child-fixed ``parent_given_other`` result."""
        own = float(np.log10(result.lr)) if log_lr is None and result.lr > 0 else (log_lr or -np.inf)
        loci = tuple(li.locus for li in result.loci)
        expected = None
        if loci and result.lr > 0:
            expected = self._model(Hypothesis(result.hypothesis), loci, known).expected(result.lr, len(self))
        return replace(result, screened=len(self), rank=self.rank_of(own), expected_random=expected)

    def _model(
        self, hypothesis: Hypothesis, loci: tuple[str, ...], known: Mapping[str, Genotype] | None
    ) -> ChanceModel:
        key = (hypothesis.value, loci)
        cached = self._chance.get(key)
        if cached is None:
            theta, mu = self.model.theta, self.model.mu
            if self.child is not None:
                donors = (
                    [dict(known)] if known is not None and hypothesis is Hypothesis.PARENT_GIVEN_OTHER else []
                )
                cached = ChanceModel(hypothesis, self.table, loci, child=dict(self.child), relatives=donors,
                                     theta=theta, mu=mu)  # fmt: skip
            else:  # a known parent sits on the varying (found) side: weigh the alleged one as a duo
                if hypothesis is Hypothesis.PARENT_GIVEN_OTHER:
                    hypothesis = Hypothesis.PARENT
                cached = ChanceModel(hypothesis, self.table, loci, relatives=[dict(d) for d in self.donors],
                                     theta=theta, mu=mu)  # fmt: skip
            self._chance[key] = cached
        return cached
