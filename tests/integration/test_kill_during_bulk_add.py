"""Kill -9 at random points of a bulk `case add`: the store opens, the audit chain verifies,
numbers are gapless, and every number that was printed is there."""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT, Station


def test_kill_nine_at_random_points(ready_station: Station, tmp_path: Path) -> None:
    batch = tmp_path / "batch.json"
    docs = [
        json.loads((EXAMPLES / f"{n}.json").read_text("utf-8"))
        for n in ("missing_child", "found_child", "trafficking")
    ]
    batch.write_text(json.dumps(docs * 4, ensure_ascii=False), "utf-8")  # 12 cases, all or nothing
    files = [str(EXAMPLES / "found_child.json"), str(batch), str(EXAMPLES / "trafficking.json")]
    printed: list[str] = []
    rng = random.Random(20261129)
    env = {**os.environ, **ready_station.env}
    for round_no in range(6):
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("bulk_add_child.py")), *files],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
            text=True,
        )
        # Killed at a moment counted from what the child did, not from the clock: on a busy
        # machine its start-up alone can take longer than any fixed wait. Every third round is
        # killed somewhere in start-up and logon; the others once it has given out one or two
        # numbers, a random moment into the following registrations (the bulk file included).
        after = round_no % 3
        lines = _lines(proc)
        for _ in range(after):
            line = lines.get(timeout=300)
            assert line is not None, proc.stderr.read() if proc.stderr else ""
            printed += line.split()
        time.sleep(rng.uniform(0.6, 2.5) if after == 0 else rng.uniform(0.0, 0.8))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        while (line := lines.get(timeout=60)) is not None:
            printed += line.split()
        if proc.stderr is not None:
            proc.stderr.close()
        r = ready_station.run("audit", "verify")
        assert r.code == 0, r.err
    rows = json.loads(ready_station.run("case", "list", "--json").out)
    stored = sorted(r["case_no"] for r in rows)
    assert printed, "the child never got to print a number"
    assert set(printed) <= set(stored), "a number given out is missing after the crash"
    seqs = sorted(int(no.rsplit("-", 1)[1]) for no in stored)
    assert seqs == list(range(1, len(seqs) + 1)), "numbers must stay gapless"


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str | None]:
    """The child's output lines as they come; None once it closed its output."""
    out: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            out.put(line)
        out.put(None)

    threading.Thread(target=read, daemon=True).start()
    return out
