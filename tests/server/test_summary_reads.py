"""What summaries a station was given is read by case, never through the station's pulled items.

A matching job (and a referral) gives each station the read-only summary of another station's
case unless it was given that revision before: it asks the journal's summary items of the
job's cases. A station receives every match, alert and summary meant for it as pulled items; on
statistics made before a busy week of them, the planner read all of a station's items to find
its few summaries (22,000 here, for fifty cases). Read case by case from the summaries' own
index, the read is the cases' own summaries under both of PostgreSQL's plans.
"""

from __future__ import annotations

from conftest import World
from prepared_plans import rows_read
from sqlalchemy import select, text

from server.services import summaries
from server.storage.tables import Station

OTHER = "450305001"


def test_the_summaries_given_are_read_by_case(pg_world: World) -> None:
    world = pg_world
    world.enroll("370783001")
    with world.sessions() as session:
        sid = session.scalar(select(Station.id).where(Station.code == "370783001"))
        assert sid is not None
        session.execute(text("ANALYZE journal"))
        session.commit()
        for kind, number in (("match", "'m' || g"), ("summary", f"'{OTHER}-2026-' || lpad(g::text, 6, '0')")):
            session.execute(
                text(
                    "INSERT INTO journal (audience_station_id, kind, record_type, record_id, revision, payload,"
                    f" received_at) SELECT :s, '{kind}', 'case', {number}, 1, '{{}}', now()"
                    " FROM generate_series(1, :n) g"
                ),
                {"s": sid, "n": 20_000 if kind == "match" else 2_000},
            )
        session.commit()
    cases = [f"{OTHER}-2026-{n:06d}" for n in range(1, 51)]
    with world.sessions() as session:
        statement, values = summaries.given_statement(session, cases)
    read = rows_read(world, statement, values, "journal")
    assert all(n <= 50 for n in read.values()), read  # never the station's 22,000 items
    with world.sessions() as session:
        given = summaries.given_summaries(session, cases, [sid, sid + 1])
    assert given == {(sid, case): 1 for case in cases}
