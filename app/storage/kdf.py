"""Argon2id: the cost that protects a key slot against someone who copied the station's files.

Parameters are calibrated at `init` so one derivation takes 0.5–1 s here with at least 64 MiB,
and stored in each slot. Tests need a cheap derivation and pass it in with :func:`use_test_cost`
(the suite's conftest does; a test that starts the product as a process sets the switch
``XUNREN_TEST_WEAK_KDF=1``, which only the program's entry points read and announce loudly).
Nothing in the storage reads the environment. A slot made with a cost below the product's floor
is re-sealed at the calibrated cost at its next logon whenever the test cost is not in force.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from argon2.low_level import Type, hash_secret_raw

MIN_MEMORY_KIB = 64 * 1024
# The cost tests pass in: existing slots always use the parameters stored in them.
WEAK_TEST_PARAMS_JSON = {"t": 1, "m": 8192, "p": 1}


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: passes, memory in KiB, lanes. Stored in each slot in clear (not secret)."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def to_json(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_kib, "p": self.parallelism}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> KdfParams:
        t, m, p = (obj[k] for k in ("t", "m", "p"))
        # Upper bounds keep a tampered file from making a logon allocate gigabytes or run for hours.
        if not all(isinstance(v, int) for v in (t, m, p)) or not (
            1 <= t <= 64 and 8192 <= m <= 4 << 20 and 1 <= p <= 16
        ):
            raise ValueError("Argon2id parameters out of range")
        return cls(t, m, p)


def derive_kek(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(secret, salt) -> 32-byte key-encryption key."""
    return hash_secret_raw(secret, salt, params.time_cost, params.memory_kib, params.parallelism, 32, Type.ID)


def _time_once(params: KdfParams) -> float:
    start = time.perf_counter()
    derive_kek(b"calibration password", b"calibration salt", params)
    return time.perf_counter() - start


def calibrate(
    target_seconds: tuple[float, float] = (0.5, 1.0),
    min_memory_kib: int = MIN_MEMORY_KIB,
    max_memory_kib: int = 1 << 20,
    time_once: Callable[[KdfParams], float] = _time_once,
) -> KdfParams:
    """Pick Argon2id t/m so one derivation takes *target_seconds* here, with at least *min_memory_kib*.

    Memory grows first (it is what makes GPU guessing expensive), then passes fill the budget.
    On a machine too slow for the floor, the floor wins over the time target. *time_once* measures
    one derivation (tests pass a cost model in, so the choice is checked without a stopwatch).
    """
    low, high = target_seconds
    # Aim at the middle third of the window, so that the noise of the moment of calibration
    # (another program busy, a CPU clocking up) still leaves later logons inside it.
    span = (high - low) / 3
    low, high = low + span, high - span
    lanes = max(1, min(4, os.cpu_count() or 1))
    memory = min_memory_kib
    per_pass = time_once(KdfParams(1, memory, lanes))
    while per_pass * 3 < low and memory * 2 <= max_memory_kib:
        memory *= 2
        per_pass = time_once(KdfParams(1, memory, lanes))
    passes = max(1, round((low + high) / 2 / per_pass))
    for _ in range(4):  # re-measure: cost is not exactly linear in passes
        took = time_once(KdfParams(passes, memory, lanes))
        if took < low:
            passes += max(1, round((low - took) / per_pass + 0.5))
        elif took > high and passes > 1:
            passes -= max(1, round((took - high) / per_pass + 0.5))
        else:
            break
    return KdfParams(max(1, passes), memory, lanes)


@lru_cache(maxsize=1)
def _calibrated() -> KdfParams:
    return calibrate()


_test_cost: list[KdfParams] = []  # empty: the product's calibrated cost


def use_test_cost(enabled: bool = True) -> None:
    """Tests only: make new slots with the cheap test cost (``enabled=False`` restores the
    product's calibrated cost). Never called by the product unless its entry point was started
    with the test switch, which it announces."""
    _test_cost.clear()
    if enabled:
        _test_cost.append(KdfParams.from_json(WEAK_TEST_PARAMS_JSON))


def test_cost_active() -> bool:
    """True while new slots get the cheap test cost."""
    return bool(_test_cost)


def product_params() -> KdfParams:
    """Parameters for a new slot: calibrated once per process (the test cost where passed in)."""
    if _test_cost:
        return _test_cost[0]
    return _calibrated()


def below_floor(params: KdfParams) -> bool:
    """A cost weaker than any the product makes: a slot made under the test cost."""
    return params.memory_kib < MIN_MEMORY_KIB
