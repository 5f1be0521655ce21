"""How fast a real worker stops when SIGTERM comes during its first load (issue 15).

    python -m bench.national_sigterm 300000 [--after 12] [--times 2]

Writes *persons* active cases with ``bench_national``'s generator into a fresh PostgreSQL
database, starts ``xunren-server worker`` on it, sends SIGTERM *after* seconds into the load and
prints how long the worker took to exit, its exit code, its last words and whether any process
it started (the load's second process) outlived it. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_national import Registry, _fill
from bench.scratch_db import admin_url, scratch_database


def _alive(pid: str) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("persons", type=int)
    parser.add_argument("--after", type=float, default=12.0)
    parser.add_argument("--times", type=int, default=2)
    args = parser.parse_args(argv)
    admin = admin_url()
    with scratch_database(admin, "xunren_national_sigterm") as url:
        _fill(url, args.persons, Registry(15))
        for _n in range(args.times):
            worker = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "worker", "--db", url],
                env={**os.environ, "XUNREN_LANG": "en"},
                stderr=subprocess.PIPE,
                text=True,
            )
            time.sleep(args.after)
            started = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True)
            children = started.stdout.split()
            signalled = time.perf_counter()
            worker.send_signal(signal.SIGTERM)
            code = worker.wait(120)
            took = time.perf_counter() - signalled
            time.sleep(0.5)
            left = [pid for pid in children if _alive(pid)]
            assert worker.stderr is not None
            said = worker.stderr.read().splitlines()
            print(f"SIGTERM {args.after:.0f} s into the load: exited ({code}) {took:.2f} s later; "
                  f"processes it had started: {len(children)}, left running: {len(left)}", file=sys.stderr)  # fmt: skip
            print("  " + " | ".join(said[-2:]), file=sys.stderr)


if __name__ == "__main__":
    main()
