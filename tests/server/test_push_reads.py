"""A push reads what its own changes name, never the pushing station's history.

Each push looks up the batch's change ids (answered before?) and its records (who holds them, at
which revision). A station sending its whole backlog after years offline, or a new station on a
busy server, pushes faster than PostgreSQL's statistics follow: they still say the station holds
nothing. A plan that then reads the station's rows (by the station's index, with the batch's ids as
a filter) reads more at every batch, and in a plan PostgreSQL keeps for a prepared statement the
id list is split again for every row it reads: one station's backlog took a third of a second per
batch after 8,000 changes, and grew with each. The reads tried here under both of PostgreSQL's
plans (made for the values, kept for the statement) must read only the rows the batch names.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import World, case_no, change
from prepared_plans import rows_read
from sqlalchemy import select, text

from server.services import push
from server.storage.tables import Station

HISTORY = 5_000  # the station's own changes and records the statistics do not know of
STATION = "370783001"


@pytest.fixture
def backlog(pg_world: World) -> Iterator[tuple[World, int, str]]:
    """A station on PostgreSQL holding HISTORY records, journal entries and refusals of its own,
    the tables' statistics made before any of them were there."""
    world = pg_world
    credential = world.enroll(STATION)
    with world.sessions() as session:
        sid = session.scalar(select(Station.id).where(Station.code == STATION))
        session.execute(text("ANALYZE journal; ANALYZE records; ANALYZE refusals"))
        session.commit()
        # a case record's text is about a kilobyte and a half (bench/case_payloads.py)
        payload = json.dumps({"case": {"summary": "走失" * 400}}, ensure_ascii=False)
        made = {"sid": sid, "n": HISTORY, "prefix": f"{STATION}-2025-", "payload": payload}
        number = "(:prefix || lpad(g::text, 6, '0'))"
        session.execute(
            text(
                "INSERT INTO records (record_id, record_type, case_no, owner_station_id, revision, payload,"
                f" updated_at) SELECT {number}, 'case', {number}, :sid, 1, :payload, now()"
                " FROM generate_series(1, :n) g"
            ),
            made,
        )
        for table in ("journal", "refusals"):
            columns = "kind, record_type, revision" if table == "journal" else "reason, detail"
            values = "'record', 'case', 1" if table == "journal" else "'stale_revision', ''"
            session.execute(
                text(
                    f"INSERT INTO {table} (station_id, change_id, record_id, received_at, {columns})"
                    f" SELECT :sid, gen_random_uuid()::text, {number}, now(), {values}"
                    " FROM generate_series(1, :n) g"
                ),
                made,
            )
        session.commit()
    assert sid is not None
    yield world, int(sid), credential


def _rows_read(
    world: World, name: str, values: dict[str, Any], table: str, *, scans: bool = False
) -> dict[str, int]:
    """The rows of *table* the push's read *name* looks at with *values*, under each plan."""
    return rows_read(world, push._statement(name, True), values, table, scans=scans)


def _ids(world: World, sid: int) -> list[str]:
    """Fifty change ids of a batch: ten the station's applied before, ten it had refused."""
    with world.sessions() as session:
        known = [
            str(i)
            for table in ("journal", "refusals")
            for i in session.scalars(
                text(f"SELECT change_id FROM {table} WHERE station_id = :s LIMIT 10"), {"s": sid}
            )
        ]
    return known + [str(uuid.uuid4()) for _ in range(50 - len(known))]


def test_the_answered_check_reads_the_batchs_change_ids_only(backlog: tuple[World, int, str]) -> None:
    world, sid, _credential = backlog
    ids = ",".join(_ids(world, sid))
    for table in ("journal", "refusals"):
        read = _rows_read(world, "answered", {"ids": ids, "station_id": sid}, table)
        assert all(n <= 50 for n in read.values()), (table, read)  # never the station's 5,000


def test_the_records_of_a_batch_are_read_by_their_ids_only(backlog: tuple[World, int, str]) -> None:
    world, _sid, _credential = backlog
    wanted = [case_no(STATION, n, 2025) for n in range(1, 21)] + [case_no(STATION, n) for n in range(1, 31)]
    # read through, the ids were split again for every record of the table (a plan kept for a
    # prepared statement)
    read = _rows_read(world, "load", {"ids": ",".join(wanted)}, "records", scans=True)
    assert all(n <= 50 for n in read.values()), read


def test_a_backlog_pushed_on_stale_statistics_is_answered_right(backlog: tuple[World, int, str]) -> None:
    """The same reads through the backlog station's pushes: its new records applied, a batch sent
    again answered as before, another station's change id taken for nothing of this station's."""
    world, _sid, own = backlog
    credential = world.enroll("370783002")
    theirs = change(case_no("370783002", 1))
    assert world.push(credential, [theirs]).json()["results"][0]["status"] == "applied"
    for k in range(6):  # past psycopg's five runs before it prepares: PostgreSQL may keep a plan
        batch = [change(case_no(STATION, 8 * k + n)) for n in range(1, 9)]
        for _ in range(2):  # the second time: the same answers, nothing applied again
            answer = world.push(own, batch).json()["results"]
            assert [(r["status"], r["revision"]) for r in answer] == [("applied", 1)] * 8, answer
    # the other station's change id, sent by this one for a record of its own: a new change here
    again = {**change(case_no(STATION, 99)), "change_id": theirs["change_id"]}
    (result,) = world.push(own, [again]).json()["results"]
    assert (result["record_id"], result["status"], result["revision"]) == (again["record_id"], "applied", 1)
    with world.sessions() as session:
        stored = session.execute(
            text("SELECT s.code, r.revision FROM records r JOIN stations s ON s.id = r.owner_station_id"
                 " WHERE r.record_id IN (:mine, :theirs) ORDER BY r.record_id"),
            {"mine": again["record_id"], "theirs": theirs["record_id"]},
        ).all()  # fmt: skip
    assert [tuple(r) for r in stored] == [(STATION, 1), ("370783002", 1)]
