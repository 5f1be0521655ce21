"""The case reader's shortcuts (issue 14: the server reads every pushed case) give what the full
reading gives. A record made by app.core.frozen_build's positional maker is the record its class
makes: the same type and values, equal, hashing alike and still frozen (the reader makes its
persons, events, cases and case records this way). A person's role or sex written as its code
reads as the full checks read it, and every other spelling still goes through them. A moment is
compared with the latest allowed and the earliest by its year first, with the same outcome."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from app.core import validation
from app.core.field_checks import FieldChecker
from app.core.frozen_build import positional
from app.core.model import Address, Case, CaseType, Event, Person, Role, Sex
from app.core.problems import InvalidInput
from app.sync.protocol.cases import CaseRecord, StationContact
from bench.case_payloads import missing_case_payload
from tests.conftest import EXAMPLES

WHEN = dt.datetime(2026, 11, 29, 7, 10, tzinfo=dt.UTC)
PERSON = Person(Role.MISSING, "李小明", ("小李",), ("明明",), True, Sex.MALE, dt.date(2021, 3, 15), None, None,
                (95, 100), None, "", "左耳后有一颗黑痣", "红色上衣", "", "", "", Address("370783", "寿光"), None,
                "13800000000", "son", ())  # fmt: skip
EVENT = Event(WHEN, "370783", "寿光市农贸市场东门")
CASE = Case(CaseType.MISSING, WHEN, "走失", EVENT, (PERSON,), PERSON, (), "")


def _values(record: Any) -> list[Any]:
    return [getattr(record, f.name) for f in dataclasses.fields(record)]


@pytest.mark.parametrize("record", [PERSON, EVENT, CASE, StationContact("0536-5221110", "寿光")])
def test_the_positional_maker_makes_what_the_class_makes(record: Any) -> None:
    made = positional(type(record))(*_values(record))
    assert type(made) is type(record)
    assert made == record and hash(made) == hash(record)
    assert _values(made) == _values(record)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.__setattr__(dataclasses.fields(made)[0].name, None)


def test_a_case_record_read_is_the_record_its_class_makes() -> None:
    payload = missing_case_payload()
    record, case = CaseRecord.read_with_case(payload)
    assert record == CaseRecord(*_values(record))
    assert case == Case(*_values(case))
    assert case.persons[0] == Person(*_values(case.persons[0]))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_example_reads_to_records_the_classes_make(path: Any) -> None:
    case = validation.read_stored_case(json.loads(path.read_text(encoding="utf-8")))
    people = [*case.persons, *([case.reporter] if case.reporter else [])]
    assert all(p == Person(*_values(p)) for p in people)
    assert case.event is None or case.event == Event(*_values(case.event))
    assert case == Case(*_values(case))


def test_a_class_the_maker_cannot_serve_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class Clashing:  # a field named as the built function's own local would be set wrongly
        made: int

    for cls in (Unslotted, Checked, Clashing, dict):
        with pytest.raises(TypeError):
            positional(cls)


def test_a_role_or_sex_written_as_its_code_reads_as_the_full_check_reads_it() -> None:
    checker = FieldChecker(dt.datetime(9999, 1, 1, tzinfo=dt.UTC))
    for code, sex in validation._SEX_CODES.items():
        assert checker.word(code, "sex", Sex) == (sex, "")
    assert set(validation._SEX_CODES) == {s.value for s in Sex}
    for code, role in validation._ROLE_CODES.items():
        assert checker.enum(code, "role", Role, [r.value for r in Role]) is role
    person = {"role": "missing", "name": "李小明"}
    for sex in ["M", "F", "U", "男", "女", "male", " M", "m", "X", 1, None]:
        for role in ["missing", "relative", "reporter", "found", "MISSING", 2]:
            document = json.loads(json.dumps(CASE_DOCUMENT))
            document["persons"] = [{**person, "role": role, **({} if sex is None else {"sex": sex})}]
            assert _outcome(document) == _outcome_by_words(document)


CASE_DOCUMENT = {
    "type": "missing", "reported_at": "2026-11-29T08:00:00+08:00",
    "last_seen": {"at": "2026-11-29T07:10:00+08:00", "place_code": "370783", "place": "寿光"},
    "persons": [],
}  # fmt: skip


def _outcome(document: dict[str, Any]) -> Any:
    try:
        return validation.read_stored_case(document)
    except InvalidInput as bad:
        return bad.text("en")


def _outcome_by_words(document: dict[str, Any]) -> Any:
    """The reading with the codes' shortcuts emptied: every role and sex through the full checks."""
    sexes, roles = dict(validation._SEX_CODES), dict(validation._ROLE_CODES)
    validation._SEX_CODES.clear()
    validation._ROLE_CODES.clear()
    try:
        return _outcome(document)
    finally:
        validation._SEX_CODES.update(sexes)
        validation._ROLE_CODES.update(roles)


def _when_before(checker: FieldChecker, value: str) -> Any:
    """FieldChecker.when as it was: every moment compared with the latest and the earliest."""
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None or moment.utcoffset() is None:
        return "bad_datetime"
    if moment > checker.latest:
        return "future"
    if moment.date() < dt.date(1900, 1, 1):
        return "too_early"
    return moment


def _when(checker: FieldChecker, value: str) -> Any:
    try:
        return checker.when(value, "at")
    except InvalidInput as bad:
        return bad.problems[0].code


@pytest.mark.parametrize(
    "now", [dt.datetime(9999, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 11, 29, 8, tzinfo=dt.UTC)]
)
def test_a_moment_compared_by_its_year_first_reads_as_before(now: dt.datetime) -> None:
    checker = FieldChecker(now)
    offsets = ["+00:00", "+14:00", "-12:00", "+08:00", "Z"]
    days = ["1899-12-31T23:59:59", "1900-01-01T00:00:00", "1900-01-01T09:00:00", "1900-12-31T23:00:00",
            "1901-01-01T00:00:00", "2024-12-31T23:00:00", "2025-01-01T00:00:00", "2026-11-29T08:01:00",
            "2026-11-29T08:03:00", "2026-12-31T23:00:00", "2027-01-01T01:00:00", "9997-12-31T23:59:59",
            "9998-01-01T00:00:00", "9998-12-31T20:00:00", "9999-01-01T00:01:00", "9999-01-01T00:03:00",
            "9999-12-31T23:59:59"]  # fmt: skip
    for day in days:
        for offset in offsets:
            value = day + offset
            assert _when(checker, value) == _when_before(checker, value), value
