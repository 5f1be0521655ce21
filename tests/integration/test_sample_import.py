"""`xunren sample import FILE.csv`: a lab's STR export read as lab software writes it, checked
whole (every problem named with its line), stored all or nothing, audited and queued."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.labimport import ImportRefused, read_lab_file
from tests.conftest import Station

GENEMAPPER = (
    "Sample Name\tMarker\tAllele 1\tAllele 2\tAllele 3\n"
    "{a}\tD3S1358\t15\t16\t\n"
    "{a}\tAMEL\tX\tY\t\n"
    "{a}\tVWA\t14\t\t\n"  # a homozygote written once
    "{a}\tTH01\t9\t9.3\t\n"
    "{a}\tD18S51\tOL\t15\t\n"  # off-ladder: that locus is left out and said so
    "{a}\tDYS391\t10\t\t\n"
    "{b}\tPentaD\t9\t13\t\n"
    "{b}\tFGA\t22\t24\t\n"
)


def test_parser_reads_real_exports_and_names_each_problem() -> None:
    text = GENEMAPPER.format(a="S-1", b="S-2")
    results = read_lab_file(("\ufeff" + text).encode("utf-8"), "lab.txt")  # with a BOM
    assert [r.sample_no for r in results] == ["S-1", "S-2"]
    assert results[0].profile.loci == {"D3S1358": (15.0, 16.0), "vWA": (14.0, 14.0), "TH01": (9.0, 9.3)}
    assert results[1].profile.loci == {"Penta D": (9.0, 13.0), "FGA": (22.0, 24.0)}
    assert [n.code for n in results[0].notices] == ["csv_off_ladder"] and "D18S51" in results[0].notices[
        0
    ].text("en")

    chinese = "样本编号,基因座,等位基因1,等位基因2\r\nS-3,D8S1179,10,14\r\nS-3,CSF1PO,11,12\r\n"
    parsed = read_lab_file(chinese.encode("gbk"), "国标.csv")  # GBK, Chinese header, CRLF
    assert parsed[0].profile.loci == {"D8S1179": (10.0, 14.0), "CSF1PO": (11.0, 12.0)}
    headless = read_lab_file(b"S-4;D5S818;11;12\n", "x.csv")
    assert headless[0].profile.loci == {"D5S818": (11.0, 12.0)}

    bad = "Sample,Locus,Allele1,Allele2\nS-5,D3S1358,15,16\nS-5,D99S1,1,2\nS-5,TPOX,eight,8\n,FGA,20,21\nS-5,D3S1358,15,17\n"
    with pytest.raises(ImportRefused) as refused:
        read_lab_file(bad.encode(), "bad.csv")
    codes = [(p.code, p.params.get("line")) for p in refused.value.problems]
    assert codes == [
        ("csv_bad_locus", 3),
        ("csv_bad_allele", 4),
        ("csv_no_sample", 5),
        ("csv_repeated_locus", 6),
    ]
    line = refused.value.text("en")
    assert "\n" not in line and all(f"line {n}" in line for n in (3, 4, 5, 6))
    with pytest.raises(ImportRefused):
        read_lab_file("样本编号,基因座\n".encode("utf-16"), "u16.csv")  # neither UTF-8 nor GBK
    # what the file says is echoed safely: no terminal control codes, no resident ID number
    hostile = (
        "Sample,Locus,Allele1,Allele2\n370783198506121029,D3S1358,15,16\n370783198506121029,D3S1358,15,17\n"
    )
    hostile += "S-6,\x1b[2JD1S99,1,2\n"
    with pytest.raises(ImportRefused) as refused:
        read_lab_file(hostile.encode(), "h.csv")
    text = refused.value.text("en")
    assert "370783198506121029" not in text and "370783********1029" in text and "\x1b" not in text


def _sample_numbers(station: Station) -> list[str]:
    numbers = station.add_examples()
    shown = json.loads(station.run("case", "show", numbers[1], "--json").out)  # the found child
    found = shown["persons"][0]["samples"][0]["sample_no"]
    shown = json.loads(station.run("case", "show", numbers[0], "--json").out)
    reporter = shown["reporter"]["samples"][0]["sample_no"]
    return [found, reporter]


def test_import_all_or_nothing_then_stored_audited_and_queued(ready_station: Station, tmp_path: Path) -> None:
    found, reporter = _sample_numbers(ready_station)
    found_case = _case_of(ready_station, found)
    before = json.loads(ready_station.run("case", "show", found_case, "--json").out)
    waiting = json.loads(ready_station.run("sync", "status", "--json").out)["waiting"]
    bad = tmp_path / "bad.csv"
    bad.write_text(GENEMAPPER.format(a=found, b="370783001-2026-D999999"), "utf-8")
    r = ready_station.run("sample", "import", str(bad))
    assert r.code == 1 and "D999999" in r.err and "第 8 行" in r.err and len(r.err.strip().splitlines()) == 1
    after = json.loads(ready_station.run("case", "show", found_case, "--json").out)
    assert after["persons"][0]["samples"] == before["persons"][0]["samples"]  # nothing stored
    assert json.loads(ready_station.run("sync", "status", "--json").out)["waiting"] == waiting

    good = tmp_path / "good.txt"
    good.write_text(GENEMAPPER.format(a=found, b=reporter), "utf-8")
    r = ready_station.run("sample", "import", str(good), XUNREN_LANG="en")
    assert r.code == 0, r.err
    assert "2 STR profiles imported" in r.out and "off-ladder" in r.out
    shown = json.loads(ready_station.run("case", "show", found_case, "--json").out)
    sample = shown["persons"][0]["samples"][0]
    assert sample["status"] == "profiled"
    assert sample["profile"]["loci"] == {"D3S1358": [15, 16], "vWA": [14, 14], "TH01": [9, 9.3]}
    assert json.loads(ready_station.run("sync", "status", "--json").out)["waiting"] > waiting
    assert ready_station.run("audit", "verify").code == 0


def _case_of(station: Station, sample_no: str) -> str:
    for case in json.loads(station.run("case", "list", "--json").out):
        shown = json.loads(station.run("case", "show", case["case_no"], "--json").out)
        people = [shown.get("reporter") or {}, *shown["persons"]]
        if any(s.get("sample_no") == sample_no for p in people for s in p.get("samples", [])):
            return str(case["case_no"])
    raise AssertionError(sample_no)
