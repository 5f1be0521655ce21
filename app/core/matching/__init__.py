"""Matching missing and found persons: attributes, Chinese names and DNA kinship.

Pure Python plus numpy, rapidfuzz and pypinyin; shared by the station and the server.

- :func:`rank` / :func:`rank_found`: exact ranking with reasons (station-sized lists).
- :class:`MissingIndex`: numpy columns for a national list; ``index.rank(found)``.
- :func:`compare_duo` / :func:`compare_trio`: parentage index, verdict per SF/Z JD0105001-2016.
- :class:`ProfileIndex`: one STR profile against a million, vectorised.
- :func:`subjects_from_case`: registered cases → :class:`MatchSubject`.
"""

from app.core.matching.from_case import subjects_from_case, subjects_from_registered
from app.core.matching.index import MissingIndex
from app.core.matching.kinship import DnaResult, LocusIndex, compare_duo, compare_trio, verdict
from app.core.matching.loci import normalise_locus
from app.core.matching.rank import dna_for_pair, rank, rank_found
from app.core.matching.strindex import ProfileIndex, ScreenHit
from app.core.matching.subject import Candidate, MatchProfile, MatchSubject, Reason

__all__ = [
    "Candidate",
    "DnaResult",
    "LocusIndex",
    "MatchProfile",
    "MatchSubject",
    "MissingIndex",
    "ProfileIndex",
    "Reason",
    "ScreenHit",
    "compare_duo",
    "compare_trio",
    "dna_for_pair",
    "normalise_locus",
    "rank",
    "rank_found",
    "subjects_from_case",
    "subjects_from_registered",
    "verdict",
]
