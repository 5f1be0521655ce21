"""The pure sync planner: batching, back-off, answers, epochs, clocks, the sanity check."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from app.sync import planner, protocol
from app.sync.planner import AnswerMismatch, EpochChange, Sized, Verdict
from app.sync.protocol import ChangeResult


@given(hs.lists(hs.integers(min_value=0, max_value=5000), max_size=300), hs.integers(200, 20000))
def test_batches_keep_order_cover_everything_and_respect_the_byte_limit(sizes: list[int], limit: int) -> None:
    entries = [Sized(i, n) for i, n in enumerate(sizes)]
    got = list(planner.batches(entries, max_bytes=limit, max_changes=50))
    assert [i for b in got for i in b] == list(range(len(sizes)))
    for b in got:
        assert len(b) <= 50
        cost = sum(sizes[i] + 160 for i in b)
        assert cost <= limit or len(b) == 1  # only a single oversized entry goes over


@pytest.mark.parametrize(
    ("status", "verdict"),
    [(200, Verdict.OK), (401, Verdict.REENROL), (429, Verdict.RETRY), (500, Verdict.RETRY),
     (503, Verdict.RETRY), (403, Verdict.FAIL), (422, Verdict.FAIL), (413, Verdict.FAIL)],
)  # fmt: skip
def test_verdicts(status: int, verdict: Verdict) -> None:
    assert planner.verdict(status) is verdict


@given(hs.integers(1, 40), hs.integers(0, 2**32))
def test_backoff_is_jittered_exponential_and_capped(attempt: int, seed: int) -> None:
    delay = planner.backoff(attempt, random.Random(seed), base=0.5, cap=60)
    assert 0 <= delay <= min(60, 0.5 * 2 ** (attempt - 1))


def test_retry_after_is_a_floor_even_above_the_cap() -> None:
    assert planner.backoff(1, random.Random(1), base=0.5, cap=1, retry_after=120) == 120
    now = dt.datetime(2026, 11, 29, 5, 0, tzinfo=dt.UTC)
    assert planner.parse_retry_after("7", now) == 7
    assert planner.parse_retry_after("Sun, 29 Nov 2026 05:00:30 GMT", now) == 30
    assert planner.parse_retry_after("soon", now) is None and planner.parse_retry_after(None, now) is None


def test_gzip_only_off_loopback_and_for_big_bodies() -> None:
    assert not planner.should_gzip(10_000_000, loopback=True)
    assert not planner.should_gzip(1000, loopback=False)
    assert planner.should_gzip(100_000, loopback=False)


def _r(cid: str, status: str, reason: str | None = None) -> ChangeResult:
    return ChangeResult(cid, "r", status, revision=1 if status == "applied" else None, reason=reason)


def test_outcome_pairs_results_in_order_and_keeps_reasons() -> None:
    got = planner.outcome(
        [(1, "a"), (2, "b")], [_r("a", "applied"), _r("b", "refused", protocol.STALE_REVISION)]
    )
    assert got.sent == [1] and got.refused == [(2, "stale_revision")]


@pytest.mark.parametrize(
    "results",
    [[_r("a", "applied")], [_r("b", "applied"), _r("a", "applied")], [_r("a", "x"), _r("b", "applied")]],
)
def test_an_answer_that_does_not_match_the_batch_marks_nothing(results: list[ChangeResult]) -> None:
    with pytest.raises(AnswerMismatch):
        planner.outcome([(1, "a"), (2, "b")], results)


def test_epochs() -> None:
    assert planner.epoch_change(None, "e1") is EpochChange.FIRST
    assert planner.epoch_change("e1", "e1") is EpochChange.SAME
    assert planner.epoch_change("e1", "e2") is EpochChange.CHANGED


def test_clock_skew_is_a_warning_beyond_five_minutes() -> None:
    local = dt.datetime(2026, 11, 29, 5, 10, tzinfo=dt.UTC)
    skew = planner.clock_skew("2026-11-29T05:00:00.000Z", local)
    assert skew == 600 and planner.clock_warning(skew)
    assert not planner.clock_warning(planner.clock_skew("2026-11-29T05:08:00Z", local))
    assert not planner.clock_warning(None)


def test_compare_counts_and_digest() -> None:
    pairs = [("370783001-2026-000001", 2)]
    digest = protocol.records_digest(pairs)
    state = protocol.SyncState("e", "t", "370783001", {"case": 1, "sample": 0}, 1, digest, 0)
    assert planner.compare({"case": 1}, digest, state).equal
    assert not planner.compare({"case": 2}, digest, state).equal
    assert not planner.compare({"case": 1}, "0" * 64, state).equal
