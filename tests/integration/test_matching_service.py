"""The matching service on a real encrypted station: storage of pairs, background recompute, scale."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.core.sample_checks import parse_profile
from app.core.validation import parse_case
from tests.conftest import EXAMPLES


def _register(session: Any, name: str, **changes: Any) -> str:
    from app.services.cases import register_cases

    doc = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    doc.update(changes)
    return register_cases(session, [parse_case(doc)], allow_duplicate="test: the same example again")[
        0
    ].case_no


def _second_supervisor(session: Any) -> Any:
    from app.core.model import AccountRole
    from app.services.accounts import add_user
    from app.services.session import logon

    add_user(session, "zhao", AccountRole.SUPERVISOR, "Zhao-Passw0rd-26")
    second = logon(session.data_dir, "zhao", "Zhao-Passw0rd-26")
    session.store.claim_writer()  # one thread here: either session may write in turn
    second.store.claim_writer()
    return second


def _pairs(session: Any) -> list[tuple[Any, ...]]:
    with session.store.reader() as conn:
        return list(
            conn.exec_driver_sql(
                "SELECT missing_case, found_case, state, dna_verdict, dna_recheck FROM match_candidates"
            )
        )


def test_background_drain_finds_new_and_changed_cases(session: Any) -> None:
    from app.services.matching import drain_stale, mark_stale

    missing = _register(session, "missing_child")
    found = _register(session, "found_child")
    assert drain_stale(session) == 2  # both are new: no hook needed
    assert _pairs(session) == [(missing, found, "potential", "supports", "pending")]
    assert drain_stale(session) == 0  # nothing changed since
    with session.store.unit_of_work() as uow:  # the hook the case services call
        mark_stale(uow.cursor, found)
        uow.commit()
    assert drain_stale(session) == 1


def approve_as_another(session: Any, case_no: str) -> None:
    """A void request is approved by a second person (a supervisor), never by who asked."""
    from app.core.model import AccountRole
    from app.services.accounts import add_user, list_users
    from app.services.review_desk import approve_shown
    from app.services.session import logon

    if "zhao" not in [a.name for a in list_users(session)]:
        add_user(session, "zhao", AccountRole.SUPERVISOR, "Supervisor-2026!")
    other = logon(session.data_dir, "zhao", "Supervisor-2026!")
    try:
        approve_shown(other, case_no)  # the void request (its registration waits too)
    finally:
        other.close()


def test_voided_case_drops_its_open_proposals(session: Any) -> None:
    from app.services.cases import void_case
    from app.services.matching import candidates_for, drain_stale

    missing = _register(session, "missing_child")
    found = _register(session, "found_child")
    assert candidates_for(session, found).items[0].case_no == missing
    void_case(session, missing, "重复登记")
    approve_as_another(session, missing)
    drain_stale(session)
    assert candidates_for(session, found).items == ()
    assert _pairs(session) == []


def test_dna_recheck_needs_a_second_supervisor_and_blocks_reunion_until_then(session: Any) -> None:
    from app.services.match_review import MatchError, review_candidate, review_queue
    from app.services.matching import candidates_for

    missing = _register(session, "missing_child")
    found = _register(session, "found_child")
    candidates_for(session, found)
    entry = review_queue(session)[0]
    assert entry.item.dna_recheck == "pending" and entry.item.dna and entry.item.dna.verdict == "supports"
    with pytest.raises(MatchError) as err:
        review_candidate(session, missing, found, "reunite")
    assert "已确认" not in err.value.text("zh_CN") and "待审核" in err.value.text("zh_CN")
    assert review_candidate(session, found, missing, "confirm") == "confirmed"
    # Four eyes: confirming does not close the DNA re-check; a second supervisor does.
    assert _pairs(session)[0][2:] == ("confirmed", "supports", "pending")
    with pytest.raises(MatchError) as err:
        review_candidate(session, missing, found, "reunite")
    assert "复核" in err.value.text("zh_CN")
    with pytest.raises(MatchError) as err:
        review_candidate(session, missing, found, "recheck")  # the one who confirmed it
    assert err.value.key == "match_recheck_self"
    second = _second_supervisor(session)
    try:
        assert review_candidate(second, missing, found, "recheck") == "confirmed"
    finally:
        second.close()
    assert _pairs(session)[0][2:] == ("confirmed", "supports", "done")
    assert review_candidate(session, missing, found, "reunite") == "reunited"
    # a decided pair keeps its state when recomputed
    candidates_for(session, found)
    assert _pairs(session)[0][2] == "reunited"


def test_large_station_ranks_through_the_missing_index(session: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.services.matching as matching

    monkeypatch.setattr(matching, "INDEX_AT", 1)  # as if the station held thousands of missing persons
    built: list[int] = []
    original = matching.MissingIndex

    class Counting(original):  # type: ignore[misc, valid-type]
        def __init__(self, subjects: Any) -> None:
            built.append(len(subjects))
            super().__init__(subjects)

    monkeypatch.setattr(matching, "MissingIndex", Counting)
    decoy = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
    decoy["persons"][0]["name"], decoy["persons"][0]["nicknames"] = "赵磊", []
    from app.services.cases import register_cases

    register_cases(session, [parse_case(decoy)])
    missing = _register(session, "missing_child")
    found = _register(session, "found_child")
    report = matching.candidates_for(session, found)
    assert built == [2] and report.items[0].case_no == missing
    assert report.to_json("en")["candidates"][0]["dna"]["verdict"] == "supports"  # type: ignore[index]


def test_national_candidates_from_the_pull_join_the_review(session: Any) -> None:
    from app.services.match_review import review_candidate, review_queue
    from app.services.matching import candidates_for, drain_stale
    from app.storage.sync_state import store_pulled

    found = _register(session, "found_child")
    foreign = "450305002-2019-000031"  # a missing case filed at another station years before

    def pull(seq: int, revision: int, score: float) -> None:
        payload = {"missing": foreign, "found": found, "score": score, "dna_verdict": None, "state": "potential",
                   "reasons": [{"key": "match.age", "zh": "年龄相符", "en": "age fits"}]}  # fmt: skip
        with session.store.unit_of_work() as uow:
            store_pulled(
                uow.cursor, [(seq, "match", "match", f"{foreign}~{found}", revision, payload)], "now"
            )
            uow.commit()

    pull(7, 1, 0.61)
    drain_stale(session)
    entry = next(e for e in review_queue(session) if e.item.missing_case == foreign)
    assert entry.item.origin == "national" and entry.item.reasons[-1].text("en") == "age fits"
    assert foreign in [i.case_no for i in candidates_for(session, found).items]
    review_candidate(session, found, foreign, "reject", "年龄不符")
    pull(8, 1, 0.61)  # delivered again, same evidence: stays rejected
    drain_stale(session)
    assert foreign not in [i.case_no for i in candidates_for(session, found).items]
    pull(9, 2, 0.83)  # the server found new evidence
    drain_stale(session)
    assert foreign in [i.case_no for i in candidates_for(session, found).items]


def test_kept_pools_follow_every_change_as_a_full_read_would(session: Any) -> None:
    """The pools kept between passes are updated from the outbox; after new cases, a void and a
    new DNA profile they hold exactly what reading the whole register again gives."""
    import app.services.matching as matching
    from app.services.cases import void_case
    from app.services.samples import set_profile
    from app.storage import match_repository as repo

    def fresh() -> Any:
        with session.store.reader() as conn:
            return matching._Pools(repo.load_sources(conn))

    def same(a: Any, b: Any) -> None:
        assert list(a.by_case) == list(b.by_case)
        assert a.digests == b.digests and a.types == b.types
        assert [s.key for s in a.missing] == [s.key for s in b.missing]
        assert [s.key for s in a.found] == [s.key for s in b.found]

    first = _register(session, "missing_child")
    kept = matching._load_pools(session)
    assert matching._load_pools(session) is kept  # nothing changed: the same pools, no reading
    found = _register(session, "found_child")
    second = _register(session, "missing_child", summary="另一个孩子")
    same(matching._load_pools(session), fresh())
    void_case(session, second, "重复登记")
    approve_as_another(session, second)
    pools = matching._load_pools(session)
    same(pools, fresh())
    assert second not in pools.by_case and first in pools.by_case and found in pools.by_case
    with session.store.reader() as conn:  # the lab corrects the mother's profile
        sample_no = conn.exec_driver_sql(
            "SELECT s.sample_no FROM samples s JOIN cases c ON c.id = s.case_id WHERE c.case_no = ?"
            " ORDER BY s.id LIMIT 1",
            (first,),
        ).scalar()
    from app.core.sample_checks import parse_profile

    before = matching._load_pools(session).digests[first]
    set_profile(
        session, sample_no, parse_profile({"kit": "test", "loci": {"TH01": [6, 9.3], "vWA": [16, 18]}})
    )
    pools = matching._load_pools(session)
    same(pools, fresh())
    assert pools.digests[first] != before  # the new profile is in


def test_streamed_register_reads_the_same_cases_as_a_whole_read(session: Any) -> None:
    """The first load streams the register a window of ids at a time; across windows, with a
    voided case, a trafficking case and a stored lab profile in between, it gives exactly the
    active missing and found cases with their profiles, in id order."""
    from app.services.cases import void_case
    from app.services.samples import set_profile
    from app.storage import match_repository as repo

    numbers = [_register(session, name) for name in ("missing_child", "found_child", "trafficking") * 3]
    void_case(session, numbers[3], "重复登记")
    approve_as_another(session, numbers[3])
    with session.store.reader() as conn:
        sample_no = conn.exec_driver_sql(
            "SELECT s.sample_no FROM samples s JOIN cases c ON c.id = s.case_id WHERE c.case_no = ?"
            " ORDER BY s.id LIMIT 1",
            (numbers[6],),
        ).scalar()
    set_profile(session, sample_no, parse_profile({"kit": "lab-rerun", "loci": {"TH01": [6, 9.3]}}))
    with session.store.reader() as conn:
        whole = repo.load_sources(conn)
        for batch in (1, 2, 4, 100):
            assert list(repo.iter_sources(conn, batch=batch)) == whole
    assert [s.case_no for s in whole] == [numbers[0], numbers[1], numbers[4], numbers[6], numbers[7]]
    assert any("lab-rerun" in text for _p, _i, text in whole[3].profiles)
    assert not any("lab-rerun" in text for s in whole if s is not whole[3] for _p, _i, text in s.profiles)
