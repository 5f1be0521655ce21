"""A serving process settles its collector once it has started (``settle_collector``): what it
started with is frozen out of the collector's walks, and the young generation is collected after
100,000 new containers. Run in a child process: a frozen object is never collected, so the test
process itself must not do it."""

from __future__ import annotations

import subprocess
import sys

from tests.server.realserver import ROOT

_PROBE = """
import gc
from server.api.app import settle_collector
before = gc.get_threshold()
settle_collector()
print(gc.get_freeze_count() > 1000, before[0], gc.get_threshold())
"""


def test_a_serving_process_freezes_what_it_started_with_and_collects_less_often() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    frozen, young_before, after = out.stdout.split(maxsplit=2)
    assert frozen == "True" and young_before == "700"
    assert after.strip() == "(100000, 10, 10)"
