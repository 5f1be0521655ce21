"""Where the enrolled stations are, for the missing-child alerts: the county seat of each
station's code, kept per process in latitude order so that "the stations within R km of a point"
reads only the band of latitude R km wide, never every station in the country.

The index is rebuilt when the station table grows (its count and highest id say so) or the
process reads another database (its URL and epoch, as the national index is keyed); revoked
stations are left out when the candidates are read (one query on their ids).
"""

from __future__ import annotations

import bisect
import math
import threading
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import regions
from server.storage.tables import ServerMeta, Station

_KM_PER_DEGREE_LAT = 111.2


@dataclass(frozen=True)
class _Index:
    key: tuple[str, str, int, int]
    lats: list[float]
    places: list[tuple[float, float, int, str]]  # (lat, lon, station id, code), by latitude
    # (place code, radius) → every station within it, revoked or not, nearest first: a push's
    # alerts mostly start from places (and radii) seen before, so the distances are reckoned once
    near: dict[tuple[str, float], list[tuple[int, str, float]]] = field(default_factory=dict, compare=False)


_NEAR_KEPT = 4096  # places × radii remembered per index; forgotten all at once past it


_lock = threading.Lock()
_index: _Index | None = None


def _current(session: Session) -> _Index:
    global _index
    epoch = select(ServerMeta.epoch).where(ServerMeta.id == 1).scalar_subquery()
    count, high, at = session.execute(select(func.count(Station.id), func.max(Station.id), epoch)).one()
    # the database (its URL and epoch, as the national index is keyed) and its station table
    key = (str(session.get_bind().engine.url), str(at), int(count or 0), int(high or 0))
    with _lock:
        if _index is not None and _index.key == key:
            return _index
    places = []
    for sid, code in session.execute(select(Station.id, Station.code)):
        at = regions.coordinates(code[:6])
        if at is not None:
            places.append((at[0], at[1], sid, code))
    places.sort()
    built = _Index(key, [p[0] for p in places], places)
    with _lock:
        _index = built
    return built


def within_many(session: Session, wanted: list[tuple[str, float]]) -> list[list[tuple[int, str, float]]]:
    """For each (place code, radius km): (station id, code, km) of every station not revoked
    within the radius of the place's seat, nearest first. Two queries whatever the number."""
    index = _current(session)
    revoked = set(session.scalars(select(Station.id).where(Station.revoked_at.is_not(None))))
    return [_near(index, revoked, place_code, radius) for place_code, radius in wanted]


def within(session: Session, place_code: str, radius_km: float) -> list[tuple[int, str, float]]:
    """:func:`within_many` for one place."""
    return within_many(session, [(place_code, radius_km)])[0]


def _near(
    index: _Index, revoked: set[int], place_code: str, radius_km: float
) -> list[tuple[int, str, float]]:
    found = index.near.get((place_code, radius_km))
    if found is None:
        found = _reckon(index, place_code, radius_km)
        if len(index.near) >= _NEAR_KEPT:
            index.near.clear()
        index.near[(place_code, radius_km)] = found
    return [f for f in found if f[0] not in revoked] if revoked else list(found)


def _reckon(index: _Index, place_code: str, radius_km: float) -> list[tuple[int, str, float]]:
    centre = regions.coordinates(place_code)
    if centre is None:
        return []
    band = radius_km / _KM_PER_DEGREE_LAT + 0.01
    lon_band = band / max(0.05, math.cos(math.radians(min(89.0, abs(centre[0]) + band))))
    lo = bisect.bisect_left(index.lats, centre[0] - band)
    hi = bisect.bisect_right(index.lats, centre[0] + band)
    found = []
    for lat, lon, sid, code in index.places[lo:hi]:
        if abs(lon - centre[1]) > lon_band:
            continue
        km = regions.great_circle_km(centre, (lat, lon))
        if km <= radius_km:
            found.append((sid, code, km))
    return sorted(found, key=lambda f: (f[2], f[1]))
