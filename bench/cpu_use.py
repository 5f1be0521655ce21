"""CPU seconds used by processes, read from ``/proc``: what a change costs whatever else the
machine is running (a shared machine stretches the wall clock, not the CPU time)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its children (``serve --workers`` processes)."""
    return tree_sum(pid, _cpu)


def tree_sum(pid: int, measure: Callable[[int], float]) -> float:
    """``measure`` of ``pid`` plus that of each of its children."""
    total = measure(pid)
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        total += sum(measure(int(c)) for c in children.read_text().split())
    return total


def postgres_backends(database: str) -> float:
    """User + system CPU seconds of the PostgreSQL backends connected to ``database`` (on this
    machine; their command line names the database). Backends that ended are not counted: the
    benchmark's connections stay open while it measures."""
    total = 0.0
    marker = f" {database} ".encode()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        if command.startswith(b"postgres") and marker in command.replace(b"\0", b" "):
            total += _cpu(int(entry))
    return total


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK
