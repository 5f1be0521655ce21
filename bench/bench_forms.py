"""Printing speed: a warm intake form, the first form of a fresh process, a 10,000-case report.

    python -m bench --only forms [--quick]

Goals (issue 4): warm intake ≤ 50 ms; first form of a process, font loading included, ≤ 300 ms;
caseload report over 10,000 cases ≤ 5 s.
"""

from __future__ import annotations

import datetime as dt
import pickle
import statistics
import subprocess
import sys
from pathlib import Path

from app.core.model import RegisteredCase, StationInfo
from bench.harness import Figure, at_most, reported, stopwatch

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter: unpickling needs only app.core.model, so the clock covers exactly
# what a first print pays for: importing ReportLab and app.forms, parsing the font, laying out.
CHILD = """
import pickle, sys, time
reg, station = pickle.load(sys.stdin.buffer)
start = time.perf_counter()
from app.forms import render_intake
pdf = render_intake(reg, station)
print(time.perf_counter() - start, len(pdf))
"""


def specimen_case() -> tuple[RegisteredCase, StationInfo]:
    from app.forms import specimen

    try:
        reg = specimen.example("missing_child")
    except FileNotFoundError:  # no shared/ beside this checkout: the built-in long case, trimmed
        reg = specimen.register(specimen.long_case())
    return reg, specimen.station()


def first_form_seconds(reg: RegisteredCase, station: StationInfo) -> float:
    out = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=pickle.dumps((reg, station)),
        capture_output=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    return float(out.stdout.split()[0])


def run(quick: bool) -> list[Figure]:
    from app.forms import render_caseload, render_intake, specimen

    reg, station = specimen_case()
    figures: list[Figure] = []

    firsts = sorted(first_form_seconds(reg, station) for _ in range(3 if quick else 7))
    figures.append(
        at_most(
            "forms: first intake form of a fresh process (median)", firsts[len(firsts) // 2] * 1000, "ms", 300
        )
    )

    render_intake(reg, station)  # warm: fonts parsed, modules imported
    warm = []
    for _ in range(20 if quick else 100):
        with stopwatch() as elapsed:
            render_intake(reg, station)
        warm.append(elapsed())
    figures.append(at_most("forms: warm intake form (median)", statistics.median(warm) * 1000, "ms", 50))

    rows = specimen.caseload_rows(10_000)
    at = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    with stopwatch() as elapsed:
        pdf = render_caseload(rows, station, generated_at=at)
    figures.append(at_most("forms: caseload report, 10,000 cases", elapsed(), "s", 5))
    figures.append(reported("forms: caseload report size", len(pdf) / 1e6, "MB"))

    long_reg = specimen.register(specimen.long_case())
    with stopwatch() as elapsed:
        render_intake(long_reg, station)
    figures.append(reported("forms: intake of the longest case (10,000-character fields)", elapsed(), "s"))
    return figures
