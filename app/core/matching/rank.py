"""Ranking: a found person against missing persons (and the reverse), DNA included.

:func:`rank` and :func:`rank_found` score every candidate exactly; they are what the station runs
on its own cases and what the columnar :class:`~app.core.matching.index.MissingIndex` calls for
its top few hundred. DNA is compared whenever the found person has a profile and the missing
person's file has a tested relative's (:func:`dna_for_pair`: both parents → trio, one parent →
duo, weighed against a sibling or second-degree relative and the recorded ages; else a full
sibling, else a second-degree relative). A "supports" verdict lifts the candidate to the top (the
hit still needs a human re-check), "excludes" pushes it down. Every DNA result then says how
many profiles the screen compared, its rank among them and the number of unrelated profiles
expected to reach its LR by chance (``dnastats.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from app.core import regions
from app.core.matching.ages import birth_window
from app.core.matching.dnastats import Screen
from app.core.matching.familyindex import choose_test
from app.core.matching.frequencies import AlleleTable, default_table
from app.core.matching.kinship import DnaResult, Genotype
from app.core.matching.likelihood import Hypothesis
from app.core.matching.places import DistanceFn
from app.core.matching.reasons import dna_reason
from app.core.matching.relatives import KinshipModel, compare_pair, compare_parents, compare_with_known_parent
from app.core.matching.score import PairFacts, pair_facts, pair_score
from app.core.matching.subject import Candidate, MatchSubject
from app.core.matching.verdicts import age_fit

__all__ = [
    "DEFAULT_LIMIT",
    "annotate",
    "dna_for_pair",
    "explain_candidate",
    "known_parent",
    "rank",
    "rank_found",
    "score_candidate",
]

DEFAULT_LIMIT = 20


def known_parent(found: MatchSubject, alleged: str) -> dict[str, Genotype] | None:
    """The found child's own parent registered with them, of the other sex than *alleged*."""
    other = {"mother": "father", "father": "mother"}.get(alleged)
    profile = found.profile(other) if other else None
    return dict(profile.loci) if profile is not None else None


def dna_for_pair(
    found: MatchSubject,
    missing: MatchSubject,
    table: AlleleTable | None = None,
    model: KinshipModel | None = None,
) -> tuple[DnaResult, str] | None:
    """(result, relation tested) comparing the found person's profile with the missing person's
    relatives, by the strongest test their relations allow."""
    child = found.profile("self")
    test = choose_test(missing.profiles)
    if child is None or test is None:
        return None
    m = model or KinshipModel()
    hypothesis, donors = test
    if hypothesis is Hypothesis.PARENTS:
        result = compare_parents(child.loci, donors[0].loci, donors[1].loci, table, theta=m.theta, mu=m.mu)
    elif hypothesis is Hypothesis.PARENT and (known := known_parent(found, donors[0].relation)) is not None:
        result = compare_with_known_parent(child.loci, known, donors[0].loci, table, relation=donors[0].relation,
                                           theta=m.theta, mu=m.mu)  # fmt: skip
    else:
        donor = donors[0]
        result = compare_pair(child.loci, donor.loci, hypothesis, table, relation=donor.relation, theta=m.theta,
                              mu=m.mu, ages=age_fit(birth_window(found, widen=True), donor.born, donor.relation))  # fmt: skip
    return result, result.relation or hypothesis.value


def score_candidate(
    found: MatchSubject,
    missing: MatchSubject,
    distance: DistanceFn = regions.distance_km,
    table: AlleleTable | None = None,
    with_dna: bool = True,
    explain: bool = True,
    model: KinshipModel | None = None,
    facts: PairFacts | None = None,
) -> tuple[float, Candidate, bool]:
    """(score, candidate as seen from the found side, excluded by attributes). *facts*: the
    pair's :func:`~app.core.matching.score.pair_facts`, when the caller already has them."""
    pair = pair_score(found, missing, facts or pair_facts(found, missing, distance), explain)
    dna = dna_for_pair(found, missing, table, model) if with_dna else None
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


def explain_candidate(
    found: MatchSubject, missing: MatchSubject, facts: PairFacts, cand: Candidate
) -> Candidate:
    """*cand*, scored by :func:`score_candidate` with ``explain=False`` from the pair's *facts*,
    with its attribute reasons worded: what ``explain=True`` gives (the score never depends on
    the wording, so a ranking can word only the candidates it delivers)."""
    pair = pair_score(found, missing, facts, True)
    dna = cand.reasons[:1] if cand.dna is not None else ()
    return Candidate(cand.key, cand.case_no, cand.score, (*dna, *pair.reasons), cand.dna)


def _log(result: DnaResult) -> float:
    return math.log10(result.lr) if result.lr > 0 else -math.inf


def annotate(candidates: list[Candidate], screen: Screen, found: MatchSubject | None = None,
             logs: dict[str, float] | None = None) -> list[Candidate]:  # fmt: skip
    """*candidates* with their DNA results placed in *screen* (reason text included). *logs*:
    each candidate key's value on the screen's scale, where it is not the exact LR."""
    out = []
    for c in candidates:
        if c.dna is None:
            out.append(c)
            continue
        known = known_parent(found, c.dna.relation or "") if found is not None else None
        dna = screen.annotate(c.dna, (logs or {}).get(c.key), known)
        reasons = (dna_reason(dna, dna.relation or dna.hypothesis), *c.reasons[1:])
        out.append(Candidate(c.key, c.case_no, c.score, reasons, dna))
    return out


def rank(
    found: MatchSubject,
    candidates: Iterable[MatchSubject],
    limit: int = DEFAULT_LIMIT,
    distance: DistanceFn = regions.distance_km,
    table: AlleleTable | None = None,
    model: KinshipModel | None = None,
) -> list[Candidate]:
    """Missing persons that could be *found*, best first, at most *limit*; exclusions dropped."""
    scored: list[tuple[float, str, Candidate]] = []
    logs: list[float] = []
    for missing in candidates:
        score, cand, is_excluded = score_candidate(found, missing, distance, table, model=model)
        if cand.dna is not None:
            logs.append(_log(cand.dna))
        if not is_excluded:
            scored.append((score, missing.key, cand))
    scored.sort(key=lambda t: (-t[0], t[1]))
    top = [c for _s, _k, c in scored[:limit]]
    child = found.profile("self")
    if not logs or child is None:
        return top
    return annotate(
        top, Screen(logs, table or default_table(), model or KinshipModel(), child=child.loci), found
    )


def rank_found(
    missing: MatchSubject,
    candidates: Iterable[MatchSubject],
    limit: int = DEFAULT_LIMIT,
    distance: DistanceFn = regions.distance_km,
    table: AlleleTable | None = None,
    model: KinshipModel | None = None,
) -> list[Candidate]:
    """The symmetric entry: found persons that could be *missing*, best first."""
    scored: list[tuple[float, str, Candidate]] = []
    logs: list[float] = []
    for found in candidates:
        score, cand, is_excluded = score_candidate(found, missing, distance, table, model=model)
        if cand.dna is not None:
            logs.append(_log(cand.dna))
        if not is_excluded:
            # the candidate seen from the missing side names the found case
            scored.append(
                (score, found.key, Candidate(found.key, found.case_no, cand.score, cand.reasons, cand.dna))
            )
    scored.sort(key=lambda t: (-t[0], t[1]))
    top = [c for _s, _k, c in scored[:limit]]
    test = choose_test(missing.profiles)
    if not logs or test is None:
        return top
    donors = [p.loci for p in test[1]]
    return annotate(top, Screen(logs, table or default_table(), model or KinshipModel(), donors=donors))
