"""The case reader's fast path (issue 14: every pushed case is read on the server) gives exactly
what the full reading gives: the same Case, and for a bad value the same field named with the
same problem. The fast path is (a) absent optional fields of a person answered without building
the field's name, (b) each spelling of a sex, build or sample type understood once, (c) each
locus name normalised once, (d) alleles put in order without sorting a generator."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from app.core import sample_checks, validation, vocabulary
from app.core.problems import InvalidInput
from app.sync.protocol import ProtocolError
from app.sync.protocol.cases import CaseRecord, StationContact
from bench.case_payloads import DOCUMENT
from tests.conftest import EXAMPLES

DOCUMENTS = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))}
DOCUMENTS["bench"] = DOCUMENT
PERSON_FIELDS = ["former_names", "nicknames", "height_cm", "marks", "clothing", "dialect", "statement",
                 "origin", "household_address", "address", "phone", "relation", "sex", "build"]  # fmt: skip
BAD = [12345, ["x"] * 3, {"code": "999999"}, "a\x01b", "x" * 10_001, True]


def _cold() -> None:
    sample_checks._locus.cache_clear()
    vocabulary._understood.cache_clear()


def _outcome(document: Any) -> Any:
    """The Case read, or the problems' words in both languages."""
    try:
        return validation.read_stored_case(document)
    except InvalidInput as bad:
        return ("invalid", bad.text("zh"), bad.text("en"))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_cold_and_warm_readings_are_identical(name: str) -> None:
    _cold()
    first = _outcome(copy.deepcopy(DOCUMENTS[name]))
    warm = _outcome(copy.deepcopy(DOCUMENTS[name]))
    assert not isinstance(first, tuple), first
    assert first == warm


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_bad_person_field_is_named_as_before(name: str) -> None:
    for field in PERSON_FIELDS:
        for value in BAD:
            document = copy.deepcopy(DOCUMENTS[name])
            document["persons"][0][field] = value
            _cold()
            cold = _outcome(copy.deepcopy(document))
            warm = _outcome(document)
            assert cold == warm
            if isinstance(cold, tuple):  # a refusal names the person's field, where the full path did
                assert f"persons[0].{field}" in cold[2], (field, value, cold)


def test_absent_optional_fields_read_as_empty() -> None:
    document = copy.deepcopy(DOCUMENTS["missing_child.json"])
    person = document["persons"][0]
    for field in PERSON_FIELDS:
        person.pop(field, None)
    case = validation.read_stored_case(document)
    subject = case.persons[0]
    assert (subject.former_names, subject.nicknames, subject.height_cm, subject.household_address) == (
        (),
        (),
        None,
        None,
    )
    assert (subject.marks, subject.clothing, subject.dialect, subject.phone, subject.relation) == ("",) * 5
    with_nulls = copy.deepcopy(DOCUMENTS["missing_child.json"])
    for field in PERSON_FIELDS:
        with_nulls["persons"][0][field] = None
    del with_nulls["persons"][0]["sex"]  # absent is "U"; a null sex is refused, as always
    assert validation.read_stored_case(with_nulls).persons[0] == subject


def test_profiles_read_alike_whatever_the_spelling_and_order() -> None:
    profile = {"kit": "PowerPlex 21", "loci": {"vwa": [18, 14], "Penta_D": [12, 12], "D7S820": [11, 9.1]}}
    _cold()
    read = sample_checks.parse_profile(copy.deepcopy(profile))
    assert read.loci == {"vWA": (14.0, 18.0), "Penta D": (12.0, 12.0), "D7S820": (9.1, 11.0)}
    assert sample_checks.parse_profile(profile) == read
    for bad, problem in ((["x", 1], "bad_allele"), ([1, 2, 3], "bad_allele")):
        with pytest.raises(InvalidInput) as caught:
            sample_checks.parse_profile({"kit": "k", "loci": {"vWA": bad}})
        assert [(p.field, p.code) for p in caught.value.problems] == [("loci.vWA", problem)]
    with pytest.raises(InvalidInput) as caught:
        sample_checks.parse_profile({"kit": "k", "loci": {"NOPE": [1, 2]}})
    assert [(p.field, p.code) for p in caught.value.problems] == [("loci.NOPE", "bad_locus")]
    with pytest.raises(InvalidInput) as caught:
        sample_checks.parse_profile({"kit": "k", "loci": {"vWA": [1, 2], "VWA": [1, 2]}})
    assert [(p.field, p.code) for p in caught.value.problems] == [("loci.VWA", "duplicate")]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_server_reads_a_pushed_case_once_and_alike(name: str) -> None:
    from app.core.casejson import case_to_json
    from app.core.lifecycle import CaseStatus, ReviewState

    case = validation.read_stored_case(copy.deepcopy(DOCUMENTS[name]))
    record = CaseRecord(
        type=case.type, document=case_to_json(case), status=CaseStatus.OPEN, review=ReviewState.PENDING,
        officer="王警官", created_at="2026-11-29T00:00:00Z", verification_hash=None,
        station_contact=StationContact("0536-5221110", "寿光市"),
    )  # fmt: skip
    payload = record.to_payload()
    read, document_case = CaseRecord.read_with_case(payload)
    assert read == CaseRecord.read(payload) and document_case == case
    payload["case"]["persons"][0]["marks"] = 7
    with pytest.raises(ProtocolError) as caught:
        CaseRecord.read_with_case(payload)
    assert caught.value.detail.startswith("case.persons[0].marks")
