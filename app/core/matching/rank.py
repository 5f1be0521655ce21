"""Ranking: a found person against missing persons (and the reverse), DNA included.

:func:`rank` and :func:`rank_found` score every candidate exactly; they are what the station runs
on its own cases and what the columnar :class:`~app.core.matching.index.MissingIndex` calls for
its top few hundred. DNA is compared whenever the found person has a profile and the missing
person's file has the mother's and/or the father's: both → trio, one → duo. A "supports" verdict
lifts the candidate to the top (the hit still needs a human re-check), "excludes" pushes it down.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core import regions
from app.core.matching.frequencies import AlleleTable
from app.core.matching.kinship import DnaResult, compare_duo, compare_trio
from app.core.matching.places import DistanceFn
from app.core.matching.reasons import dna_reason
from app.core.matching.score import score_pair
from app.core.matching.subject import Candidate, MatchSubject

__all__ = ["DEFAULT_LIMIT", "dna_for_pair", "rank", "rank_found", "score_candidate"]

DEFAULT_LIMIT = 20


def dna_for_pair(
    found: MatchSubject, missing: MatchSubject, table: AlleleTable | None = None
) -> tuple[DnaResult, str] | None:
    """(result, who) comparing the found person's profile with the missing person's parents."""
    child = found.profile("self")
    if child is None:
        return None
    mother, father = missing.profile("mother"), missing.profile("father")
    if mother and father:
        return compare_trio(child.loci, mother.loci, father.loci, table), "parents"
    parent = mother or father
    if parent is None:
        return None
    return compare_duo(child.loci, parent.loci, table), parent.relation


def score_candidate(
    found: MatchSubject,
    missing: MatchSubject,
    distance: DistanceFn = regions.distance_km,
    table: AlleleTable | None = None,
    with_dna: bool = True,
    explain: bool = True,
) -> tuple[float, Candidate, bool]:
    """(score, candidate as seen from the found side, excluded by attributes)."""
    pair = score_pair(found, missing, distance, explain)
    dna = dna_for_pair(found, missing, table) if with_dna else None
    score, reasons = pair.score, list(pair.reasons)
    result = None
    if dna is not None:
        result, who = dna
        reasons.insert(0, dna_reason(result, who))
        if result.verdict == "supports":
            score = 0.9 + 0.1 * score  # DNA outranks any attribute evidence, and is never hidden
        elif result.verdict == "excludes":
            score *= 0.3
    # A DNA "supports" overrides an attribute exclusion: attributes are estimates, DNA is not.
    is_excluded = pair.excluded is not None and (result is None or result.verdict != "supports")
    cand = Candidate(missing.key, missing.case_no, min(1.0, max(0.0, score)), tuple(reasons), result)
    return score, cand, is_excluded


def rank(
    found: MatchSubject,
    candidates: Iterable[MatchSubject],
    limit: int = DEFAULT_LIMIT,
    distance: DistanceFn = regions.distance_km,
    table: AlleleTable | None = None,
) -> list[Candidate]:
    """Missing persons that could be *found*, best first, at most *limit*; exclusions dropped."""
    scored: list[tuple[float, str, Candidate]] = []
    for missing in candidates:
        score, cand, is_excluded = score_candidate(found, missing, distance, table)
        if not is_excluded:
            scored.append((score, missing.key, cand))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [c for _s, _k, c in scored[:limit]]


def rank_found(
    missing: MatchSubject,
    candidates: Iterable[MatchSubject],
    limit: int = DEFAULT_LIMIT,
    distance: DistanceFn = regions.distance_km,
    table: AlleleTable | None = None,
) -> list[Candidate]:
    """The symmetric entry: found persons that could be *missing*, best first."""
    scored: list[tuple[float, str, Candidate]] = []
    for found in candidates:
        score, cand, is_excluded = score_candidate(found, missing, distance, table)
        if not is_excluded:
            # the candidate seen from the missing side names the found case
            scored.append(
                (score, found.key, Candidate(found.key, found.case_no, cand.score, cand.reasons, cand.dna))
            )
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [c for _s, _k, c in scored[:limit]]
