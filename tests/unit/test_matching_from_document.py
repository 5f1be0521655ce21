"""The station's fast load reads match subjects straight from stored documents; it must give
exactly what parsing and validating the case gives, and its columnar profiles must read back
and screen as the dict profiles do."""

from __future__ import annotations

import copy
import datetime as dt
import json

import numpy as np

from app.core.casejson import case_to_json, profile_to_json
from app.core.matching.familyindex import FamilyIndex
from app.core.matching.from_case import subjects_from_case
from app.core.matching.from_document import subjects_from_document
from app.core.matching.genotypes import GenotypeRow, GenotypeStore
from app.core.matching.subject import MatchProfile
from app.core.sample_checks import parse_profile
from app.core.validation import parse_case
from app.services.demo import demo_cases
from tests.conftest import EXAMPLES

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def _stored(case: object) -> dict:  # type: ignore[type-arg]
    return json.loads(json.dumps(case_to_json(case), ensure_ascii=False, separators=(",", ":")))  # type: ignore[arg-type]


def _with_relatives(doc: dict) -> dict:  # type: ignore[type-arg]
    """The missing-child example with a brother, a maternal grandmother and an aunt on file."""
    out = copy.deepcopy(doc)
    profile = out["reporter"]["samples"][0]["profile"]
    for relation, extra in (("哥哥", {"birth_date": "2018-05-01"}), ("外祖母", {"estimated_age": [58, 62]}),
                            ("姨", {"id_number": "370783199001011232"}), ("继父", {})):  # fmt: skip
        sample = {"type": "buccal_swab", "collected_at": "2026-11-20T10:00:00+08:00", "consent": True,
                  "profile": profile}  # fmt: skip
        out["persons"].append(
            {"role": "relative", "name": "亲属", "relation": relation, "samples": [sample], **extra}
        )
    return out


def test_documents_give_the_same_subjects_as_the_validated_cases() -> None:
    docs = [json.loads((EXAMPLES / f"{n}.json").read_text("utf-8")) for n in ("missing_child", "found_child")]
    docs.append(_with_relatives(docs[0]))
    docs += [_stored(c) for c in demo_cases(1500, seed=5, now=NOW)]
    checked = 0
    for i, raw in enumerate(docs):
        case = parse_case(raw, now=NOW)
        stored = _stored(case)
        expected = subjects_from_case(f"C-{i}", case)
        assert subjects_from_document(f"C-{i}", stored) == expected, i
        in_columns = subjects_from_document(f"C-{i}", stored, store=GenotypeStore())
        for got, want in zip(in_columns, expected, strict=True):
            assert [(p.relation, dict(p.loci), p.born) for p in got.profiles] == [
                (p.relation, dict(p.loci), p.born) for p in want.profiles
            ]
        checked += len(expected)
    assert checked > 1000
    relatives = subjects_from_document("R", _stored(parse_case(docs[2], now=NOW)))[0].profiles
    assert [p.relation for p in relatives] == [
        "mother",
        "father",
        "full_sibling",
        "grandparent",
        "aunt_uncle",
    ]
    assert relatives[2].born == (dt.date(2018, 5, 1).toordinal(),) * 2
    assert relatives[4].born == (dt.date(1990, 1, 1).toordinal(),) * 2


def test_a_later_lab_result_takes_the_place_of_the_documents_profile() -> None:
    raw = json.loads((EXAMPLES / "found_child.json").read_text("utf-8"))
    case = parse_case(raw, now=NOW)
    later = parse_profile({"kit": "rerun", "loci": {"TH01": [6, 9.3], "VWA": [17, 14]}})
    text = json.dumps(profile_to_json(later))
    [subject] = subjects_from_document("F", _stored(case), [(0, 0, text)])
    assert dict(subject.profiles[0].loci) == {"TH01": (6.0, 9.3), "vWA": (14.0, 17.0)}


def test_columnar_profiles_read_back_and_screen_like_dicts() -> None:
    rng = np.random.default_rng(4)
    store = GenotypeStore()
    loci = ["D3S1358", "vWA", "TH01", "FGA", "Penta D"]
    plain = []
    for _ in range(300):
        profile = {}
        for locus in loci:
            values = store.table.alleles(locus)
            a, b = sorted(float(x) for x in rng.choice(values, 2))
            profile[locus] = (a, b)
        profile["D18S51"] = (14.0, 77.3)  # an allele the table lacks gets a code of its own
        plain.append(profile)
    rows = [store.add_written({k.upper(): [b, a] for k, (a, b) in p.items()}) for p in plain]
    assert all(isinstance(r, GenotypeRow) and dict(r) == p for r, p in zip(rows, plain, strict=True))
    assert rows[0]["TH01"] == plain[0]["TH01"] and "CSF1PO" not in rows[0] and len(rows[0]) == 6
    child = {locus: plain[7][locus] for locus in (*loci, "D18S51")}
    columns = FamilyIndex([(i, [MatchProfile("mother", r)]) for i, r in enumerate(rows)])
    dicts = FamilyIndex([(i, [MatchProfile("mother", p)]) for i, p in enumerate(plain)])
    for a, b in zip(columns.scores(child, theta=0.01), dicts.scores(child, theta=0.01), strict=True):
        assert np.allclose(a, b)


def test_two_loads_extending_one_store_at_once_keep_every_row() -> None:
    import threading

    store = GenotypeStore()
    made: dict[int, list[tuple[GenotypeRow, dict[str, tuple[float, float]]]]] = {0: [], 1: []}

    def load(who: int) -> None:
        for i in range(3000):
            profile = {"TH01": (6.0 + who, 9.3), "FGA": (20.0 + i % 7, 24.0 + who)}
            made[who].append((store.add(profile), profile))

    threads = [threading.Thread(target=load, args=(w,)) for w in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = [r for w in (0, 1) for r, _p in made[w]]
    assert store.rows == 6000 and len({r.row for r in rows}) == 6000
    assert all(dict(r) == p for w in (0, 1) for r, p in made[w])


def test_origin_statement_and_names_read_as_the_validated_case_gives_them() -> None:
    """Every combination of what a found person says about their origin, and of nicknames and
    former names, reads straight from the stored document as the validated case gives it."""
    raw = json.loads((EXAMPLES / "found_child.json").read_text("utf-8"))
    for origin in (None, "", "四川"):
        for statement in (None, "", "记得家门口有条河"):
            for names in ((), ("小宝",)):
                changed = copy.deepcopy(raw)
                found = next(p for p in changed["persons"] if p["role"] == "found")
                for key, value in (("origin", origin), ("statement", statement)):
                    found.pop(key, None)
                    if value is not None:
                        found[key] = value
                found["nicknames"], found["former_names"] = list(names), list(names)
                case = parse_case(changed, now=NOW)
                [subject] = subjects_from_document("F", _stored(case))
                assert [subject] == subjects_from_case("F", case), (origin, statement, names)
                assert subject.origin == " ".join(t for t in (origin, statement) if t)


def test_match_subject_builds_the_same_frozen_subject_as_the_dataclass() -> None:
    import dataclasses
    import pickle

    import pytest

    from app.core.matching import features
    from app.core.matching.subject import MatchSubject, match_subject

    day = dt.date(2019, 3, 1)
    fields = ("450305100-2025-000001#0", "450305100-2025-000001", "missing", "M", day, None, (100.0, 110.0),
              day, "450305", "370783", "徐明", ("明明",), ("徐小明",), "左耳后黑痣", "寿光话", "山东",
              (MatchProfile("mother", {"TH01": (6.0, 9.0)}, (700000, 700000)),))  # fmt: skip
    fast, slow = match_subject(*fields), MatchSubject(*fields)
    assert type(fast) is MatchSubject and fast == slow and repr(fast) == repr(slow)
    assert [getattr(fast, f.name) for f in dataclasses.fields(MatchSubject)] == list(fields)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.name = "王伟"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(fast)) == slow
    assert dataclasses.replace(fast, name="王伟") == dataclasses.replace(slow, name="王伟")
    # Name codes are kept by names (a register repeats them): each subject still gets its own.
    for names in (("徐明", (), ()), ("徐明", ("阿强",), ()), ("李娜", (), ("李小娜",)), ("", (), ())):
        subject = dataclasses.replace(slow, name=names[0], nicknames=names[1], former_names=names[2])
        assert features.name_codes(subject) == features._name_codes(subject)
        assert features.name_codes(subject) == features._name_codes(subject)  # from the cache
