"""Exclusions, names, marks, places and growth, with a stub distance function."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.matching import growth
from app.core.matching.marks import compare_marks, mark_features
from app.core.matching.names import compare_names, core_chars, split_name
from app.core.matching.places import mentioned_provinces
from app.core.matching.score import exclusion, score_pair
from app.core.matching.subject import MatchSubject


def flat(_a: str, _b: str) -> float | None:
    return 100.0


def found(**kw: object) -> MatchSubject:
    base: dict[str, object] = dict(
        key="f", case_no="F", side="found", sex="M", age_range=(3.0, 5.0), height_range=(96.0, 102.0),
        event_date=dt.date(2026, 11, 26), place_code="450305", name="明明",
    )  # fmt: skip
    base.update(kw)
    return MatchSubject(**base)  # type: ignore[arg-type]


def missing(**kw: object) -> MatchSubject:
    base: dict[str, object] = dict(
        key="m", case_no="M", side="missing", sex="M", birth_date=dt.date(2022, 3, 15),
        height_range=(95.0, 100.0), event_date=dt.date(2026, 11, 19), place_code="370783", name="王小明",
    )  # fmt: skip
    base.update(kw)
    return MatchSubject(**base)  # type: ignore[arg-type]


def test_sex_excludes_only_when_both_known() -> None:
    assert exclusion(found(), missing(sex="F")) is not None
    assert exclusion(found(sex="U"), missing(sex="F")) is None


def test_found_before_missing_excludes() -> None:
    why = exclusion(found(event_date=dt.date(2026, 11, 1)), missing())
    assert why is not None and why.key == "match.exclude.order"


def test_age_excludes_beyond_two_estimation_errors() -> None:
    assert exclusion(found(age_range=(6.0, 7.0)), missing()) is None  # 4.7 y: 1.3 y off, err 1
    why = exclusion(found(age_range=(9.0, 10.0)), missing())
    assert why is not None and why.key == "match.exclude.age"


def test_age_from_range_when_no_birth_date() -> None:
    m = missing(birth_date=None, age_range=(2.0, 3.0), event_date=dt.date(2024, 11, 19), height_range=None)
    assert exclusion(found(), m) is None  # 4–5 years old on the found date


def test_height_impossible_for_age_excludes() -> None:
    why = exclusion(found(height_range=(140.0, 145.0)), missing())
    assert why is not None and why.key == "match.exclude.height"


def test_growth_keeps_the_centile() -> None:
    now, sd = growth.expected_height("M", 4.0, growth.median_height("M", 4.0), 9.0)
    assert now == pytest.approx(growth.median_height("M", 9.0))
    assert sd > 0


def test_reasons_in_both_languages() -> None:
    pair = score_pair(found(), missing(nicknames=("明明",)), flat)
    assert pair.excluded is None and pair.score > 0.7
    age = next(r for r in pair.reasons if r.key.startswith("match.age"))
    assert age.zh.startswith("年龄相符") and "岁" in age.zh and age.en.startswith("age fits")


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("明明", "王小明", "nickname"),
        ("小军", "张军", "nickname"),
        ("阿强", "李志强", "nickname"),
        ("王晓明", "王小明", "homophone"),
        ("王小朋", "王小明", "lookalike"),
        ("小明", "王小明", "given"),
        ("王伟", "王芳", "surname"),
    ],
)
def test_name_links(a: str, b: str, kind: str) -> None:
    link = compare_names([a], [b])
    assert link is not None and link.kind == kind


def test_name_helpers() -> None:
    assert split_name("欧阳娜娜") == ("欧阳", "娜娜")
    assert core_chars("明明") == "明" and core_chars("强仔") == "强"
    assert compare_names(["张伟"], ["李娜"]) is None


def test_paraphrased_marks_match_and_sides_matter() -> None:
    a = mark_features("左耳后有一颗黑痣；右手背有烫伤疤痕")
    b = mark_features("左耳后黑痣，右手背旧烫伤")
    c = mark_features("右耳后黑痣")
    assert (compare_marks(a, b) or 0) > 0.8
    assert (compare_marks(a, c) or 1) < 0.5
    assert compare_marks(a, mark_features("")) is None


def test_dialect_and_origin_clues() -> None:
    assert mentioned_provinces("山东口音") == {"37"}
    assert "37" in mentioned_provinces("寿光话")
    assert mentioned_provinces("说妈妈在买菜") == frozenset()
