"""One pair weighed under several hypotheses shares its identity ratios, and the repeat steps
are taken only where a locus is inconsistent: every LR, inconsistency and step is what weighing
each hypothesis on its own gives, to the bit (broadcast genotype arrays included)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from app.core.matching.likelihood import (
    IBD,
    Hypothesis,
    identity_ratios,
    mutation_index,
    pair_lr,
    repeat_steps,
)

F64 = npt.NDArray[np.float64]


def _alone(hypothesis: Hypothesis, x: tuple[F64, F64], y: tuple[F64, F64], py: tuple[F64, F64], theta: float,
           mu: float, power: F64) -> tuple[F64, npt.NDArray[np.bool_], F64]:  # fmt: skip
    """The pair weighed under *hypothesis* alone, steps taken on every locus (the former way)."""
    k0, k1, k2 = IBD[hypothesis]
    r1, r2 = identity_ratios(x[0], x[1], y[0], y[1], py[0], py[1], theta)
    lr = k0 + k1 * r1 + k2 * r2
    bad = lr <= 0.0
    steps = np.where(bad, repeat_steps(x, y), 0.0)
    if bad.any():
        lr = np.where(bad, mutation_index(mu, power, np.maximum(steps, 1.0)), lr)
    return np.asarray(lr, dtype=np.float64), bad, steps


def _same(a: tuple[F64, npt.NDArray[np.bool_], F64], b: tuple[F64, npt.NDArray[np.bool_], F64]) -> None:
    for left, right in zip(a, b, strict=True):
        assert left.dtype == right.dtype and left.shape == right.shape
        assert left.tobytes() == right.tobytes()


def test_shared_ratios_give_each_hypothesis_its_own_lr() -> None:
    rng = np.random.default_rng(7)
    alleles = np.array([8.0, 9.0, 9.3, 10.0, 11.0, 12.0, 14.0])
    for n in (1, 5, 20, 20, 20):
        for _ in range(40):
            x = (rng.choice(alleles, n), rng.choice(alleles, n))
            y = (rng.choice(alleles, n), rng.choice(alleles, n))
            py = (rng.uniform(0.01, 0.4, n), rng.uniform(0.01, 0.4, n))
            power = rng.uniform(0.1, 0.6, n)
            theta = float(rng.choice([0.0, 0.01, 0.03]))
            ratios = identity_ratios(x[0], x[1], y[0], y[1], py[0], py[1], theta)
            for hypothesis in (Hypothesis.PARENT, Hypothesis.FULL_SIBLING, Hypothesis.SECOND_DEGREE):
                expected = _alone(hypothesis, x, y, py, theta, 0.002, power)
                _same(pair_lr(hypothesis, x, y, py, theta, 0.002, power, ratios=ratios), expected)
                _same(pair_lr(hypothesis, x, y, py, theta, 0.002, power), expected)


def test_broadcast_genotypes_weigh_as_before() -> None:
    """A fixed child against every genotype of a locus (as the chance model enumerates them)."""
    x = (np.array([8.0, 8.0, 9.0, 10.0]), np.array([9.0, 12.0, 9.0, 11.0]))
    for child in ((9.0, 9.0), (13.0, 14.0)):  # consistent with some, then with none
        y = (np.array([child[0]]), np.array([child[1]]))
        py = (np.array([0.2]), np.array([0.1]))
        for hypothesis in (Hypothesis.PARENT, Hypothesis.FULL_SIBLING):
            _same(
                pair_lr(hypothesis, x, y, py, 0.01, 0.002, 0.3),
                _alone(hypothesis, x, y, py, 0.01, 0.002, 0.3),
            )  # type: ignore[arg-type]
