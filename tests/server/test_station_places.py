"""Where the stations are, for the child alerts: the process's index follows the database it reads."""

from __future__ import annotations

from pathlib import Path

from server.services import credentials, station_places
from server.services.meta import in_transaction
from server.settings import Settings
from server.storage.engine import make_engine, migrate, session_factory


def _stations_at(path: Path, codes: list[str]) -> list[list[tuple[int, str, float]]]:
    engine = make_engine(Settings(db_url=f"sqlite:///{path}"))
    migrate(engine)
    sessions = session_factory(engine)
    try:
        with sessions() as session:
            for code in codes:
                in_transaction(session, lambda s, c=code: credentials.add_station(s, c, "测试派出所", 7))
        with sessions() as session:
            return [[(sid, code) for sid, code, _km in near] for near in station_places.within_many(
                session, [("370783", 100.0)]
            )]  # fmt: skip
    finally:
        engine.dispose()


def test_a_second_database_with_as_many_stations_gets_its_own_places(tmp_path: Path) -> None:
    # Both databases hold one station with id 1: the first near 寿光, the second in 昆明, 1,800 km
    # away. An index kept from the first would alert the second's station to a child in 寿光.
    assert _stations_at(tmp_path / "first.sqlite3", ["370783001"]) == [[(1, "370783001")]]
    assert _stations_at(tmp_path / "second.sqlite3", ["530102001"]) == [[]]
