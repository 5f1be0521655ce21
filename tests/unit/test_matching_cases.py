"""The shipped example cases: the boy found in Guilin must surface the Shouguang report."""

from __future__ import annotations

import json
from pathlib import Path

from app.core.matching.from_case import subjects_from_case
from app.core.matching.index import MissingIndex
from app.core.matching.rank import rank, rank_found
from app.core.model import Case
from app.core.validation import parse_case

EXAMPLES = Path("/work/shared/examples")
if not EXAMPLES.exists():
    EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"


def _case(name: str) -> Case:
    return parse_case(json.loads((EXAMPLES / name).read_text(encoding="utf-8")))


def test_found_boy_matches_missing_boy_with_dna_support() -> None:
    (found,) = subjects_from_case("450305001-2026-000001", _case("found_child.json"))
    (missing,) = subjects_from_case("370783001-2026-000001", _case("missing_child.json"))
    assert {p.relation for p in missing.profiles} == {"mother", "father"}
    (best,) = rank(found, [missing])
    assert best.case_no == "370783001-2026-000001"
    assert best.dna is not None and best.dna.verdict == "supports" and best.dna.kind == "trio"
    assert best.score >= 0.9
    texts = [r.zh for r in best.reasons]
    assert any("DNA 支持" in t for t in texts) and any("年龄相符" in t for t in texts)
    assert any(r.en.startswith("age fits") for r in best.reasons)
    as_json = best.to_json()
    assert as_json["dna"]["verdict"] == "supports"  # type: ignore[index]
    (back,) = rank_found(missing, [found])
    assert back.case_no == "450305001-2026-000001"


def test_index_gives_the_same_answer() -> None:
    (found,) = subjects_from_case("F", _case("found_child.json"))
    (missing,) = subjects_from_case("M", _case("missing_child.json"))
    (best,) = MissingIndex([missing]).rank(found)
    assert best.case_no == "M" and best.dna is not None and best.dna.verdict == "supports"


def test_trafficking_case_gives_no_subject() -> None:
    assert subjects_from_case("T", _case("trafficking.json")) == []


def test_subjects_share_equal_genotypes_instead_of_copying_them() -> None:
    """A register of tens of thousands of profiles stays small: each allele pair is kept once."""
    (one,) = subjects_from_case("F1", _case("found_child.json"))
    (two,) = subjects_from_case("F2", _case("found_child.json"))
    mine, theirs = one.profile("self"), two.profile("self")
    assert mine is not None and theirs is not None and mine.loci == theirs.loci
    assert all(mine.loci[locus] is theirs.loci[locus] for locus in mine.loci)
