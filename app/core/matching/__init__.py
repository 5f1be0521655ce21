"""Matching missing and found persons: attributes, Chinese names and DNA kinship.

Pure Python plus numpy, rapidfuzz and pypinyin; shared by the station and the server.

- :func:`rank` / :func:`rank_found`: exact ranking with reasons (station-sized lists).
- :class:`MissingIndex`: numpy columns for a national list; ``index.rank(found)``.
- :func:`compare_relative` / :func:`compare_parents` / :func:`compare_with_known_parent`: the
  kinship test a donor's recorded relation calls for (parent, trio, full sibling, second
  degree), θ and mutations applied, verdicts per the national standards and the rivals of a
  parent (``relatives.py``, ``verdicts.py``); :class:`KinshipModel` holds θ and μ.
- :func:`compare_duo` / :func:`compare_trio`: the plain parentage index (θ = 0), kept for callers
  that want SF/Z JD0105001-2016 alone.
- :class:`FamilyIndex` / :class:`ProfileIndex`: one STR profile against many, vectorised;
  :class:`Screen` and :class:`ChanceModel` say where a result ranks and what chance would give.
- :func:`subjects_from_case`: registered cases → :class:`MatchSubject`.
"""

from app.core.matching.chance import ChanceModel
from app.core.matching.dnastats import Screen
from app.core.matching.familyindex import FamilyIndex
from app.core.matching.from_case import subjects_from_case, subjects_from_registered
from app.core.matching.index import MissingIndex
from app.core.matching.kinship import DnaResult, LocusIndex, compare_duo, compare_trio, verdict
from app.core.matching.likelihood import Hypothesis
from app.core.matching.loci import normalise_locus
from app.core.matching.rank import dna_for_pair, rank, rank_found
from app.core.matching.relations import Relation, relation_of
from app.core.matching.relatives import (
    KinshipModel,
    compare_parents,
    compare_relative,
    compare_with_known_parent,
)
from app.core.matching.strindex import ProfileIndex, ScreenHit
from app.core.matching.subject import Candidate, MatchProfile, MatchSubject, Reason

__all__ = [
    "Candidate",
    "ChanceModel",
    "DnaResult",
    "FamilyIndex",
    "Hypothesis",
    "KinshipModel",
    "LocusIndex",
    "MatchProfile",
    "MatchSubject",
    "MissingIndex",
    "ProfileIndex",
    "Reason",
    "Relation",
    "Screen",
    "ScreenHit",
    "compare_duo",
    "compare_parents",
    "compare_relative",
    "compare_trio",
    "compare_with_known_parent",
    "dna_for_pair",
    "normalise_locus",
    "rank",
    "rank_found",
    "relation_of",
    "subjects_from_case",
    "subjects_from_registered",
    "verdict",
]
