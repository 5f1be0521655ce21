"""Matching through the command line: SPEC.md shapes, review transitions, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, Station


def _audit_actions(station: Station) -> list[str]:
    from app.services.session import logon
    from tests.conftest import PASSWORD

    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        with session.store.reader() as conn:
            return [str(r[0]) for r in conn.exec_driver_sql("SELECT action FROM audit_log ORDER BY seq")]
    finally:
        session.close()


def test_found_boy_finds_missing_boy_with_dna_support(ready_station: Station) -> None:
    missing, found, _traffic = ready_station.add_examples()
    r = ready_station.run("match", found, "--json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["case_no"] == found
    top = doc["candidates"][0]
    assert set(top) == {"case_no", "score", "reasons", "dna"}
    assert top["case_no"] == missing and 0.0 <= top["score"] <= 1.0
    assert top["dna"]["verdict"] == "supports" and top["dna"]["inconsistent_loci"] == 0
    assert any("年龄相符" in t for t in top["reasons"])  # zh_CN is the station's language here
    assert len(doc["candidates"]) <= 20

    en = json.loads(ready_station.run("match", found, "--json", XUNREN_LANG="en").out)
    assert any(t.startswith("age fits") for t in en["candidates"][0]["reasons"])

    back = json.loads(ready_station.run("match", missing, "--json").out)
    assert back["candidates"][0]["case_no"] == found

    everything = json.loads(ready_station.run("match", "--json").out)
    assert isinstance(everything, list) and [d["case_no"] for d in everything] == [missing, found, _traffic]
    assert everything[2]["candidates"] == [] and everything[0]["candidates"][0]["case_no"] == found
    text = ready_station.run("match", found)
    assert text.code == 0 and missing in text.out


def test_review_transitions_are_audited(ready_station: Station) -> None:
    missing, found, _traffic = ready_station.add_examples()
    queue = json.loads(ready_station.run("match", "queue", "--json").out)
    assert queue and queue[0]["missing"] == missing and queue[0]["dna_recheck"] == "pending"

    r = ready_station.run("match", "reunite", missing, found)
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1  # potential → reunited is not allowed
    assert ready_station.run("match", "confirm", found, missing).code == 0
    assert ready_station.run("match", "confirm", found, missing).code == 1  # already confirmed
    # Four eyes: the DNA hit is re-checked by a supervisor other than the one who confirmed it.
    assert ready_station.run("match", "reunite", missing, found).code == 1
    assert ready_station.run("match", "recheck", missing, found).code == 1  # the confirming admin
    env = {"XUNREN_NEW_PASSWORD": "Officer-Passw0rd-26"}
    assert ready_station.run("user", "add", "zhao", "--role", "supervisor", **env).code == 0
    as_zhao = {"XUNREN_USER": "zhao", "XUNREN_PASSWORD": "Officer-Passw0rd-26"}
    assert ready_station.run("match", "recheck", missing, found, **as_zhao).code == 0
    assert ready_station.run("match", "reunite", missing, found).code == 0
    # The reunion proposes closing both cases: two closure requests wait for a supervisor.
    queue = json.loads(ready_station.run("review", "list", "--json").out)
    closures = {q["case_no"] for q in queue if q["kind"] == "closure"}
    assert closures == {missing, found}
    assert all(q["outcome"] == "reunited" for q in queue if q["kind"] == "closure")
    actions = _audit_actions(ready_station)
    assert {"match.confirm", "match.recheck", "match.reunite"} <= set(actions)
    assert ready_station.run("audit", "verify").code == 0


def test_errors_and_usage(ready_station: Station) -> None:
    missing, found, traffic = ready_station.add_examples()
    r = ready_station.run("match", "370783001-1999-999999", "--json")
    assert r.code == 1 and "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1
    assert ready_station.run("match", missing, found).code == 2
    assert ready_station.run("match", "confirm", missing).code == 2
    assert ready_station.run("match", "confirm", missing, found, "--reason", "x").code == 2
    r = ready_station.run("match", "reject", missing, found)
    assert r.code == 1 and "理由" in r.err
    r = ready_station.run("match", "confirm", missing, traffic)
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    empty = json.loads(ready_station.run("match", traffic, "--json").out)
    assert empty == {"case_no": traffic, "candidates": []}


def _without_profiles(name: str) -> dict[str, object]:
    doc = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    for person in [doc.get("reporter"), *doc["persons"]]:
        for sample in (person or {}).get("samples", []):
            sample.pop("profile", None)
    return doc


def test_rejected_pair_stays_hidden_until_new_evidence(ready_station: Station, tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text(
        json.dumps(_without_profiles("missing_child"), ensure_ascii=False), "utf-8"
    )
    missing = ready_station.run("case", "add", "--file", str(tmp_path / "m.json")).out.strip()
    found_file = EXAMPLES / "found_child.json"
    found = ready_station.run("case", "add", "--file", str(found_file)).out.strip()
    first = json.loads(ready_station.run("match", found, "--json").out)["candidates"]
    assert first[0]["case_no"] == missing and first[0]["dna"] is None

    r = ready_station.run("match", "reject", missing, found, "--reason", "身高不符，经家属辨认不是")
    assert r.code == 0, r.err
    for _ in range(2):  # recomputation alone never brings it back
        again = json.loads(ready_station.run("match", found, "--json").out)["candidates"]
        assert missing not in [c["case_no"] for c in again]

    # new evidence: the mother's STR profile arrives from the lab
    shown = json.loads(ready_station.run("case", "show", missing, "--json").out)
    sample_no = shown["reporter"]["samples"][0]["sample_no"]
    profile = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))["reporter"]["samples"][0][
        "profile"
    ]
    (tmp_path / "p.json").write_text(json.dumps(profile), "utf-8")
    assert ready_station.run("sample", "profile", sample_no, "--file", str(tmp_path / "p.json")).code == 0
    back = json.loads(ready_station.run("match", found, "--json").out)["candidates"]
    assert back[0]["case_no"] == missing and back[0]["dna"]["loci_compared"] > 0
    assert "match.reopen" in _audit_actions(ready_station)
