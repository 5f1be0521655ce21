"""Relation-aware DNA through `xunren match --json`: a missing child's brother is tested as a full
sibling of the found child, every DNA result carries its screen, and a sibling recorded as the
mother is held back by the ages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES, Station


def _examples() -> tuple[dict[str, Any], dict[str, Any]]:
    missing = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
    found = json.loads((EXAMPLES / "found_child.json").read_text("utf-8"))
    return missing, found


def _sibling_profile(missing: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    """A full sibling of the found boy who got the same allele from their mother at every locus
    and the father's other one: he shares an allele with the boy everywhere, as a parent would."""
    mother = missing["reporter"]["samples"][0]["profile"]["loci"]
    father = missing["persons"][1]["samples"][0]["profile"]["loci"]
    child = found["persons"][0]["samples"][0]["profile"]["loci"]
    loci = {}
    for k, (a, b) in child.items():
        maternal = a if a in mother[k] else b
        paternal = b if maternal == a else a
        other = father[k][1] if father[k][0] == paternal else father[k][0]
        loci[k] = sorted([maternal, other])
    return {"kit": "PowerPlex 21", "loci": loci}


def _missing_with(
    missing: dict[str, Any], relation: str, born: str, profile: dict[str, Any]
) -> dict[str, Any]:
    """The missing-child report with only one relative's sample on file."""
    case = json.loads(json.dumps(missing))
    case["reporter"].pop("samples")
    case["persons"] = [case["persons"][0]]
    case["persons"].append({
        "role": "relative", "name": "王小刚", "sex": "M", "birth_date": born, "relation": relation,
        "samples": [{"type": "buccal_swab", "collected_at": "2026-11-20T10:30:00+08:00", "consent": True,
                     "profile": profile}],
    })  # fmt: skip
    return case


def _add(station: Station, tmp_path: Path, name: str, case: dict[str, Any]) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(case, ensure_ascii=False), "utf-8")
    # the same missing child registered again with another relative's sample: a known repeat
    r = station.run(
        "case", "add", "--file", str(path), "--allow-duplicate", "--reason", "同一儿童另一亲属采样"
    )
    assert r.code == 0, r.err
    return r.out.strip()


def test_brother_sibling_test_and_screen_in_match_json(ready_station: Station, tmp_path: Path) -> None:
    missing, found = _examples()
    sibling = _sibling_profile(missing, found)
    brother_case = _add(
        ready_station, tmp_path, "brother", _missing_with(missing, "哥哥", "2018-06-01", sibling)
    )
    # the same boy recorded as the missing child's "mother", with his birth date: ages rule him out
    wrong_case = _add(ready_station, tmp_path, "wrong", _missing_with(missing, "母亲", "2018-06-01", sibling))
    found_case = _add(ready_station, tmp_path, "found", found)

    doc = json.loads(ready_station.run("match", found_case, "--json").out)
    by_case = {c["case_no"]: c for c in doc["candidates"]}
    dna = by_case[brother_case]["dna"]
    assert dna["relation"] == "full_sibling" and dna["hypothesis"] == "full_sibling"
    assert dna["lr"] == dna["combined_index"] and dna["loci_compared"] == 20
    assert dna["screened"] == 2 and dna["expected_random"] < 0.01
    assert dna["verdict"] == "inconclusive" and dna["combined_index"] > 1000  # 20 loci: more needed
    words = by_case[brother_case]["reasons"][0]
    assert "全同胞" in words and "排第" in words

    held = by_case[wrong_case]["dna"]
    assert held["relation"] == "mother" and held["hypothesis"] == "parent"
    # the plain duo reaches CPI 10,000 with no inconsistent locus: before issue 15, "supports"
    assert held["combined_index"] >= 10_000 and held["inconsistent_loci"] == 0
    assert held["verdict"] == "inconclusive"
    en = json.loads(ready_station.run("match", found_case, "--json", XUNREN_LANG="en").out)
    reason = next(c for c in en["candidates"] if c["case_no"] == wrong_case)["reasons"][0]
    assert "the recorded ages do not allow a parent" in reason


def test_examples_trio_reports_every_key_of_the_contract(ready_station: Station) -> None:
    missing, found, _traffic = ready_station.add_examples()
    top = json.loads(ready_station.run("match", found, "--json").out)["candidates"][0]
    assert top["case_no"] == missing
    dna = top["dna"]
    assert {"combined_index", "inconsistent_loci", "loci_compared", "verdict"} <= dna.keys()
    assert {"relation", "hypothesis", "lr", "screened", "expected_random"} <= dna.keys()
    assert dna["relation"] == "parents" and dna["hypothesis"] == "parents" and dna["verdict"] == "supports"
    assert dna["screened"] == 1 and 0 <= dna["expected_random"] <= 1 / dna["lr"]
