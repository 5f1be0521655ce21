"""Case-file validation: the examples pass, every kind of bad input names its field, odd text survives."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from app.core.casejson import case_to_json
from app.core.model import CaseType, Role, Sex
from app.core.problems import InvalidInput
from app.core.validation import ROLES_BY_TYPE, parse_case, parse_case_file
from tests.conftest import example_bytes

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)


def example(name: str) -> dict[str, Any]:
    return json.loads(example_bytes(name))


@pytest.mark.parametrize("name", ["missing_child", "found_child", "trafficking"])
def test_examples_are_accepted_and_round_trip(name: str) -> None:
    raw = example(name)
    case = parse_case(raw, now=NOW)
    again = parse_case(case_to_json(case), now=NOW)
    assert again == case
    assert case_to_json(case)["persons"][0]["name"] == raw["persons"][0]["name"]


def test_missing_child_details() -> None:
    case = parse_case(example("missing_child"), now=NOW)
    assert case.type is CaseType.MISSING
    assert case.reporter is not None and case.reporter.role is Role.REPORTER
    boy = case.subjects()[0]
    assert boy.name == "王小明" and boy.nicknames == ("明明",) and boy.sex is Sex.MALE
    assert case.reporter.samples[0].profile is not None
    assert case.reporter.samples[0].profile.loci["D7S820"] == (9.1, 11.0)


def problem_of(raw: Any) -> tuple[str, str]:
    with pytest.raises(InvalidInput) as err:
        parse_case(raw, now=NOW)
    p = err.value.problems[0]
    return p.field, p.code


def mutate(name: str, path: list[Any], value: Any) -> dict[str, Any]:
    raw = copy.deepcopy(example(name))
    target = raw
    for step in path[:-1]:
        target = target[step]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return raw


@pytest.mark.parametrize(
    ("name", "path", "value", "field", "code"),
    [
        ("missing_child", ["reporter", "id_number"], "370783198506121028", "reporter.id_number", "id_check_digit"),
        ("missing_child", ["persons", 0, "birth_date"], "2031-01-01", "persons[0].birth_date", "future"),
        ("missing_child", ["last_seen", "place_code"], "999999", "last_seen.place_code", "place_code"),
        ("found_child", ["persons", 0, "estimated_age"], [5, 3], "persons[0].estimated_age", "range_order"),
        ("found_child", ["persons", 0, "height_cm"], [102, 96], "persons[0].height_cm", "range_order"),
        ("found_child", ["persons", 0, "estimated_age"], [3, 500], "persons[0].estimated_age", "range_bounds"),
        ("trafficking", ["type"], "kidnap", "type", "bad_enum"),
        ("trafficking", ["persons", 0, "sex"], 1, "persons[0].sex", "wrong_type"),
        ("trafficking", ["exploitation"], ["slavery"], "exploitation[0]", "bad_enum"),
        ("trafficking", ["exploitation"], KeyError, "exploitation", "required"),
        ("missing_child", ["reported_at"], "2026-11-20 09:30", "reported_at", "bad_datetime"),
        ("missing_child", ["reported_at"], "2026-11-20T09:30:00", "reported_at", "bad_datetime"),
        ("missing_child", ["reported_at"], "2099-11-20T09:30:00+08:00", "reported_at", "future"),
        ("missing_child", ["persons", 0, "role"], "victim", "persons[0].role", "person_role"),
        ("missing_child", ["persons", 0, "role"], "hostage", "persons[0].role", "bad_enum"),
        ("missing_child", ["persons", 0, "shoe_size"], 30, "persons[0].shoe_size", "unknown_field"),
        ("missing_child", ["reporter", "sex"], "M", "reporter.sex", "id_sex_mismatch"),
        ("missing_child", ["reporter", "phone"], "call me", "reporter.phone", "phone"),
        ("found_child", ["persons", 0, "samples", 0, "consent"], False, "persons[0].samples[0].consent", "consent_required"),
        ("found_child", ["persons", 0, "samples", 0, "profile", "loci", "TH01"], [9, 300], "persons[0].samples[0].profile.loci.TH01", "bad_allele"),
        ("missing_child", ["summary"], "x" * 10_001, "summary", "too_long"),
    ],
)  # fmt: skip
def test_bad_values_name_the_field(name: str, path: list[Any], value: Any, field: str, code: str) -> None:
    assert problem_of(mutate(name, path, value)) == (field, code)


def test_the_message_names_the_field_but_never_the_id_number() -> None:
    bad = mutate("missing_child", ["reporter", "id_number"], "370783198506121028")
    with pytest.raises(InvalidInput) as err:
        parse_case(bad, now=NOW)
    for lang in ("zh_CN", "en"):
        text = err.value.text(lang)
        assert text.startswith("reporter.id_number: ")
        assert "370783198506121028" not in text and "\n" not in text
    assert "校验位" in err.value.text("zh_CN")
    assert "check digit" in err.value.text("en")


@pytest.mark.parametrize(
    "alleles", [[True, 9], [9, 0], [100, 9], [9.4, 10], ["9", 10], [9, None], [9, 10, 11]]
)
def test_an_allele_must_be_a_repeat_count(alleles: list[Any]) -> None:
    path = ["persons", 0, "samples", 0, "profile", "loci", "TH01"]
    assert problem_of(mutate("found_child", path, alleles)) == (
        "persons[0].samples[0].profile.loci.TH01",
        "bad_allele",
    )


@pytest.mark.parametrize("alleles", [[1, 99], [9.3, 9], [9.0, 10.1], [22.2, 22.2]])
def test_whole_and_microvariant_alleles_pass(alleles: list[Any]) -> None:
    raw = mutate("found_child", ["persons", 0, "samples", 0, "profile", "loci", "TH01"], alleles)
    loci = parse_case(raw, now=NOW).persons[0].samples[0].profile.loci  # type: ignore[union-attr]
    assert loci["TH01"] == tuple(sorted(float(a) for a in alleles))


def test_locus_name_variants_are_normalised() -> None:
    raw = mutate("found_child", ["persons", 0, "samples", 0, "profile", "loci"],
                 {"VWA": [18, 19], "PentaD": [9, 13], "PENTA_E": [11, 12], "th01": [9, 9]})  # fmt: skip
    loci = parse_case(raw, now=NOW).persons[0].samples[0].profile.loci  # type: ignore[union-attr]
    assert set(loci) == {"vWA", "Penta D", "Penta E", "TH01"}


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"{not json", "json"), (b"\xff\xfe\x00bad", "encoding"), (b"[]", "empty_array"), (b"42", "wrong_type")],
)
def test_file_level_problems(data: bytes, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_case_file(data, now=NOW)
    assert err.value.problems[0].code == code


def test_an_array_is_all_or_nothing() -> None:
    bad = mutate("trafficking", ["persons", 1, "id_number"], "450305197801013018")
    data = json.dumps([example("missing_child"), bad]).encode()
    with pytest.raises(InvalidInput) as err:
        parse_case_file(data, now=NOW)
    assert err.value.problems[0].field == "[1].persons[1].id_number"


ODD_TEXT = [
    "O'Brien \"quoted\" 'single'",
    "Robert'); DROP TABLE cases;--",
    "<script>alert('x')</script> &amp; <b>bold</b>",
    "emoji 👧🏻🧒 and ZWJ 👨‍👩‍👧",
    "吉𠮷 rare CJK (U+20BB7)",
    "阿依古丽·买买提",
    "back\\slash %_ wildcards",
]


@pytest.mark.parametrize("text", ODD_TEXT)
def test_odd_text_is_kept_verbatim(text: str) -> None:
    raw = mutate("missing_child", ["summary"], text)
    raw["persons"][0]["marks"] = text
    raw["persons"][0]["name"] = text[:64]
    case = parse_case(raw, now=NOW)
    back = case_to_json(case)
    assert back["summary"] == text and back["persons"][0]["marks"] == text
    assert back["persons"][0]["name"] == text[:64]


def test_a_bad_role_lists_the_allowed_roles_in_one_order_in_every_process() -> None:
    # The refusal travels to the station that pushed the case: every server process words it the
    # same, the roles in the order the form offers them (Role's order), whatever the string hash.
    script = (
        "import json, sys\n"
        "from app.core.problems import InvalidInput\n"
        "from app.core.validation import parse_case\n"
        "raw = json.loads(sys.stdin.read())\n"
        "try:\n"
        "    parse_case(raw)\n"
        "except InvalidInput as err:\n"
        "    print(err.text('en'))\n"
    )
    bad = json.dumps(mutate("missing_child", ["persons", 0, "role"], "hostage"))
    texts = {
        subprocess.run(
            [sys.executable, "-c", script],
            input=bad,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout.strip()
        for seed in range(6)
    }
    expected = [r.value for r in Role if r in ROLES_BY_TYPE[CaseType.MISSING]]
    assert len(texts) == 1, texts
    (text,) = texts
    assert text.startswith("persons[0].role: ")
    listed = [choice.split(" ")[0] for choice in text.split(": ")[-1].split(", ")]
    assert listed == expected, text
