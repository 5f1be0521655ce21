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
import time
from pathlib import Path

from app.core.model import RegisteredCase, StationInfo
from bench.harness import Figure, at_most, reported, stopwatch

ROOT = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter: unpickling needs only app.core.model, so the clock covers exactly
# what a first print pays for: importing ReportLab and app.forms, parsing the font, laying out.
CHILD = """
import pickle, sys, time
reg, station = pickle.load(sys.stdin.buffer)
start, cpu = time.perf_counter(), time.process_time()
from app.forms import render_intake
pdf = render_intake(reg, station)
print(time.perf_counter() - start, time.process_time() - cpu, len(pdf))
"""


def specimen_case() -> tuple[RegisteredCase, StationInfo]:
    from app.forms import specimen

    try:
        reg = specimen.example("missing_child")
    except FileNotFoundError:  # no shared/ beside this checkout: a short case built in code
        reg = specimen.register(specimen.short_case())
    return reg, specimen.station()


def first_form_seconds(reg: RegisteredCase, station: StationInfo) -> tuple[float, float]:
    """Wall and CPU seconds of the first form in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=pickle.dumps((reg, station)),
        capture_output=True,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    wall, cpu = out.stdout.split()[:2]
    return float(wall), float(cpu)


def run(quick: bool) -> list[Figure]:
    from app.forms import render_caseload, render_intake, specimen

    reg, station = specimen_case()
    figures: list[Figure] = []
    # CPU time is reported beside each wall time: on a shared machine the wall clock also counts
    # the time other processes held the CPU; the CPU time does not.
    firsts = [first_form_seconds(reg, station) for _ in range(3 if quick else 7)]
    wall = statistics.median(w for w, _ in firsts) * 1000
    figures.append(at_most("forms: first intake form of a fresh process (median)", wall, "ms", 300))
    cpu_ms = statistics.median(c for _, c in firsts) * 1000
    figures.append(reported("forms: first intake form of a fresh process, CPU time (median)", cpu_ms, "ms"))

    render_intake(reg, station)  # warm: fonts parsed, modules imported
    warm, warm_cpu = [], []
    for _ in range(20 if quick else 100):
        cpu = time.process_time()
        with stopwatch() as elapsed:
            render_intake(reg, station)
        warm.append(elapsed())
        warm_cpu.append(time.process_time() - cpu)
    figures.append(at_most("forms: warm intake form (median)", statistics.median(warm) * 1000, "ms", 50))
    figures.append(
        reported("forms: warm intake form, CPU time (median)", statistics.median(warm_cpu) * 1000, "ms")
    )

    rows = specimen.caseload_rows(10_000)
    at = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    cpu = time.process_time()
    with stopwatch() as elapsed:
        pdf = render_caseload(rows, station, generated_at=at)
    figures.append(at_most("forms: caseload report, 10,000 cases", elapsed(), "s", 5))
    figures.append(reported("forms: caseload report, 10,000 cases, CPU time", time.process_time() - cpu, "s"))
    figures.append(reported("forms: caseload report size", len(pdf) / 1e6, "MB"))

    long_reg = specimen.register(specimen.long_case())
    with stopwatch() as elapsed:
        render_intake(long_reg, station)
    figures.append(reported("forms: intake of the longest case (10,000-character fields)", elapsed(), "s"))
    return figures
