"""The best *k* of a screen's scores, ties broken by the person's key: the same rows whatever
order the index holds them in.

``np.argpartition`` alone picks arbitrarily among rows tied with the *k*-th score, and which
ones it picks depends on where they sit in the columns — so two workers (one freshly loaded, one
that applied changes since) could score different shortlists for the same query, and a split
index could not merge its parts' shortlists into the unsplit one's. Here every row scoring above
the *k*-th score is kept, and the rows tied with it are taken in key order until *k* are chosen.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

__all__ = ["top_k"]


def top_k(scores: npt.NDArray[np.floating], k: int, key: Callable[[int], str]) -> npt.NDArray[np.int64]:
    """Positions (into *scores*) of the *k* highest scores; among positions tied with the *k*-th
    score, those whose ``key(position)`` sorts first. All positions when there are at most *k*."""
    n = len(scores)
    if n <= k:
        return np.arange(n, dtype=np.int64)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    threshold = -np.partition(-scores, k - 1)[k - 1]  # the value argpartition would place there
    above = np.flatnonzero(scores > threshold)
    tied = np.flatnonzero(scores == threshold)
    need = k - len(above)
    if len(tied) > need:
        tied = np.array(sorted(tied.tolist(), key=key)[:need], dtype=np.int64)
    return np.concatenate([above, tied]).astype(np.int64)
