"""Exact scoring of one found person against one missing person, with reasons.

First the hard exclusions (sex, found before last seen, an age that cannot fit, a height that is
impossible); then a weighted mean of the attribute similarities that are known on both sides.
Each similarity contributes a :class:`Reason` in Chinese and English. Weights are a design
choice tuned on the synthetic evaluation set (``evalset.py``); names and marks carry the most
because they are the most specific, place the least because trafficked children are moved far.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.matching import growth
from app.core.matching.ages import age_interval, estimation_error
from app.core.matching.marks import compare_marks, mark_features
from app.core.matching.names import NameLink, compare_names
from app.core.matching.places import DistanceFn, distance_score, mentioned_provinces, province
from app.core.matching.reasons import (
    age_reason,
    dialect_reason,
    excluded,
    height_reason,
    marks_reason,
    name_reason,
    place_reason,
)
from app.core.matching.subject import MatchSubject, Reason

__all__ = ["WEIGHTS", "PairFacts", "PairScore", "exclusion", "pair_facts", "pair_score", "score_pair"]

WEIGHTS = {"name": 0.30, "age": 0.20, "marks": 0.20, "height": 0.10, "place": 0.10, "origin": 0.10}
_GRACE_DAYS = 1  # found "before" last seen by less than a day: clock and time-zone slack


@dataclass(frozen=True, slots=True)
class PairScore:
    score: float
    reasons: tuple[Reason, ...]
    excluded: Reason | None = None


def _age_fit(true: tuple[float, float], est: tuple[float, float]) -> float:
    """1 inside the estimate; falls to 0 at two estimation errors outside it."""
    lo, hi = est
    err = estimation_error((lo + hi) / 2)
    gap = max(0.0, lo - true[1], true[0] - hi)
    return max(0.0, 1.0 - gap / (2 * err))


def _height_window(found: MatchSubject, missing: MatchSubject) -> tuple[float, float, float] | None:
    """(expected low, expected high, SD) of the missing person's height on the found date."""
    if found.event_date is None:
        return None
    now = age_interval(missing, found.event_date)
    if now is None or min(now) >= 19:
        return None
    sex = missing.sex if missing.sex in ("M", "F") else found.sex
    if missing.height_range is not None and missing.event_date is not None:
        then = age_interval(missing, missing.event_date)
        if then is not None:
            lo, sd = growth.expected_height(sex, then[0], missing.height_range[0], now[0])
            hi, _ = growth.expected_height(sex, then[1], missing.height_range[1], now[1])
            return min(lo, hi), max(lo, hi), sd
    # no height on file: the population band for the age (median ± 2 SD)
    sd = growth.height_sd(sex, now[0])
    return growth.median_height(sex, now[0]) - 2 * sd, growth.median_height(sex, now[1]) + 2 * sd, sd


def exclusion(found: MatchSubject, missing: MatchSubject) -> Reason | None:
    """The reason *missing* cannot be *found*, or None."""
    true, est = age_interval(missing, found.event_date), age_interval(found, found.event_date)
    return _exclusion(found, missing, true, est, _height_window(found, missing))


def _exclusion(
    found: MatchSubject,
    missing: MatchSubject,
    true: tuple[float, float] | None,
    est: tuple[float, float] | None,
    window: tuple[float, float, float] | None,
) -> Reason | None:
    if found.sex in ("M", "F") and missing.sex in ("M", "F") and found.sex != missing.sex:
        return excluded("sex", found.sex, missing.sex)
    if found.event_date and missing.event_date and (missing.event_date - found.event_date).days > _GRACE_DAYS:
        return excluded("order", found.event_date.isoformat(), missing.event_date.isoformat())
    if true and est and _age_fit(true, est) <= 0.0:
        return excluded("age", f"{true[0]:.0f}–{true[1]:.0f}", f"{est[0]:.0f}–{est[1]:.0f}")
    if window and found.height_range:
        lo, hi, sd = window
        if found.height_range[1] < lo - 3 * sd - 3 or found.height_range[0] > hi + 3 * sd + 3:
            return excluded(
                "height", f"{found.height_range[0]:.0f}–{found.height_range[1]:.0f}", f"{lo:.0f}–{hi:.0f}"
            )
    return None


def _height_fit(found: tuple[float, float], window: tuple[float, float, float]) -> float:
    lo, hi, sd = window
    gap = max(0.0, lo - found[1], found[0] - hi)
    return max(0.0, 1.0 - gap / (3 * sd + 3))


@dataclass(frozen=True, slots=True)
class PairFacts:
    """What scoring one pair found out, before any reason is worded: the exclusion, or each
    known similarity (in the order the reasons are made) with what its reason says."""

    excluded: Reason | None
    parts: dict[str, float]
    link: NameLink | None = None
    true: tuple[float, float] | None = None
    est: tuple[float, float] | None = None
    window: tuple[float, float, float] | None = None
    km: float | None = None
    origin_text: str = ""


def pair_facts(found: MatchSubject, missing: MatchSubject, distance: DistanceFn) -> PairFacts:
    """The exclusion check, then every similarity known on both sides (no reasons worded)."""
    true, est = age_interval(missing, found.event_date), age_interval(found, found.event_date)
    window = _height_window(found, missing) if found.height_range else None
    why_not = _exclusion(found, missing, true, est, window)
    if why_not is not None:
        return PairFacts(why_not, {})
    parts: dict[str, float] = {}
    found_names, missing_names = found.all_names(), missing.all_names()
    link = compare_names(found_names, missing_names)
    if found_names and missing_names:
        parts["name"] = link.strength if link else 0.0
    if true and est:
        parts["age"] = _age_fit(true, est)
    if window and found.height_range:
        parts["height"] = _height_fit(found.height_range, window)
    similarity = compare_marks(mark_features(found.marks), mark_features(missing.marks))
    if similarity is not None:
        parts["marks"] = similarity
    here = missing.place_code or missing.home_code
    km = None
    if found.place_code and here:
        km = distance(found.place_code, here)
        fit = distance_score(km)
        if fit is not None and km is not None:
            parts["place"] = fit
    clues = mentioned_provinces(found.dialect) | mentioned_provinces(found.origin)
    homes = {p for p in (province(missing.place_code), province(missing.home_code)) if p}
    homes |= mentioned_provinces(missing.dialect)
    if clues and homes:
        parts["origin"] = 1.0 if clues & homes else 0.0
    return PairFacts(None, parts, link, true, est, window, km, found.dialect or found.origin)


def pair_score(
    found: MatchSubject, missing: MatchSubject, facts: PairFacts, explain: bool = True
) -> PairScore:
    """The weighted similarity of *facts* with its reasons (none when not *explain*)."""
    if facts.excluded is not None:
        return PairScore(0.0, (facts.excluded,), facts.excluded)
    parts = facts.parts
    reasons: list[Reason] = []
    if explain:
        if facts.link and "name" in parts:
            reasons.append(name_reason(facts.link, missing.name))
        if "age" in parts and facts.true and facts.est:
            reasons.append(
                age_reason(age_interval(missing, missing.event_date), facts.true, facts.est, parts["age"])
            )
        if "height" in parts and facts.window and found.height_range:
            reasons.append(
                height_reason(missing.height_range, facts.window, found.height_range, parts["height"])
            )
        if "marks" in parts:
            reasons.append(marks_reason(found.marks, missing.marks, parts["marks"]))
        if "place" in parts and facts.km is not None:
            reasons.append(place_reason(facts.km, parts["place"]))
        if "origin" in parts:
            reasons.append(dialect_reason(facts.origin_text, parts["origin"] > 0))
    if not parts:
        return PairScore(0.0, tuple(reasons))
    known = sum(WEIGHTS[k] for k in parts)
    mean = sum(WEIGHTS[k] * v for k, v in parts.items()) / known
    # Little known on both sides is weaker evidence than a lot agreeing: shrink toward 0.5·mean.
    score = mean * (0.5 + 0.5 * known / sum(WEIGHTS.values()))
    reasons.sort(key=lambda r: -r.weight)
    return PairScore(score, tuple(reasons))


def score_pair(
    found: MatchSubject, missing: MatchSubject, distance: DistanceFn, explain: bool = True
) -> PairScore:
    """Exclusion check, then the weighted similarity with its reasons (none when not *explain*)."""
    return pair_score(found, missing, pair_facts(found, missing, distance), explain)
