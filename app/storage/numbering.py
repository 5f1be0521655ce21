"""The case and sample number counters, raised but never lowered (imports nothing heavy: the sync
engine raises them after every sync without loading the case repository's dictionaries)."""

from __future__ import annotations

from app.storage.cursor import Cursor


def counters(cursor: Cursor) -> dict[tuple[str, int], int]:
    """The last number given, per (series, year): ``case`` and ``sample``."""
    rows = cursor.execute("SELECT series, year, last_seq FROM case_counters").fetchall()
    return {(str(series), int(year)): int(last) for series, year, last in rows}


def raise_numbers(cursor: Cursor, highs: dict[tuple[str, int], int]) -> int:
    """Never number at or below *highs* again (numbers a restore would give a second time, or
    the server has seen); a counter only moves up. Returns how many counters moved."""
    moved = 0
    for (series, year), high in highs.items():
        cursor.execute(
            "INSERT INTO case_counters (series, year, last_seq) VALUES (?, ?, ?)"
            " ON CONFLICT (series, year) DO UPDATE SET last_seq = excluded.last_seq"
            " WHERE excluded.last_seq > case_counters.last_seq",
            (series, int(year), int(high)),
        )
        moved += int(cursor.rowcount > 0)
    return moved
