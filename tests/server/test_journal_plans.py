"""The national server's reads of its journal and its records follow what changed, never their
size (they hold every change and every record of a country): each read by record or by case goes
through an index on that record or case, on PostgreSQL and on the embedded SQLite alike. A plan that walks the journal (a scan, or
the sequence's index read backwards with a filter) would read millions of rows for one decision."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from conftest import World
from prepared_plans import plans
from sqlalchemy import select, text

from server.services import decisions


def _plan(world: World, statement: object) -> str:
    with world.sessions() as session:
        bind = session.get_bind()
        compiled = statement.compile(bind, compile_kwargs={"literal_binds": True})  # type: ignore[attr-defined]
        if bind.dialect.name == "postgresql":
            session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: the index or nothing
            rows = session.execute(text(f"EXPLAIN (FORMAT JSON) {compiled}")).scalar_one()
            return json.dumps(rows)
        return " ".join(str(r[-1]) for r in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))


def _kept(world: World, statement: object) -> list[str]:
    """On PostgreSQL, the plans of *statement* prepared with its values as parameters, made for
    them and kept for the statement (prepared_plans): a partial index is of use to the kept one
    only for a kind written into the statement. None on SQLite."""
    if world.settings.db_url.startswith("sqlite"):
        return []
    return list(plans(world, statement).values())


def test_a_pairs_last_delivery_is_found_by_its_record(world: World) -> None:
    statement = decisions.last_delivery_statement("370783001-2026-000001", "450305001-2026-000001")
    plan = _plan(world, statement)
    for kept in _kept(world, statement):
        assert "ix_journal_deliveries" in kept and "Seq Scan" not in kept, kept
    if '"Plan"' in plan:  # PostgreSQL
        assert "ix_journal_deliveries" in plan and '"Index Cond"' in plan and "record_id" in plan, plan
        assert "Seq Scan" not in plan, plan
    else:
        assert "USING INDEX ix_journal_deliveries (record_id=?" in plan, plan


def _register_of(world: World, code: str, cases: int) -> int:
    """A station holding *cases* cases with three children each, the tables analysed: the
    planner weighs the indexes as it would on a real register. Returns the station's id."""
    from sqlalchemy import select

    from server.storage.tables import Station

    world.enroll(code)
    with world.sessions() as session:
        sid = session.scalar(select(Station.id).where(Station.code == code))
        rows = [
            {"rid": f"{code}-2026-{n:06d}" + (f"/p/{k:036d}" if k else ""), "case": f"{code}-2026-{n:06d}",
             "type": "person" if k else "case", "sid": sid}
            for n in range(1, cases + 1)
            for k in range(4)
        ]  # fmt: skip
        session.execute(
            text(
                "INSERT INTO records (record_id, record_type, case_no, owner_station_id, revision, payload,"
                " updated_at) VALUES (:rid, :type, :case, :sid, 1, '{}', CURRENT_TIMESTAMP)"
            ),
            rows,
        )
        session.commit()
        session.execute(
            text("ANALYZE records" if session.get_bind().dialect.name == "postgresql" else "ANALYZE")
        )
        session.commit()
    assert sid is not None
    return int(sid)


def test_a_transfer_finds_the_cases_records_by_case(world: World) -> None:
    """Completing a transfer moves and reads the case's records: found by the case's number (the
    case by its key, its children by the children's index), never by walking every record the
    station handing it over (or taking it) holds."""
    from sqlalchemy import select

    from server.services.transfers import of_case
    from server.storage.tables import Record

    sid = _register_of(world, "370783001", 1500)
    wanted = select(Record.record_id).where(of_case("370783001-2026-000777"), Record.owner_station_id == sid)
    plan = _plan(world, wanted)
    for kept in _kept(world, wanted):
        assert "ix_records_children" in kept and "records_pkey" in kept, kept
        assert "ix_records_owner_record" not in kept and "Seq Scan" not in kept, kept
    if '"Plan"' in plan:  # PostgreSQL
        assert "ix_records_children" in plan and "records_pkey" in plan, plan
        assert "ix_records_owner_record" not in plan and "Seq Scan" not in plan, plan
    else:
        # each branch a point lookup: the case by its id (with the owner), its children by case
        assert "ix_records_children (case_no=?)" in plan and "record_id=?)" in plan, plan
        assert "SCAN" not in plan and "(owner_station_id=?)" not in plan, plan
    with world.sessions() as session:
        assert len(session.execute(wanted).all()) == 4  # the case and its three children


# What the console, the operator API and the USB answer show: each read through an index of what
# it shows (migration 0030_console_indexes), so a page costs its rows, never the register's size.


def _postgresql(plan: str) -> bool:
    return '"Plan"' in plan


def _sorted_whole(plan: str) -> bool:
    """The plan sorts rows its index did not give in order (the whole set, before the limit)."""
    return '"Node Type": "Sort"' in plan or '"Incremental Sort"' in plan or "TEMP B-TREE" in plan


def _in_order_from(world: World, statement: object, index: str) -> str:
    """The plan of *statement*: its rows read in order from *index*, nothing scanned or sorted."""
    plan = _plan(world, statement)
    if _postgresql(plan):
        assert f'"Index Name": "{index}"' in plan and "Seq Scan" not in plan, plan
    else:
        assert f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan, plan
    assert not _sorted_whole(plan), plan
    return plan


def _at(minute: int) -> datetime:
    return datetime(2026, 11, 20, 2, 0, tzinfo=UTC) + timedelta(minutes=minute)


def test_the_consoles_alerts_are_the_newest_read_from_their_index(world: World) -> None:
    """The console shows the newest alerts (ties in case-number order), each with its stations:
    the alerts read newest first from ``ix_child_alerts_created``, their deliveries and
    acknowledgements by case (their primary keys), never every alert of the country."""
    from server.services import alert_views
    from server.storage.alert_tables import ChildAlert, ChildAlertAck, ChildAlertDelivery
    from server.storage.tables import Station

    _in_order_from(world, alert_views.page_statement(None, 200), "ix_child_alerts_created")
    for statement in alert_views.reach_statements(["370783001-2026-000001", "370783001-2026-000002"]):
        plan = _plan(world, statement)
        if _postgresql(plan):
            assert "_pkey" in plan and "Seq Scan" not in plan, plan
        else:
            assert "SEARCH" in plan and "(case_no=?)" in plan and "SCAN" not in plan, plan

    codes = ["370783001", "370702001", "110101001"]
    for code in codes:
        world.enroll(code)
    with world.sessions() as session:
        sid = {code: id_ for code, id_ in session.execute(select(Station.code, Station.id))}
        for n in range(1, 8):  # alerts 1-3 raised in the same minute: case-number order among them
            case = f"{codes[0]}-2026-{n:06d}"
            session.add(ChildAlert(case_no=case, owner_station_id=sid[codes[0]], state="active" if n % 2 else "cancelled",
                                   place_code="370783", registered_at=_at(n), radius_km=100, next_step_at=None,
                                   revision=1, payload="{}", created_at=_at(max(n, 3))))  # fmt: skip
            for km, code in ((25, codes[1]), (399, codes[2])):
                session.add(ChildAlertDelivery(case_no=case, station_id=sid[code], distance_km=km + n, radius_km=500,
                                               delivered_at=_at(n), cancelled_at=None))  # fmt: skip
            session.add(ChildAlertAck(case_no=case, station_id=sid[codes[1]], officer=f"王{n}",
                                      acknowledged_at="2026-11-20T03:00:00Z", received_at=_at(n)))  # fmt: skip
        session.commit()
        every = alert_views.alert_views(session)
        assert [v.case_no[-1] for v in every] == ["7", "6", "5", "4", "1", "2", "3"]
        for limit in (1, 4, 5, 200):
            assert alert_views.alert_views(session, limit=limit) == every[:limit]
        assert (
            alert_views.alert_views(session, state="active", limit=2)
            == [v for v in every if v.state == "active"][:2]
        )
        newest = every[0]
        assert [(r.station, r.distance_km, r.acknowledged_by) for r in newest.reached] == [
            (codes[1], 32, ("王7",)),
            (codes[2], 406, ()),
        ]
        assert newest.station == codes[0]


def test_a_usb_answer_reads_the_stations_own_results_by_station(world: World) -> None:
    """The answer carries a result for every change the station sent, applied or refused, and
    none of another station's: read by station (``ix_journal_station``, ``ix_refusals_station``),
    never by walking every station's journal."""
    from conftest import case_no, change

    from server.services import bundles
    from server.storage.tables import Station

    applied, refused = bundles.results_statements(7)
    for statement, index in ((applied, "ix_journal_station"), (refused, "ix_refusals_station")):
        plan = _in_order_from(world, statement, index)
        if not _postgresql(plan):
            assert f"{index} (station_id=?)" in plan, plan

    ours, theirs = world.enroll("370783001"), world.enroll("450305001")
    mine = [change(case_no("370783001", n)) for n in (1, 2)] + [change(case_no("450305001", 9))]  # refused
    first = world.push(ours, mine).json()["results"]
    again = world.push(ours, [change(case_no("370783001", 1), base=1)]).json()["results"]
    world.push(theirs, [change(case_no("450305001", 1)), change(case_no("370783001", 9))])
    with world.sessions() as session:
        sid = session.scalar(select(Station.id).where(Station.code == "370783001"))
        results = bundles.change_results(session, int(sid))
    expected = [
        {"change_id": r["change_id"], "status": "applied", "revision": r["revision"]}
        for r in (*first, *again)
        if r["status"] == "applied"
    ]
    expected += [
        {"change_id": r["change_id"], "status": "refused", "reason": r["reason"], "detail": r["detail"]}
        for r in first
        if r["status"] == "refused"
    ]
    assert results == expected and len(expected) == 4


def test_the_consoles_conflicts_are_read_from_their_index(world: World) -> None:
    from server.services import decisions

    _in_order_from(world, decisions.conflicts_statement(100), "ix_matches_conflicts")


def test_the_national_pairs_are_read_best_first_from_their_index(world: World) -> None:
    """``GET /national/matches`` pages best score first (ties by id), read in that order from
    ``ix_matches_score``: the same rows, page after page, as ordering every pair would give."""
    from conftest import auth

    from server.services import national
    from server.storage.tables import Match, utcnow

    _in_order_from(world, national.matches_statement(0, 100), "ix_matches_score")
    _in_order_from(world, national.matches_statement(300, 100), "ix_matches_score")
    with world.sessions() as session:
        for n in range(12):
            session.add(Match(missing_case=f"370783001-2026-{n:06d}", found_case=f"450305001-2026-{n:06d}",
                              score=(0.5, 0.9, 0.7)[n % 3], dna_verdict=None, reasons="[]", state="potential",
                              revision=1, updated_at=utcnow()))  # fmt: skip
        session.commit()
    token = world.operator()
    pages = [
        world.client.get("/national/matches", params={"offset": o, "limit": 5}, headers=auth(token)).json()
        for o in (0, 5, 10)
    ]
    numbers = [int(r["missing"][-6:]) for page in pages for r in page]
    assert numbers == [1, 4, 7, 10, 2, 5, 8, 11, 0, 3, 6, 9]
    assert pages[0][0] == {"missing": "370783001-2026-000001", "found": "450305001-2026-000001", "score": 0.9,
                           "dna_verdict": None, "state": "potential"}  # fmt: skip


def test_the_referrals_shown_are_read_from_their_indexes(world: World) -> None:
    """Every station's referrals (of one state or all) are read newest first from an index of
    when they moved; one station's, as the newest it sent and the newest it was asked."""
    from app.core.referral import ReferralState
    from server.services import referral_views
    from server.storage.referral_tables import Referral
    from server.storage.tables import Station

    _in_order_from(world, referral_views.rows_statement(None, None, 500), "ix_referrals_moved")
    _in_order_from(
        world, referral_views.rows_statement(None, ReferralState.SENT, 500), "ix_referrals_state_moved"
    )
    for state in (None, ReferralState.SENT):
        plan = _plan(world, referral_views.rows_statement(7, state, 500))
        if _postgresql(plan):
            assert "Seq Scan" not in plan, plan
            for index in ("ix_referrals_from_moved", "ix_referrals_to_moved"):
                assert f'"Index Name": "{index}"' in plan, plan
        else:
            assert "ix_referrals_from_moved (from_station_id=?)" in plan, plan
            assert "ix_referrals_to_moved (to_station_id=?)" in plan, plan
            assert "SCAN referrals" not in plan, plan

    codes = ["370783001", "450305001", "110105001"]
    for code in codes:
        world.enroll(code)
    with world.sessions() as session:
        sid = {code: id_ for code, id_ in session.execute(select(Station.code, Station.id))}
        states = list(ReferralState)
        for n in range(18):  # every pair of stations both ways; some moved in the same minute
            source, dest = codes[n % 3], codes[(n + 1 + n // 9) % 3]
            session.add(Referral(referral_id=f"{source}-2026-{n:06d}/r/{n:036d}", case_no=f"{source}-2026-{n:06d}",
                                 from_station_id=sid[source], to_station_id=sid[dest], state=states[n % len(states)],
                                 revision=1, payload='{"request": "visit"}', created_at=_at(n), updated_at=_at(n // 2)))  # fmt: skip
        session.commit()
        every = referral_views.referral_rows(session)
        assert len(every) == 18 and every == sorted(every, key=lambda r: (-r.last_step_at.timestamp(), r.id))
        for station in (None, *codes):
            for state in (None, states[0], states[1]):
                wanted = [r for r in every if station in (None, r.from_station, r.to_station)]
                wanted = [r for r in wanted if state in (None, r.state)]
                for limit in (1, 3, 500):
                    got = referral_views.referral_rows(session, station=station, state=state, limit=limit)
                    assert got == wanted[:limit], (station, state, limit)
        assert referral_views.referral_rows(session, station="310101001") == []


def test_the_matching_workers_lag_is_read_from_its_states_indexes(world: World) -> None:
    """The console's worker lag counts the queued and the failed jobs and finds the last one done
    through a partial index of each state: the last done is one row of its index read backwards,
    never every job the server ran (one per push)."""
    from server.services import console

    with world.sessions() as session:
        session.execute(
            text(
                "INSERT INTO jobs (kind, payload, state, attempts, run_after, finished_at)"
                " VALUES ('match_cases', '{}', :state, 1, :at, :at)"
            ),
            [{"state": "failed" if n % 1000 == 0 else "done", "at": _at(n)} for n in range(1, 3001)]
            + [{"state": "queued", "at": _at(5000)}],
        )
        session.commit()
        session.execute(
            text("ANALYZE jobs" if session.get_bind().dialect.name == "postgresql" else "ANALYZE")
        )
        session.commit()
    queued, failed, last = console.lag_statements()
    for statement, index in ((queued, "ix_jobs_queued"), (failed, "ix_jobs_failed"), (last, "ix_jobs_done")):
        plan = _plan(world, statement)
        if _postgresql(plan):
            assert f'"Index Name": "{index}"' in plan and "Seq Scan" not in plan, plan
        else:
            assert f"INDEX {index}" in plan, plan
    plan = _plan(world, last)
    if _postgresql(plan):
        assert '"Node Type": "Limit"' in plan and '"Scan Direction": "Backward"' in plan, plan
    with world.sessions() as session:
        lag = console.worker_lag(session)
    assert (lag.queued, lag.failed, lag.last_finished) == (1, 3, _at(2999).isoformat())


def test_one_stations_cases_are_read_in_order_by_its_id(world: World) -> None:
    """``GET /national/cases?station=`` reads the station's cases in case-number order from
    ``ix_records_owner_record`` (the station looked up by its code first), never every record."""
    from conftest import auth

    from server.services import national

    sid = _register_of(world, "370783001", 1500)
    _register_of(world, "450305001", 1500)
    plan = _in_order_from(
        world, national.cases_statement(sid, "370783001-2026-000700", 100), "ix_records_owner_record"
    )
    if not _postgresql(plan):
        assert "ix_records_owner_record (owner_station_id=? AND record_id>?)" in plan, plan
    token = world.operator()
    page = world.client.get(
        "/national/cases",
        params={"station": "370783001", "after": "370783001-2026-001498"},
        headers=auth(token),
    ).json()
    assert [(r["case_no"], r["station"]) for r in page] == [
        ("370783001-2026-001499", "370783001"),
        ("370783001-2026-001500", "370783001"),
    ]
    assert (
        world.client.get("/national/cases", params={"station": "110101001"}, headers=auth(token)).json() == []
    )


def test_the_tips_a_station_was_given_are_found_by_tip(world: World) -> None:
    """A transfer gives the holder the tips the station handing the case over was given: found by
    the tips' own index, never by walking that station's pull (every alert it was ever sent)."""
    from server.services import tips

    statement = tips.given_statement(["370783001-2026-000001/t/1", "370783001-2026-000001/t/2"])
    plan = _plan(world, statement)
    for kept in _kept(world, statement):
        assert "ix_journal_tips" in kept and "Seq Scan" not in kept, kept
    if '"Plan"' in plan:  # PostgreSQL
        assert "ix_journal_tips" in plan and "Seq Scan" not in plan, plan
    else:
        assert "USING INDEX ix_journal_tips (record_id=?)" in plan, plan


def test_the_pictures_a_station_handed_over_are_found_by_transfer(world: World) -> None:
    """A station fetching a picture of its read-only copy is checked against the items of the
    case's transfers it completed: found by the case's transfers and the items' own index, never
    by walking that station's pull."""
    from server.services import attachments

    statement = attachments.handed_statement("370783001-2026-000001", 1)
    plan = _plan(world, statement)
    for kept in _kept(world, statement):
        assert "ix_journal_transfers" in kept and "Seq Scan" not in kept, kept
    if '"Plan"' in plan:  # PostgreSQL
        assert "ix_journal_transfers" in plan and "ix_case_transfers_case" in plan, plan
        assert "Seq Scan" not in plan, plan
    else:
        assert "USING INDEX ix_journal_transfers (record_id=?)" in plan, plan
        assert "ix_case_transfers_case (case_no=?)" in plan, plan
