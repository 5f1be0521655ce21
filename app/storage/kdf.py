"""Argon2id: the cost that protects a key slot against someone who copied the station's files.

Parameters are calibrated at `init` so one derivation takes 0.5–1 s here with at least 64 MiB,
and stored in each slot. The test-only switch XUNREN_TEST_WEAK_KDF=1 makes *new* slots cheap so
the suite runs fast; it never weakens an existing slot, and production never sets it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from argon2.low_level import Type, hash_secret_raw

MIN_MEMORY_KIB = 64 * 1024
# Test-only: XUNREN_TEST_WEAK_KDF=1 makes NEW slots cheap so the suite runs fast. Never set it in
# production; existing slots always use the parameters stored in them, whatever the environment.
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
) -> KdfParams:
    """Pick Argon2id t/m so one derivation takes *target_seconds* here, with at least *min_memory_kib*.

    Memory grows first (it is what makes GPU guessing expensive), then passes fill the budget.
    On a machine too slow for the floor, the floor wins over the time target.
    """
    low, high = target_seconds
    # Aim at the middle third of the window, so that the noise of the moment of calibration
    # (another program busy, a CPU clocking up) still leaves later logons inside it.
    span = (high - low) / 3
    low, high = low + span, high - span
    lanes = max(1, min(4, os.cpu_count() or 1))
    memory = min_memory_kib
    per_pass = _time_once(KdfParams(1, memory, lanes))
    while per_pass * 3 < low and memory * 2 <= max_memory_kib:
        memory *= 2
        per_pass = _time_once(KdfParams(1, memory, lanes))
    passes = max(1, round((low + high) / 2 / per_pass))
    for _ in range(4):  # re-measure: cost is not exactly linear in passes
        took = _time_once(KdfParams(passes, memory, lanes))
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


def product_params() -> KdfParams:
    """Parameters for a new slot: calibrated once per process (weak only under the test switch)."""
    if os.environ.get("XUNREN_TEST_WEAK_KDF") == "1":
        return KdfParams.from_json(WEAK_TEST_PARAMS_JSON)
    return _calibrated()


def is_weak() -> bool:
    return os.environ.get("XUNREN_TEST_WEAK_KDF") == "1"
