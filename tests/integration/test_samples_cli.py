"""DNA samples through the command line: add, hand over, enter the lab's profile."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Station

PROFILE = {
    "kit": "PowerPlex 21",
    "loci": {"D3S1358": [15, 16], "VWA": [14, 18], "TH01": [9, 9.3], "PentaD": [9, 13]},
}


def test_add_sample_then_profile(ready_station: Station, tmp_path: Path) -> None:
    numbers = ready_station.add_examples()
    sample = {"person": 0, "type": "blood_card", "collected_at": "2026-11-21T10:00:00+08:00", "consent": True,
              "collector": "王警官"}  # fmt: skip
    (tmp_path / "s.json").write_text(json.dumps(sample, ensure_ascii=False), "utf-8")
    r = ready_station.run("sample", "add", numbers[0], "--file", str(tmp_path / "s.json"))
    assert r.code == 0, r.err
    sample_no = r.out.strip()
    assert sample_no.startswith("370783001-") and "-D" in sample_no
    shown = json.loads(ready_station.run("case", "show", numbers[0], "--json").out)
    added = shown["persons"][0]["samples"][-1]
    assert (
        added["sample_no"] == sample_no and added["status"] == "collected" and added["type"] == "blood_card"
    )

    (tmp_path / "p.json").write_text(json.dumps(PROFILE), "utf-8")
    assert ready_station.run("sample", "profile", sample_no, "--file", str(tmp_path / "p.json")).code == 0
    shown = json.loads(ready_station.run("case", "show", numbers[0], "--json").out)
    added = shown["persons"][0]["samples"][-1]
    assert added["status"] == "profiled"
    assert added["profile"]["loci"] == {
        "D3S1358": [15, 16],
        "vWA": [14, 18],
        "TH01": [9, 9.3],
        "Penta D": [9, 13],
    }


def test_reporter_sample_and_bad_sample_files(ready_station: Station, tmp_path: Path) -> None:
    numbers = ready_station.add_examples()
    good = {
        "person": "reporter",
        "type": "buccal_swab",
        "collected_at": "2026-11-21T10:00:00+08:00",
        "consent": True,
    }
    (tmp_path / "r.json").write_text(json.dumps(good), "utf-8")
    assert ready_station.run("sample", "add", numbers[0], "--file", str(tmp_path / "r.json")).code == 0
    for label, body, field in (
        ("no consent", {**good, "consent": False}, "consent"),
        ("no person", {k: v for k, v in good.items() if k != "person"}, "person"),
        ("bad person", {**good, "person": 7}, "7"),
        ("no reporter", {**good, "person": "reporter"}, "reporter"),
    ):
        path = tmp_path / f"{label}.json"
        path.write_text(json.dumps(body), "utf-8")
        target = numbers[1] if label == "no reporter" else numbers[0]
        r = ready_station.run("sample", "add", target, "--file", str(path))
        assert r.code == 1, label
        assert field in r.err and len(r.err.strip().splitlines()) == 1, (label, r.err)
    r = ready_station.run("sample", "profile", "370783001-2026-D999999", "--file", str(tmp_path / "r.json"))
    assert r.code == 1


def test_handover_and_status_only_move_forward(session: object) -> None:
    import datetime as dt

    from app.core.model import SampleStatus
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases, show_case
    from app.services.errors import ServiceError
    from app.services.samples import record_handover, set_status
    from tests.conftest import example_bytes

    reg = register_cases(session, parse_case_file(example_bytes("trafficking")))[0]  # type: ignore[arg-type]
    from app.core.model import Sample, SampleType
    from app.services.samples import add_sample

    sample_no = add_sample(
        session, reg.case_no, 0, Sample(SampleType.BUCCAL_SWAB, dt.datetime.now(dt.UTC), True)
    )  # type: ignore[arg-type]
    record_handover(session, sample_no, "王警官", "市局物证室", purpose="lab")  # type: ignore[arg-type]
    shown = show_case(session, reg.case_no)  # type: ignore[arg-type]
    sample = shown.case.persons[0].samples[0]
    assert sample.status is SampleStatus.SENT_TO_LAB
    assert [(e.from_party, e.to_party) for e in sample.custody] == [("王警官", "市局物证室")]
    try:
        set_status(session, sample_no, SampleStatus.COLLECTED)  # type: ignore[arg-type]
    except ServiceError as exc:
        assert exc.key == "sample_status"
    else:
        raise AssertionError("a sample's status must never move backwards")
