"""The highest case and sample numbers per year the server has seen from each station.

Kept current by every push (in its transaction, in proportion to the batch) and answered on
every sync and in the enrolment answer, so a station restored from an older backup, or
reinstalled, never gives a number the server already holds to a different case.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Integer, String, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.sync import protocol
from server.storage.bulk import hot_execute
from server.storage.tables import StationNumber


def remember(session: Session, station_id: int, seen: Iterable[tuple[str, int, int]]) -> None:
    """Raise the station's high-water marks to the numbers in *seen* (never lowers them)."""
    highs: dict[tuple[str, int], int] = {}
    for series, year, seq in seen:
        highs[(series, year)] = max(seq, highs.get((series, year), 0))
    if not highs:
        return
    for (series, year), high in sorted(highs.items()):  # a push's batch holds one or two series
        hot_execute(
            session,
            "numbers.remember",
            _raise_mark,
            station_id=station_id,
            series=series,
            year=year,
            high=high,
        )


def _raise_mark(postgres: bool) -> Any:
    """Insert a (station, series, year) mark, or raise the one there to ``high`` if lower."""
    stmt = (
        (postgresql if postgres else sqlite)
        .insert(StationNumber)
        .values(
            station_id=bindparam("station_id", None, type_=Integer()),
            series=bindparam("series", None, type_=String()),
            year=bindparam("year", None, type_=Integer()),
            high=bindparam("high", None, type_=Integer()),
        )
    )
    greatest = func.greatest if postgres else func.max
    return stmt.on_conflict_do_update(
        index_elements=["station_id", "series", "year"],
        set_={"high": greatest(StationNumber.high, stmt.excluded.high)},
    )


def of_station(session: Session, station_id: int) -> dict[str, dict[str, int]]:
    """The station's high-water marks as the protocol sends them."""
    rows = session.execute(
        select(StationNumber.series, StationNumber.year, StationNumber.high).where(
            StationNumber.station_id == station_id
        )
    )
    return protocol.numbers_to_json({(series, year): high for series, year, high in rows})
