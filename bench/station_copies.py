"""A large station folder for ``bench --only station``, made in minutes instead of an hour.

Building 100,000 active cases through the registration path takes most of an hour on a shared
2-core machine. This builds the bench's own demo station of N active cases once (``_station``)
and then copies its cases and their samples COPIES − 1 more times inside the same encrypted
database, under other case and sample numbers (the year in each number moves back by one per
copy), so the register the first load reads is COPIES × N active cases of realistic documents:

    python -m bench.station_copies 10000 10      # prints the folder; key: 32 zeros
    XUNREN_BENCH_STATION=FOLDER python -m bench --only station

The copies share their documents' contents (names, places, profiles) with the original: the
load's cost (reading, decoding, building subjects) is the same as for distinct cases, but a
matcher run over such a register would find every case's copies as candidates — it is a load
bench's input, not a demo station.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.bench_station import _station

_CASE_COLUMNS = (
    "type, status, review, officer, assigned_to, reported_at, event_at, event_place_code, created_at, updated_at,"
    " revision, verification_code, names, void_reason, void_requested_by, review_comment, document,"
    " closure_outcome, closure_reason, closed_at, closed_by"
)
_SAMPLE_COLUMNS = "person_position, sample_index, type, collected_at, status, profile"


def _renumber(column: str, copy: int) -> str:
    """SQL for *column* (a case or sample number ``SSSSSSSSS-YYYY-…``) with its year moved back."""
    return f"substr({column}, 1, 10) || (CAST(substr({column}, 11, 4) AS INTEGER) - {copy}) || substr({column}, 15)"


def multiply(folder: Path, copies: int) -> int:
    """Copy the folder's cases and samples until it holds *copies* times as many; the case count."""
    from app.storage.cursor import one
    from app.storage.store import StationStore

    store = StationStore(folder / "station.db", bytes(32))
    try:
        with store.unit_of_work() as uow:
            cur = uow.cursor
            top = int(one(cur.execute("SELECT max(id) FROM cases"))[0])
            sample_top = int(one(cur.execute("SELECT coalesce(max(id), 0) FROM samples"))[0])
            for copy in range(1, copies):
                cur.execute(
                    f"INSERT INTO cases (id, case_no, {_CASE_COLUMNS}) SELECT id + ?, {_renumber('case_no', copy)},"
                    f" {_CASE_COLUMNS} FROM cases WHERE id <= ?",
                    (copy * top, top),
                )
                cur.execute(
                    f"INSERT INTO samples (id, sample_no, case_id, {_SAMPLE_COLUMNS})"
                    f" SELECT id + ?, {_renumber('sample_no', copy)}, case_id + ?, {_SAMPLE_COLUMNS}"
                    " FROM samples WHERE id <= ?",
                    (copy * sample_top, copy * top, sample_top),
                )
            count = int(one(cur.execute("SELECT count(*) FROM cases"))[0])
            uow.commit()
    finally:
        store.close()
    return count


def main(argv: list[str]) -> int:
    active, copies = int(argv[0]), int(argv[1])
    folder = _station(active)
    count = multiply(folder, copies)
    print(f"{folder} ({count:,} cases)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
