"""The pure parts of a case's life: states and their moves, words, vocabularies, places of their
time, patches and their diffs (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import casediff, regions, vocabulary, words
from app.core.lifecycle import (
    CaseStatus,
    IllegalMove,
    MatchState,
    ReviewState,
    SampleStatus,
    can_move,
    move,
)
from app.core.model import Build, SampleType, Sex
from app.core.problems import InvalidInput


def test_case_status_moves() -> None:
    assert move(CaseStatus.OPEN, CaseStatus.CLOSE_PENDING) is CaseStatus.CLOSE_PENDING
    assert can_move(CaseStatus.CLOSED, CaseStatus.OPEN)  # reopened
    assert not can_move(CaseStatus.OPEN, CaseStatus.CLOSED)  # only through a supervisor's approval
    assert not can_move(CaseStatus.VOIDED, CaseStatus.OPEN)  # a void is final
    with pytest.raises(IllegalMove):
        move(CaseStatus.VOIDED, CaseStatus.CLOSE_PENDING)


def test_review_match_and_sample_moves() -> None:
    assert can_move(ReviewState.RETURNED, ReviewState.PENDING)  # corrected and resubmitted
    assert not can_move(ReviewState.APPROVED, ReviewState.RETURNED)
    assert can_move(MatchState.REJECTED, MatchState.POTENTIAL)  # new evidence
    assert not can_move(MatchState.POTENTIAL, MatchState.REUNITED)
    assert can_move(SampleStatus.COLLECTED, SampleStatus.PROFILED)  # a step may be skipped
    assert not can_move(SampleStatus.PROFILED, SampleStatus.SENT_TO_LAB)  # never backward


def test_one_word_per_value_in_each_language() -> None:
    assert words.word(CaseStatus, "voided", "zh_CN") == "已作废"
    assert words.word(CaseStatus, "voided", "en") == "voided"
    assert words.word(MatchState, "reunited", "zh_CN") == words.word(SampleStatus, "reunited", "zh_CN")
    assert words.word(CaseStatus, "no_such_code", "zh_CN") == "no_such_code"
    for table in words.WORDS.values():
        for zh, _en in table.values():
            assert not any("a" <= ch <= "z" for ch in zh), zh  # no English inside Chinese


@pytest.mark.parametrize(
    ("text", "code"),
    [("偏瘦", "slim"), ("瘦小", "slim"), ("中等", "medium"), ("匀称", "medium"), ("偏胖", "heavy"),
     ("壮实", "heavy"), ("敦实", "heavy"), ("stocky", "heavy"), ("Thin", "slim"), ("ｓｌｉｍ", "slim"),
     ("有点胖", "heavy"), ("中等偏瘦", "slim"), ("heavy", "heavy")],
)  # fmt: skip
def test_build_words(text: str, code: str) -> None:
    assert vocabulary.understand(Build, text) is Build(code)


def test_other_vocabularies_and_unknown_words() -> None:
    assert vocabulary.understand(Sex, "男") is Sex.MALE and vocabulary.understand(Sex, "female") is Sex.FEMALE
    assert vocabulary.understand(SampleType, "血卡") is SampleType.BLOOD_CARD
    assert vocabulary.understand(Build, "像根竹竿") is None
    assert "偏瘦" in vocabulary.examples(Build, "zh_CN") and "stocky" in vocabulary.examples(Build, "en")


def test_places_without_counties_and_codes_of_their_time() -> None:
    for code in ("441900", "442000", "460400", "620200"):
        assert regions.is_place(code), code
    assert not regions.is_place("370700")  # 潍坊市 has counties: a county is named
    assert regions.valid_on("130527", dt.date(2015, 5, 1))  # 南和县, withdrawn 2020
    assert regions.valid_on("110103", dt.date(2005, 1, 1))  # 崇文区 until 2010
    assert not regions.valid_on("110103", dt.date(2015, 1, 1))
    assert regions.place_name("130527") == "河北省邢台市南和县"
    assert regions.successor("372223") == regions.lookup("370783")  # 寿光县 → 寿光市
    assert regions.coordinates("372223") == regions.coordinates("370783")


def test_patch_merges_by_position_and_never_removes() -> None:
    doc = {
        "type": "missing",
        "persons": [{"name": "王小明", "samples": [{"type": "hair"}]}, {"name": "王建国"}],
    }
    out = casediff.apply_patch(doc, {"persons": [{}, {"phone": "13800000000"}], "summary": "x"})
    assert out["persons"][1] == {"name": "王建国", "phone": "13800000000"} and doc["persons"][1] == {
        "name": "王建国"
    }
    for bad in ({"type": "found"}, {"persons": None}, {"persons": [None]},
                {"persons": [{"samples": [{}, {"type": "hair"}]}]}, []):  # fmt: skip
        with pytest.raises(InvalidInput):
            casediff.apply_patch(doc, bad)
    changes = casediff.diff(doc, out)
    assert [c.path for c in changes] == ["persons[1].phone", "summary"]
    assert casediff.change_words(changes[0], "zh_CN") == "人员 2 · 电话：— → 13800000000"
    assert casediff.change_words(changes[0], "en") == "person 2 · phone: — → 13800000000"
