"""The figures every benchmark reports, and how they are printed."""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure and the goal it is held to.

    ``goal`` is written as text (``">= 2000"``, ``"<= 1.3"``) and ``met`` says whether it held.
    A figure with no goal (reported only, e.g. memory) has ``goal=None`` and ``met=True``.
    """

    name: str
    value: float
    unit: str
    goal: str | None
    met: bool

    def line(self) -> str:
        mark = "ok  " if self.met else "MISS"
        goal = f"  (goal {self.goal})" if self.goal else ""
        return f"{mark} {self.name}: {self.value:.4g} {self.unit}{goal}"


def at_least(name: str, value: float, unit: str, goal: float) -> Figure:
    return Figure(name, value, unit, f">= {goal:g}", value >= goal)


def at_most(name: str, value: float, unit: str, goal: float) -> Figure:
    return Figure(name, value, unit, f"<= {goal:g}", value <= goal)


def reported(name: str, value: float, unit: str) -> Figure:
    return Figure(name, value, unit, None, True)


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed: ...; elapsed()`` gives seconds since entry."""
    start = time.perf_counter()
    yield lambda: time.perf_counter() - start


def p95(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0] if samples else 0.0
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


def write_json(figures: list[Figure], path: Path) -> None:
    path.write_text(json.dumps({"figures": [asdict(f) for f in figures]}, ensure_ascii=False, indent=2))


def at_once(work: Callable[[str], None], keys: Iterable[str]) -> float:
    """Seconds for ``work(key)`` to run for every key at once, a thread each (the stations of a
    push or insert benchmark)."""
    threads = [threading.Thread(target=work, args=(key,)) for key in keys]
    with stopwatch() as elapsed:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return elapsed()
