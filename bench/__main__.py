"""Run every benchmark: `python -m bench [--quick] [--json FILE] [--only NAME,...]`.

Each module listed in SUITES has ``run(quick: bool) -> list[Figure]``. One line is printed per
figure; the exit status is 1 when a figure misses its goal.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from bench.harness import Figure, write_json

# Module names under bench/, in the order they run.
SUITES: list[str] = []


def _discover() -> list[str]:
    here = Path(__file__).parent
    found = sorted(p.stem for p in here.glob("bench_*.py"))
    return SUITES + [f for f in found if f not in SUITES]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller version of every benchmark (< 3 min)")
    ap.add_argument("--json", type=Path, metavar="FILE", help='write {"figures": [...]} to FILE')
    ap.add_argument("--only", default="", help="comma-separated suite names (bench_store, ...)")
    args = ap.parse_args(argv)
    wanted = {s.strip() for s in args.only.split(",") if s.strip()}
    figures: list[Figure] = []
    for name in _discover():
        if wanted and name not in wanted and name.removeprefix("bench_") not in wanted:
            continue
        module = importlib.import_module(f"bench.{name}")
        print(f"# {name}", flush=True)
        for fig in module.run(quick=args.quick):
            print(fig.line(), flush=True)
            figures.append(fig)
    if args.json:
        write_json(figures, args.json)
    return 0 if all(f.met for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
